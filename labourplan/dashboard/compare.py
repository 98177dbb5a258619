"""A fiscal year beside the one before at the same date: the reports due by then and those sent on
time, and the budget disbursed over the budget allocated by then. Four queries for both years."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from labourplan.lib import fiscal
from labourplan.plans.models import Allocation, Plan
from labourplan.reference.models import FiscalYear
from labourplan.reports.models import MonthlyReport

TENTH = Decimal("0.1")


def year_before(moment: datetime.datetime) -> datetime.datetime:
    """The same moment a year earlier, in Bangkok (29 February becomes the 28th)."""
    local = moment.astimezone(fiscal.BANGKOK)
    try:
        return local.replace(year=local.year - 1)
    except ValueError:
        return local.replace(year=local.year - 1, day=28)


@dataclass
class AtDate:
    fiscal_year: FiscalYear
    moment: datetime.datetime
    due: int = 0  # reports due by then: the plans of the year × the months whose due date has passed
    sent: int = 0  # of those, sent by then
    on_time: int = 0
    allocated: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)

    @property
    def on_time_percent(self) -> Decimal | None:
        return (Decimal(100 * self.on_time) / self.due).quantize(TENTH, ROUND_HALF_UP) if self.due else None

    @property
    def disbursed_percent(self) -> Decimal | None:
        return (100 * self.disbursed / self.allocated).quantize(TENTH, ROUND_HALF_UP) if self.allocated else None


@dataclass
class Comparison:
    this: AtDate
    last: AtDate | None  # None: no fiscal year before

    @property
    def rows(self) -> list[AtDate]:
        return [self.this, self.last] if self.last else [self.this]


def compare(fiscal_year: FiscalYear, now: datetime.datetime) -> Comparison:
    """The fiscal year as of now (or as of its end, once over) beside the year before as of the
    same date a year earlier."""
    end = fiscal.end_of_day(fiscal_year.end_date)
    this = AtDate(fiscal_year=fiscal_year, moment=min(now, end))
    previous = FiscalYear.objects.filter(year_be=fiscal_year.year_be - 1).first()
    last = AtDate(fiscal_year=previous, moment=year_before(this.moment)) if previous else None
    years = {at.fiscal_year.pk: at for at in (this, last) if at}
    for fiscal_year_id, plans in (
        Plan.objects.filter(fiscal_year__in=list(years)).values("fiscal_year_id").annotate(n=Count("pk"))
    ).values_list("fiscal_year_id", "n"):
        at = years[fiscal_year_id]
        today = fiscal.bangkok_today(at.moment)
        months = sum(1 for y, m in at.fiscal_year.months if at.fiscal_year.report_due_date(y, m) < today)
        at.due = plans * months
    by_moment = Q()
    for pk, at in years.items():
        by_moment |= Q(plan__fiscal_year_id=pk, first_submitted_at__lte=at.moment)
    disbursed: dict[int, Decimal] = defaultdict(Decimal)
    for fiscal_year_id, index, first, amount in MonthlyReport.objects.filter(by_moment).values_list(
        "plan__fiscal_year_id", "month_index", "first_submitted_at", "disbursed"
    ):
        at = years[fiscal_year_id]
        year, month = at.fiscal_year.months[index - 1]
        due = at.fiscal_year.report_due_date(year, month)
        if due < fiscal.bangkok_today(at.moment):
            at.sent += 1
            at.on_time += fiscal.is_on_time(first, due)
        disbursed[fiscal_year_id] += amount
    received = Q()
    for pk, at in years.items():
        received |= Q(plan__fiscal_year_id=pk, received_on__lte=fiscal.bangkok_today(at.moment))
    for fiscal_year_id, amount in (
        Allocation.objects.filter(received).values("plan__fiscal_year_id").annotate(s=Sum("amount"))
    ).values_list("plan__fiscal_year_id", "s"):
        years[fiscal_year_id].allocated = amount or Decimal(0)
    for pk, amount in disbursed.items():
        years[pk].disbursed = amount
    return Comparison(this=this, last=last)
