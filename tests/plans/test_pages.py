"""The plan pages: what each person sees and may do, in a fixed number of queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.plans import services
from labourplan.plans.models import Allocation, Meeting, Plan, PlanItem, PlanStatus, VersionState
from labourplan.reference.models import Province
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def _plan_for(code, fiscal_year):
    province = Province.objects.get(code=code)
    editor = create_user(username=f"editor{code}", password=None, role=Role.PROVINCIAL_EDITOR, province=province)
    return services.create_plan(province=province, fiscal_year=fiscal_year, by=editor)


def test_editor_creates_the_plan_from_the_template(client, cm_editor, fy2570_template):
    client.force_login(cm_editor)
    response = client.get("/plans/?fy=2570")
    assert response.status_code == 302 and response["Location"] == "/plans/new/?fy=2570"
    response = client.post("/plans/new/?fy=2570", {"source": "template"})
    plan = Plan.objects.get(province__code="50", fiscal_year__year_be=2570)
    assert response["Location"] == f"/plans/{plan.pk}/"
    assert PlanItem.objects.filter(topic__version=plan.current_version).count() == 18


def test_starting_from_a_missing_previous_plan_says_why(client, cm_editor, fy2570_template):
    client.force_login(cm_editor)
    response = client.post("/plans/new/?fy=2570", {"source": "previous"})
    assert response.status_code == 200
    assert not Plan.objects.exists()


def test_plan_page_shows_the_grid_and_the_sub_item_warning(client, cm_plan, cm_editor):
    client.force_login(cm_editor)
    html = client.get(f"/plans/{cm_plan.pk}/").content.decode()
    assert 'data-editable="1"' in html
    assert html.count('class="lp-row ') == 18
    assert 'data-warning="' in html  # PR media: sub-items add up to 8, the activity's target is 10
    assert ">2569</th>" in html and ">2570</th>" in html  # B.E. years over the month groups


def test_plan_page_queries_do_not_grow_with_rows(client, cm_plan, cm_editor, django_assert_num_queries):
    client.force_login(cm_editor)
    # session, user, the user's province (menu), plan, versions, strategies, topics, items, their
    # agencies, allocations, meetings, their agencies, agencies (datalist), agencies and strategies
    # of the add forms, and the recent history (versions, topics, items, allocations, meetings)
    with django_assert_num_queries(19) as before:
        client.get(f"/plans/{cm_plan.pk}/")
    topic = cm_plan.current_version.topics.first()
    for n in range(10):
        item = services.add_item(topic=topic, title=f"กิจกรรมเพิ่ม {n}", by=cm_editor)
        services.add_item(topic=topic, parent=item, title=f"ย่อย {n}", by=cm_editor)
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(f"/plans/{cm_plan.pk}/")


def test_centre_list_shows_every_status_with_constant_queries(
    client, central_viewer, cm_plan, fy2570_template, django_assert_num_queries
):
    client.force_login(central_viewer)
    # session, user, fiscal year, fiscal years (selector), plans of the year, provinces with regions
    with django_assert_num_queries(6) as before:
        html = client.get("/plans/?fy=2570").content.decode()
    assert html.count("data-province=") == 76
    assert html.count('lp-status-draft"') == 1
    for code in ["90", "20", "30", "63"]:
        _plan_for(code, fy2570_template)
    with django_assert_num_queries(len(before.captured_queries)):
        html = client.get("/plans/?fy=2570").content.decode()
    assert html.count('lp-status-draft"') == 5
    assert html.count('lp-status-not_started"') == 71
    filtered = client.get("/plans/?fy=2570&status=not_started").content.decode()
    assert filtered.count("data-province=") == 71


def test_approver_submits_approves_and_editor_amends_through_the_pages(client, cm_plan, cm_editor, cm_approver):
    version = cm_plan.current_version
    client.force_login(cm_editor)
    assert client.post(f"/plans/versions/{version.pk}/submit/", {"submitted_on": "10/10/2569"}).status_code == 403
    client.force_login(cm_approver)
    # The template's last activity names no agency: a warning the approver confirms (tests/plans/test_checks.py).
    client.post(f"/plans/versions/{version.pk}/submit/", {"submitted_on": "๑๐/๑๐/๒๕๖๙", "confirm_warnings": "1"})
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED
    assert version.submitted_on == datetime.date(2026, 10, 10)
    upload = SimpleUploadedFile("signed.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(f"/plans/versions/{version.pk}/approve/", {"approved_on": "20/10/2569", "document": upload})
    version.refresh_from_db()
    assert version.state == VersionState.APPROVED
    document = client.get(f"/plans/versions/{version.pk}/approval-document/")
    assert document.status_code == 200 and b"".join(document.streaming_content).startswith(b"%PDF")
    client.force_login(cm_editor)
    client.post(f"/plans/{cm_plan.pk}/amend/", {"reason": "เพิ่มการตรวจแพปลา"})
    cm_plan.refresh_from_db()
    assert cm_plan.status == PlanStatus.AMENDED
    html = client.get(f"/plans/{cm_plan.pk}/?version=1").content.decode()
    assert 'data-editable="0"' in html  # the approved version stays readable, not editable


def test_approval_with_a_disguised_file_is_refused_and_explained(client, cm_plan, cm_approver):
    version = services.submit_plan(
        version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver
    )
    client.force_login(cm_approver)
    fake = SimpleUploadedFile("signed.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(
        f"/plans/versions/{version.pk}/approve/", {"approved_on": "20/10/2569", "document": fake}, follow=True
    )
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED
    assert "signed.pdf" in response.content.decode()


def test_allocations_and_meetings_take_thai_digits_and_uploads(client, cm_plan, cm_editor):
    client.force_login(cm_editor)
    client.post(f"/plans/{cm_plan.pk}/allocations/", {"amount": "๑๒๐,๕๐๐.๕๐", "received_on": "๑/๑๑/๒๕๖๙"})
    allocation = Allocation.objects.get(plan=cm_plan)
    assert str(allocation.amount) == "120500.50"
    minutes = SimpleUploadedFile("minutes.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    client.post(
        f"/plans/{cm_plan.pk}/meetings/",
        {"held_on": "5/11/2569", "kind": "tracking", "title": "ประชุมติดตามแผน", "minutes": minutes},
    )
    meeting = Meeting.objects.get(plan=cm_plan)
    assert meeting.kind == "tracking" and meeting.minutes
    assert client.get(f"/plans/meetings/{meeting.pk}/minutes/").status_code == 200


def test_another_province_sees_and_changes_nothing(client, cm_plan, sk_editor, cm_approver):
    version = cm_plan.current_version
    item = PlanItem.objects.filter(topic__version=version).first()
    topic = version.topics.first()
    client.force_login(sk_editor)
    gets = [f"/plans/{cm_plan.pk}/", f"/plans/{cm_plan.pk}/history/", f"/plans/{cm_plan.pk}/compare/"]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        (f"/plans/versions/{version.pk}/submit/", {"submitted_on": "10/10/2569"}),
        (f"/plans/{cm_plan.pk}/amend/", {"reason": "x"}),
        (f"/plans/{cm_plan.pk}/allocations/", {"amount": "100", "received_on": "1/11/2569"}),
        (f"/plans/{cm_plan.pk}/meetings/", {"held_on": "1/11/2569", "kind": "tracking", "title": "x"}),
        (f"/plans/versions/{version.pk}/topics/", {"strategy": topic.strategy_id, "title": "x"}),
        (f"/plans/topics/{topic.pk}/", {"action": "delete"}),
        (f"/plans/items/{item.pk}/", {"action": "delete"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert PlanItem.objects.filter(pk=item.pk).exists()
    assert not Allocation.objects.exists() and not Meeting.objects.exists()
    version.refresh_from_db()
    assert version.state == VersionState.DRAFT


def test_history_page_lists_changes(client, cm_plan, cm_editor):
    item = PlanItem.objects.get(topic__version=cm_plan.current_version, title="ตลาดนัด")
    services.update_item(item=item, revision=item.revision, changes={"target_2": 5}, by=cm_editor)
    client.force_login(cm_editor)
    html = client.get(f"/plans/{cm_plan.pk}/history/").content.decode()
    assert "ตลาดนัด" in html and "วิไล" in html
    assert "2 → 5" in html
    recent = client.get(f"/plans/{cm_plan.pk}/").content.decode()
    assert "2 → 5" in recent


def test_a_topic_is_renamed_and_a_stale_rename_is_refused_with_the_other_title(client, cm_plan, cm_editor, cm_approver):
    topic = cm_plan.current_version.topics.get(title="การตรวจตามคำสั่ง คสช. ๑๐๑/๒๕๕๗")
    opened_at = topic.revision
    client.force_login(cm_editor)
    client.post(f"/plans/topics/{topic.pk}/", {"action": "rename", "revision": opened_at, "title": "ตรวจร่วม"})
    topic.refresh_from_db()
    assert topic.title == "ตรวจร่วม"
    client.force_login(cm_approver)
    response = client.post(
        f"/plans/topics/{topic.pk}/",
        {"action": "rename", "revision": opened_at, "title": "ตรวจตามคำสั่ง"},
        follow=True,
    )
    topic.refresh_from_db()
    assert topic.title == "ตรวจร่วม"
    assert "ตรวจร่วม" in response.content.decode()


def test_an_upload_named_html_is_never_served_as_html(client, cm_plan, cm_editor):
    client.force_login(cm_editor)
    disguised = SimpleUploadedFile(
        "minutes.html", b"%PDF-1.4 <script>alert(document.cookie)</script>", content_type="text/html"
    )
    client.post(
        f"/plans/{cm_plan.pk}/meetings/",
        {"held_on": "5/11/2569", "kind": "planning", "title": "ประชุม", "minutes": disguised},
    )
    meeting = Meeting.objects.get(plan=cm_plan)
    assert meeting.minutes.name.endswith(".pdf")
    response = client.get(f"/plans/meetings/{meeting.pk}/minutes/")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
