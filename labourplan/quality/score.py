"""A province's data-quality score for a fiscal year, with its parts, as WHO's data-quality review
scores completeness, timeliness and internal consistency; plus the centre's open questions.

`score` is arithmetic on plain counts (tested without a database); `scores` feeds it for every
province of a fiscal year with a fixed number of queries.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from labourplan.lib import fiscal
from labourplan.plans.models import Plan, PlanItem, PlanVersion
from labourplan.quality.models import OPEN_STATES, Finding
from labourplan.reports.models import MonthlyReport

# Each open question takes this many points off the mean of the three shares.
OPEN_QUESTION_PENALTY = Decimal(5)
HUNDRED = Decimal(100)


def _percent(part: int, whole: int) -> Decimal:
    if whole <= 0:
        return HUNDRED
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Score:
    completeness: Decimal  # reports sent of the months ended, in percent
    timeliness: Decimal  # reports sent on time of the months ended, in percent
    passing: Decimal  # values sent that no rule questions, in percent
    open_questions: int
    total: Decimal  # the mean of the three shares less the penalty, 0–100

    @property
    def parts(self) -> list[tuple[str, Decimal | int]]:
        return [
            ("completeness", self.completeness),
            ("timeliness", self.timeliness),
            ("passing", self.passing),
            ("open_questions", self.open_questions),
        ]


def score(*, months_due: int, sent: int, on_time: int, values: int, questioned: int, open_questions: int) -> Score:
    completeness = _percent(min(sent, months_due), months_due)
    timeliness = _percent(min(on_time, months_due), months_due)
    passing = _percent(max(values - questioned, 0), values)
    mean = (completeness + timeliness + passing) / 3
    total = max(mean - OPEN_QUESTION_PENALTY * open_questions, Decimal(0))
    return Score(completeness, timeliness, passing, open_questions, total.quantize(Decimal("0.1"), ROUND_HALF_UP))


def scores(fiscal_year, *, today: datetime.date | None = None, province_ids=None) -> dict[int, Score]:
    """Every province's score with a plan in the fiscal year, by province id (four queries)."""
    plans = Plan.objects.filter(fiscal_year=fiscal_year)
    if province_ids is not None:
        plans = plans.filter(province_id__in=province_ids)
    return plan_scores(fiscal_year, dict(plans.values_list("pk", "province_id")), today=today)


def plan_scores(fiscal_year, plans: dict[int, int], *, today: datetime.date | None = None) -> dict[int, Score]:
    """The scores of these plans (plan id → province id) of the fiscal year, by province id (three
    queries: for a caller that has read the plans already)."""
    found = scores_of_plans(dict.fromkeys(plans, fiscal_year), today=today)
    return {province_id: found[plan_id] for plan_id, province_id in plans.items()}


def scores_of_plans(plans: dict, *, today: datetime.date | None = None) -> dict[int, Score]:
    """The scores of these plans (plan id → its fiscal year), of any fiscal years, by plan id
    (three queries)."""
    today = today or fiscal.bangkok_today()
    months_due = {
        plan_id: fiscal.months_ended(fiscal_year.year_be, today=today) for plan_id, fiscal_year in plans.items()
    }
    rows = dict(
        PlanItem.objects.filter(
            topic__version__in=PlanVersion.objects.in_force().filter(plan__in=list(plans)), sub_items__isnull=True
        )
        .values("topic__version__plan_id")
        .annotate(n=Count("pk"))
        .values_list("topic__version__plan_id", "n")
    )
    sent, on_time = defaultdict(int), defaultdict(int)
    for plan_id, index, first in MonthlyReport.objects.filter(
        plan__in=list(plans), first_submitted_at__isnull=False
    ).values_list("plan_id", "month_index", "first_submitted_at"):
        if index > months_due[plan_id]:  # only the months ended count
            continue
        sent[plan_id] += 1
        fiscal_year = plans[plan_id]
        year, month = fiscal_year.months[index - 1]
        on_time[plan_id] += fiscal.is_on_time(first, fiscal_year.report_due_date(year, month))
    questioned, open_questions = defaultdict(set), defaultdict(int)
    for plan_id, index, key, state, still in Finding.objects.filter(plan__in=list(plans)).values_list(
        "plan_id", "month_index", "item_key", "state", "still_found"
    ):
        if still and index <= months_due[plan_id]:  # the values of the months counted above
            questioned[plan_id].add((index, key))
        open_questions[plan_id] += state in OPEN_STATES
    return {
        plan_id: score(
            months_due=months_due[plan_id],
            sent=sent[plan_id],
            on_time=on_time[plan_id],
            values=sent[plan_id] * (rows.get(plan_id, 0) + 1),
            questioned=len(questioned[plan_id]),
            open_questions=open_questions[plan_id],
        )
        for plan_id in plans
    }
