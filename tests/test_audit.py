import pytest

from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_and_the_province_of_the_object(cm_editor, cm_plan):
    event = record(action=AuditEvent.Action.EXPORT, user=cm_editor, obj=cm_plan, purpose="รายงานผู้บริหาร")

    event.refresh_from_db()
    assert (event.username, event.province, event.object_type) == ("wilai", cm_editor.province, "plans.plan")
    assert event.object_id == str(cm_plan.pk)
    assert event.detail == {"purpose": "รายงานผู้บริหาร"}


def test_record_of_a_failed_sign_in_keeps_the_name_typed(client):
    from django.contrib.auth.models import AnonymousUser

    event = record(action=AuditEvent.Action.SIGN_IN_FAILED, user=AnonymousUser(), username="nobody")

    assert event.user is None and event.username == "nobody"


# Sign-ins and exports ------------------------------------------------------------------------


def test_signing_in_failing_to_and_signing_out_are_recorded(client, cm_editor):
    from tests.conftest import PASSWORD

    client.post("/accounts/login/", {"username": "wilai", "password": "wrong-password-1"})
    client.post("/accounts/login/", {"username": "wilai", "password": PASSWORD})
    client.post("/accounts/logout/")

    events = list(AuditEvent.objects.order_by("at", "id").values_list("action", "username", "province__code"))
    assert events == [("sign_in_failed", "wilai", None), ("sign_in", "wilai", "50"), ("sign_out", "wilai", "50")]
    assert AuditEvent.objects.filter(ip_address="127.0.0.1").count() == 3


def test_signing_in_adds_no_row_to_the_user_history(client, cm_editor):
    from tests.conftest import PASSWORD

    before = cm_editor.history.count()
    client.post("/accounts/login/", {"username": "wilai", "password": PASSWORD})
    cm_editor.refresh_from_db()
    assert cm_editor.last_login is not None
    assert cm_editor.history.count() == before


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/plans/{plan}/form1.xlsx", "xlsx"),
        ("/plans/{plan}/form1.pdf", "pdf"),
        ("/reports/{report}/form2.xlsx", "xlsx"),
    ],
)
def test_exports_are_recorded(client, central_viewer, approved_cm_plan, cm_editor, url, kind):
    import datetime

    from labourplan.reports.services import open_report

    report = open_report(plan=approved_cm_plan, month_index=1, by=cm_editor, today=datetime.date(2026, 11, 24))
    client.force_login(central_viewer)
    assert client.get(url.format(plan=approved_cm_plan.pk, report=report.pk)).status_code == 200

    event = AuditEvent.objects.get(action="export")
    assert (event.username, event.province.code, event.detail) == ("preecha", "50", {"format": kind})


# The centre's audit page ---------------------------------------------------------------------


def test_the_audit_page_is_the_central_administrators(client, central_viewer, cm_approver):
    for user in (central_viewer, cm_approver):
        client.force_login(user)
        assert client.get("/audit/").status_code == 403


def test_the_audit_page_shows_who_changed_what_before_and_after(client, central_admin, cm_plan, cm_editor):
    from labourplan.plans.models import PlanItem
    from labourplan.plans.services import update_item

    item = PlanItem.objects.filter(topic__version=cm_plan.current_version, parent=None).order_by("pk").first()
    update_item(item=item, revision=item.revision, changes={"unit": "ครั้ง (แก้)"}, by=cm_editor)
    record(action=AuditEvent.Action.EXPORT, user=cm_editor, obj=cm_plan, format="xlsx")

    client.force_login(central_admin)
    response = client.get("/audit/", {"province": "50", "user": "wilai"})
    assert response.status_code == 200
    entries = response.context["page"].object_list
    change = next(e for e in entries if e.object_type == "plans.planitem" and e.action == "change")
    assert change.username == "wilai" and change.province.code == "50"
    assert [(c.before, c.after) for c in change.changes] == [(item.unit or "—", "ครั้ง (แก้)")]
    assert any(e.action == "export" and e.username == "wilai" for e in entries)
    assert "ครั้ง (แก้)" in response.content.decode()

    only_items = client.get("/audit/", {"object_type": "plans.planitem", "user": "wilai"}).context["page"]
    assert {e.object_type for e in only_items.object_list} == {"plans.planitem"}
    elsewhere = client.get("/audit/", {"province": "90"}).context["page"]  # Songkhla: nothing happened there
    assert elsewhere.paginator.count == 0


def test_the_audit_page_filters_by_date(client, central_admin, cm_editor):
    import datetime

    import time_machine

    with time_machine.travel(datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC)):
        record(action=AuditEvent.Action.EXPORT, user=cm_editor, format="old")
    record(action=AuditEvent.Action.EXPORT, user=cm_editor, format="new")
    client.force_login(central_admin)
    page = client.get("/audit/", {"object_type": "events", "date_from": "1/10/2569", "date_to": "1/10/2569"})
    assert [e.detail for e in page.context["page"].object_list] == [{"format": "old"}]


def test_the_audit_page_takes_the_same_queries_for_a_short_and_a_long_page(client, central_admin, cm_plan, cm_editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from labourplan.plans.models import PlanItem
    from labourplan.plans.services import update_item

    client.force_login(central_admin)

    def queries(**filters):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/audit/", {"user": "wilai", **filters})
        return len(response.context["page"].object_list), len(ctx.captured_queries)

    items = list(PlanItem.objects.filter(topic__version=cm_plan.current_version).order_by("pk"))
    update_item(item=items[0], revision=items[0].revision, changes={"unit": "ก"}, by=cm_editor)
    record(action=AuditEvent.Action.EXPORT, user=cm_editor, format="xlsx")
    few_events, events_queries = queries(object_type="events")
    few_items, items_queries = queries(object_type="plans.planitem")
    everything_queries = queries()[1]
    for i in range(1, 60):
        item = items[i % len(items)]
        item.refresh_from_db()
        update_item(item=item, revision=item.revision, changes={"unit": f"ข{i}"}, by=cm_editor)
        record(action=AuditEvent.Action.EXPORT, user=cm_editor, format="xlsx")

    assert few_events == 1 and queries(object_type="events") == (50, events_queries)
    assert few_items < 50 and queries(object_type="plans.planitem") == (50, items_queries)
    # Every kind of record on one page: two queries per kind at most, whatever the number of rows.
    assert queries()[1] <= everything_queries


def test_the_evaluation_export_is_recorded(client, central_viewer):
    client.force_login(central_viewer)
    assert client.get("/evaluation/2562/rounds/1/export.xlsx").status_code == 200
    event = AuditEvent.objects.get(action="export")
    assert (event.username, event.object_type, event.detail) == ("preecha", "evaluation.round", {"format": "xlsx"})


def test_the_audit_page_shows_evaluation_changes(client, central_admin):
    from labourplan.evaluation.models import Round

    round_ = Round.objects.filter(scheme__fiscal_year__year_be=2562, number=1).get()
    round_._history_user = central_admin
    round_.save()
    client.force_login(central_admin)
    page = client.get("/audit/", {"object_type": "evaluation.round"}).context["page"]
    assert page.paginator.count >= 1
    assert all(e.object_type == "evaluation.round" for e in page.object_list)
