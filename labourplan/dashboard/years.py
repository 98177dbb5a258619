"""A province across fiscal years, beside its region and the nation: its level (the latest frozen
round of each year), its results over its targets, its budget disbursed and its reports sent; and
each year's key activities, the province's results over its targets beside its region's and the
nation's, figures the dashboard shows for the same year; and the province's data-quality score of
each year. The nation is the regional provinces', as on the dashboard. Thirteen queries, whatever
the number of fiscal years and provinces."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import add

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from labourplan.dashboard.activities import (
    KEY_ACTIVITIES,
    ActivityFigures,
    Contribution,
    Totals,
    by_national_target,
    contributions,
    plan_rows_in_force,
    submitted_results,
    template_activities,
)
from labourplan.evaluation.models import FrozenEvaluation
from labourplan.plans.models import Allocation, Plan, PlanItem, PlanVersion
from labourplan.quality.score import Score, scores_of_plans
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
class KeyActivity:
    """A key activity of a year (the largest national targets first, as on the dashboard): the
    province's results over its targets beside its region's and the nation's."""

    figures: ActivityFigures  # the nation's and the regions' totals
    province: Totals | None  # None: the province's plan in force does not carry it
    region_id: int

    @property
    def region(self) -> Totals:
        return self.figures.region(self.region_id)

    @property
    def nation(self) -> Totals:
        return self.figures.national

    @property
    def rows(self) -> list[tuple[str, Totals | None]]:
        return [("province", self.province), ("region", self.region), ("nation", self.nation)]


@dataclass
class YearLine:
    fiscal_year: FiscalYear
    province: Sums | None  # None: the province had no plan that year
    region: Sums
    nation: Sums
    activities: list[KeyActivity] = field(default_factory=list)
    quality: Score | None = None  # the province's data-quality score; None without a plan

    @property
    def rows(self) -> list[tuple[str, Sums | None]]:
        return [("province", self.province), ("region", self.region), ("nation", self.nation)]


def across_years(province: Province) -> list[YearLine]:
    """The province's line for each fiscal year any province planned, newest first."""
    years = {fy.pk: fy for fy in FiscalYear.objects.filter(plans__isnull=False).distinct().order_by("-year_be")}
    plans = {
        pk: (fiscal_year_id, province_id, region_id)
        for pk, fiscal_year_id, province_id, region_id in Plan.objects.filter(
            province__in=Province.objects.regional()
        ).values_list("pk", "fiscal_year_id", "province_id", "province__region_id")
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
    _key_activities(province, lines, plans)
    own = {
        pk: years[fiscal_year_id]
        for pk, (fiscal_year_id, province_id, _region) in plans.items()
        if province_id == province.pk
    }
    for plan_id, quality in scores_of_plans(own).items():
        lines[own[plan_id].pk].quality = quality
    return list(lines.values())


def _key_activities(province: Province, lines: dict[int, YearLine], plans: dict[int, tuple[int, int, int]]) -> None:
    """Each year's key activities (`by_national_target`), summed from the plans in force as the
    dashboard sums them (`activities.contributions`): three queries, the template's activities,
    the rows in force of every plan, and the results of the key activities' rows alone."""
    as_of = timezone.now()
    regional = Province.objects.regional()
    versions = PlanVersion.objects.in_force().filter(plan__province__in=regional)
    items = plan_rows_in_force(versions)
    headers = template_activities(lines)
    ranked = {
        fiscal_year_id: {a.template_item_id: a for a in activities} for fiscal_year_id, activities in headers.items()
    }
    _sum(ranked, contributions(items, {}), plans)  # the targets, to choose the key activities by
    key_activities = {
        fiscal_year_id: {
            a.template_item_id: replace(a, national=Totals(), by_region=defaultdict(Totals))  # summed again below
            for a in by_national_target(activities.values())[:KEY_ACTIVITIES]
            if a.national.annual_target  # a year whose plans in force carry no target has none
        }
        for fiscal_year_id, activities in ranked.items()
    }
    key_ids = [template_item_id for chosen in key_activities.values() for template_item_id in chosen]
    key_rows = PlanItem.objects.filter(
        Q(parent=None, template_item_id__in=key_ids) | Q(parent__template_item_id__in=key_ids)
    )
    results = submitted_results(
        ReportResult.objects.filter(report__plan__province__in=regional, item_key__in=key_rows.values("key")), as_of
    )
    found = contributions(items, results)
    _sum(key_activities, found, plans)
    own = {
        plans[plan_id][0]: contribution for plan_id, contribution in found.items() if plans[plan_id][1] == province.pk
    }
    for fiscal_year_id, chosen in key_activities.items():
        line = lines.get(fiscal_year_id)
        if line is None:
            continue
        mine = own.get(fiscal_year_id, {})
        for template_item_id, figures in chosen.items():
            totals = None
            if template_item_id in mine:
                totals = Totals()
                totals.add(*mine[template_item_id])
            line.activities.append(KeyActivity(figures=figures, province=totals, region_id=province.region_id))


def _sum(
    activities: dict[int, dict[int, ActivityFigures]],
    found: dict[int, Contribution],
    plans: dict[int, tuple[int, int, int]],
) -> None:
    """Each plan's contribution to its year's activities among `activities`, to its region and the nation."""
    for plan_id, contribution in found.items():
        fiscal_year_id, _province_id, region_id = plans[plan_id]
        of_year = activities.get(fiscal_year_id, {})
        for template_item_id, (targets, results) in contribution.items():
            if template_item_id in of_year:
                of_year[template_item_id].add(region_id, targets, results)
