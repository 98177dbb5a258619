"""The dashboard beside the fiscal year before at the same date."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from labourplan.dashboard.compare import compare, year_before
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import Allocation, Plan
from labourplan.reference.models import FiscalYear, Province
from labourplan.reports.models import MonthlyReport
from tests.dashboard.conftest import AS_OF


@pytest.fixture(autouse=True)
def tenth_of_january():
    with time_machine.travel(AS_OF, tick=False):
        yield


def last_years_plan(by):
    """Songkhla's FY 2569: October's report on time, November's sent after 10 January 2569 (B.E.)."""
    plan = Plan.objects.create(
        province=Province.objects.get(code="90"), fiscal_year=FiscalYear.objects.get(year_be=2569), created_by=by
    )
    Allocation.objects.create(plan=plan, amount=Decimal(100000), received_on=datetime.date(2025, 10, 20), created_by=by)
    Allocation.objects.create(plan=plan, amount=Decimal(50000), received_on=datetime.date(2026, 2, 1), created_by=by)
    sent = [datetime.datetime(2025, 11, 3, 9, tzinfo=BANGKOK), datetime.datetime(2026, 1, 20, 9, tzinfo=BANGKOK)]
    for index, (at, amount) in enumerate(zip(sent, ("5000", "9000"), strict=True), start=1):
        MonthlyReport.objects.create(plan=plan, month_index=index, disbursed=Decimal(amount), first_submitted_at=at)
    return plan


def test_last_year_is_read_as_it_stood_a_year_ago(country, central_admin):
    fiscal_year = country(1)  # October and November sent on the 3rd of the month after, 12,000 of 100,000
    last_years_plan(central_admin)
    comparison = compare(fiscal_year, AS_OF)
    this, last = comparison.rows
    assert last.moment == year_before(AS_OF) and last.fiscal_year.year_be == 2569
    due = sum(1 for y, m in fiscal_year.months if fiscal_year.report_due_date(y, m) < AS_OF.date())
    assert (this.due, this.sent, this.on_time) == (due, 2, 2)
    assert this.disbursed_percent == Decimal("12.0")
    # A year ago November's report was not in yet, nor February's allocation.
    assert (last.due, last.sent, last.on_time) == (due, 1, 1)
    assert (last.allocated, last.disbursed, last.disbursed_percent) == (100000, 5000, Decimal("5.0"))


def test_the_dashboard_shows_both_years(client, central_viewer, country, central_admin):
    country(1)
    last_years_plan(central_admin)
    client.force_login(central_viewer)
    html = client.get("/national/?fy=2570").content.decode()
    table = html[html.index('data-testid="last-year"') :]
    table = table[: table.index("</table>")]
    assert 'data-year="2570"' in table and 'data-year="2569"' in table
    assert "12.0%" in table and "5.0%" in table and "เทียบกับปีงบประมาณ 2569" in table


def test_the_same_queries_for_any_number_of_years_before(country, central_admin, django_assert_num_queries):
    fiscal_year = country(2)
    last_years_plan(central_admin)
    with django_assert_num_queries(4):  # the year before, plans, reports sent, allocations
        compare(fiscal_year, AS_OF)
    Plan.objects.create(
        province=Province.objects.get(code="90"),
        fiscal_year=FiscalYear.objects.get(year_be=2568),
        created_by=central_admin,
    )
    with django_assert_num_queries(4):
        compare(fiscal_year, AS_OF)
