"""A province across fiscal years, beside its region and the nation."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from labourplan.dashboard import years
from labourplan.dashboard.years import across_years
from labourplan.evaluation.models import FrozenEvaluation, Round
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import Allocation, Plan
from labourplan.reference.models import FiscalYear, MonthlyTargets, Province
from labourplan.reports.models import MonthlyReport
from tests.dashboard.conftest import AS_OF, first_activity, report


@pytest.fixture(autouse=True)
def tenth_of_january():
    with time_machine.travel(AS_OF, tick=False):
        yield


SENT = datetime.datetime(2026, 11, 3, 9, tzinfo=BANGKOK)


def bare_plan(code, year_be, by, *, allocated, disbursed):
    """A plan with an allocation and one monthly report sent, written directly (no rows)."""
    plan = Plan.objects.create(
        province=Province.objects.get(code=code), fiscal_year=FiscalYear.objects.get(year_be=year_be), created_by=by
    )
    Allocation.objects.create(
        plan=plan, amount=Decimal(allocated), received_on=datetime.date(2026, 10, 1), created_by=by
    )
    MonthlyReport.objects.create(plan=plan, month_index=1, disbursed=Decimal(disbursed), first_submitted_at=SENT)
    return plan


def test_the_province_beside_its_region_and_the_nation(reporting_plan, cm_approver, central_admin, scheme2570):
    report(reporting_plan, cm_approver, 1, result=4, disbursed="1000")
    bare_plan("51", 2570, central_admin, allocated="200000", disbursed="50000")  # Lamphun, the north
    bare_plan("90", 2570, central_admin, allocated="100000", disbursed="0")  # Songkhla, the south
    bare_plan("50", 2569, central_admin, allocated="80000", disbursed="8000")
    first = Round.objects.get(scheme=scheme2570, number=1)
    second = Round.objects.get(scheme=scheme2570, number=2)
    cm, lamphun = Province.objects.get(code="50"), Province.objects.get(code="51")
    FrozenEvaluation.objects.create(round=first, province=cm, computed_level=2, snapshot={})
    FrozenEvaluation.objects.create(round=second, province=cm, computed_level=3, snapshot={})  # the latest counts
    FrozenEvaluation.objects.create(
        round=second, province=lamphun, computed_level=2, override_level=5, override_reason="ตามหลักฐาน", snapshot={}
    )

    lines = across_years(cm)

    assert [line.fiscal_year.year_be for line in lines] == [2570, 2569]
    this, last = lines
    assert this.province.level == 3 and this.region.level == 4 and this.nation.level == 4
    assert this.province.disbursed_percent == Decimal("1.0")  # 1,000 of 100,000
    assert this.region.disbursed_percent == Decimal("17.0")  # 51,000 of 300,000
    assert this.nation.disbursed_percent == Decimal("12.8")  # 51,000 of 400,000
    assert this.province.result == 4 and this.province.target > 0
    assert this.region.result == 4 and this.region.target == this.province.target  # Lamphun has no rows
    assert (this.province.reports, this.nation.provinces, this.nation.reports_per_province) == (1, 3, 1)
    assert last.province.disbursed_percent == Decimal("10.0") and last.province.level is None
    assert last.province.results_percent is None  # no plan rows that year
    # Its key activities: the largest annual targets first, with the results sent.
    assert len(this.activities) == 3 and last.activities == []
    assert [a.target for a in this.activities] == sorted((a.target for a in this.activities), reverse=True)
    assert this.activities[0].target > 0


def test_a_key_activity_counts_the_results_sent_of_its_rows(reporting_plan, cm_approver, monkeypatch):
    report(reporting_plan, cm_approver, 1, result=4, disbursed="1000")
    report(reporting_plan, cm_approver, 2, result=3, disbursed="1000")
    monkeypatch.setattr(years, "KEY_ACTIVITIES", 1000)  # every activity
    (line,) = years.across_years(reporting_plan.province)
    reported = first_activity(reporting_plan)
    targets = sum(getattr(reported, name) for name in MonthlyTargets.TARGET_FIELDS)
    assert [(a.result, a.target) for a in line.activities if a.title == reported.title] == [(7, targets)]
    assert sum(a.result for a in line.activities) == 7


def test_a_province_without_a_plan_that_year_says_so(client, cm_editor, central_admin):
    bare_plan("90", 2568, central_admin, allocated="1000", disbursed="10")
    client.force_login(cm_editor)
    html = client.get("/provinces/50/years/").content.decode()
    assert 'data-year="2568" data-who="province"' in html
    assert "ยังไม่มีแผนของปีงบประมาณนี้" in html and "เปรียบเทียบรายปีงบประมาณ" in html


def test_a_province_sees_only_its_own(client, sk_editor, chiang_mai):
    client.force_login(sk_editor)
    assert client.get("/provinces/50/years/").status_code == 403


@pytest.mark.parametrize("years", [2, 4])
def test_the_page_runs_the_same_queries_for_any_number_of_fiscal_years(
    client, cm_editor, central_admin, years, django_assert_num_queries
):
    for year_be in range(2570 - years + 1, 2571):
        for code in ("50", "51", "90"):
            bare_plan(code, year_be, central_admin, allocated="1000", disbursed="10")
    client.force_login(cm_editor)
    client.get("/provinces/50/years/")
    # session, user, the province with its region, then the fiscal years, plans, allocations,
    # reports sent, targets in force, results, frozen rounds, the province's rows in force and its
    # results (key activities), and the officer's own province (the page's header)
    with django_assert_num_queries(13):
        response = client.get("/provinces/50/years/")
    assert response.content.decode().count('data-who="nation"') == years
