"""The report pages: months of the year, the report itself, the centre's review queue."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans import services as plans
from labourplan.reference.models import Province
from labourplan.reports import services
from labourplan.reports.models import MonthlyReport, ReportState
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=BANGKOK)


def approved_plan_for(code, fiscal_year, extra_rows=0):
    province = Province.objects.get(code=code)
    editor = create_user(username=f"e{code}", password=None, role=Role.PROVINCIAL_EDITOR, province=province)
    approver = create_user(username=f"a{code}", password=None, role=Role.PROVINCIAL_APPROVER, province=province)
    plan = plans.create_plan(province=province, fiscal_year=fiscal_year, by=editor)
    topic = plan.current_version.topics.first()
    agencies = list(topic.items.first().agencies.all())
    for n in range(extra_rows):  # rows with a target and a unit: a plan is not submitted without them
        activity = plans.add_item(topic=topic, title=f"กิจกรรม {n}", unit="ครั้ง", agencies=agencies, by=editor)
        sub = plans.add_item(topic=topic, parent=activity, title=f"ย่อย {n}", unit="ครั้ง", by=editor)
        for row in (activity, sub):
            plans.update_item(item=row, revision=row.revision, changes={"target_1": 1}, by=editor)
    version = plans.submit_plan(version=plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=approver)
    document = SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf")
    plans.record_approval(version=version, approved_on=datetime.date(2026, 10, 12), document=document, by=approver)
    return plan, editor, approver


@time_machine.travel(NOW, tick=False)
def test_months_page_lists_the_year_and_starts_a_report(client, reporting_plan, cm_editor):
    client.force_login(cm_editor)
    html = client.get(f"/reports/plan/{reporting_plan.pk}/").content.decode()
    assert html.count("data-month=") == 12
    assert html.count("/open/") == 2  # October and November have begun
    assert "ขาดส่ง" in html  # October's report is missing since 6 Nov
    response = client.post(f"/reports/plan/{reporting_plan.pk}/month/2/open/")
    report = MonthlyReport.objects.get(plan=reporting_plan, month_index=2)
    assert response["Location"] == f"/reports/{report.pk}/"
    assert client.post(f"/reports/plan/{reporting_plan.pk}/month/3/open/").status_code == 302
    assert not MonthlyReport.objects.filter(month_index=3).exists()  # December has not begun


@time_machine.travel(NOW, tick=False)
def test_report_page_runs_a_fixed_number_of_queries(
    client, reporting_plan, cm_editor, fy2570_template, django_assert_num_queries
):
    report = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor)
    client.force_login(cm_editor)
    # session, user, report with plan/province/year, allocations, disbursed before, approved version,
    # strategies, topics, items, agencies, results, cumulative results, meetings, evidence, the
    # user's province (menu)
    with django_assert_num_queries(15) as small:
        html = client.get(f"/reports/{report.pk}/").content.decode()
    assert html.count('data-field="result"') == 15  # 18 rows less the 3 activities with sub-items
    big_plan, editor, _ = approved_plan_for("90", fy2570_template, extra_rows=12)
    big = services.open_report(plan=big_plan, month_index=2, by=editor)
    client.force_login(editor)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(f"/reports/{big.pk}/").content.decode()
    assert html.count('data-field="result"') == 15 + 12


@time_machine.travel(NOW, tick=False)
def test_review_queue_oldest_first_with_constant_queries(
    client,
    reporting_plan,
    cm_editor,
    cm_approver,
    central_admin,
    fy2570_template,
    django_assert_num_queries,
    monkeypatch,
):
    from labourplan.reports import views

    october = services.open_report(plan=reporting_plan, month_index=1, by=cm_editor)
    with time_machine.travel(datetime.datetime(2026, 11, 4, 9, 0, tzinfo=BANGKOK), tick=False):
        services.submit_report(report=october, by=cm_approver)
    client.force_login(central_admin)
    # session, user, how many wait (for the pages), the page of submitted reports with province,
    # region and submitter
    with django_assert_num_queries(4) as before:
        client.get("/reports/review/")
    for code in ["90", "20"]:
        plan, editor, approver = approved_plan_for(code, fy2570_template)
        report = services.open_report(plan=plan, month_index=1, by=editor)
        services.submit_report(report=report, by=approver)
    with django_assert_num_queries(len(before.captured_queries)):
        html = client.get("/reports/review/").content.decode()
    assert html.count("data-report=") == 3
    assert html.index(f'data-report="{october.pk}"') < html.index("สงขลา")

    # A page at a time, the oldest first; the reviewer comes back to the page they were on.
    monkeypatch.setattr(views, "REVIEW_PAGE_SIZE", 2)
    first = client.get("/reports/review/").content.decode()
    assert first.count("data-report=") == 2 and f'data-report="{october.pk}"' in first
    assert "3 ฉบับ" in first and 'data-testid="queue-next"' in first
    second = client.get("/reports/review/?page=2").content.decode()
    assert second.count("data-report=") == 1 and "ชลบุรี" in second
    assert "next=%2Freports%2Freview%2F%3Fpage%3D2" in second


@time_machine.travel(NOW, tick=False)
def test_the_centre_returns_then_accepts_and_the_page_says_why_it_is_locked(
    client, reporting_plan, cm_editor, cm_approver, central_admin
):
    report = services.open_report(plan=reporting_plan, month_index=1, by=cm_editor)
    client.force_login(cm_approver)
    client.post(f"/reports/{report.pk}/submit/", {"confirm_warnings": "1"})  # no narrative, no evidence
    client.force_login(central_admin)
    client.post(f"/reports/{report.pk}/return/", {"comment": "ผลตรวจตลาดนัดไม่ตรงกับบันทึก"})
    client.force_login(cm_editor)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "ผลตรวจตลาดนัดไม่ตรงกับบันทึก" in html and 'data-editable="1"' in html
    client.force_login(cm_approver)
    client.post(f"/reports/{report.pk}/submit/", {"confirm_warnings": "1"})  # no narrative, no evidence
    client.force_login(central_admin)
    client.post(f"/reports/{report.pk}/accept/")
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    client.force_login(cm_editor)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-editable="0"' in html
    assert "ศปคร." in html  # who can reopen it


@time_machine.travel(NOW, tick=False)
def test_another_province_sees_and_changes_nothing(client, reporting_plan, cm_editor, sk_editor):
    report = services.open_report(plan=reporting_plan, month_index=1, by=cm_editor)
    client.force_login(sk_editor)
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.get(f"/reports/plan/{reporting_plan.pk}/").status_code == 404
    for action in ["submit", "accept", "return", "reopen"]:
        assert client.post(f"/reports/{report.pk}/{action}/", {"comment": "x", "reason": "x"}).status_code == 404
    assert client.post(f"/reports/plan/{reporting_plan.pk}/month/2/open/").status_code == 404
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert MonthlyReport.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_evidence_is_attached_served_by_content_and_refused_when_disguised(
    client, reporting_plan, cm_editor, sk_editor
):
    report = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor)
    client.force_login(cm_editor)
    photo = SimpleUploadedFile("ตรวจตลาด.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    client.post(f"/reports/{report.pk}/evidence/", {"file": photo, "caption": "ภาพการตรวจตลาดสด"})
    evidence = report.evidence.get()
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "ภาพการตรวจตลาดสด" in html
    assert client.get(f"/reports/evidence/{evidence.pk}/")["Content-Type"] == "image/png"
    fake = SimpleUploadedFile("photo.png", b"GIF89a not accepted", content_type="image/png")
    response = client.post(f"/reports/{report.pk}/evidence/", {"file": fake}, follow=True)
    assert "photo.png" in response.content.decode()
    assert report.evidence.count() == 1
    client.force_login(sk_editor)
    assert client.get(f"/reports/evidence/{evidence.pk}/").status_code == 404
    assert client.post(f"/reports/evidence/{evidence.pk}/delete/").status_code == 404
    assert report.evidence.count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_value_waiting_for_confirmation_shows_again_when_the_page_is_reopened(client, reporting_plan, cm_editor):
    from labourplan.plans.models import PlanItem

    report = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor)
    market = PlanItem.objects.get(topic__version=reporting_plan.current_version, title="ตลาดสด")
    with pytest.raises(services.ReportError):
        services.save_result(report=report, item=market, revision=0, result=70, remark="ตรวจเทศกาล", by=cm_editor)
    client.force_login(cm_editor)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    row = html[html.index(f'data-key="{market.key}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-pending="70"' in row and 'value="70"' in row and 'value="ตรวจเทศกาล"' in row
    assert "รอการยืนยัน" in row and 'data-before="0"' in row  # the counted result to date leaves it out


# Checks before sending -------------------------------------------------------------------------


def _market(plan):
    from labourplan.plans.models import PlanItem

    return PlanItem.objects.get(topic__version=plan.current_version, title="ตลาดสด")


@time_machine.travel(NOW, tick=False)
def test_a_result_waiting_for_confirmation_stops_the_report_and_links_to_the_row(
    client, reporting_plan, cm_editor, cm_approver
):
    report = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor)
    services.update_report(report=report, revision=report.revision, changes={"key_results": "ตรวจตลาด"}, by=cm_editor)
    with pytest.raises(services.ReportError):
        services.save_result(report=report, item=_market(reporting_plan), revision=0, result=70, by=cm_editor)
    client.force_login(cm_approver)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    checklist = html[html.index('id="report-checklist"') : html.index("</ul>", html.index('id="report-checklist"'))]
    assert f'href="#row-{_market(reporting_plan).key}"' in checklist and "ตลาดสด" in checklist
    assert 'href="#evidence"' in checklist and 'href="#key_results"' not in checklist
    assert "disabled" in html[html.index('id="submit-report"') : html.index('id="submit-report"') + 30]
    client.post(f"/reports/{report.pk}/submit/", {"confirm_warnings": "1"})  # refused even so
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.first_submitted_at is None


@time_machine.travel(NOW, tick=False)
def test_no_narrative_and_no_evidence_are_warnings_confirmed_before_sending(
    client, reporting_plan, cm_editor, cm_approver
):
    report = services.open_report(plan=reporting_plan, month_index=1, by=cm_editor)
    client.force_login(cm_approver)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'href="#key_results"' in html and 'href="#evidence"' in html and 'name="confirm_warnings"' in html
    refused = client.post(f"/reports/{report.pk}/submit/", follow=True).content.decode()
    assert "ทำเครื่องหมาย" in refused
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    client.post(f"/reports/{report.pk}/submit/", {"confirm_warnings": "1"})
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


@time_machine.travel(NOW, tick=False)
def test_a_complete_report_is_sent_without_a_checklist(client, reporting_plan, cm_editor, cm_approver):
    report = services.open_report(plan=reporting_plan, month_index=1, by=cm_editor)
    services.update_report(report=report, revision=report.revision, changes={"key_results": "ตรวจตลาด"}, by=cm_editor)
    upload = SimpleUploadedFile("photo.pdf", PDF_BYTES, content_type="application/pdf")
    services.add_evidence(report=report, file=upload, by=cm_editor)
    client.force_login(cm_approver)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'id="report-checklist"' not in html and 'name="confirm_warnings"' not in html
    client.post(f"/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_the_service_refuses_a_report_with_a_pending_result(reporting_plan, cm_editor, cm_approver):
    report = services.open_report(plan=reporting_plan, month_index=1, by=cm_editor, today=NOW.date())
    with pytest.raises(services.ReportError):
        services.save_result(report=report, item=_market(reporting_plan), revision=0, result=99, by=cm_editor)
    with pytest.raises(services.ReportError, match="ตลาดสด"):
        services.submit_report(report=report, by=cm_approver)
    assert services.submission_checks(report).blocking


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("next_url", "lands"),
    [
        ("/reports/review/", "/reports/review/"),  # from the queue: back to the queue
        (None, "report"),  # opened directly: the report itself
        ("https://evil.example/", "report"),  # never another site
        ("//evil.example/x", "report"),
        ("javascript:alert(1)", "report"),
    ],
)
@pytest.mark.parametrize("action", ["accept", "return"])
def test_after_reviewing_the_centre_lands_where_it_came_from(
    client, reporting_plan, cm_editor, cm_approver, central_admin, action, next_url, lands
):
    report = services.open_report(plan=reporting_plan, month_index=1, by=cm_editor)
    services.submit_report(report=report, by=cm_approver)
    client.force_login(central_admin)
    if next_url == "/reports/review/":  # the queue's link carries it to the report's forms
        queue = client.get("/reports/review/").content.decode()
        assert f"/reports/{report.pk}/?next=/reports/review/" in queue.replace("%2F", "/")
        page = client.get(f"/reports/{report.pk}/", {"next": next_url}).content.decode()
        assert 'name="next" value="/reports/review/"' in page
    data = {"comment": "แก้ไขผล"} | ({"next": next_url} if next_url else {})
    response = client.post(f"/reports/{report.pk}/{action}/", data)
    assert response["Location"] == (lands if lands != "report" else f"/reports/{report.pk}/")
