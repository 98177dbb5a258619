"""The plans' REST API, told by the same people as the pages.

Wilai edits Chiang Mai's plan and Somchai, the provincial labour officer, submits it; Hassan
(Songkhla) must neither see nor touch any of it; Preecha and Anong (the centre) read but do not
write. Every error comes in one body: {"code", "message", "errors"} (+ "current" on a conflict).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from rest_framework.test import APIClient

from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.plans import services
from labourplan.plans.models import Allocation, Meeting, Plan, PlanItem, PlanTopic, PlanVersion, VersionState
from labourplan.reference.models import FiscalYear, MonthlyTargets, Province, Strategy
from tests.conftest import PASSWORD, PDF_BYTES

pytestmark = pytest.mark.django_db

PR_MEDIA = "จัดทำสื่อประชาสัมพันธ์ สร้างการรับรู้เกี่ยวกับการค้ามนุษย์"  # 10, its sub-items 2 + 6
JOINT_INSPECTIONS = "บูรณาการตรวจตามแผนที่กำหนดร่วมกัน"  # 60, three sub-items of 20


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def activity(plan, title) -> PlanItem:
    return PlanItem.objects.get(topic__version=plan.current_version, parent=None, title=title)


def pdf(name="approval.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def not_a_pdf(name="approval.pdf"):
    """Named and typed as a PDF, but it is not one: uploads are judged by their content."""
    return SimpleUploadedFile(name, b"MZ\x90\x00 an executable", content_type="application/pdf")


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert body["message"]
    assert isinstance(body["errors"], dict)
    return body


def snapshot(plan):
    """Everything a write could change, to show that a refused request changed nothing."""
    versions = PlanVersion.objects.filter(plan=plan)
    topics = PlanTopic.objects.filter(version__plan=plan)
    items = PlanItem.objects.filter(topic__version__plan=plan)
    return {
        "versions": list(versions.values_list("pk", "number", "state", "revision", "approval_document")),
        "topics": list(topics.order_by("pk").values_list("pk", "title", "order", "revision")),
        "items": list(
            items.order_by("pk").values_list("pk", "title", "unit", "order", "revision", *MonthlyTargets.TARGET_FIELDS)
        ),
        "agencies": list(items.order_by("pk", "agencies").values_list("pk", "agencies")),
        "allocations": list(Allocation.objects.filter(plan=plan).values_list("pk", "amount")),
        "meetings": list(Meeting.objects.filter(plan=plan).values_list("pk", "title")),
    }


@pytest.fixture
def busy_cm_plan(cm_plan, cm_editor):
    """Chiang Mai's plan with an allocation and a meeting, so that every endpoint has a target."""
    services.add_allocation(
        plan=cm_plan, amount=Decimal("150000"), received_on=datetime.date(2026, 11, 1), by=cm_editor
    )
    services.add_meeting(
        plan=cm_plan, held_on=datetime.date(2026, 10, 5), kind="planning", title="ประชุมจัดทำแผน", by=cm_editor
    )
    return cm_plan


def plan_for(code, fiscal_year, username):
    """A province's plan, created by its own editor as the pages would."""
    province = Province.objects.get(code=code)
    editor = create_user(username=username, password=PASSWORD, role=Role.PROVINCIAL_EDITOR, province=province)
    return services.create_plan(province=province, fiscal_year=fiscal_year, by=editor)


# Listing -------------------------------------------------------------------------------------


def test_the_list_shows_only_the_plans_the_user_may_see(cm_plan, cm_editor, central_viewer, fy2570_template):
    plan_for("90", fy2570_template, "hassan2")
    body = signed_in(cm_editor).get("/api/plans/").json()
    assert body["count"] == 1
    [line] = body["results"]
    assert line["id"] == cm_plan.pk
    assert line["province"] == {"code": "50", "name_th": "เชียงใหม่", "name_en": "Chiang Mai"}
    assert line["fiscal_year"] == 2570
    assert line["status"] == "draft"
    assert line["current_version"] == {"id": cm_plan.current_version_id, "number": 1, "state": "draft"}

    body = signed_in(central_viewer).get("/api/plans/").json()
    assert sorted(line["province"]["code"] for line in body["results"]) == ["50", "90"]


def test_the_list_filters_by_fiscal_year_and_province(cm_plan, central_viewer, fy2570_template):
    plan_for("90", fy2570_template, "hassan2")
    fy2562 = FiscalYear.objects.get(year_be=2562)
    old = services.create_plan(province=cm_plan.province, fiscal_year=fy2562, by=cm_plan.created_by)
    client = signed_in(central_viewer)

    def ids(query):
        response = client.get("/api/plans/", query)
        assert response.status_code == 200
        return sorted(line["id"] for line in response.json()["results"])

    assert ids({"province": "50"}) == sorted([cm_plan.pk, old.pk])
    assert ids({"province": "50", "fiscal_year": "2570"}) == [cm_plan.pk]
    assert ids({"province": "๕๐", "fiscal_year": "๒๕๖๒"}) == [old.pk]  # Thai digits too
    assert ids({"fiscal_year": 2569}) == []
    body = assert_error(client.get("/api/plans/", {"fiscal_year": "last year"}), 400, "invalid")
    assert list(body["errors"]) == ["fiscal_year"]


def test_the_list_costs_the_same_queries_for_one_plan_or_many(
    cm_plan, central_viewer, fy2570_template, django_assert_num_queries
):
    client = signed_in(central_viewer)
    # session, user, count, the page of plans with province, fiscal year and current version
    with django_assert_num_queries(4):
        assert client.get("/api/plans/").json()["count"] == 1
    plan_for("90", fy2570_template, "hassan2")
    plan_for("40", fy2570_template, "kanya")
    services.create_plan(
        province=cm_plan.province, fiscal_year=FiscalYear.objects.get(year_be=2562), by=cm_plan.created_by
    )
    with django_assert_num_queries(4):
        body = client.get("/api/plans/").json()
    assert body["count"] == 4
    assert {line["province"]["code"] for line in body["results"]} == {"50", "90", "40"}


def test_an_editor_creates_the_plan_of_the_province(cm_editor, fy2570_template):
    client = signed_in(cm_editor)
    response = client.post("/api/plans/", {"province": "๕๐", "fiscal_year": "๒๕๗๐"}, format="json")
    assert response.status_code == 201, response.content
    plan = Plan.objects.get(province__code="50", fiscal_year__year_be=2570)
    assert response["Location"] == f"/api/plans/{plan.pk}/"
    assert response.json()["id"] == plan.pk
    assert len(response.json()["topics"]) == 5

    again = client.post("/api/plans/", {"province": "50", "fiscal_year": 2570, "source": "template"}, format="json")
    body = assert_error(again, 400, "rule")
    assert body["message"] == _("The province already has a plan for this fiscal year.")
    body = assert_error(
        client.post("/api/plans/", {"province": "99", "fiscal_year": 2570}, format="json"), 400, "invalid"
    )
    assert list(body["errors"]) == ["province"]
    assert Plan.objects.count() == 1


def test_nobody_creates_a_plan_for_another_province_or_from_the_centre(sk_editor, central_viewer, fy2570_template):
    for user in (sk_editor, central_viewer):
        response = signed_in(user).post("/api/plans/", {"province": "50", "fiscal_year": 2570}, format="json")
        # Provinces are public: refusing one answers 403 (permissions.py), it reveals no plan.
        assert_error(response, 403, "forbidden")
    assert not Plan.objects.exists()


# Reading -------------------------------------------------------------------------------------


def test_the_plan_reads_as_the_form_1_table(busy_cm_plan, cm_editor):
    plan = busy_cm_plan
    body = signed_in(cm_editor).get(f"/api/plans/{plan.pk}/").json()
    assert body["province"]["code"] == "50"
    assert body["fiscal_year"] == 2570
    assert body["status"] == "draft"
    assert body["version"]["number"] == 1
    assert body["version"]["state"] == "draft"
    assert body["version"]["is_editable"] is True
    assert body["months"][0] == {"label": "ต.ค.", "month": 10, "year_be": 2569}
    assert body["months"][11] == {"label": "ก.ย.", "month": 9, "year_be": 2570}
    assert [s["number"] for s in body["strategies"]] == [1, 2, 3, 4, 5]

    topics = body["topics"]
    assert [t["number"] for t in topics] == [5, 6, 7, 8, 9]  # as the template prints them (issue 14)
    assert [t["strategy"] for t in topics] == [3, 4, 4, 5, 5]
    assert all(t["revision"] == 1 for t in topics)
    inspections = topics[0]["activities"][1]
    assert inspections["title"] == JOINT_INSPECTIONS
    assert inspections["number"] == "2)"
    assert inspections["unit"] == "ครั้ง"
    assert inspections["agencies"] == ["สจจ."]
    assert len(inspections["targets"]) == 12
    assert inspections["total"] == sum(inspections["targets"]) == 60
    assert [s["total"] for s in inspections["sub_items"]] == [20, 20, 20]
    assert {s["number"] for s in inspections["sub_items"]} == {"-"}
    assert inspections["sub_items"][0]["parent"] == inspections["id"]
    assert inspections["key"] == str(activity(plan, JOINT_INSPECTIONS).key)

    pr = activity(plan, PR_MEDIA)
    [warning] = body["warnings"]
    assert warning["activity"] == pr.pk
    assert (warning["topic_number"], warning["number"], warning["total"], warning["sub_items_total"]) == (
        6,
        "1)",
        10,
        8,
    )

    assert [a["amount"] for a in body["allocations"]] == ["150000.00"]
    assert body["allocated_total"] == "150000.00"
    assert [(m["held_on"], m["kind"], m["has_minutes"]) for m in body["meetings"]] == [
        ("2026-10-05", "planning", False)
    ]


def test_reading_a_plan_costs_the_same_queries_whatever_its_size(busy_cm_plan, cm_editor, django_assert_num_queries):
    plan = busy_cm_plan
    client = signed_in(cm_editor)
    # session, user, plan, versions, strategies, topics, items, their agencies,
    # allocations, meetings, their agencies
    with django_assert_num_queries(11):
        before = client.get(f"/api/plans/{plan.pk}/").json()
    strategy = Strategy.objects.get(framework=plan.fiscal_year.framework, number=1)
    for n in range(3):
        topic = services.add_topic(version=plan.current_version, strategy=strategy, title=f"ประเด็น {n}", by=cm_editor)
        parent = services.add_item(topic=topic, title="กิจกรรม", by=cm_editor)
        services.add_item(topic=topic, parent=parent, title="ย่อย", by=cm_editor)
    services.add_meeting(plan=plan, held_on=datetime.date(2026, 11, 5), kind="tracking", title="ติดตาม", by=cm_editor)
    with django_assert_num_queries(11):
        after = client.get(f"/api/plans/{plan.pk}/").json()
    assert len(after["topics"]) == len(before["topics"]) + 3
    assert len(after["meetings"]) == 2


def test_an_unknown_plan_or_version_is_not_found(cm_plan, cm_editor):
    client = signed_in(cm_editor)
    assert_error(client.get("/api/plans/999999/"), 404, "not_found")
    assert_error(client.get(f"/api/plans/{cm_plan.pk}/", {"version": 2}), 404, "not_found")
    assert client.get(f"/api/plans/{cm_plan.pk}/", {"version": "๑"}).status_code == 200


# Editing rows --------------------------------------------------------------------------------


def test_an_editor_types_targets_in_thai_digits(cm_plan, cm_editor):
    item = activity(cm_plan, PR_MEDIA)
    typed = ["๑", "-", "๒", "3", 4, "๐", "", "๑,๐๐๐", "๕", "๖", "๗", "๘"]
    response = signed_in(cm_editor).patch(
        f"/api/items/{item.pk}/",
        {"revision": item.revision, "targets": typed, "budget": "๑๒,๕๐๐.๕๐", "agencies": "สจจ./สสค."},
        format="json",
    )
    assert response.status_code == 200, response.content
    expected = [1, 0, 2, 3, 4, 0, 0, 1000, 5, 6, 7, 8]
    body = response.json()
    assert body["targets"] == expected
    assert body["total"] == sum(expected)
    assert body["revision"] == item.revision + 1
    assert body["agencies"] == ["สจจ.", "สสค."]
    item.refresh_from_db()
    assert item.targets == expected
    assert item.budget == Decimal("12500.50")
    assert sorted(a.abbreviation for a in item.agencies.all()) == ["สจจ.", "สสค."]


def test_a_single_month_can_be_changed_alone(cm_plan, cm_editor):
    item = activity(cm_plan, JOINT_INSPECTIONS)
    before = item.targets
    response = signed_in(cm_editor).patch(
        f"/api/items/{item.pk}/", {"revision": "๑", "target_3": "๙", "unit": "แห่ง"}, format="json"
    )
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.targets == [*before[:2], 9, *before[3:]]
    assert item.unit == "แห่ง"


def test_bad_targets_are_refused_month_by_month_and_nothing_is_saved(cm_plan, cm_editor):
    item = activity(cm_plan, PR_MEDIA)
    before = item.targets
    client = signed_in(cm_editor)
    typed = ["๑", "๑.๕", 1, 1, -1, 1, 1, 1, 1, 1, 1, 1]
    body = assert_error(
        client.patch(f"/api/items/{item.pk}/", {"revision": 1, "targets": typed}, format="json"), 400, "invalid"
    )
    assert set(body["errors"]) == {"target_2", "target_5"}
    assert "พ.ย. 2569" in body["errors"]["target_2"][0]  # the month, named as on the form
    assert "ก.พ. 2570" in body["errors"]["target_5"][0]

    body = assert_error(
        client.patch(f"/api/items/{item.pk}/", {"revision": 1, "targets": [1] * 11}, format="json"), 400, "invalid"
    )
    assert list(body["errors"]) == ["targets"]
    body = assert_error(client.patch(f"/api/items/{item.pk}/", {"revision": 1}, format="json"), 400, "invalid")
    assert list(body["errors"]) == ["non_field_errors"]
    body = assert_error(
        client.patch(f"/api/items/{item.pk}/", {"revision": 1, "title": " "}, format="json"), 400, "rule"
    )
    assert body["errors"] == {"title": [_("The activity needs a name.")]}
    item.refresh_from_db()
    assert (item.targets, item.revision, item.title) == (before, 1, PR_MEDIA)


def test_the_second_of_two_editors_gets_a_conflict_and_the_first_value_stays(cm_plan, cm_editor, cm_approver):
    item = activity(cm_plan, PR_MEDIA)
    wilai, somchai = signed_in(cm_editor), signed_in(cm_approver)
    read_revision = wilai.get(f"/api/plans/{cm_plan.pk}/").json()["topics"][1]["activities"][0]["revision"]
    assert read_revision == somchai.get(f"/api/plans/{cm_plan.pk}/").json()["topics"][1]["activities"][0]["revision"]

    first = wilai.patch(f"/api/items/{item.pk}/", {"revision": read_revision, "target_1": 5}, format="json")
    assert first.status_code == 200
    second = somchai.patch(
        f"/api/items/{item.pk}/", {"revision": read_revision, "target_1": 7, "title": "ของสมชาย"}, format="json"
    )
    body = assert_error(second, 409, "conflict")
    assert body["current"]["revision"] == read_revision + 1
    assert body["current"]["targets"][0] == 5
    assert body["current"]["title"] == PR_MEDIA
    item.refresh_from_db()
    assert (item.target_1, item.title, item.revision) == (5, PR_MEDIA, read_revision + 1)

    # With the revision the conflict gave, Somchai's change goes through.
    retry = somchai.patch(
        f"/api/items/{item.pk}/", {"revision": body["current"]["revision"], "target_1": 7}, format="json"
    )
    assert retry.status_code == 200
    item.refresh_from_db()
    assert item.target_1 == 7


def test_rows_are_added_moved_renamed_and_removed(cm_plan, cm_editor):
    client = signed_in(cm_editor)
    version = cm_plan.current_version
    response = client.post(
        f"/api/versions/{version.pk}/topics/", {"strategy": "๕", "title": "ประเด็นใหม่"}, format="json"
    )
    assert response.status_code == 201, response.content
    topic = response.json()
    assert (topic["strategy"], topic["title"], topic["revision"]) == (5, "ประเด็นใหม่", 1)

    first = client.post(f"/api/topics/{topic['id']}/items/", {"title": "ก", "agencies": ["สสค."]}, format="json")
    second = client.post(f"/api/topics/{topic['id']}/items/", {"title": "ข", "unit": "ราย"}, format="json")
    sub = client.post(
        f"/api/topics/{topic['id']}/items/", {"title": "ก-๑", "parent": first.json()["id"]}, format="json"
    )
    assert [r.status_code for r in (first, second, sub)] == [201, 201, 201]
    assert first.json()["agencies"] == ["สสค."]
    assert sub.json()["parent"] == first.json()["id"]
    # A sub-item belongs to an activity of the same topic.
    other = activity(cm_plan, PR_MEDIA)
    refused = client.post(f"/api/topics/{topic['id']}/items/", {"title": "x", "parent": other.pk}, format="json")
    assert list(assert_error(refused, 400, "invalid")["errors"]) == ["parent"]

    assert client.post(f"/api/items/{second.json()['id']}/move/", {"offset": -1}, format="json").status_code == 204

    def titles():
        activities = PlanItem.objects.filter(topic_id=topic["id"], parent=None).order_by("order")
        return list(activities.values_list("title", flat=True))

    assert titles() == ["ข", "ก"]

    renamed = client.patch(f"/api/topics/{topic['id']}/", {"revision": 1, "title": "ชื่อใหม่"}, format="json")
    assert renamed.json()["revision"] == 2
    stale = client.patch(f"/api/topics/{topic['id']}/", {"revision": 1, "title": "ชื่อเก่า"}, format="json")
    assert assert_error(stale, 409, "conflict")["current"]["title"] == "ชื่อใหม่"

    assert client.delete(f"/api/items/{second.json()['id']}/").status_code == 204
    assert titles() == ["ก"]
    assert PlanTopic.objects.get(pk=topic["id"]).title == "ชื่อใหม่"

    assert client.post(f"/api/topics/{topic['id']}/move/", {"offset": -1}, format="json").status_code == 204
    strategy_5 = PlanTopic.objects.filter(version=version, strategy__number=5).order_by("order")
    assert [t.pk for t in strategy_5][1] == topic["id"]  # from third to second of its strategy
    assert client.delete(f"/api/topics/{topic['id']}/").status_code == 204
    assert not PlanTopic.objects.filter(pk=topic["id"]).exists()


# Life cycle ----------------------------------------------------------------------------------


def test_the_approver_submits_and_the_editor_may_not(cm_plan, cm_editor, cm_approver):
    url = f"/api/versions/{cm_plan.current_version_id}/submit/"
    assert_error(signed_in(cm_editor).post(url, {"submitted_on": "10/10/2569"}, format="json"), 403, "forbidden")
    assert PlanVersion.objects.get(pk=cm_plan.current_version_id).state == VersionState.DRAFT

    response = signed_in(cm_approver).post(url, {"submitted_on": "๑๐/๑๐/๒๕๖๙"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted"
    assert response.json()["submitted_on"] == "2026-10-10"
    version = PlanVersion.objects.get(pk=cm_plan.current_version_id)
    assert (version.state, version.submitted_on) == (VersionState.SUBMITTED, datetime.date(2026, 10, 10))


def test_dates_are_iso_or_day_month_buddhist_year(cm_plan, cm_approver):
    client = signed_in(cm_approver)
    url = f"/api/versions/{cm_plan.current_version_id}/submit/"
    body = assert_error(client.post(url, {"submitted_on": "31/02/2569"}, format="json"), 400, "invalid")
    assert list(body["errors"]) == ["submitted_on"]
    assert client.post(url, {"submitted_on": "2026-10-11"}, format="json").json()["submitted_on"] == "2026-10-11"


def test_a_plan_without_targets_cannot_be_submitted(cm_plan, cm_editor, cm_approver):
    for topic in PlanTopic.objects.filter(version=cm_plan.current_version):
        services.delete_topic(topic=topic, by=cm_editor)
    response = signed_in(cm_approver).post(
        f"/api/versions/{cm_plan.current_version_id}/submit/", {"submitted_on": "2026-10-10"}, format="json"
    )
    body = assert_error(response, 400, "rule")
    assert body["message"] == _("The plan needs at least one activity with a target before it is submitted.")
    assert PlanVersion.objects.get(pk=cm_plan.current_version_id).state == VersionState.DRAFT


@pytest.fixture
def submitted_cm_plan(cm_plan, cm_approver):
    services.submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)
    return cm_plan


def test_the_approver_records_the_governors_signed_approval(submitted_cm_plan, cm_editor, cm_approver):
    url = f"/api/versions/{submitted_cm_plan.current_version_id}/approve/"
    editor_try = signed_in(cm_editor).post(url, {"approved_on": "20/10/2569", "document": pdf()}, format="multipart")
    assert_error(editor_try, 403, "forbidden")

    response = signed_in(cm_approver).post(url, {"approved_on": "๒๐/๑๐/๒๕๖๙", "document": pdf()}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "approved"
    assert response.json()["has_approval_document"] is True
    version = PlanVersion.objects.get(pk=submitted_cm_plan.current_version_id)
    assert (version.state, version.approved_on) == (VersionState.APPROVED, datetime.date(2026, 10, 20))
    with version.approval_document.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_an_approval_that_is_not_a_pdf_jpeg_or_png_is_refused(submitted_cm_plan, cm_approver):
    url = f"/api/versions/{submitted_cm_plan.current_version_id}/approve/"
    response = signed_in(cm_approver).post(
        url, {"approved_on": "2026-10-20", "document": not_a_pdf()}, format="multipart"
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["errors"]) == ["document"]
    version = PlanVersion.objects.get(pk=submitted_cm_plan.current_version_id)
    assert (version.state, version.approval_document.name) == (VersionState.SUBMITTED, "")


def test_an_approval_before_the_submission_is_a_broken_rule(submitted_cm_plan, cm_approver):
    url = f"/api/versions/{submitted_cm_plan.current_version_id}/approve/"
    response = signed_in(cm_approver).post(url, {"approved_on": "2026-10-01", "document": pdf()}, format="multipart")
    assert list(assert_error(response, 400, "rule")["errors"]) == ["approved_on"]
    assert PlanVersion.objects.get(pk=submitted_cm_plan.current_version_id).state == VersionState.SUBMITTED


def test_an_amendment_starts_a_new_version_and_the_approved_one_stays_readable(approved_cm_plan, cm_editor):
    plan = approved_cm_plan
    client = signed_in(cm_editor)
    url = f"/api/plans/{plan.pk}/amendments/"
    body = assert_error(client.post(url, {"reason": "  "}, format="json"), 400, "rule")
    assert list(body["errors"]) == ["reason"]

    old_item = activity(plan, PR_MEDIA)
    response = client.post(url, {"reason": "เพิ่มกิจกรรมตามข้อสั่งการ"}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["number"], response.json()["state"]) == (2, "draft")

    current = client.get(f"/api/plans/{plan.pk}/").json()
    assert current["status"] == "amended"
    assert (current["version"]["number"], current["version"]["reason"]) == (2, "เพิ่มกิจกรรมตามข้อสั่งการ")
    assert [(v["number"], v["state"]) for v in current["versions"]] == [(1, "approved"), (2, "draft")]
    earlier = client.get(f"/api/plans/{plan.pk}/", {"version": 1}).json()
    assert earlier["version"]["state"] == "approved"
    assert earlier["topics"][1]["activities"][0]["id"] == old_item.pk
    assert current["topics"][1]["activities"][0]["key"] == str(old_item.key)  # the same row, a new version

    # The approved version is no longer edited: its rows refuse changes.
    refused = client.patch(f"/api/items/{old_item.pk}/", {"revision": old_item.revision, "target_1": 3}, format="json")
    assert_error(refused, 400, "rule")
    assert_error(client.post(url, {"reason": "อีกครั้ง"}, format="json"), 400, "rule")  # a draft is simply edited


# Budget and meetings -------------------------------------------------------------------------


def test_allocations_are_listed_added_and_removed(cm_plan, cm_editor):
    client = signed_in(cm_editor)
    url = f"/api/plans/{cm_plan.pk}/allocations/"
    response = client.post(url, {"amount": "๑๕๐,๐๐๐.๕๐", "received_on": "๑/๑๑/๒๕๖๙", "note": "งวดที่ ๑"}, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["amount"], created["received_on"], created["note"]) == ("150000.50", "2026-11-01", "งวดที่ ๑")
    zero = client.post(url, {"amount": "0", "received_on": "2026-11-02"}, format="json")
    assert list(assert_error(zero, 400, "rule")["errors"]) == ["amount"]
    not_a_number = client.post(url, {"amount": "lots", "received_on": "2026-11-02"}, format="json")
    assert list(assert_error(not_a_number, 400, "invalid")["errors"]) == ["amount"]

    assert [a["id"] for a in client.get(url).json()] == [created["id"]]
    assert client.get(f"/api/plans/{cm_plan.pk}/").json()["allocated_total"] == "150000.50"
    assert client.delete(f"/api/allocations/{created['id']}/").status_code == 204
    assert not Allocation.objects.exists()


def test_meetings_are_recorded_with_their_minutes(cm_plan, cm_editor):
    client = signed_in(cm_editor)
    url = f"/api/plans/{cm_plan.pk}/meetings/"
    response = client.post(
        url,
        {
            "held_on": "๑๕/๑๑/๒๕๖๙",
            "kind": "tracking",
            "title": "ประชุมติดตามแผน",
            "agencies": ["สจจ.", "สสค."],
            "minutes": pdf("minutes.pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["held_on"], created["kind"], created["has_minutes"]) == ("2026-11-15", "tracking", True)
    assert created["agencies"] == ["สจจ.", "สสค."]
    with Meeting.objects.get(pk=created["id"]).minutes.open("rb") as stored:
        assert stored.read() == PDF_BYTES

    without_minutes = client.post(
        url, {"held_on": "2026-10-05", "kind": "planning", "title": "ประชุมจัดทำแผน"}, format="json"
    )
    assert without_minutes.status_code == 201
    assert without_minutes.json()["has_minutes"] is False

    bad = {"held_on": "2026-10-06", "kind": "planning", "title": "x"}
    unknown_agency = client.post(url, {**bad, "agencies": ["สจจ.", "ไม่มี"]}, format="json")
    assert list(assert_error(unknown_agency, 400, "invalid")["errors"]) == ["agencies"]
    bad_minutes = client.post(url, {**bad, "minutes": not_a_pdf("minutes.pdf")}, format="multipart")
    assert list(assert_error(bad_minutes, 400, "invalid")["errors"]) == ["minutes"]
    bad_kind = client.post(url, {**bad, "kind": "party"}, format="json")
    assert list(assert_error(bad_kind, 400, "invalid")["errors"]) == ["kind"]

    assert [m["held_on"] for m in client.get(url).json()] == ["2026-10-05", "2026-11-15"]
    assert client.delete(f"/api/meetings/{created['id']}/").status_code == 204
    assert list(Meeting.objects.values_list("title", flat=True)) == ["ประชุมจัดทำแผน"]


# Who may do what -----------------------------------------------------------------------------

READS = [
    "/api/plans/{plan}/",
    "/api/plans/{plan}/?version=1",
    "/api/plans/{plan}/allocations/",
    "/api/plans/{plan}/meetings/",
]

# Each write as its rightful user would send it, so that only the permission can stop it.
WRITES = {
    "patch item": ("patch", "/api/items/{item}/", lambda: {"revision": 1, "target_1": 9}),
    "delete item": ("delete", "/api/items/{item}/", None),
    "move item": ("post", "/api/items/{item}/move/", lambda: {"offset": 1}),
    "add item": ("post", "/api/topics/{topic}/items/", lambda: {"title": "ใหม่"}),
    "rename topic": ("patch", "/api/topics/{topic}/", lambda: {"revision": 1, "title": "ใหม่"}),
    "delete topic": ("delete", "/api/topics/{topic}/", None),
    "move topic": ("post", "/api/topics/{topic}/move/", lambda: {"offset": 1}),
    "add topic": ("post", "/api/versions/{version}/topics/", lambda: {"strategy": 1, "title": "ใหม่"}),
    "submit": ("post", "/api/versions/{version}/submit/", lambda: {"submitted_on": "2026-10-10"}),
    "approve": ("post", "/api/versions/{version}/approve/", lambda: {"approved_on": "2026-10-20", "document": pdf()}),
    "amend": ("post", "/api/plans/{plan}/amendments/", lambda: {"reason": "แก้ไข"}),
    "add allocation": ("post", "/api/plans/{plan}/allocations/", lambda: {"amount": "1", "received_on": "2026-11-01"}),
    "delete allocation": ("delete", "/api/allocations/{allocation}/", None),
    "add meeting": (
        "post",
        "/api/plans/{plan}/meetings/",
        lambda: {"held_on": "2026-11-01", "kind": "tracking", "title": "ประชุม"},
    ),
    "delete meeting": ("delete", "/api/meetings/{meeting}/", None),
}


def targets_of(plan):
    # The first activity and the first topic of strategy 4: each has a sibling below to move past.
    item = PlanItem.objects.filter(topic__version=plan.current_version, parent=None).order_by("pk").first()
    topic = activity(plan, PR_MEDIA).topic
    return {
        "plan": plan.pk,
        "version": plan.current_version_id,
        "topic": topic.pk,
        "item": item.pk,
        "allocation": Allocation.objects.get(plan=plan).pk,
        "meeting": Meeting.objects.get(plan=plan).pk,
    }


def send(client, write, ids):
    method, url, payload = WRITES[write]
    data = payload() if payload else None
    fmt = "multipart" if data and "document" in data else "json"
    return getattr(client, method)(url.format(**ids), data, format=fmt)


@pytest.mark.parametrize("write", list(WRITES))
def test_each_write_works_for_the_province(busy_cm_plan, cm_approver, write):
    """The control for the refusals below: the same requests succeed for Chiang Mai's approver."""
    if write == "approve":
        services.submit_plan(
            version=busy_cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver
        )
    if write == "amend":
        busy_cm_plan = Plan.objects.get(pk=busy_cm_plan.pk)
        services.submit_plan(
            version=busy_cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver
        )
        services.record_approval(
            version=busy_cm_plan.current_version,
            approved_on=datetime.date(2026, 10, 20),
            document=pdf(),
            by=cm_approver,
        )
    before = snapshot(busy_cm_plan)
    response = send(signed_in(cm_approver), write, targets_of(busy_cm_plan))
    assert response.status_code in (200, 201, 204), response.content
    assert snapshot(busy_cm_plan) != before


def test_another_province_sees_nothing_of_the_plan(busy_cm_plan, sk_editor):
    client = signed_in(sk_editor)
    ids = targets_of(busy_cm_plan)
    for url in READS:
        assert_error(client.get(url.format(**ids)), 404, "not_found")
    assert client.get("/api/plans/", {"province": "50"}).json()["count"] == 0


@pytest.mark.parametrize("write", list(WRITES))
def test_another_province_cannot_write_and_learns_nothing(busy_cm_plan, sk_editor, write):
    before = snapshot(busy_cm_plan)
    assert_error(send(signed_in(sk_editor), write, targets_of(busy_cm_plan)), 404, "not_found")
    assert snapshot(busy_cm_plan) == before


@pytest.mark.parametrize("reader", ["central_viewer", "central_admin"])
def test_the_centre_reads_every_plan(busy_cm_plan, reader, request):
    client = signed_in(request.getfixturevalue(reader))
    ids = targets_of(busy_cm_plan)
    for url in READS:
        assert client.get(url.format(**ids)).status_code == 200
    assert client.get("/api/plans/").json()["count"] == 1


@pytest.mark.parametrize("write", list(WRITES))
def test_the_central_viewer_cannot_write(busy_cm_plan, central_viewer, write):
    before = snapshot(busy_cm_plan)
    assert_error(send(signed_in(central_viewer), write, targets_of(busy_cm_plan)), 403, "forbidden")
    assert snapshot(busy_cm_plan) == before


def test_anonymous_requests_are_refused(busy_cm_plan):
    client = APIClient()
    ids = targets_of(busy_cm_plan)
    before = snapshot(busy_cm_plan)
    responses = [client.get("/api/plans/"), client.get(f"/api/plans/{ids['plan']}/"), send(client, "patch item", ids)]
    for response in responses:
        assert response.status_code in (401, 403)
        assert response.json()["code"] == "not_authenticated"
    assert snapshot(busy_cm_plan) == before


def test_a_malformed_body_answers_in_the_same_shape(cm_plan, cm_editor):
    item = activity(cm_plan, PR_MEDIA)
    response = signed_in(cm_editor).patch(f"/api/items/{item.pk}/", data="{not json", content_type="application/json")
    assert_error(response, 400, "parse_error")
