"""The one submission life cycle (labourplan.submissions) on its own: each transition, its
refusals in Thai with nothing written, who may do what, the province told after a review, and
the queryset of what waits; then the page helpers every app shares (labourplan.lib.pages)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from labourplan.lib.errors import ServiceError
from labourplan.lib.pages import fiscal_year_asked, run_action, safe_next
from labourplan.notifications.models import Notification
from labourplan.reference.models import FiscalYear
from labourplan.reports import services as reports
from labourplan.reports.models import MonthlyReport
from labourplan.submissions.models import SubmissionState, Timeliness
from labourplan.submissions.services import Lifecycle

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)
NOW = datetime.datetime(2026, 11, 24, 3, 0, tzinfo=datetime.UTC)


class FormError(ServiceError):
    """A form's own error class: the life cycle raises what it is given."""


LIFECYCLE = Lifecycle(model=MonthlyReport, kind="report", error=FormError)


@pytest.fixture
def october(reporting_plan, cm_editor):
    return reports.open_report(plan=reporting_plan, month_index=1, by=cm_editor, today=TODAY)


@pytest.fixture
def submitted(october, cm_approver):
    return LIFECYCLE.submit(report=october, by=cm_approver, now=NOW)


def unchanged(report, *, state, revision):
    report.refresh_from_db()
    assert (report.state, report.revision) == (state, revision)


def test_submitting_records_who_and_when_and_keeps_the_first_time(october, cm_approver, central_admin):
    revision = october.revision
    report = LIFECYCLE.submit(report=october, by=cm_approver, now=NOW)
    assert (report.state, report.submitted_by, report.submitted_at, report.first_submitted_at) == (
        SubmissionState.SUBMITTED,
        cm_approver,
        NOW,
        NOW,
    )
    assert report.revision == revision + 1
    assert report.history.first().history_user == cm_approver
    LIFECYCLE.return_(report=report, by=central_admin, comment="แก้ผลเดือนตุลาคม")
    later = NOW + datetime.timedelta(days=3)
    again = LIFECYCLE.submit(report=report, by=cm_approver, now=later)
    assert (again.submitted_at, again.first_submitted_at) == (later, NOW)  # timeliness follows the first


def test_only_a_draft_or_a_returned_form_is_submitted(submitted, cm_approver):
    with pytest.raises(FormError, match="ส่งได้เฉพาะรายงานที่อยู่ในสถานะร่างหรือถูกส่งกลับให้แก้ไขเท่านั้น"):
        LIFECYCLE.submit(report=submitted, by=cm_approver, now=NOW)


def test_the_forms_own_check_refuses_before_anything_is_written(october, cm_approver):
    seen = []

    def check(report, now):
        seen.append((report.state, now))
        raise FormError("ยังไม่ครบ")

    with pytest.raises(FormError, match="ยังไม่ครบ"):
        LIFECYCLE.submit(report=october, by=cm_approver, now=NOW, check=check)
    assert seen == [(SubmissionState.DRAFT, NOW)]
    unchanged(october, state=SubmissionState.DRAFT, revision=october.revision)
    assert MonthlyReport.objects.get(pk=october.pk).first_submitted_at is None


def test_the_editor_may_not_submit_nor_the_province_review(october, submitted, cm_editor, cm_approver):
    with pytest.raises(PermissionDenied):
        LIFECYCLE.submit(report=october, by=cm_editor, now=NOW)
    for transition in (LIFECYCLE.accept, LIFECYCLE.return_):
        with pytest.raises(PermissionDenied):
            transition(report=submitted, by=cm_approver, comment="ดี")


def test_accepting_locks_the_form_and_tells_the_province(submitted, central_admin, cm_editor):
    report = LIFECYCLE.accept(report=submitted, by=central_admin, comment="  ครบถ้วน  ")
    assert (report.state, report.reviewed_by, report.review_comment) == (
        SubmissionState.ACCEPTED,
        central_admin,
        "ครบถ้วน",
    )
    assert not report.is_editable and report.is_sent
    with pytest.raises(FormError, match="รายงานนี้อยู่ในสถานะ"):
        LIFECYCLE.require_editable(report, cm_editor)
    told = Notification.objects.filter(kind="report_accepted")
    assert told.exists() and {n.path for n in told} == {f"/reports/{report.pk}/"}


def test_a_return_needs_what_to_correct_and_writes_nothing_without_it(submitted, central_admin):
    with pytest.raises(FormError, match="กรุณาระบุสิ่งที่จังหวัดต้องแก้ไข") as refused:
        LIFECYCLE.return_(report=submitted, by=central_admin, comment="   ")
    assert refused.value.errors == {"comment": "กรุณาระบุสิ่งที่จังหวัดต้องแก้ไข"}
    unchanged(submitted, state=SubmissionState.SUBMITTED, revision=submitted.revision)
    assert not Notification.objects.filter(kind__startswith="report_").exists()
    report = LIFECYCLE.return_(report=submitted, by=central_admin, comment="แนบหลักฐาน")
    assert (report.state, report.review_comment, report.is_editable) == (SubmissionState.RETURNED, "แนบหลักฐาน", True)
    notice = Notification.objects.filter(kind="report_returned").first()
    assert "แนบหลักฐาน" in notice.body


def test_only_a_submitted_form_is_reviewed_and_only_an_accepted_one_reopened(october, submitted, central_admin):
    draft = MonthlyReport.objects.create(plan=october.plan, month_index=2)
    with pytest.raises(FormError, match="รับรายงานได้เฉพาะรายงานที่ส่งแล้วเท่านั้น"):
        LIFECYCLE.accept(report=draft, by=central_admin)
    with pytest.raises(FormError, match="ส่งกลับได้เฉพาะรายงานที่ส่งแล้วเท่านั้น"):
        LIFECYCLE.return_(report=draft, by=central_admin, comment="แก้")
    with pytest.raises(FormError, match="เปิดให้แก้ไขอีกครั้งได้เฉพาะรายงานที่ศูนย์รับรายงานแล้วเท่านั้น"):
        LIFECYCLE.reopen(report=submitted, by=central_admin, reason="แก้")
    unchanged(submitted, state=SubmissionState.SUBMITTED, revision=submitted.revision)


def test_reopening_needs_a_reason_and_returns_the_form(submitted, central_admin):
    accepted = LIFECYCLE.accept(report=submitted, by=central_admin)
    with pytest.raises(FormError, match="กรุณาระบุเหตุผลในการเปิดรายงานให้แก้ไขอีกครั้ง") as refused:
        LIFECYCLE.reopen(report=accepted, by=central_admin, reason="")
    assert set(refused.value.errors) == {"reason"}
    report = LIFECYCLE.reopen(report=accepted, by=central_admin, reason="ตัวเลขเดือนตุลาคมผิด")
    assert (report.state, report.review_comment) == (SubmissionState.RETURNED, "ตัวเลขเดือนตุลาคมผิด")
    assert Notification.objects.filter(kind="report_reopened").exists()


def test_the_queryset_lists_what_waits_oldest_first_and_what_was_sent(october, cm_approver, central_admin):
    plan = october.plan
    second = MonthlyReport.objects.create(plan=plan, month_index=2)
    third = MonthlyReport.objects.create(plan=plan, month_index=3)
    LIFECYCLE.submit(report=second, by=cm_approver, now=NOW)
    LIFECYCLE.submit(report=october, by=cm_approver, now=NOW + datetime.timedelta(hours=1))
    LIFECYCLE.submit(report=third, by=cm_approver, now=NOW - datetime.timedelta(hours=1))
    assert list(MonthlyReport.objects.awaiting_review()) == [third, second, october]
    LIFECYCLE.accept(report=third, by=central_admin)
    LIFECYCLE.return_(report=second, by=central_admin, comment="แก้")
    assert list(MonthlyReport.objects.awaiting_review()) == [october]
    assert set(MonthlyReport.objects.sent()) == {third, october}
    assert list(MonthlyReport.objects.returned()) == [second]


def test_both_forms_share_the_states_and_the_timeliness():
    from labourplan.annual.models import AnnualReport
    from labourplan.reports.models import ReportState
    from labourplan.reports.models import Timeliness as ReportTimeliness

    assert ReportState is SubmissionState and ReportTimeliness is Timeliness
    for model in (MonthlyReport, AnnualReport):
        assert model._meta.get_field("state").choices == SubmissionState.choices
        assert hasattr(model.objects, "awaiting_review")


# The page helpers ------------------------------------------------------------------------------


def get(query: dict):
    return RequestFactory().get("/", query)


def test_the_fiscal_year_asked_by_fy_by_the_older_year_and_in_thai_digits(fy2570):
    years = FiscalYear.objects.all()
    assert fiscal_year_asked(get({"fy": "2570"}), years) == fy2570
    assert fiscal_year_asked(get({"year": "2570"}), years) == fy2570  # links written before ?fy=
    assert fiscal_year_asked(get({"fy": "๒๕๗๐"}), years) == fy2570
    assert fiscal_year_asked(get({}), years, default=lambda: fy2570) == fy2570
    for query in ({"fy": "2400"}, {"fy": "ปีนี้"}, {"year": "2570.5"}):
        with pytest.raises(Http404):
            fiscal_year_asked(get(query), years)
    with pytest.raises(Http404):
        fiscal_year_asked(get({}), years, default=lambda: None)


def test_run_action_says_how_it_went():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    assert run_action(request, lambda: None, "บันทึกแล้ว") is True
    assert run_action(request, lambda: 7, "บันทึกแล้ว") == 7

    def refused():
        raise FormError("ไม่ได้")

    def invalid():
        raise ValidationError(["ไฟล์ไม่ถูกต้อง", "ใหญ่เกินไป"])

    assert run_action(request, refused, "ไม่ควรเห็น") is None
    assert run_action(request, invalid, "ไม่ควรเห็น") is None
    said = [(m.level_tag, m.message) for m in get_messages(request)]
    assert said == [
        ("success", "บันทึกแล้ว"),
        ("success", "บันทึกแล้ว"),
        ("error", "ไม่ได้"),
        ("error", "ไฟล์ไม่ถูกต้อง"),
        ("error", "ใหญ่เกินไป"),
    ]


def test_safe_next_stays_on_this_site():
    request = RequestFactory().get("/")
    assert safe_next(request, "/reports/review/?page=2") == "/reports/review/?page=2"
    assert safe_next(request, "https://evil.example/") == ""
    assert safe_next(request, "//evil.example/") == ""
    assert safe_next(request, None) == ""
