"""The KPI and the reporting calendar: only months that have ended count, and the explanations stay
true once the round is over (no date already past to meet, no approval that never happened)."""

import dataclasses
import datetime
from decimal import Decimal

from django.utils import translation

from labourplan.evaluation import engine
from labourplan.evaluation.explain import finding, gap_text
from tests.evaluation.test_engine import BASE, ROUND_1, activity, at, per_month, province

D = datetime.date


def test_a_report_sent_during_its_month_counts_only_once_the_month_has_ended():
    # Data from before the rule: November's report sent on 20 November, in the running month.
    sent = list(BASE.submitted_at)
    sent[1] = at(D(2018, 11, 20))
    data = province(
        activities=(activity(target=10, results={1: 1, 2: 5}),),
        disbursed=per_month({1: 10_000, 2: 40_000}, Decimal),
        submitted_at=tuple(sent),
    )
    for as_of, activities, disbursed in [
        (D(2018, 11, 25), Decimal("10.00"), Decimal("10.00")),  # November in progress: October only
        (D(2018, 11, 30), Decimal("10.00"), Decimal("10.00")),  # November's last day
        (D(2018, 12, 1), Decimal("60.00"), Decimal("50.00")),  # November has ended
        (D(2018, 12, 5), Decimal("60.00"), Decimal("50.00")),
    ]:
        evaluation = engine.evaluate(ROUND_1, data, as_of)
        assert (evaluation.activities_percent, evaluation.disbursed_percent) == (activities, disbursed), as_of


def test_the_round_s_last_month_counts_once_it_has_ended_across_the_round_boundary():
    sent = list(BASE.submitted_at)
    sent[5] = at(D(2019, 3, 20))  # March's report sent in March, before the rule
    data = province(
        activities=(activity(target=10, results={6: 4}),), disbursed=per_month({}, Decimal), submitted_at=tuple(sent)
    )
    assert engine.evaluate(ROUND_1, data, D(2019, 3, 31)).activities_percent == Decimal("0.00")  # March under way
    assert engine.evaluate(ROUND_1, data, D(2019, 4, 1)).activities_percent == Decimal("40.00")
    assert engine.evaluate(ROUND_1, data, D(2019, 4, 20)).activities_percent == Decimal("40.00")


def gaps(data, as_of):
    evaluation = engine.evaluate(ROUND_1, data, as_of)
    with translation.override("en"):
        return {g.kind: gap_text(g, evaluation.by_date, as_of=evaluation.as_of) for g in evaluation.gap}


def test_after_the_round_the_gap_says_what_was_short_not_a_date_already_past():
    data = province(activities=(activity(target=10, results={1: 2}),), disbursed=per_month({1: 10_000}, Decimal))
    during = gaps(data, D(2019, 3, 1))
    assert "by 31 มี.ค. 2562" in during[engine.ACTIVITIES_PERCENT]
    assert "by 31 มี.ค. 2562" in during[engine.DISBURSED_PERCENT]
    for as_of in (D(2019, 4, 1), D(2019, 4, 6), D(2019, 9, 30)):
        after = gaps(data, as_of)
        for kind in (engine.ACTIVITIES_PERCENT, engine.DISBURSED_PERCENT):
            assert "by 31 มี.ค. 2562" not in after[kind]
            assert "The round ended on 31 มี.ค. 2562" in after[kind] and "short of" in after[kind]
        assert "20.00 percent" in after[engine.ACTIVITIES_PERCENT]  # what the level was short of
        assert "30,000.00 baht short of 40.00 percent" in after[engine.DISBURSED_PERCENT]


def test_without_an_approval_no_meeting_is_said_to_be_before_it():
    data = province(plan_approved_on=None, tracking_meetings=(D(2018, 11, 15), D(2018, 12, 10)))
    evaluation = engine.evaluate(ROUND_1, data, D(2019, 4, 6))
    tracking = next(c for c in evaluation.conditions if c.kind == engine.TRACKING_MEETING)
    with translation.override("en"):
        text = finding(tracking)
        gap = gap_text(
            next(g for g in evaluation.gap if g.kind == engine.TRACKING_MEETING),
            evaluation.by_date,
            as_of=evaluation.as_of,
        )
    assert "before the approval" not in text
    assert "2 meetings recorded in the round" in text
    assert "was not approved during the round" in gap and "by 31 Mar" not in gap
    # With an approval, the meetings before it are still named as such.
    approved = dataclasses.replace(data, plan_approved_on=D(2018, 12, 1))
    tracking = next(
        c for c in engine.evaluate(ROUND_1, approved, D(2019, 4, 6)).conditions if c.kind == engine.TRACKING_MEETING
    )
    with translation.override("en"):
        assert "1 more before the approval does not count" in finding(tracking)
