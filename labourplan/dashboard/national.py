"""The centre's picture of a fiscal year across the provinces, read in a fixed number of queries.

- Reporting: the completeness matrix of the monthly reports (`reports.monitoring`).
- Plans: each province's plan status for the year.
- Levels: the current evaluation round's results (`evaluation.services.round_view`).
- Activities: targets and results summed over the provinces' plans in force (the latest
  approved version, or the version sent to the governor before any approval), an activity
  matched across provinces by the template row it was copied from (`activities.py`).
- Budget: allocations and the disbursement of the submitted monthly reports.

Results and disbursements count from a report's first submission (the centre sees nothing of a
draft); a report returned for correction still counts, as in the evaluation.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from labourplan.dashboard.activities import (
    MONTHS,
    ActivityFigures,
    Contribution,
    Totals,
    activity_contributions,
    activity_headers,
    by_national_target,
    cumulative,
    sub_items,
    submitted_results,
    versions_in_force,
)
from labourplan.evaluation.models import FrozenEvaluation, Scheme
from labourplan.evaluation.services import (
    CRITERIA_MODELS,
    RoundView,
    current_round,
    round_view,
    rounds_with_criteria,
)
from labourplan.lib import fiscal
from labourplan.lib.stamps import cached_per_province, history_stamp
from labourplan.plans import stamps as plan_stamps
from labourplan.plans.models import Allocation, Plan, PlanItem, PlanStatus
from labourplan.quality.score import Score, plan_scores
from labourplan.reference.models import FiscalYear, MonthlyTargets, Province
from labourplan.reports.models import MonthlyReport, ReportResult
from labourplan.reports.monitoring import Completeness, Month, ProvinceRow, Tally, completeness, tallied


@dataclass
class Budget:
    allocated: Decimal = Decimal(0)
    disbursed: list[Decimal] = field(default_factory=lambda: [Decimal(0)] * MONTHS)

    @property
    def total_disbursed(self) -> Decimal:
        return sum(self.disbursed, Decimal(0))

    @property
    def percent(self) -> float | None:
        return float(100 * self.total_disbursed / self.allocated) if self.allocated else None

    @property
    def cumulative_percents(self) -> list[float | None]:
        if not self.allocated:
            return [None] * MONTHS
        return [float(100 * value / self.allocated) for value in cumulative(self.disbursed)]


@dataclass
class ProvinceLine:
    province: Province
    plan_id: int | None
    status: str
    reporting: ProvinceRow
    budget: Budget
    result: object | None = None  # evaluation.services.Result of the current round
    evaluation_url: str | None = None
    quality: Score | None = None  # its data-quality score (quality/score.py); None without a plan

    @property
    def status_label(self) -> str:
        return PlanStatus(self.status).label

    @property
    def level(self) -> int | None:
        return self.result.level if self.result else None

    @property
    def activities_percent(self) -> Decimal | None:
        return self.result.evaluation.activities_percent if self.result else None

    @property
    def disbursed_percent(self) -> Decimal | None:
        return self.result.evaluation.disbursed_percent if self.result else None


@dataclass
class NationalPicture:
    fiscal_year: FiscalYear
    as_of: datetime.datetime
    reporting: Completeness
    lines: list[ProvinceLine]
    activities: list[ActivityFigures]
    budget: Budget
    evaluation: RoundView | None

    @property
    def months(self) -> list[Month]:
        return self.reporting.months

    @property
    def province_total(self) -> int:
        return len(self.lines)

    @property
    def plans_approved(self) -> int:
        return sum(1 for line in self.lines if line.status in (PlanStatus.APPROVED, PlanStatus.AMENDED))

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        counts = defaultdict(int)
        for line in self.lines:
            counts[line.status] += 1
        return [(status.value, status.label, counts[status.value]) for status in PlanStatus]

    @property
    def latest_due_month(self) -> Month | None:
        """The month whose report fell due most recently: "this month's reports"."""
        today = fiscal.bangkok_today(self.as_of)
        due = [month for month in self.months if month.due_date < today]
        return due[-1] if due else None

    @property
    def latest_month_tally(self) -> Tally | None:
        month = self.latest_due_month
        return self.reporting.by_month[month.index - 1] if month else None

    @property
    def activities_percent(self) -> Decimal | None:
        """The mean of the provinces' percents of activities put into practice (those with a value)."""
        values = [line.activities_percent for line in self.lines if line.activities_percent is not None]
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")) if values else None

    @property
    def disbursed_percent(self) -> Decimal | None:
        """Everything disbursed over everything allocated, in the provinces that reported it."""
        percent = self.budget.percent
        return Decimal(str(percent)).quantize(Decimal("0.01")) if percent is not None else None

    @property
    def thresholds(self) -> list[tuple[int, Decimal | None, Decimal | None]]:
        return self.evaluation.thresholds() if self.evaluation else []

    @property
    def distribution(self) -> list[tuple[int, int]]:
        return self.evaluation.distribution if self.evaluation else []

    def activity(self, template_item_id) -> ActivityFigures | None:
        return next((a for a in self.activities if str(a.template_item_id) == str(template_item_id)), None)

    @property
    def main_activity(self) -> ActivityFigures | None:
        """The activity with the largest national target (joint inspections, in the template)."""
        return next(iter(by_national_target(self.activities)), None)


# --- queries ----------------------------------------------------------------------------------


def _plan_status(number: int | None, state: str | None) -> str:
    if number is None:
        return PlanStatus.NOT_STARTED
    if number > 1:
        return PlanStatus.AMENDED
    return state


@dataclass
class PlanRow:
    """A row of a province's plan in force with its results: an activity or one of its sub-items."""

    key: str
    number: str  # "3.1" for the first activity of topic 3, "-" for a sub-item
    topic_number: int
    topic_title: str
    title: str
    unit: str
    is_sub_item: bool
    totals: Totals
    activity_number: int = 0  # within the topic; a sub-item carries its activity's

    @property
    def label(self) -> str:
        return f"- {self.title}" if self.is_sub_item else f"{self.number} {self.title}"

    @property
    def percent(self) -> float | None:
        return self.totals.percent


def plan_rows(
    *, fiscal_year: FiscalYear, as_of: datetime.datetime, province_ids: list[int] | None = None
) -> dict[int, list[PlanRow]]:
    """province id → the rows of its plan in force, in Form 1 order, with monthly targets and the
    results of its submitted reports (an activity with sub-items shows their sum): four queries."""
    in_force = versions_in_force(fiscal_year, province_ids)
    province_of_version = {v["id"]: v["plan__province_id"] for v in in_force.values()}
    items = PlanItem.objects.filter(topic__version_id__in=list(province_of_version)).order_by(
        "topic__version_id", "topic__strategy__number", "topic__order", "topic_id", "order", "pk"
    )
    items = list(
        items.values(
            "id", "key", "parent_id", "title", "unit", "topic_id", "topic__title", "topic__version_id",
            "topic__version__plan_id", "topic__version__first_topic_number", *MonthlyTargets.TARGET_FIELDS,
        )
    )  # fmt: skip
    results = submitted_results(ReportResult.objects.filter(report__plan_id__in=list(in_force)), as_of)
    children = sub_items(items)
    rows: dict[int, list[PlanRow]] = defaultdict(list)
    topic_numbers: dict[int, int] = {}
    activity_numbers: dict[int, int] = defaultdict(int)
    topics_per_version: dict[int, int] = defaultdict(int)

    def totals_of(plan_id, item, leaves) -> Totals:
        totals = Totals()
        totals.add(
            [item[name] for name in MonthlyTargets.TARGET_FIELDS],
            [sum(results[(plan_id, leaf["key"])][i] for leaf in leaves) for i in range(MONTHS)],
        )
        return totals

    for item in items:
        if item["parent_id"]:
            continue
        version_id = item["topic__version_id"]
        province_id = province_of_version[version_id]
        if item["topic_id"] not in topic_numbers:  # numbered as the form prints them, from the version's first
            topics_per_version[version_id] += 1
            topic_numbers[item["topic_id"]] = (
                item["topic__version__first_topic_number"] - 1 + topics_per_version[version_id]
            )
        topic_number = topic_numbers[item["topic_id"]]
        activity_numbers[item["topic_id"]] += 1
        subs = children.get(item["id"], [])

        activity_number = activity_numbers[item["topic_id"]]
        number = f"{topic_number}.{activity_number}"
        lines = [(item, False, number, subs or [item])] + [(sub, True, "-", [sub]) for sub in subs]
        for of, is_sub, label, leaves in lines:
            rows[province_id].append(
                PlanRow(
                    key=str(of["key"]),
                    number=label,
                    topic_number=topic_number,
                    topic_title=item["topic__title"],
                    title=of["title"],
                    unit=of["unit"],
                    is_sub_item=is_sub,
                    totals=totals_of(item["topic__version__plan_id"], of, leaves),
                    activity_number=activity_number,
                )
            )
    return rows


def budgets(
    *, fiscal_year: FiscalYear, as_of: datetime.datetime, province_ids: list[int] | None = None
) -> dict[int, Budget]:
    """province id → allocations and monthly disbursement of the submitted reports: two queries."""
    allocations = Allocation.objects.filter(plan__fiscal_year=fiscal_year)
    reports = MonthlyReport.objects.filter(plan__fiscal_year=fiscal_year, first_submitted_at__lte=as_of)
    if province_ids is not None:
        allocations = allocations.filter(plan__province_id__in=province_ids)
        reports = reports.filter(plan__province_id__in=province_ids)
    result: dict[int, Budget] = defaultdict(Budget)
    for province_id, total in (
        allocations.values("plan__province_id").annotate(total=Sum("amount")).values_list("plan__province_id", "total")
    ):
        result[province_id].allocated = total or Decimal(0)
    for province_id, month_index, disbursed in reports.values_list("plan__province_id", "month_index", "disbursed"):
        result[province_id].disbursed[month_index - 1] += disbursed
    return result


def current_evaluation(fiscal_year: FiscalYear, today: datetime.date) -> RoundView | None:
    """The round under way (or the latest begun) of the year's criteria; None when it has none."""
    scheme = Scheme.objects.filter(fiscal_year=fiscal_year).first()
    if scheme is None:
        return None
    rounds = rounds_with_criteria(scheme)
    round_ = current_round(rounds, today)
    if round_ is None:
        return None
    scheme.fiscal_year = fiscal_year  # spare the evaluation two look-ups of what we hold
    round_.scheme = scheme
    return round_view(round_=round_, as_of=min(today, fiscal_year.end_date))


@dataclass
class ProvincePiece:
    """What the national picture holds of one province, computed and cached together."""

    reporting: ProvinceRow
    plan_id: int | None
    status: str
    budget: Budget
    activities: Contribution
    quality: Score | None = None


def province_pieces(
    *, fiscal_year: FiscalYear, as_of: datetime.datetime, province_ids: list[int] | None = None
) -> dict[int, ProvincePiece]:
    """province id → its piece, for every regional province or those of `province_ids`, in a
    fixed number of queries."""
    reporting = completeness(fiscal_year=fiscal_year, as_of=as_of, province_ids=province_ids)
    plans = Plan.objects.filter(fiscal_year=fiscal_year)
    if province_ids is not None:
        plans = plans.filter(province_id__in=province_ids)
    statuses = {
        province_id: (plan_id, _plan_status(number, state))
        for province_id, plan_id, number, state in plans.values_list(
            "province_id", "id", "current_version__number", "current_version__state"
        )
    }
    plan_ids = {plan_id: province_id for province_id, (plan_id, _status) in statuses.items()}
    quality = plan_scores(fiscal_year, plan_ids, today=fiscal.bangkok_today(as_of))
    money = budgets(fiscal_year=fiscal_year, as_of=as_of, province_ids=province_ids)
    contributions = activity_contributions(fiscal_year=fiscal_year, as_of=as_of, province_ids=province_ids)
    pieces = {}
    for row in reporting.rows:
        province_id = row.province.pk
        plan_id, status = statuses.get(province_id, (None, PlanStatus.NOT_STARTED))
        pieces[province_id] = ProvincePiece(
            reporting=row,
            plan_id=plan_id,
            status=status,
            budget=money.get(province_id, Budget()),
            activities=contributions.get(province_id, {}),
            quality=quality.get(province_id),
        )
    return pieces


def assemble(
    *, fiscal_year: FiscalYear, as_of: datetime.datetime, pieces: list[ProvincePiece], evaluation: RoundView | None
) -> NationalPicture:
    """The national picture from the provinces' pieces (in the order of the rows) and the round."""
    results = {r.province.pk: r for r in evaluation.results} if evaluation else {}
    national_budget = Budget()
    activities = activity_headers(fiscal_year)
    by_template_row = {activity.template_item_id: activity for activity in activities}
    lines = []
    for piece in pieces:
        province = piece.reporting.province
        national_budget.allocated += piece.budget.allocated
        for i in range(MONTHS):
            national_budget.disbursed[i] += piece.budget.disbursed[i]
        for template_item_id, (targets, monthly_results) in piece.activities.items():
            activity = by_template_row.get(template_item_id)
            if activity is not None:
                activity.add(province.region_id, targets, monthly_results)
        lines.append(
            ProvinceLine(
                province=province,
                plan_id=piece.plan_id,
                status=piece.status,
                reporting=piece.reporting,
                budget=piece.budget,
                result=results.get(province.pk),
                quality=piece.quality,
            )
        )
    return NationalPicture(
        fiscal_year=fiscal_year,
        as_of=as_of,
        reporting=tallied(fiscal_year=fiscal_year, as_of=as_of, rows=[piece.reporting for piece in pieces]),
        lines=lines,
        activities=activities,
        budget=national_budget,
        evaluation=evaluation,
    )


def compute_national_picture(*, fiscal_year: FiscalYear, as_of: datetime.datetime) -> NationalPicture:
    """The national picture computed afresh."""
    pieces = province_pieces(fiscal_year=fiscal_year, as_of=as_of)
    evaluation = current_evaluation(fiscal_year, fiscal.bangkok_today(as_of))
    return assemble(fiscal_year=fiscal_year, as_of=as_of, pieces=list(pieces.values()), evaluation=evaluation)


# What the national picture reads besides the plans' data (keyed per province by their tokens,
# plans/stamps.py), for its cache (see lib/stamps.py). Reference data (regions, the template's
# titles) have no history: an edit to them shows within CACHE_SECONDS.
PICTURE_MODELS = (FrozenEvaluation, Scheme, *CRITERIA_MODELS)
CACHE_SECONDS = 15 * 60


@dataclass(frozen=True)
class PictureStamp:
    """What the national picture of a year depends on now: the day, the centre's criteria and
    frozen rounds, and each province's plan token. `key` changes whenever the picture would."""

    fiscal_year: FiscalYear
    now: datetime.datetime
    province_ids: list[int]
    tokens: dict[int, str]
    key: str

    @property
    def today(self) -> datetime.date:
        return fiscal.bangkok_today(self.now)


def picture_stamp(fiscal_year: FiscalYear) -> PictureStamp:
    """Three queries. Take it before reading the data: what is read after is never older."""
    now = timezone.now()
    criteria = history_stamp(PICTURE_MODELS)
    province_ids = list(Province.objects.regional().order_by("region__order", "name_th").values_list("pk", flat=True))
    tokens = plan_stamps.tokens(fiscal_year=fiscal_year, province_ids=province_ids)
    everything = hashlib.sha256(repr(sorted(tokens.items())).encode()).hexdigest()[:32]
    key = f"national:{fiscal_year.pk}:{fiscal.bangkok_today(now)}:{criteria}:{everything}"
    return PictureStamp(fiscal_year=fiscal_year, now=now, province_ids=province_ids, tokens=tokens, key=key)


def national_picture(
    *, fiscal_year: FiscalYear, as_of: datetime.datetime | None = None, stamp: PictureStamp | None = None
) -> NationalPicture:
    """The national figures now or as of a moment. Now, through the cache: whole while nothing
    changes, else rebuilt from each province's cached piece, recomputing only the provinces whose
    plan changed (and the day's statuses when the day changes)."""
    if as_of is not None:
        return compute_national_picture(fiscal_year=fiscal_year, as_of=as_of)
    stamp = stamp or picture_stamp(fiscal_year)
    picture = cache.get(stamp.key)
    if picture is None:
        pieces = cached_per_province(
            f"national-piece:{fiscal_year.pk}:{stamp.today}",
            stamp.tokens,
            lambda ids: province_pieces(fiscal_year=fiscal_year, as_of=stamp.now, province_ids=ids),
            CACHE_SECONDS,
        )
        picture = assemble(
            fiscal_year=fiscal_year,
            as_of=stamp.now,
            pieces=[pieces[province_id] for province_id in stamp.province_ids],
            evaluation=current_evaluation(fiscal_year, stamp.today),
        )
        cache.set(stamp.key, picture, CACHE_SECONDS)
    return picture
