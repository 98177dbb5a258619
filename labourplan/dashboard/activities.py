"""Activities summed over provinces, as the national picture and a province across years read them.

An activity is matched across provinces by the template row it was copied from
(`PlanItem.template_item`), so that a province's renaming does not split it; its results are those
of its sub-items, or its own when it has none, from the monthly reports sent; the plans counted are
their versions in force (`PlanVersion.objects.in_force`). The key activities of a year are those
with the largest national targets.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from labourplan.plans.models import PlanItem, PlanVersion
from labourplan.reference.models import FiscalYear, MonthlyTargets, TemplateItem
from labourplan.reports.models import ReportResult

MONTHS = 12
KEY_ACTIVITIES = 3


def cumulative(values: list) -> list:
    total, out = 0, []
    for value in values:
        total += value
        out.append(total)
    return out


@dataclass
class Totals:
    """Monthly targets and results of one activity over some provinces."""

    targets: list[int] = field(default_factory=lambda: [0] * MONTHS)
    results: list[int] = field(default_factory=lambda: [0] * MONTHS)
    provinces: int = 0

    def add(self, targets: list[int], results: list[int]) -> None:
        self.provinces += 1
        for i in range(MONTHS):
            self.targets[i] += targets[i]
            self.results[i] += results[i]

    @property
    def annual_target(self) -> int:
        return sum(self.targets)

    @property
    def total_result(self) -> int:
        return sum(self.results)

    @property
    def percent(self) -> float | None:
        return 100 * self.total_result / self.annual_target if self.annual_target else None

    @property
    def cumulative_targets(self) -> list[int]:
        return cumulative(self.targets)

    @property
    def cumulative_results(self) -> list[int]:
        return cumulative(self.results)


@dataclass
class ActivityFigures:
    """A template activity summed over the provinces whose plan in force carries it."""

    template_item_id: int
    topic_number: int
    number: int  # within the topic, as Form 1 prints "1)", "2)"
    topic_title: str
    title: str
    unit: str
    national: Totals = field(default_factory=Totals)
    by_region: dict[int, Totals] = field(default_factory=lambda: defaultdict(Totals))

    @property
    def label(self) -> str:
        return f"{self.topic_number}.{self.number} {self.title}"

    def add(self, region_id: int, targets: list[int], results: list[int]) -> None:
        """A province's targets and results, to the nation's and its region's."""
        self.national.add(targets, results)
        self.by_region[region_id].add(targets, results)

    def region(self, region_id: int) -> Totals:
        return self.by_region.get(region_id) or Totals()


def by_national_target(activities: Iterable[ActivityFigures]) -> list[ActivityFigures]:
    """The activities, the largest national target first: the first is the main activity (joint
    inspections, in the template), the first `KEY_ACTIVITIES` the key activities."""
    return sorted(activities, key=lambda activity: -activity.national.annual_target)


def template_activities(fiscal_year_ids: Iterable[int]) -> dict[int, list[ActivityFigures]]:
    """fiscal year id → the template's activities of the year, numbered as Form 1 prints them, with
    no figures yet: one query, whatever the number of years."""
    template = (
        TemplateItem.objects.filter(topic__fiscal_year_id__in=list(fiscal_year_ids), parent=None)
        .order_by("topic__fiscal_year_id", "topic__number", "order", "pk")
        .values("id", "title", "unit", "topic__number", "topic__title", "topic__fiscal_year_id")
    )
    figures: dict[int, list[ActivityFigures]] = defaultdict(list)
    numbers: dict[tuple[int, int], int] = defaultdict(int)
    for item in template:
        topic = (item["topic__fiscal_year_id"], item["topic__number"])
        numbers[topic] += 1
        figures[item["topic__fiscal_year_id"]].append(
            ActivityFigures(
                template_item_id=item["id"],
                topic_number=item["topic__number"],
                number=numbers[topic],
                topic_title=item["topic__title"],
                title=item["title"],
                unit=item["unit"],
            )
        )
    return figures


def activity_headers(fiscal_year: FiscalYear) -> list[ActivityFigures]:
    """The template's activities of the year, numbered as Form 1 prints them, with no figures yet."""
    return template_activities([fiscal_year.pk]).get(fiscal_year.pk, [])


def versions_in_force(fiscal_year: FiscalYear, province_ids: list[int] | None = None) -> dict[int, dict]:
    """plan id → {"id", "plan__province_id"} of its version in force (`PlanVersion.objects.in_force`:
    the one reports follow, the version sent to the governor until one is approved)."""
    versions = PlanVersion.objects.filter(plan__fiscal_year=fiscal_year).in_force()
    if province_ids is not None:
        versions = versions.filter(plan__province_id__in=province_ids)
    return {version["plan_id"]: version for version in versions.values("id", "number", "plan_id", "plan__province_id")}


# plan id, row key → the monthly results of the plan's reports sent
Results = dict[tuple[int, object], list[int]]


def submitted_results(reports: QuerySet[ReportResult], as_of: datetime.datetime) -> Results:
    """(plan id, row key) → monthly results of the reports sent by `as_of`, among the results
    `reports`: one query."""
    results: Results = defaultdict(lambda: [0] * MONTHS)
    rows = reports.filter(report__first_submitted_at__lte=as_of).values_list(
        "report__plan_id", "report__month_index", "item_key", "result"
    )
    for plan_id, month_index, key, value in rows:
        results[(plan_id, key)][month_index - 1] += value
    return results


def sub_items(items: list[dict]) -> dict[int, list[dict]]:
    """activity id → its sub-items, among plan rows read as dicts."""
    children: dict[int, list[dict]] = defaultdict(list)
    for item in items:
        if item["parent_id"]:
            children[item["parent_id"]].append(item)
    return children


# A plan's (or a province's) monthly targets and results of each template activity it carries.
Contribution = dict[int, tuple[list[int], list[int]]]

# What `contributions` reads of each plan row.
ROW_FIELDS = ("id", "key", "parent_id", "template_item_id", "topic__version__plan_id", *MonthlyTargets.TARGET_FIELDS)


def plan_rows_in_force(versions) -> list[dict]:
    """The rows (activities and sub-items) of these versions (a PlanVersion queryset or ids): one query."""
    return list(PlanItem.objects.filter(topic__version__in=versions).values(*ROW_FIELDS))


NONE = [0] * MONTHS


def contributions(items: list[dict], results: Results) -> dict[int, Contribution]:
    """plan id → template row id → (monthly targets, monthly results) of each activity copied from
    the template among these plan rows (`ROW_FIELDS`); an activity's results are its sub-items'
    (a row missing from `results` has none)."""
    children = sub_items(items)
    found: dict[int, Contribution] = defaultdict(dict)
    for item in items:
        if item["parent_id"] or item["template_item_id"] is None:
            continue
        plan_id = item["topic__version__plan_id"]
        leaves = children.get(item["id"]) or [item]
        read = [results.get((plan_id, leaf["key"]), NONE) for leaf in leaves]
        monthly_results = [sum(months[i] for months in read) for i in range(MONTHS)]
        targets = [item[name] for name in MonthlyTargets.TARGET_FIELDS]
        found[plan_id][item["template_item_id"]] = (targets, monthly_results)
    return found


def activity_contributions(
    *, fiscal_year: FiscalYear, as_of: datetime.datetime, province_ids: list[int] | None = None
) -> dict[int, Contribution]:
    """province id → template row id → (monthly targets, monthly results of the submitted
    reports) over the provinces' plans in force: three queries (versions, plan rows, results)."""
    in_force = versions_in_force(fiscal_year, province_ids)
    items = plan_rows_in_force([version["id"] for version in in_force.values()])
    results = submitted_results(ReportResult.objects.filter(report__plan_id__in=list(in_force)), as_of)
    return {
        in_force[plan_id]["plan__province_id"]: contribution
        for plan_id, contribution in contributions(items, results).items()
    }
