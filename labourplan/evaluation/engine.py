"""The KPI engine: success levels from plain values, with no database and no request.

`evaluate()` takes a round's criteria (`RoundSpec`), one province's data for the fiscal year
(`ProvinceData`) and an as-of date, and returns an `Evaluation`: the level, every condition met
or not with the figures behind it, what is missing for the next level in numbers, whether the
result is provisional, a pace projection and a fractional score. The definitions are those of
DOMAIN.md section 7:

- the level is the highest L whose conditions, and those of every level below, all hold;
- percent of activities put into practice: the mean over numbered activities with an annual
  target of min(1, Σ_leaves min(cumulative result, leaf target) ÷ activity target);
- percent disbursed: cumulative disbursement ÷ the year's allocation;
- percentages compare with ≥ after rounding half-up to two decimals;
- a month's figures count from the moment its report was first submitted (late ones too), so an
  evaluation "as of" a past date sees what the centre had then, and only once the month has
  ended (`fiscal.month_has_ended`): a month in progress counts in no figure.

Everything is exact (fractions) until the two-decimal rounding.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from labourplan.lib.fiscal import REPORT_DUE_DAY, end_of_day, fiscal_months, month_has_ended, report_due_date
from labourplan.lib.thaidate import month_name

# Condition kinds. Milestones are met or not; the two percent kinds carry a threshold.
PLANNING_MEETING = "planning_meeting"
PLAN_SUBMITTED = "plan_submitted"
PLAN_APPROVED = "plan_approved"
TRACKING_MEETING = "tracking_meeting"
MONTHLY_REPORTS = "monthly_reports"
ACTIVITIES_PERCENT = "activities_percent"
DISBURSED_PERCENT = "disbursed_percent"
PERCENT_KINDS = (ACTIVITIES_PERCENT, DISBURSED_PERCENT)
KINDS = (
    PLANNING_MEETING,
    PLAN_SUBMITTED,
    PLAN_APPROVED,
    TRACKING_MEETING,
    MONTHLY_REPORTS,
    ACTIVITIES_PERCENT,
    DISBURSED_PERCENT,
)

CENT = Decimal("0.01")


# --- criteria ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionSpec:
    kind: str
    # Percent for the percent kinds; the minimum number of meetings for the meeting kinds.
    threshold: Decimal | None = None
    # Tracking meetings only count on or after the plan's approval (round 1 of FY 2562).
    after_approval: bool = False

    @property
    def minimum(self) -> int:
        return max(1, int(self.threshold or 1))


@dataclass(frozen=True)
class LevelSpec:
    number: int
    description: str
    conditions: tuple[ConditionSpec, ...]


@dataclass(frozen=True)
class RoundSpec:
    number: int
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    levels: tuple[LevelSpec, ...]


# --- data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    """A month of the fiscal year: index 1 = October … 12 = September."""

    index: int
    start: datetime.date
    due_date: datetime.date
    label: str


def months_of(year_be: int, *, due_day: int = REPORT_DUE_DAY) -> tuple[Month, ...]:
    """The twelve months of fiscal year `year_be` (B.E.), with their report due dates."""
    return tuple(
        Month(
            index=index,
            start=datetime.date(year, month, 1),
            due_date=report_due_date(year, month, due_day=due_day),
            label=f"{month_name(month, abbr=True)} {year + 543}",
        )
        for index, (year, month) in enumerate(fiscal_months(year_be), start=1)
    )


@dataclass(frozen=True)
class Leaf:
    """A row that takes results: a sub-item, or an activity that has none."""

    title: str
    unit: str
    target: int
    results: tuple[int, ...]  # one per month of the fiscal year


@dataclass(frozen=True)
class Activity:
    number: str  # "3.1", as printed on Form 1
    title: str
    unit: str
    target: int
    leaves: tuple[Leaf, ...]


@dataclass(frozen=True)
class ProvinceData:
    months: tuple[Month, ...]  # the twelve months of the fiscal year
    has_plan: bool = False
    activities: tuple[Activity, ...] = ()
    allocated: Decimal = Decimal(0)
    disbursed: tuple[Decimal, ...] = ()  # per month
    submitted_at: tuple[datetime.datetime | None, ...] = ()  # first submission of each month's report
    planning_meetings: tuple[datetime.date, ...] = ()
    tracking_meetings: tuple[datetime.date, ...] = ()
    plan_submitted_on: datetime.date | None = None
    plan_approved_on: datetime.date | None = None


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionResult:
    level: int
    kind: str
    met: bool
    threshold: Decimal | None = None
    value: Decimal | None = None  # the percent, for the percent kinds
    # The figures behind the verdict, by name: counts, amounts, dates, month labels.
    figures: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GapStep:
    """Part of what is missing for the next level: `amount` more of `unit` in one activity."""

    activity: str
    title: str
    unit: str
    amount: int


@dataclass(frozen=True)
class Gap:
    kind: str
    threshold: Decimal | None = None
    value: Decimal | None = None
    amount: Decimal | None = None  # baht more to disburse
    steps: tuple[GapStep, ...] = ()  # results more to put into practice
    reachable: bool = True
    figures: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProjectionLine:
    level: int
    kind: str
    threshold: Decimal
    projected: Decimal | None
    reaches: bool


@dataclass(frozen=True)
class Projection:
    months_of_data: int
    months_in_round: int
    activities_percent: Decimal | None
    disbursed_percent: Decimal | None
    lines: tuple[ProjectionLine, ...]
    level: int


@dataclass(frozen=True)
class Evaluation:
    round_number: int
    as_of: datetime.date
    by_date: datetime.date  # the round's last day: what the gap must be closed by
    level: int
    max_level: int
    provisional: bool
    activities_percent: Decimal | None
    disbursed_percent: Decimal | None
    conditions: tuple[ConditionResult, ...]
    gap: tuple[Gap, ...]
    projection: Projection | None
    score: Decimal

    def conditions_of(self, level: int) -> list[ConditionResult]:
        return [c for c in self.conditions if c.level == level]


# --- arithmetic -------------------------------------------------------------------------------


def round_half_up(value: Fraction) -> Decimal:
    """To two decimals, half away from zero (values here are never negative)."""
    return (Decimal(math.floor(value * 100 + Fraction(1, 2))) / 100).quantize(CENT)


class _Figures:
    """One province's cumulative figures as of a date, with the months that counted.

    Each figure is computed once: the conditions, the gap, the projection and the score all ask.
    Sums stay in integers (results) or Decimals (baht) and become fractions only to divide.
    """

    def __init__(self, data: ProvinceData, spec: RoundSpec, as_of: datetime.date, scale: Fraction = Fraction(1)):
        self.known_at = end_of_day(as_of)
        # Only months that have ended count (a month is reported after it ends), up to the round's end.
        self.counted = [
            m.index - 1
            for m in data.months
            if m.start <= spec.ends_on
            and month_has_ended(m.start.year, m.start.month, today=as_of)
            and m.index - 1 < len(data.submitted_at)
            and data.submitted_at[m.index - 1] is not None
            and data.submitted_at[m.index - 1] <= self.known_at
        ]
        self.scale = scale
        self.data = data
        self._leaf_results: dict[int, Fraction] = {}
        self._parts: list[tuple[Activity, Fraction]] | None = None
        self._activities: tuple[Fraction | None] | None = None
        self._disbursed: Fraction | None = None

    def leaf_result(self, leaf: Leaf) -> Fraction:
        key = id(leaf)
        if key not in self._leaf_results:
            results = leaf.results
            total = sum(results[i] for i in self.counted if i < len(results))
            self._leaf_results[key] = total * self.scale if self.scale != 1 else Fraction(total)
        return self._leaf_results[key]

    def activity_parts(self) -> list[tuple[Activity, Fraction]]:
        """(activity, Σ capped leaf results) for the activities that count."""
        if self._parts is None:
            self._parts = [
                (activity, sum((min(self.leaf_result(leaf), leaf.target) for leaf in activity.leaves), Fraction(0)))
                for activity in self.data.activities
                if activity.target > 0
            ]
        return self._parts

    def activities_exact(self) -> Fraction | None:
        if self._activities is None:
            parts = self.activity_parts()
            mean = (
                sum((min(Fraction(1), done / a.target) for a, done in parts), Fraction(0)) / len(parts) * 100
                if parts
                else None
            )
            self._activities = (mean,)
        return self._activities[0]

    def disbursed(self) -> Fraction:
        if self._disbursed is None:
            money = self.data.disbursed
            total = sum((money[i] for i in self.counted if i < len(money)), Decimal(0))
            self._disbursed = Fraction(total) * self.scale
        return self._disbursed

    def disbursed_exact(self) -> Fraction | None:
        if self.data.allocated <= 0:
            return None
        return self.disbursed() / Fraction(self.data.allocated) * 100


# --- conditions -------------------------------------------------------------------------------


def _round_months(data: ProvinceData, spec: RoundSpec) -> list[Month]:
    return [m for m in data.months if spec.starts_on <= m.start <= spec.ends_on]


def _check(
    condition: ConditionSpec, level: int, data: ProvinceData, spec: RoundSpec, as_of: datetime.date, figures: _Figures
) -> ConditionResult:
    kind = condition.kind
    if kind in PERCENT_KINDS:
        exact = figures.activities_exact() if kind == ACTIVITIES_PERCENT else figures.disbursed_exact()
        value = round_half_up(exact) if exact is not None else None
        if kind == ACTIVITIES_PERCENT:
            extra = {"activities": len(figures.activity_parts())}
        else:
            extra = {"disbursed": round_half_up(figures.disbursed()), "allocated": data.allocated}
        return ConditionResult(
            level=level,
            kind=kind,
            met=value is not None and value >= condition.threshold,
            threshold=condition.threshold,
            value=value,
            figures=extra,
        )
    if kind == PLANNING_MEETING:
        held = sorted(d for d in data.planning_meetings if d <= as_of)
        return ConditionResult(
            level=level,
            kind=kind,
            met=data.has_plan and len(held) >= condition.minimum,
            figures={"count": len(held), "minimum": condition.minimum, "last": held[-1] if held else None},
        )
    if kind == PLAN_SUBMITTED:
        on = data.plan_submitted_on if data.plan_submitted_on and data.plan_submitted_on <= as_of else None
        return ConditionResult(level=level, kind=kind, met=on is not None, figures={"on": on})
    if kind == PLAN_APPROVED:
        on = data.plan_approved_on if data.plan_approved_on and data.plan_approved_on <= as_of else None
        return ConditionResult(level=level, kind=kind, met=on is not None, figures={"on": on})
    if kind == TRACKING_MEETING:
        until = min(as_of, spec.ends_on)
        start = spec.starts_on
        approved = data.plan_approved_on if data.plan_approved_on and data.plan_approved_on <= as_of else None
        in_round = [d for d in data.tracking_meetings if spec.starts_on <= d <= until]
        if condition.after_approval:
            start = max(start, approved) if approved else None
        counted = [d for d in in_round if start is not None and d >= start]
        return ConditionResult(
            level=level,
            kind=kind,
            met=len(counted) >= condition.minimum,
            figures={
                "count": len(counted),
                "minimum": condition.minimum,
                "before_approval": len(in_round) - len(counted) if condition.after_approval else 0,
                "after_approval": condition.after_approval,
                "approved_on": approved,
                "from": start,
                "until": until,
            },
        )
    if kind == MONTHLY_REPORTS:
        due = [m for m in _round_months(data, spec) if m.due_date <= as_of]
        reported, late, missing = [], [], []
        for m in due:
            at = data.submitted_at[m.index - 1] if m.index - 1 < len(data.submitted_at) else None
            if at is not None and at <= figures.known_at:
                reported.append(m)
                if at > end_of_day(m.due_date):
                    late.append(m.label)
            else:
                missing.append(m.label)
        return ConditionResult(
            level=level,
            kind=kind,
            met=not missing,
            figures={
                "due": len(due),
                "reported": len(reported),
                "late": late,
                "missing": missing,
                "months_in_round": len(_round_months(data, spec)),
            },
        )
    raise ValueError(f"unknown condition kind {kind!r}")


def _level_reached(results: list[ConditionResult], levels: tuple[LevelSpec, ...]) -> int:
    reached = 0
    for level in sorted(levels, key=lambda lv: lv.number):
        if all(r.met for r in results if r.level == level.number):
            reached = level.number
        else:
            break
    return reached


# --- the gap to the next level ----------------------------------------------------------------
# The gap names what reaches each threshold itself: enough, and what an officer expects to read,
# though the two-decimal rounding would let a province pass up to 0.005 points below it.


def _activities_gap(condition: ConditionSpec, figures: _Figures) -> Gap:
    parts = figures.activity_parts()
    current = figures.activities_exact()
    value = round_half_up(current) if current is not None else None
    if not parts:
        return Gap(kind=ACTIVITIES_PERCENT, threshold=condition.threshold, value=None, reachable=False)
    # Progress points still needed, in units of "one whole activity".
    needed = Fraction(condition.threshold) / 100 * len(parts) - current / 100 * len(parts)
    steps = []
    # A unit of result in an activity with a small annual target moves the mean the most.
    for activity, done in sorted(parts, key=lambda part: part[0].target):  # stable: plan order within
        if needed <= 0:
            break
        room_in_leaves = sum(
            (leaf.target - min(figures.leaf_result(leaf), leaf.target) for leaf in activity.leaves), Fraction(0)
        )
        room = min(Fraction(activity.target) - min(done, activity.target), room_in_leaves)
        if room <= 0:
            continue
        units = min(math.floor(room), math.ceil(needed * activity.target))
        if units <= 0:
            continue
        needed -= Fraction(units, activity.target)
        steps.append(GapStep(activity=activity.number, title=activity.title, unit=activity.unit, amount=units))
    return Gap(
        kind=ACTIVITIES_PERCENT,
        threshold=condition.threshold,
        value=value,
        steps=tuple(steps),
        reachable=needed <= 0,
    )


def _disbursed_gap(condition: ConditionSpec, data: ProvinceData, figures: _Figures) -> Gap:
    if data.allocated <= 0:
        return Gap(kind=DISBURSED_PERCENT, threshold=condition.threshold, reachable=False)
    needed = Fraction(condition.threshold) / 100 * Fraction(data.allocated) - figures.disbursed()
    amount = Decimal(math.ceil(needed * 100)) / 100
    return Gap(
        kind=DISBURSED_PERCENT,
        threshold=condition.threshold,
        value=round_half_up(figures.disbursed_exact()),
        amount=max(amount, CENT),
        figures={"allocated": data.allocated},
    )


def _gap(failed: list[tuple[ConditionSpec, ConditionResult]], data: ProvinceData, figures: _Figures) -> tuple[Gap, ...]:
    gaps = []
    for condition, result in failed:
        if condition.kind == ACTIVITIES_PERCENT:
            gaps.append(_activities_gap(condition, figures))
        elif condition.kind == DISBURSED_PERCENT:
            gaps.append(_disbursed_gap(condition, data, figures))
        else:
            gaps.append(Gap(kind=condition.kind, figures=result.figures))
    return tuple(gaps)


# --- projection and score ---------------------------------------------------------------------


def _projection(
    data: ProvinceData, spec: RoundSpec, as_of: datetime.date, figures: _Figures, results: list[ConditionResult]
) -> Projection | None:
    """At the pace of the months reported so far, where will the percentages be at the round's end?"""
    round_months = _round_months(data, spec)
    if not round_months or as_of >= spec.ends_on or not figures.counted:
        return None
    months_of_data = max(figures.counted) + 1
    months_in_round = round_months[-1].index
    projected = _Figures(data, spec, as_of, scale=Fraction(months_in_round, months_of_data))
    values = {
        ACTIVITIES_PERCENT: projected.activities_exact(),
        DISBURSED_PERCENT: projected.disbursed_exact(),
    }
    # Neither can pass 100 %: activities are capped, and no province may disburse above its allocation.
    values = {k: round_half_up(min(v, Fraction(100))) if v is not None else None for k, v in values.items()}
    lines = []
    projected_results = []
    for result in results:
        if result.kind in PERCENT_KINDS:
            value = values[result.kind]
            reaches = value is not None and value >= result.threshold
            lines.append(ProjectionLine(result.level, result.kind, result.threshold, value, reaches))
            projected_results.append(ConditionResult(result.level, result.kind, reaches))
        else:
            projected_results.append(result)
    return Projection(
        months_of_data=months_of_data,
        months_in_round=months_in_round,
        activities_percent=values[ACTIVITIES_PERCENT],
        disbursed_percent=values[DISBURSED_PERCENT],
        lines=tuple(lines),
        level=_level_reached(projected_results, spec.levels),
    )


def _score(level: int, spec: RoundSpec, results: list[ConditionResult]) -> Decimal:
    """Linear interpolation toward the next level, as Thai performance agreements report it: the
    weakest of the next level's percentages decides how far between the two levels the province is."""
    numbers = sorted(lv.number for lv in spec.levels)
    if not numbers or level >= numbers[-1]:
        return Decimal(level)
    following = [r for r in results if r.level == level + 1]
    if not following or any(not r.met and r.kind not in PERCENT_KINDS for r in following):
        return Decimal(level)
    fractions = []
    for r in following:
        if r.kind not in PERCENT_KINDS:
            continue
        earlier = [p.threshold for p in results if p.kind == r.kind and p.level <= level]
        base = Fraction(max(earlier)) if earlier else Fraction(0)
        top = Fraction(r.threshold)
        if r.value is None:
            fractions.append(Fraction(0))
        elif top <= base:
            fractions.append(Fraction(1) if r.met else Fraction(0))
        else:
            fractions.append(max(Fraction(0), min(Fraction(1), (Fraction(r.value) - base) / (top - base))))
    if not fractions:
        return Decimal(level)
    part = Decimal(math.floor(min(fractions) * 100)) / 100
    return Decimal(level) + min(part, Decimal("0.99"))


# --- the evaluation ---------------------------------------------------------------------------


def last_report_due(spec: RoundSpec, months: tuple[Month, ...]) -> datetime.date:
    in_round = [m for m in months if spec.starts_on <= m.start <= spec.ends_on]
    return in_round[-1].due_date if in_round else spec.ends_on


def evaluate(spec: RoundSpec, data: ProvinceData, as_of: datetime.date) -> Evaluation:
    figures = _Figures(data, spec, as_of)
    levels = sorted(spec.levels, key=lambda lv: lv.number)
    results: list[ConditionResult] = []
    specs: list[ConditionSpec] = []
    for level in levels:
        for condition in level.conditions:
            results.append(_check(condition, level.number, data, spec, as_of, figures))
            specs.append(condition)
    level = _level_reached(results, spec.levels)
    failed_next = [(c, r) for c, r in zip(specs, results, strict=True) if r.level == level + 1 and not r.met]
    activities = figures.activities_exact()
    disbursed = figures.disbursed_exact()
    return Evaluation(
        round_number=spec.number,
        as_of=as_of,
        by_date=spec.ends_on,
        level=level,
        max_level=levels[-1].number if levels else 0,
        provisional=as_of < last_report_due(spec, data.months),
        activities_percent=round_half_up(activities) if activities is not None else None,
        disbursed_percent=round_half_up(disbursed) if disbursed is not None else None,
        conditions=tuple(results),
        gap=_gap(failed_next, data, figures),
        projection=_projection(data, spec, as_of, figures, results),
        score=_score(level, spec, results),
    )
