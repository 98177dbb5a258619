"""A province across fiscal years, beside its region and the nation: its level (the latest frozen
round of each year), its results over its targets, its budget disbursed and its reports sent; and
the province's key activities. Nine queries, whatever the number of fiscal years and provinces
(each sums in the database)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import add

from django.db.models import Count, F, Sum

from labourplan.evaluation.models import FrozenEvaluation
from labourplan.plans.models import Allocation, Plan, PlanItem, PlanVersion
from labourplan.reference.models import FiscalYear, MonthlyTargets, Province
from labourplan.reports.models import MonthlyReport, ReportResult

TENTH = Decimal("0.1")


@dataclass
class Sums:
    """What some provinces' plans of one year add up to."""

    provinces: int = 0
    target: int = 0
    result: int = 0
    allocated: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)
    reports: int = 0
    levels: list[int] = field(default_factory=list)

    def add(self, other: Sums) -> None:
        self.provinces += other.provinces
        self.target += other.target
        self.result += other.result
        self.allocated += other.allocated
        self.disbursed += other.disbursed
        self.reports += other.reports
        self.levels += other.levels

    @property
    def results_percent(self) -> Decimal | None:
        return (Decimal(100 * self.result) / self.target).quantize(TENTH, ROUND_HALF_UP) if self.target else None

    @property
    def disbursed_percent(self) -> Decimal | None:
        return (100 * self.disbursed / self.allocated).quantize(TENTH, ROUND_HALF_UP) if self.allocated else None

    @property
    def level(self) -> Decimal | None:
        """The level, or the mean level of the provinces evaluated."""
        return (Decimal(sum(self.levels)) / len(self.levels)).quantize(TENTH, ROUND_HALF_UP) if self.levels else None

    @property
    def reports_per_province(self) -> Decimal | None:
        return (Decimal(self.reports) / self.provinces).quantize(TENTH, ROUND_HALF_UP) if self.provinces else None


@dataclass
class Activity:
    """One of the province's activities in a year's plan in force (with its sub-items' results)."""

    title: str
    target: int = 0
    result: int = 0

    @property
    def percent(self) -> Decimal | None:
        return (Decimal(100 * self.result) / self.target).quantize(TENTH, ROUND_HALF_UP) if self.target else None


@dataclass
class YearLine:
    fiscal_year: FiscalYear
    province: Sums | None  # None: the province had no plan that year
    region: Sums
    nation: Sums
    activities: list[Activity] = field(default_factory=list)  # the province's largest targets first

    @property
    def rows(self) -> list[tuple[str, Sums | None]]:
        return [("province", self.province), ("region", self.region), ("nation", self.nation)]


def across_years(province: Province) -> list[YearLine]:
    """The province's line for each fiscal year any province planned, newest first."""
    years = {fy.pk: fy for fy in FiscalYear.objects.filter(plans__isnull=False).distinct().order_by("-year_be")}
    plans = {
        pk: (fiscal_year_id, province_id, region_id)
        for pk, fiscal_year_id, province_id, region_id in Plan.objects.values_list(
            "pk", "fiscal_year_id", "province_id", "province__region_id"
        )
    }
    by_plan: dict[int, Sums] = defaultdict(Sums, {pk: Sums(provinces=1) for pk in plans})
    for plan_id, amount in Allocation.objects.values("plan_id").annotate(s=Sum("amount")).values_list("plan_id", "s"):
        by_plan[plan_id].allocated = amount or Decimal(0)
    sent = MonthlyReport.objects.filter(first_submitted_at__isnull=False).values("plan_id")
    for plan_id, disbursed, n in sent.annotate(s=Sum("disbursed"), n=Count("pk")).values_list("plan_id", "s", "n"):
        by_plan[plan_id].disbursed, by_plan[plan_id].reports = disbursed or Decimal(0), n
    annual = reduce(add, (F(name) for name in MonthlyTargets.TARGET_FIELDS))
    rows = PlanItem.objects.filter(topic__version__in=PlanVersion.objects.in_force(), parent=None)
    for plan_id, target in (
        rows.values("topic__version__plan_id").annotate(s=Sum(annual)).values_list("topic__version__plan_id", "s")
    ):
        by_plan[plan_id].target = target or 0
    results = ReportResult.objects.filter(report__first_submitted_at__isnull=False).values("report__plan_id")
    for plan_id, result in results.annotate(s=Sum("result")).values_list("report__plan_id", "s"):
        by_plan[plan_id].result = result or 0
    plan_of = {(fy, province_id): pk for pk, (fy, province_id, _region) in plans.items()}
    latest: dict[tuple[int, int], tuple[int, int]] = {}  # (year, province) → (round, level)
    frozen = FrozenEvaluation.objects.values_list(
        "round__scheme__fiscal_year_id", "province_id", "round__number", "computed_level", "override_level"
    )
    for fiscal_year_id, province_id, number, computed, override in frozen:
        key = (fiscal_year_id, province_id)
        if key not in latest or latest[key][0] < number:
            latest[key] = (number, override or computed)
    for (fiscal_year_id, province_id), (_number, level) in latest.items():
        plan_id = plan_of.get((fiscal_year_id, province_id))
        if plan_id is not None:
            by_plan[plan_id].levels = [level]
    lines = {pk: YearLine(fiscal_year=fy, province=None, region=Sums(), nation=Sums()) for pk, fy in years.items()}
    for plan_id, (fiscal_year_id, province_id, region_id) in plans.items():
        line, sums = lines[fiscal_year_id], by_plan[plan_id]
        line.nation.add(sums)
        if region_id == province.region_id:
            line.region.add(sums)
        if province_id == province.pk:
            line.province = sums
    _key_activities(province, lines)
    return list(lines.values())


KEY_ACTIVITIES = 3


def _key_activities(province: Province, lines: dict[int, YearLine]) -> None:
    """The province's activities with the largest annual targets of each year (two queries)."""
    items = PlanItem.objects.filter(
        topic__version__in=PlanVersion.objects.in_force(), topic__version__plan__province=province
    ).values("id", "key", "parent_id", "title", "topic__version__plan__fiscal_year_id", *MonthlyTargets.TARGET_FIELDS)
    results = ReportResult.objects.filter(report__plan__province=province, report__first_submitted_at__isnull=False)
    by_key = defaultdict(int)
    for fiscal_year_id, key, value in results.values_list("report__plan__fiscal_year_id", "item_key", "result"):
        by_key[(fiscal_year_id, str(key))] += value
    activities: dict[int, Activity] = {}
    years: dict[int, int] = {}
    for item in sorted(items, key=lambda item: item["parent_id"] is not None):  # activities, then sub-items
        fiscal_year_id = item["topic__version__plan__fiscal_year_id"]
        result = by_key[(fiscal_year_id, str(item["key"]))]
        if item["parent_id"] is None:
            target = sum(item[name] for name in MonthlyTargets.TARGET_FIELDS)
            activities[item["id"]] = Activity(title=item["title"], target=target, result=result)
            years[item["id"]] = fiscal_year_id
        elif item["parent_id"] in activities:
            activities[item["parent_id"]].result += result
    for activity_id, activity in activities.items():
        line = lines.get(years[activity_id])
        if line is not None:
            line.activities.append(activity)
    for line in lines.values():
        line.activities = sorted(line.activities, key=lambda a: -a.target)[:KEY_ACTIVITIES]
