"""The KPI engine's values: the criteria, one province's data, the results, and the arithmetic.

Plain frozen dataclasses with no database and no request: the engine (`engine.evaluate`) and the
condition kinds (`evaluation.kinds`) both build on them.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from labourplan.lib.fiscal import REPORT_DUE_DAY, fiscal_months, report_due_date
from labourplan.lib.thaidate import month_name

# The built-in condition kinds' names (each kind is a class in `evaluation.kinds`).
PLANNING_MEETING = "planning_meeting"
PLAN_SUBMITTED = "plan_submitted"
PLAN_APPROVED = "plan_approved"
TRACKING_MEETING = "tracking_meeting"
MONTHLY_REPORTS = "monthly_reports"
ACTIVITIES_PERCENT = "activities_percent"
DISBURSED_PERCENT = "disbursed_percent"

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


def round_months(data: ProvinceData, spec: RoundSpec) -> list[Month]:
    """The months of the fiscal year that begin within the round."""
    return [m for m in data.months if spec.starts_on <= m.start <= spec.ends_on]
