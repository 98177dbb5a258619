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
from decimal import Decimal
from fractions import Fraction

from labourplan.evaluation import kinds
from labourplan.evaluation.values import (
    ACTIVITIES_PERCENT,
    CENT,
    DISBURSED_PERCENT,
    MONTHLY_REPORTS,
    PLAN_APPROVED,
    PLAN_SUBMITTED,
    PLANNING_MEETING,
    TRACKING_MEETING,
    Activity,
    ConditionResult,
    ConditionSpec,
    Evaluation,
    Gap,
    GapStep,
    Leaf,
    LevelSpec,
    Month,
    Projection,
    ProjectionLine,
    ProvinceData,
    RoundSpec,
    months_of,
    round_half_up,
    round_months,
)
from labourplan.lib.fiscal import end_of_day, month_has_ended

# The engine's values are defined in `values`; they are named here too, as the engine's interface.
__all__ = [
    "ACTIVITIES_PERCENT",
    "CENT",
    "DISBURSED_PERCENT",
    "KINDS",
    "MONTHLY_REPORTS",
    "PERCENT_KINDS",
    "PLANNING_MEETING",
    "PLAN_APPROVED",
    "PLAN_SUBMITTED",
    "TRACKING_MEETING",
    "Activity",
    "ConditionResult",
    "ConditionSpec",
    "Evaluation",
    "Gap",
    "GapStep",
    "Leaf",
    "LevelSpec",
    "Month",
    "Projection",
    "ProjectionLine",
    "ProvinceData",
    "RoundSpec",
    "evaluate",
    "last_report_due",
    "months_of",
    "round_half_up",
]

# The condition kinds (each a class in `evaluation.kinds`), in their order; the percent kinds
# carry a threshold, the others (milestones) are met or not.
KINDS = kinds.names()
PERCENT_KINDS = kinds.percent_names()


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


def _check(
    condition: ConditionSpec, level: int, data: ProvinceData, spec: RoundSpec, as_of: datetime.date, figures: _Figures
) -> ConditionResult:
    return kinds.get(condition.kind).check(condition, level, data, spec, as_of, figures)


def _level_reached(results: list[ConditionResult], levels: tuple[LevelSpec, ...]) -> int:
    reached = 0
    for level in sorted(levels, key=lambda lv: lv.number):
        if all(r.met for r in results if r.level == level.number):
            reached = level.number
        else:
            break
    return reached


# --- the gap to the next level ----------------------------------------------------------------


def _gap(failed: list[tuple[ConditionSpec, ConditionResult]], data: ProvinceData, figures: _Figures) -> tuple[Gap, ...]:
    return tuple(kinds.get(condition.kind).gap(condition, result, data, figures) for condition, result in failed)


# --- projection and score ---------------------------------------------------------------------


def _projection(
    data: ProvinceData, spec: RoundSpec, as_of: datetime.date, figures: _Figures, results: list[ConditionResult]
) -> Projection | None:
    """At the pace of the months reported so far, where will the percentages be at the round's end?"""
    round_months_ = round_months(data, spec)
    if not round_months_ or as_of >= spec.ends_on or not figures.counted:
        return None
    months_of_data = max(figures.counted) + 1
    months_in_round = round_months_[-1].index
    projected = _Figures(data, spec, as_of, scale=Fraction(months_in_round, months_of_data))
    values = {kind.name: kind.measure(projected) for kind in kinds.all_kinds() if kind.percent}
    # None can pass 100 %: activities are capped, and no province may disburse above its allocation.
    values = {k: round_half_up(min(v, Fraction(100))) if v is not None else None for k, v in values.items()}
    lines = []
    projected_results = []
    for result in results:
        if result.kind in values:
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
    if not following or any(not r.met and not kinds.get(r.kind).percent for r in following):
        return Decimal(level)
    fractions = []
    for r in following:
        if not kinds.get(r.kind).percent:
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
