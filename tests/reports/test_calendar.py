"""The reporting calendar and the governor's approval (DOMAIN.md section 5, "Calendar and approval").

- A month's report is drafted from the month's first day and sent from the first day of the
  following month, in Bangkok time; a month that has not ended counts in no figure.
- Reports do not wait for the governor: once the plan is sent, they open against the version
  sent; when the approval comes, results stay with their rows (by key), and rows the approved
  version dropped keep their results, shown apart and marked.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from labourplan.dashboard.national import budgets, plan_rows
from labourplan.lib import fiscal
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans import services as plan_services
from labourplan.plans.models import PlanItem, PlanVersion
from labourplan.reports import services
from labourplan.reports.models import MonthlyReport, ReportState, Timeliness
from labourplan.reports.table import load_report_table
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db
D = datetime.date
MARKET = "ตลาดสด"  # a sub-item of the joint inspections: 2 a month
GLP = "ส่งเสริมสถานประกอบการนำแนวปฏิบัติการใช้แรงงานที่ดีไปใช้ (GLP)"  # an activity without sub-items


def at(*args):
    return datetime.datetime(*args, tzinfo=BANGKOK)


def document():
    return SimpleUploadedFile("approval.pdf", PDF_BYTES, content_type="application/pdf")


# The one rule: which months have ended -------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "ended"),
    [
        (D(2026, 10, 1), 0),  # FY 2570 begins: October has just started
        (D(2026, 10, 31), 0),  # October's last day: not over yet
        (D(2026, 11, 1), 1),  # October has ended
        (D(2026, 11, 5), 1),  # October's due date: November is under way
        (D(2026, 12, 4), 2),  # the day the issue was filed: October and November
        (D(2027, 1, 1), 3),  # across the calendar year
        (D(2027, 9, 30), 11),  # September, the fiscal year's last month, is not over on its last day
        (D(2027, 10, 1), 12),  # across the fiscal year: FY 2570 has ended, FY 2571 begins
        (D(2026, 9, 30), 0),  # the day before FY 2570
    ],
)
def test_months_ended_counts_only_months_that_are_over(today, ended):
    assert fiscal.months_ended(2570, today=today) == ended
    months = fiscal.fiscal_months(2570)
    assert [fiscal.month_has_ended(y, m, today=today) for y, m in months] == [True] * ended + [False] * (12 - ended)


def test_sending_opens_on_the_first_of_the_next_month_across_years():
    assert fiscal.sending_opens_on(2026, 10) == D(2026, 11, 1)
    assert fiscal.sending_opens_on(2026, 12) == D(2027, 1, 1)
    assert fiscal.sending_opens_on(2027, 9) == D(2027, 10, 1)  # into the next fiscal year


# Sending: only once the month has ended, in Bangkok ------------------------------------------


@pytest.mark.parametrize(
    ("month_index", "moment", "allowed"),
    [
        (1, at(2026, 10, 1, 9, 0), False),  # October's first day
        (1, at(2026, 10, 5, 9, 0), False),
        (1, at(2026, 10, 31, 23, 59), False),  # October's last minute in Bangkok (16:59 UTC)
        (1, at(2026, 11, 1, 0, 1), True),  # 1 November in Bangkok, still 31 October in UTC
        (1, at(2026, 11, 5, 23, 0), True),  # the due date
        (2, at(2026, 11, 30, 12, 0), False),
        (2, at(2026, 12, 1, 8, 0), True),
        (3, at(2026, 12, 4, 10, 0), False),  # December sent on 4 December: the example
        (3, at(2026, 12, 31, 23, 59), False),  # across the calendar year
        (3, at(2027, 1, 1, 0, 0), True),
    ],
)
def test_a_report_is_sent_only_once_its_month_has_ended(
    reporting_plan, cm_editor, cm_approver, month_index, moment, allowed
):
    with time_machine.travel(moment, tick=False):
        report = services.open_report(plan=reporting_plan, month_index=month_index, by=cm_editor)
        revision = report.revision
        if allowed:
            services.submit_report(report=report, by=cm_approver)
        else:
            with pytest.raises(services.ReportError, match=r"ส่งรายงานของเดือนนี้ได้ตั้งแต่|can be sent from") as refused:
                services.submit_report(report=report, by=cm_approver)
            opens = report.sending_opens_on
            assert f"{opens.day} " in refused.value.message and str(opens.year + 543) in refused.value.message
    saved = MonthlyReport.objects.get(pk=report.pk)
    if allowed:
        assert saved.state == ReportState.SUBMITTED and saved.first_submitted_at == moment
    else:  # nothing written
        assert (saved.state, saved.revision, saved.first_submitted_at) == (ReportState.DRAFT, revision, None)


def test_september_is_sent_from_1_october_in_the_next_fiscal_year(reporting_plan, cm_editor, cm_approver):
    report = services.open_report(plan=reporting_plan, month_index=12, by=cm_editor, today=D(2027, 9, 1))
    with pytest.raises(services.ReportError):
        services.submit_report(report=report, by=cm_approver, now=at(2027, 9, 30, 23, 0))
    services.submit_report(report=report, by=cm_approver, now=at(2027, 10, 1, 9, 0))
    report.refresh_from_db()
    assert report.timeliness(now=at(2027, 10, 2, 9, 0)) == Timeliness.ON_TIME


@pytest.mark.parametrize("today", [D(2026, 12, 1), D(2026, 12, 4), D(2026, 12, 31)])
def test_the_running_month_is_drafted_but_in_progress(reporting_plan, cm_editor, today):
    december = services.open_report(plan=reporting_plan, month_index=3, by=cm_editor, today=today)
    assert december.timeliness(now=at(today.year, today.month, today.day, 12)) == Timeliness.IN_PROGRESS
    assert not december.has_ended(today) and december.sending_opens_on == D(2027, 1, 1)
    with pytest.raises(services.ReportError):
        services.open_report(plan=reporting_plan, month_index=4, by=cm_editor, today=today)  # January


def test_the_page_offers_no_send_button_for_a_running_month(client, reporting_plan, cm_editor, cm_approver):
    with time_machine.travel(at(2026, 12, 4, 10, 0), tick=False):
        december = services.open_report(plan=reporting_plan, month_index=3, by=cm_editor)
        november = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor)
        client.force_login(cm_approver)
        html = client.get(f"/reports/{december.pk}/").content.decode()
        assert 'id="submit-report" disabled' in html
        assert "1 มกราคม 2570" in html and f'action="/reports/{december.pk}/submit/"' not in html
        assert f'action="/reports/{november.pk}/submit/"' in client.get(f"/reports/{november.pk}/").content.decode()
        # Posting anyway is refused with the same message, and nothing is sent.
        response = client.post(f"/reports/{december.pk}/submit/", follow=True)
        assert "1 มกราคม 2570" in response.content.decode()
        api = client.post(f"/api/reports/{december.pk}/submit/")
        assert api.status_code == 400 and api.json()["code"] == "rule" and "1 มกราคม 2570" in api.json()["message"]
    assert MonthlyReport.objects.get(pk=december.pk).state == ReportState.DRAFT


# The version in force: one definition --------------------------------------------------------


def in_force(plan, as_of=None):
    version = PlanVersion.objects.filter(plan=plan).in_force(as_of=as_of).first()
    assert version == plan.version_in_force(as_of=as_of)  # the queryset and its single-record twin agree
    return version.number if version else None


def test_the_version_in_force_is_the_approved_one_or_else_the_one_sent(
    cm_plan, cm_editor, cm_approver, songkhla, sk_editor
):
    assert in_force(cm_plan) is None  # a draft is never in force
    v1 = plan_services.submit_plan(version=cm_plan.current_version, submitted_on=D(2026, 10, 10), by=cm_approver)
    assert in_force(cm_plan) == 1  # sent to the governor: reports open against it
    assert in_force(cm_plan, D(2026, 10, 9)) is None and in_force(cm_plan, D(2026, 10, 10)) == 1
    plan_services.record_approval(version=v1, approved_on=D(2026, 11, 20), document=document(), by=cm_approver)
    amendment = plan_services.start_amendment(plan=cm_plan, reason="เพิ่มกิจกรรม", by=cm_editor)
    assert in_force(cm_plan) == 1  # an amendment in draft changes nothing
    plan_services.submit_plan(version=amendment, submitted_on=D(2027, 1, 10), by=cm_approver)
    assert in_force(cm_plan) == 1  # the approved version stays in force while the amendment waits
    plan_services.record_approval(version=amendment, approved_on=D(2027, 1, 20), document=document(), by=cm_approver)
    assert in_force(cm_plan) == 2
    assert [in_force(cm_plan, day) for day in (D(2026, 11, 19), D(2027, 1, 19), D(2027, 1, 20))] == [1, 1, 2]
    other = plan_services.create_plan(province=songkhla, fiscal_year=cm_plan.fiscal_year, by=sk_editor)
    versions = PlanVersion.objects.filter(plan__fiscal_year=cm_plan.fiscal_year).in_force()
    assert list(versions.values_list("plan_id", "number")) == [(cm_plan.pk, 2)]  # one per plan; none for a draft
    assert other.version_in_force() is None


def test_a_plan_taken_back_to_draft_opens_no_report(cm_plan, cm_editor, cm_approver):
    version = plan_services.submit_plan(version=cm_plan.current_version, submitted_on=D(2026, 10, 10), by=cm_approver)
    plan_services.return_to_draft(version=version, by=cm_approver)
    with pytest.raises(services.ReportError, match=r"ผู้ว่าราชการ|governor"):
        services.open_report(plan=cm_plan, month_index=1, by=cm_editor, today=D(2026, 11, 3))
    assert not MonthlyReport.objects.exists()


# Reports do not wait for the governor ---------------------------------------------------------


@pytest.fixture
def sent_plan(cm_plan, cm_editor, cm_approver):
    """Chiang Mai's plan sent to the governor on 10 October, 100,000 baht allocated; no approval yet."""
    plan_services.submit_plan(version=cm_plan.current_version, submitted_on=D(2026, 10, 10), by=cm_approver)
    plan_services.add_allocation(plan=cm_plan, amount=Decimal("100000"), received_on=D(2026, 10, 25), by=cm_editor)
    cm_plan.refresh_from_db()
    return cm_plan


def item(plan, title):
    return PlanItem.objects.get(topic__version=plan.current_version, title=title)


def typed_and_sent_on_3_november(plan, editor, approver):
    with time_machine.travel(at(2026, 11, 3, 9, 0), tick=False):
        october = services.open_report(plan=plan, month_index=1, by=editor)
        services.save_result(
            report=october, item=item(plan, MARKET), revision=0, result=2, by=editor, confirmed=True, remark="ตรวจ"
        )
        services.save_result(
            report=october, item=item(plan, GLP), revision=0, result=1, by=editor, confirmed=True, remark="ล่วงหน้า"
        )
        october.refresh_from_db()
        services.update_report(
            report=october, revision=october.revision, changes={"disbursed": Decimal("12000")}, by=editor
        )
        services.submit_report(report=october, by=approver)
    october.refresh_from_db()
    return october


def rows_by_title(report):
    strategies = load_report_table(report)
    found = {}

    def walk(rows):
        for row in rows:
            found[row.item.title] = row
            walk(row.sub_rows)

    for block in strategies:
        for topic in block.topics:
            walk(topic.rows)
    return found, strategies.dropped


def results_in_force(plan, as_of):
    """What the centre's figures carry for each row of the province's plan in force."""
    rows = plan_rows(fiscal_year=plan.fiscal_year, as_of=as_of, province_ids=[plan.province_id])
    return {row.title: row.totals.total_result for row in rows[plan.province_id]}


def test_a_late_approval_keeps_the_results_sent_before_it(sent_plan, cm_editor, cm_approver, chiang_mai):
    october = typed_and_sent_on_3_november(sent_plan, cm_editor, cm_approver)
    assert october.timeliness(now=at(2026, 11, 10, 9)) == Timeliness.ON_TIME  # on time, before any approval
    # The centre counts it already: the province's rows and money in force carry the results.
    before = results_in_force(sent_plan, at(2026, 11, 10, 9))
    assert (before[MARKET], before[GLP]) == (2, 1)
    money = budgets(fiscal_year=sent_plan.fiscal_year, as_of=at(2026, 11, 10, 9), province_ids=[chiang_mai.pk])
    assert money[chiang_mai.pk].disbursed[0] == Decimal("12000")

    plan_services.record_approval(
        version=sent_plan.current_version, approved_on=D(2026, 11, 20), document=document(), by=cm_approver
    )
    rows, dropped = rows_by_title(october)
    assert (rows[MARKET].result, rows[GLP].result, dropped) == (2, 1, [])
    after = results_in_force(sent_plan, at(2026, 11, 21, 9))
    assert (after[MARKET], after[GLP]) == (2, 1)


def test_rows_the_governor_had_removed_keep_their_results_marked(sent_plan, cm_editor, cm_approver):
    october = typed_and_sent_on_3_november(sent_plan, cm_editor, cm_approver)
    # The governor asks for GLP to go: back to draft, the row deleted, sent again and approved.
    version = plan_services.return_to_draft(version=sent_plan.current_version, by=cm_approver)
    plan_services.delete_item(item=item(sent_plan, GLP), by=cm_editor)
    version = plan_services.submit_plan(version=version, submitted_on=D(2026, 11, 18), by=cm_approver)
    plan_services.record_approval(version=version, approved_on=D(2026, 11, 20), document=document(), by=cm_approver)

    rows, dropped = rows_by_title(october)
    assert GLP not in rows and rows[MARKET].result == 2
    assert [(d.title, d.result, d.cumulative_result, d.unit) for d in dropped] == [(GLP, 1, 1, "แห่ง")]
    november = services.open_report(plan=sent_plan, month_index=2, by=cm_editor, today=D(2026, 12, 1))
    _rows, dropped_later = rows_by_title(november)
    assert [(d.title, d.result, d.cumulative_result) for d in dropped_later] == [(GLP, 0, 1)]  # since October


def test_an_amendment_that_drops_a_row_keeps_its_results_marked(client, sent_plan, cm_editor, cm_approver):
    october = typed_and_sent_on_3_november(sent_plan, cm_editor, cm_approver)
    plan_services.record_approval(
        version=sent_plan.current_version, approved_on=D(2026, 11, 20), document=document(), by=cm_approver
    )
    amendment = plan_services.start_amendment(plan=sent_plan, reason="ตัดกิจกรรม GLP", by=cm_editor)
    glp = PlanItem.objects.get(topic__version=amendment, title=GLP)
    plan_services.delete_item(item=glp, by=cm_editor)
    rows, dropped = rows_by_title(october)
    assert GLP in rows and dropped == []  # the amendment is a draft: version 1 stays in force
    plan_services.submit_plan(version=amendment, submitted_on=D(2026, 12, 1), by=cm_approver)
    plan_services.record_approval(version=amendment, approved_on=D(2026, 12, 2), document=document(), by=cm_approver)
    rows, dropped = rows_by_title(october)
    assert GLP not in rows and [(d.title, d.result) for d in dropped] == [(GLP, 1)]
    client.force_login(cm_editor)
    html = client.get(f"/reports/{october.pk}/").content.decode()
    assert 'data-testid="dropped-rows"' in html and GLP in html
    assert "ตัดออกจากแผนที่อนุมัติแล้ว" in html
    api = client.get(f"/api/reports/{october.pk}/").json()
    assert [(d["title"], d["result"], d["cumulative_result"]) for d in api["dropped_rows"]] == [(GLP, 1, 1)]
    assert api["sending_opens_on"] == "2026-11-01"


def test_the_report_page_says_which_plan_it_follows_before_the_approval(client, sent_plan, cm_editor, cm_approver):
    october = typed_and_sent_on_3_november(sent_plan, cm_editor, cm_approver)
    client.force_login(cm_editor)
    assert 'data-testid="plan-not-yet-approved"' in client.get(f"/reports/{october.pk}/").content.decode()
    plan_services.record_approval(
        version=sent_plan.current_version, approved_on=D(2026, 11, 20), document=document(), by=cm_approver
    )
    assert 'data-testid="plan-not-yet-approved"' not in client.get(f"/reports/{october.pk}/").content.decode()


def test_reminders_go_to_a_plan_sent_but_not_approved(sent_plan):
    from labourplan.reports.reminders import notices

    found = notices(today=D(2026, 11, 5), province=sent_plan.province)
    assert [(n.month_index, n.kind) for n in found] == [(1, "due")]
