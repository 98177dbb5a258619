"""The checks on a fiscal year's data: what is recorded, when, and at what cost."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from labourplan.quality import facts, services
from labourplan.quality.models import Finding, FindingState, Rule
from labourplan.reports import services as reports
from tests.quality.conftest import SENT_ON, leaf_items, report_months

pytestmark = pytest.mark.django_db


def test_rules_are_seeded_once_per_fiscal_year_with_thai_messages(fy2570):
    rules = services.ensure_rules(fy2570)
    assert [r.code for r in rules][:2] == ["high_month", "cumulative_over_year"]
    assert services.ensure_rules(fy2570) == rules and Rule.objects.filter(fiscal_year=fy2570).count() == len(rules)
    assert all(not r.message.isascii() for r in rules)


def test_a_spike_is_recorded_with_its_row_and_a_second_run_changes_nothing(province_plan, central_admin):
    plan, approver = province_plan("50")
    report_months(plan, approver, [1, 1, [40, 1, 1], 1])
    services.run_checks(fiscal_year=plan.fiscal_year)
    spike = Finding.objects.get(plan=plan, rule="high_month")
    first = leaf_items(plan)[0]
    assert (spike.month_index, spike.item_key, spike.item_title, spike.value) == (3, str(first.key), first.title, 40)
    assert spike.severity == "warning" and spike.state == FindingState.FOUND
    before = sorted(Finding.objects.values_list("pk", "rule", "month_index", "item_key"))
    services.run_checks(fiscal_year=plan.fiscal_year)
    assert sorted(Finding.objects.values_list("pk", "rule", "month_index", "item_key")) == before


def test_a_value_asked_about_stays_when_no_longer_found_and_an_unasked_one_goes(province_plan, central_admin):
    plan, approver = province_plan("50")
    report_months(plan, approver, [1, 1, [40, 1, 1]])
    services.run_checks(fiscal_year=plan.fiscal_year)
    spike = Finding.objects.get(plan=plan, rule="high_month")
    services.ask(finding=spike, revision=spike.revision, question="ตรวจ 40 ครั้งจริงหรือ", by=central_admin)
    copied = Finding.objects.filter(plan=plan, rule="copied_month").count()
    assert copied == 1  # month 2 repeats month 1
    rule = Rule.objects.get(fiscal_year=plan.fiscal_year, code="high_month")
    services.update_rule(
        rule=rule, revision=rule.revision, by=central_admin, enabled=False, threshold=rule.threshold,
        severity=rule.severity, message=rule.message,
    )  # fmt: skip
    rule = Rule.objects.get(fiscal_year=plan.fiscal_year, code="copied_month")
    services.update_rule(
        rule=rule, revision=rule.revision, by=central_admin, enabled=False, threshold=rule.threshold,
        severity=rule.severity, message=rule.message,
    )  # fmt: skip
    services.run_checks(fiscal_year=plan.fiscal_year)
    spike.refresh_from_db()
    assert spike.state == FindingState.QUESTIONED and spike.still_found is False
    assert not Finding.objects.filter(plan=plan, rule="copied_month").exists()


def test_the_checks_run_when_a_report_is_sent_and_never_stop_it(
    province_plan, django_capture_on_commit_callbacks, monkeypatch
):
    plan, approver = province_plan("50")
    report_months(plan, approver, [1])
    report = reports.open_report(plan=plan, month_index=2, by=approver, today=SENT_ON.date())
    item = leaf_items(plan)[0]
    reports.save_result(report=report, item=item, revision=0, result=60, remark="จริง", by=approver, confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        reports.submit_report(report=report, by=approver, now=SENT_ON)
    assert Finding.objects.filter(plan=plan, rule="high_month", month_index=2).exists()

    def broken(**kwargs):
        raise RuntimeError("the checks broke")

    monkeypatch.setattr(services, "run_checks", broken)
    report = reports.open_report(plan=plan, month_index=3, by=approver, today=SENT_ON.date())
    with django_capture_on_commit_callbacks(execute=True):
        sent = reports.submit_report(report=report, by=approver, now=SENT_ON)
    sent.refresh_from_db()
    assert sent.state == "submitted"


def test_the_queries_do_not_grow_with_provinces_and_months(province_plan):
    plan, approver = province_plan("50")
    report_months(plan, approver, [1, 2])
    fiscal_year = plan.fiscal_year
    services.run_checks(fiscal_year=fiscal_year)
    with CaptureQueriesContext(connection) as few:
        facts.load(fiscal_year)
    assert len(few) == facts.QUERIES
    with CaptureQueriesContext(connection) as few:
        services.run_checks(fiscal_year=fiscal_year)  # nothing new: reads only
    for code in ("90", "10", "20"):
        other, by = province_plan(code)
        report_months(other, by, [3, 1, [30, 2], 2, 2], disbursed=Decimal(9000), narrative="")
    services.run_checks(fiscal_year=fiscal_year)
    assert Finding.objects.exclude(plan=plan).exists()
    with CaptureQueriesContext(connection) as many:
        facts.load(fiscal_year)
    assert len(many) == facts.QUERIES
    with CaptureQueriesContext(connection) as many:
        services.run_checks(fiscal_year=fiscal_year)
    assert len(many) == len(few)


def test_the_command_checks_a_fiscal_year_given_in_thai_digits(province_plan, capsys):
    plan, approver = province_plan("50")
    report_months(plan, approver, [[40, 1]])
    call_command("check_quality", fy="๒๕๗๐")
    assert "2570" in capsys.readouterr().out
    assert Finding.objects.filter(plan=plan, rule="high_month").exists()
    with pytest.raises(CommandError, match="ไม่พบปีงบประมาณ"):
        call_command("check_quality", fy="2400")


def test_a_rows_history_is_the_three_fiscal_years_before_and_no_older(province_plan):
    """The province's own history of a row: its results of the fiscal years just before, read in the
    same queries; a decade back is not read (the cost stays flat as years pile up)."""
    from labourplan.plans.services import add_allocation, create_plan, submit_plan
    from labourplan.reference.models import FiscalYear
    from labourplan.reference.services import copy_fiscal_year_setup

    plan, approver = province_plan("50")
    template = FiscalYear.objects.get(year_be=2562)
    for year_be, result in ((2565, 91), (2566, 92), (2567, 93), (2568, 94), (2569, 95)):
        earlier_year = FiscalYear.objects.get(year_be=year_be)
        copy_fiscal_year_setup(source=template, target=earlier_year)
        earlier = create_plan(province=plan.province, fiscal_year=earlier_year, by=approver)
        submit_plan(version=earlier.current_version, submitted_on=earlier_year.start_date, by=approver)
        add_allocation(plan=earlier, amount=Decimal(5000), received_on=earlier_year.start_date, by=approver)
        report_months(earlier, approver, [result])
    report_months(plan, approver, [1])

    with CaptureQueriesContext(connection) as queries:
        loaded = facts.load(plan.fiscal_year)
    assert len(queries) == facts.QUERIES
    _plan, plan_facts = loaded[plan.pk]
    [row, *_] = plan_facts.rows
    assert sorted(plan_facts.history[row.title]) == [93, 94, 95]
    assert len(plan_facts.disbursed_history) == 3


def test_reports_sent_in_one_transaction_are_checked_in_one_run(
    province_plan, django_capture_on_commit_callbacks, monkeypatch
):
    runs = []
    real = services.run_checks

    def counted(**kwargs):
        runs.append(kwargs["plan_ids"])
        return real(**kwargs)

    monkeypatch.setattr(services, "run_checks", counted)
    plan, approver = province_plan("50")
    other, other_approver = province_plan("90")
    undone, undone_approver = province_plan("10")
    with django_capture_on_commit_callbacks(execute=True) as hooks, transaction.atomic():
        report_months(plan, approver, [1, 1, [40, 1, 1]])
        report_months(other, other_approver, [2, [30, 2]])
        with pytest.raises(RuntimeError), transaction.atomic():  # a send undone: none of it is found
            report_months(undone, undone_approver, [2, [30, 2]])
            raise RuntimeError
    assert len(hooks) == 5 and len(runs) == 1 and {plan.pk, other.pk} <= set(runs[0])
    assert {f.plan_id for f in Finding.objects.filter(rule="high_month")} == {plan.pk, other.pk}

    runs.clear()
    report = reports.open_report(plan=other, month_index=3, by=other_approver, today=SENT_ON.date())
    with django_capture_on_commit_callbacks(execute=True):
        reports.submit_report(report=report, by=other_approver, now=SENT_ON)
    assert runs == [[other.pk]]  # a later report is checked alone, the earlier ones are not again
