"""The follow-up of a questionable value: the centre asks, the province answers, the centre closes;
who sees what, who is told, and what the history keeps."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labourplan.notifications.models import Notification
from labourplan.quality import services
from labourplan.quality.models import Finding, FindingState
from tests.quality.conftest import report_months

pytestmark = pytest.mark.django_db


@pytest.fixture
def spike(reporting_plan, cm_editor, cm_approver):
    """Chiang Mai sent three months, the third with a spike on its first row."""
    report_months(reporting_plan, cm_approver, [1, 2, [40, 1, 1]])
    services.run_checks(fiscal_year=reporting_plan.fiscal_year)
    return Finding.objects.get(plan=reporting_plan, rule="high_month")


def test_the_life_cycle_is_told_to_each_side_and_kept_in_the_history(
    spike, central_admin, cm_editor, cm_approver, sk_editor
):
    asked = services.ask(finding=spike, revision=spike.revision, question="ตรวจ 40 ครั้งจริงหรือ", by=central_admin)
    assert asked.state == FindingState.QUESTIONED
    told = Notification.objects.filter(kind="quality_question")
    assert {n.recipient for n in told} == {cm_editor, cm_approver}  # not Songkhla's Hassan
    assert all(n.path == f"/quality/{spike.pk}/" for n in told)

    answered = services.answer(finding=asked, revision=asked.revision, text="พิมพ์ผิด แก้เป็น 4 แล้ว", by=cm_editor)
    assert answered.state == FindingState.ANSWERED
    assert [n.recipient for n in Notification.objects.filter(kind="quality_answer")] == [central_admin]

    closed = services.close(finding=answered, revision=answered.revision, comment="ขอบคุณ", by=central_admin)
    assert closed.state == FindingState.CLOSED
    assert Notification.objects.filter(kind="quality_closed").count() == 2
    steps = list(closed.history.order_by("history_date").values_list("state", "history_user__username"))
    assert steps[-3:] == [("questioned", "anong"), ("answered", "wilai"), ("closed", "anong")]
    with pytest.raises(services.QualityError):
        services.answer(finding=closed, revision=closed.revision, text="เพิ่มเติม", by=cm_editor)


def test_each_side_does_only_its_own_steps(spike, central_admin, central_viewer, cm_editor, sk_editor):
    with pytest.raises(PermissionDenied):
        services.ask(finding=spike, revision=spike.revision, question="?", by=cm_editor)
    with pytest.raises(PermissionDenied):
        services.ask(finding=spike, revision=spike.revision, question="?", by=central_viewer)
    with pytest.raises(services.QualityError):  # nothing asked yet
        services.answer(finding=spike, revision=spike.revision, text="ตอบ", by=cm_editor)
    asked = services.ask(finding=spike, revision=spike.revision, question="ตรวจจริงหรือ", by=central_admin)
    with pytest.raises(PermissionDenied):
        services.answer(finding=asked, revision=asked.revision, text="ตอบ", by=sk_editor)
    with pytest.raises(PermissionDenied):
        services.close(finding=asked, revision=asked.revision, by=cm_editor)
    with pytest.raises(services.Conflict):
        services.answer(finding=asked, revision=spike.revision, text="ตอบ", by=cm_editor)
    with pytest.raises(services.QualityError, match="กรุณาเขียนคำตอบ"):
        services.answer(finding=asked, revision=asked.revision, text="  ", by=cm_editor)


def test_a_province_sees_only_the_questions_asked_of_it(client, spike, central_admin, cm_editor, sk_editor):
    others = Finding.objects.exclude(pk=spike.pk).filter(plan=spike.plan)
    services.ask(finding=spike, revision=spike.revision, question="ตรวจ 40 ครั้งจริงหรือ", by=central_admin)
    client.force_login(cm_editor)
    page = client.get("/quality/?fy=2570").content.decode()
    assert f'data-finding="{spike.pk}"' in page
    assert others.exists() and not any(f'data-finding="{f.pk}"' in page for f in others)  # not asked
    assert client.get(f"/quality/{others.first().pk}/").status_code == 404
    api = client.get("/api/quality/findings/?fiscal_year=2570").json()
    assert [f["id"] for f in api["results"]] == [spike.pk] and api["results"][0]["question"]
    client.force_login(sk_editor)
    assert client.get(f"/quality/{spike.pk}/").status_code == 404
    assert client.get("/api/quality/findings/?fiscal_year=2570").json()["count"] == 0


def test_the_pages_go_through_the_whole_cycle(client, spike, central_admin, cm_editor):
    client.force_login(central_admin)
    listing = client.get("/quality/?fy=๒๕๗๐&rule=high_month").content.decode()
    assert f'data-finding="{spike.pk}"' in listing and "40" in listing
    assert 'href="/quality/" data-nav="quality_list"' in listing  # in the centre's menu
    response = client.post(f"/quality/{spike.pk}/ask/", {"revision": spike.revision, "text": "ตรวจ 40 ครั้งจริงหรือ"})
    assert response.status_code == 302
    spike.refresh_from_db()
    client.force_login(cm_editor)
    detail = client.get(f"/quality/{spike.pk}/").content.decode()
    assert "ตรวจ 40 ครั้งจริงหรือ" in detail and 'id="answer-form"' in detail and 'id="ask-form"' not in detail
    client.post(f"/quality/{spike.pk}/answer/", {"revision": spike.revision, "text": "พิมพ์ผิด"})
    spike.refresh_from_db()
    assert spike.state == FindingState.ANSWERED
    client.force_login(central_admin)
    client.post(f"/quality/{spike.pk}/close/", {"revision": spike.revision, "text": ""})
    spike.refresh_from_db()
    assert spike.state == FindingState.CLOSED
    assert f'data-finding="{spike.pk}"' in client.get("/quality/?fy=2570&state=closed").content.decode()
    assert f'data-finding="{spike.pk}"' not in client.get("/quality/?fy=2570&state=open").content.decode()
    # A closed question is asked no more, and a stale form says so; in Thai, changing nothing.
    response = client.post(f"/quality/{spike.pk}/ask/", {"revision": spike.revision, "text": "อีกครั้ง"}, follow=True)
    assert "ข้อสอบถามนี้ปิดแล้ว" in response.content.decode()
    response = client.post(f"/quality/{spike.pk}/close/", {"revision": 1, "text": ""}, follow=True)
    assert "มีผู้อื่นแก้ไขข้อสอบถามนี้" in response.content.decode()


def test_the_list_costs_the_same_queries_for_more_provinces(client, spike, central_admin, province_plan):
    client.force_login(central_admin)
    client.get("/quality/?fy=2570")
    with CaptureQueriesContext(connection) as few:
        client.get("/quality/?fy=2570")
    for code in ("90", "10"):
        other, by = province_plan(code)
        report_months(other, by, [1, [30, 2]], narrative="")
    services.run_checks(fiscal_year=spike.fiscal_year)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/quality/?fy=2570")
    assert response.content.decode().count("data-finding=") > Finding.objects.filter(plan=spike.plan).count()
    assert len(many) == len(few)


def test_the_centre_edits_a_rule_and_thai_digits_are_accepted(client, fy2570, central_admin, central_viewer):
    rule = services.ensure_rules(fy2570)[0]
    client.force_login(central_admin)
    page = client.get("/quality/rules/2570/").content.decode()
    assert "ผลการดำเนินงานของเดือนสูงกว่าเป้าหมายมาก" in page
    form = {"rule": rule.pk, "revision": rule.revision, "threshold": "๕", "severity": "serious", "message": "สูงมาก"}
    client.post("/quality/rules/2570/", {**form, "enabled": "on"})
    rule.refresh_from_db()
    assert (rule.threshold, rule.severity, rule.message, rule.enabled) == (5, "serious", "สูงมาก", True)
    response = client.post("/quality/rules/2570/", {**form, "revision": rule.revision, "threshold": "ห้า"}, follow=True)
    assert "เกณฑ์ต้องเป็นตัวเลข" in response.content.decode()
    client.force_login(central_viewer)
    assert 'name="threshold"' not in client.get("/quality/rules/2570/").content.decode()


def test_the_report_and_the_provinces_list_show_the_open_questions_and_the_score(
    client, spike, central_admin, cm_editor
):
    report = spike.plan.reports.get(month_index=spike.month_index)
    client.force_login(central_admin)
    assert 'id="quality-questions"' not in client.get(f"/reports/{report.pk}/").content.decode()  # nothing asked
    services.ask(finding=spike, revision=spike.revision, question="ตรวจ 40 ครั้งจริงหรือ", by=central_admin)
    review = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'id="quality-questions"' in review and "ตรวจ 40 ครั้งจริงหรือ" in review
    client.force_login(cm_editor)
    assert "ตรวจ 40 ครั้งจริงหรือ" in client.get(f"/reports/{report.pk}/").content.decode()
    own = client.get("/quality/?fy=2570").content.decode()
    assert 'data-testid="quality-score"' in own and 'data-testid="quality-questions"' in own
    scores = client.get("/quality/scores/?fy=2570").content.decode()
    assert scores.count("<tr data-province=") == 1 and 'data-province="50"' in scores
    client.force_login(central_admin)
    assert client.get("/quality/scores/?fy=2570").content.decode().count("<tr data-province=") == 76
