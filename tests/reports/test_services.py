import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import PlanItem
from labourplan.reports import services
from labourplan.reports.models import MonthlyReport, ReportState, Timeliness
from labourplan.reports.table import load_report_table

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


def october(plan, by):
    return services.open_report(plan=plan, month_index=1, by=by, today=TODAY)


def item(plan, title):
    return PlanItem.objects.get(topic__version=plan.current_version, title=title)


def test_a_report_is_made_for_a_begun_month_of_an_approved_plan(reporting_plan, cm_editor, cm_plan):
    assert october(reporting_plan, cm_editor).month_index == 1
    assert services.open_report(plan=reporting_plan, month_index=2, by=cm_editor, today=TODAY).month_index == 2
    with pytest.raises(services.ReportError, match=r"ธ\.ค\. 2569"):
        services.open_report(plan=reporting_plan, month_index=3, by=cm_editor, today=TODAY)


def test_no_report_before_the_plan_is_sent_to_the_governor(cm_plan, cm_editor):
    with pytest.raises(services.ReportError):
        services.open_report(plan=cm_plan, month_index=1, by=cm_editor, today=TODAY)


def test_results_cumulate_and_activities_show_their_sub_items_sums(reporting_plan, cm_editor):
    report = october(reporting_plan, cm_editor)
    services.save_result(
        report=report,
        item=item(
            reporting_plan,
            "หาข่าว และกำหนดเป้าหมายการตรวจร่วมกับหน่วยงานด้านความมั่นคงและฝ่ายปกครองในพื้นที่ พร้อมทั้งจัดทำแผนตรวจตามการข่าว",
        ),
        revision=0,
        result=1,
        by=cm_editor,
    )
    november = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor, today=TODAY)
    for title, value in [("ตลาดสด", 2), ("ตลาดนัด", 3), ("หาบเร่แผงลอย", 1)]:
        services.save_result(report=november, item=item(reporting_plan, title), revision=0, result=value, by=cm_editor)
    strategies = load_report_table(november)
    inspections = strategies[2].topics[0].rows[1]
    assert (inspections.month_target, inspections.cumulative_target, inspections.annual_target) == (6, 6, 60)
    assert (inspections.result, inspections.cumulative_result) == (6, 6)
    assert inspections.percent_of_year == 10.0
    intelligence = strategies[2].topics[0].rows[0]
    assert (intelligence.result, intelligence.cumulative_result, intelligence.percent_of_year) == (0, 1, 100.0)


def test_results_are_typed_on_sub_items_not_on_their_activity(reporting_plan, cm_editor):
    report = october(reporting_plan, cm_editor)
    with pytest.raises(services.ReportError):
        services.save_result(
            report=report, item=item(reporting_plan, "บูรณาการตรวจตามแผนที่กำหนดร่วมกัน"), revision=0, result=1, by=cm_editor
        )


def test_two_editors_on_one_result_the_second_gets_a_conflict(reporting_plan, cm_editor, cm_approver):
    report = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor, today=TODAY)
    market = item(reporting_plan, "ตลาดสด")
    services.save_result(report=report, item=market, revision=0, result=2, by=cm_editor)
    with pytest.raises(services.Conflict) as conflict:
        services.save_result(report=report, item=market, revision=0, result=5, by=cm_approver)
    assert conflict.value.current.result == 2
    assert report.results.get().result == 2


def test_a_result_over_three_times_the_target_needs_confirmation_and_a_remark(reporting_plan, cm_editor):
    report = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor, today=TODAY)
    market = item(reporting_plan, "ตลาดสด")  # November target 2
    with pytest.raises(services.ReportError) as error:
        services.save_result(report=report, item=market, revision=0, result=7, by=cm_editor)
    assert error.value.needs_confirmation
    with pytest.raises(services.ReportError):
        services.save_result(report=report, item=market, revision=0, result=7, by=cm_editor, confirmed=True)
    saved = services.save_result(
        report=report, item=market, revision=0, result=7, remark="ตรวจเพิ่มช่วงเทศกาล", by=cm_editor, confirmed=True
    )
    assert saved.result == 7
    assert services.save_result(report=report, item=market, revision=1, result=6, by=cm_editor).result == 6


def test_disbursement_above_the_allocation_is_refused_with_both_amounts(reporting_plan, cm_editor):
    report = october(reporting_plan, cm_editor)
    services.update_report(
        report=report, revision=report.revision, changes={"disbursed": Decimal("60000")}, by=cm_editor
    )
    november = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor, today=TODAY)
    with pytest.raises(services.ReportError) as error:
        services.update_report(
            report=november, revision=november.revision, changes={"disbursed": Decimal("40000.01")}, by=cm_editor
        )
    assert "100,000.01" in error.value.message and "100,000.00" in error.value.message
    november.refresh_from_db()
    assert november.disbursed == 0
    services.update_report(
        report=november, revision=november.revision, changes={"disbursed": Decimal("40000")}, by=cm_editor
    )


def test_life_cycle_submit_return_resubmit_accept_reopen(
    reporting_plan, cm_editor, cm_approver, central_admin, central_viewer
):
    report = october(reporting_plan, cm_editor)
    with pytest.raises(PermissionDenied):
        services.submit_report(report=report, by=cm_editor)
    services.submit_report(report=report, by=cm_approver)
    with pytest.raises(PermissionDenied):
        services.return_report(report=report, by=central_viewer, comment="x")
    with pytest.raises(services.ReportError):
        services.return_report(report=report, by=central_admin, comment=" ")
    services.return_report(report=report, by=central_admin, comment="กรุณาแนบภาพกิจกรรม")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.is_editable
    first = report.first_submitted_at
    services.submit_report(report=report, by=cm_approver)
    report.refresh_from_db()
    assert report.first_submitted_at == first  # timeliness keeps the first submission
    services.accept_report(report=report, by=central_admin)
    report.refresh_from_db()
    with pytest.raises(services.ReportError, match=r"ศูนย์|centre"):
        services.update_report(report=report, revision=report.revision, changes={"problems": "x"}, by=cm_editor)
    services.reopen_report(report=report, by=central_admin, reason="แก้ยอดเบิกจ่าย")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED


def test_another_province_cannot_touch_the_report(reporting_plan, cm_editor, sk_editor):
    report = october(reporting_plan, cm_editor)
    with pytest.raises(PermissionDenied):
        services.open_report(plan=reporting_plan, month_index=2, by=sk_editor, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.update_report(report=report, revision=report.revision, changes={"problems": "x"}, by=sk_editor)


@pytest.mark.parametrize(
    ("submitted_at", "expected"),
    [
        (datetime.datetime(2026, 11, 5, 23, 59, 30, tzinfo=BANGKOK), Timeliness.ON_TIME),
        (datetime.datetime(2026, 11, 6, 0, 30, tzinfo=BANGKOK), Timeliness.LATE),  # still the 5th in UTC
        (datetime.datetime(2026, 11, 1, 9, 0, tzinfo=BANGKOK), Timeliness.ON_TIME),
    ],
)
def test_timeliness_is_judged_by_the_first_submission_in_bangkok(
    reporting_plan, cm_editor, cm_approver, submitted_at, expected
):
    report = october(reporting_plan, cm_editor)
    with time_machine.travel(submitted_at, tick=False):
        services.submit_report(report=report, by=cm_approver)
    report.refresh_from_db()
    assert report.timeliness(now=datetime.datetime(2026, 12, 1, tzinfo=BANGKOK)) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime.datetime(2026, 11, 5, 23, 59, 59, tzinfo=BANGKOK), Timeliness.NOT_DUE),
        (datetime.datetime(2026, 11, 6, 0, 0, 1, tzinfo=BANGKOK), Timeliness.MISSING),
    ],
)
def test_an_unsubmitted_report_is_missing_from_the_6th_in_bangkok(reporting_plan, cm_editor, now, expected):
    report = october(reporting_plan, cm_editor)
    assert report.due_date == datetime.date(2026, 11, 5)
    assert report.timeliness(now=now) == expected
    assert MonthlyReport.objects.get(pk=report.pk).state == ReportState.DRAFT


def test_an_allocation_the_months_already_disbursed_need_cannot_be_removed(reporting_plan, cm_editor):
    """100,000 allocated in October, 30,000 more in November; 110,000 disbursed since October."""
    from labourplan.plans.models import Allocation
    from labourplan.plans.services import PlanError, add_allocation, delete_allocation

    first = Allocation.objects.get(plan=reporting_plan)
    second = add_allocation(
        plan=reporting_plan, amount=Decimal("30000"), received_on=datetime.date(2026, 11, 2), by=cm_editor
    )
    report = october(reporting_plan, cm_editor)
    services.update_report(
        report=report, revision=report.revision, changes={"disbursed": Decimal("110000")}, by=cm_editor
    )

    for allocation, remaining in [(first, "30,000.00"), (second, "100,000.00")]:
        with pytest.raises(PlanError, match=remaining) as refused:
            delete_allocation(allocation=allocation, by=cm_editor)
        assert "110,000.00" in str(refused.value)
    assert Allocation.objects.filter(plan=reporting_plan).count() == 2

    report.refresh_from_db()
    services.update_report(
        report=report, revision=report.revision, changes={"disbursed": Decimal("100000")}, by=cm_editor
    )
    delete_allocation(allocation=second, by=cm_editor)  # exactly covered: allowed
    assert list(Allocation.objects.filter(plan=reporting_plan)) == [first]


# The "over three times" check: against the target to date, and a pending value kept on the server --


def _with_targets(plan, title, targets):
    row = item(plan, title)
    PlanItem.objects.filter(pk=row.pk).update(**{f"target_{i}": t for i, t in enumerate(targets, start=1)})
    return item(plan, title)


@pytest.mark.parametrize(
    ("targets", "result", "asks", "reference"),
    [
        ([4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 5, False, None),  # November's target is 0: early work is normal
        ([4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 12, False, None),  # exactly three times the 4 to date
        ([4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 13, True, "(4)"),
        ([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 7, True, "(2)"),  # 2 to date, not November's 1
        ([0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0], 6, False, None),  # none planned yet: the year's 10
        ([0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0], 31, True, "(10)"),
        ([0] * 12, 1, True, "(0)"),  # no target at all: any result is worth a second look
        ([0] * 12, 0, False, None),
    ],
)
def test_the_high_result_check_compares_with_the_target_to_date(
    reporting_plan, cm_editor, targets, result, asks, reference
):
    report = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor, today=TODAY)
    market = _with_targets(reporting_plan, "ตลาดสด", targets)
    if not asks:
        assert (
            services.save_result(report=report, item=market, revision=0, result=result, by=cm_editor).result == result
        )
        return
    with pytest.raises(services.ReportError) as error:
        services.save_result(report=report, item=market, revision=0, result=result, by=cm_editor)
    assert error.value.needs_confirmation and reference in error.value.message
    assert ("ปี" in error.value.message) == (sum(targets[:2]) == 0)  # says which target it compared with


def test_a_value_waiting_for_confirmation_is_kept_on_the_server_and_counts_nowhere(
    reporting_plan, cm_editor, cm_approver
):
    report = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor, today=TODAY)
    market = _with_targets(reporting_plan, "ตลาดสด", [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    services.save_result(report=report, item=market, revision=0, result=3, by=cm_editor)
    with pytest.raises(services.ReportError):
        services.save_result(report=report, item=market, revision=1, result=70, remark="ตรวจ", by=cm_editor)
    saved = report.results.get()
    # Kept for any device, but the counted result (and its revision) are unchanged.
    assert (saved.result, saved.revision, saved.pending_result, saved.pending_remark) == (3, 1, 70, "ตรวจ")
    row = load_report_table(report)[2].topics[0].rows[1].sub_rows[0]
    assert (row.result, row.cumulative_result, row.pending_result) == (3, 3, 70)
    # Another device (another officer) sees it and confirms it with a remark, against the same revision.
    confirmed = services.save_result(
        report=report, item=market, revision=1, result=70, remark="ตรวจเพิ่มช่วงเทศกาล", confirmed=True, by=cm_approver
    )
    assert (confirmed.result, confirmed.revision, confirmed.pending_result, confirmed.pending_remark) == (
        70,
        2,
        None,
        "",
    )


def test_a_pending_value_on_a_new_row_counts_as_nothing_and_keeps_revision_0(reporting_plan, cm_editor):
    report = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor, today=TODAY)
    market = _with_targets(reporting_plan, "ตลาดสด", [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    with pytest.raises(services.ReportError):
        services.save_result(report=report, item=market, revision=0, result=9, by=cm_editor)
    saved = report.results.get()
    assert (saved.result, saved.revision, saved.pending_result) == (0, 0, 9)
    # A lower value needs no confirmation and replaces the pending one.
    assert services.save_result(report=report, item=market, revision=0, result=2, by=cm_editor).pending_result is None
