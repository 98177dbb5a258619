"""The KPI engine on the FY 2562 criteria as shipped (DOMAIN.md section 7): no database."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labourplan.evaluation import engine
from labourplan.evaluation.engine import GapStep
from labourplan.evaluation.seed import ROUNDS_2562
from labourplan.lib.fiscal import BANGKOK

MONTHS = engine.months_of(2562)
D = datetime.date


def spec(number: int) -> engine.RoundSpec:
    n, starts_on, ends_on, levels = ROUNDS_2562[number - 1]
    return engine.RoundSpec(
        number=n,
        name=f"รอบที่ {n}",
        starts_on=starts_on,
        ends_on=ends_on,
        levels=tuple(
            engine.LevelSpec(
                level,
                description,
                tuple(engine.ConditionSpec(k, Decimal(t) if t else None, a) for k, t, a in conditions),
            )
            for level, description, conditions in levels
        ),
    )


ROUND_1, ROUND_2 = spec(1), spec(2)
AFTER_ROUND_1 = D(2019, 4, 6)  # the March report was due on 5 April
AFTER_ROUND_2 = D(2019, 10, 6)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BANGKOK)


ON_TIME = tuple(at(m.due_date - datetime.timedelta(days=2)) for m in MONTHS)


def per_month(values: dict[int, int] | None = None, cast=int) -> tuple:
    """Twelve monthly values, October = 1, from {month index: value}."""
    return tuple(cast((values or {}).get(i, 0)) for i in range(1, 13))


def activity(number="3.1", title="ตรวจแรงงานร่วม", unit="ครั้ง", *, target, results=None, subs=()):
    """An activity; `subs` are (target, {month: result}) of its sub-items."""
    if subs:
        leaves = tuple(engine.Leaf(f"ย่อย {i}", unit, t, per_month(r)) for i, (t, r) in enumerate(subs, 1))
    else:
        leaves = (engine.Leaf(title, unit, target, per_month(results)),)
    return engine.Activity(number, title, unit, target, leaves)


BASE = engine.ProvinceData(
    months=MONTHS,
    has_plan=True,
    activities=(activity(target=10, results={1: 4}),),
    allocated=Decimal(100_000),
    disbursed=per_month({1: 50_000}, Decimal),
    submitted_at=ON_TIME,
    planning_meetings=(D(2018, 9, 20),),
    tracking_meetings=(D(2018, 11, 15), D(2019, 5, 10)),
    plan_submitted_on=D(2018, 10, 10),
    plan_approved_on=D(2018, 10, 20),
)


def province(**changes) -> engine.ProvinceData:
    return dataclasses.replace(BASE, **changes)


def one(target: int, result: int) -> tuple[engine.Activity, ...]:
    return (activity(target=target, results={1: result}),)


def submitted_except(index: int, when: datetime.datetime | None) -> tuple:
    return tuple(when if m.index == index else ON_TIME[m.index - 1] for m in MONTHS)


def baht(amount: str) -> tuple:
    return per_month({1: Decimal(amount)}, Decimal)


ROUND_1_CASES = [
    ("level 4 as the base stands (40 % / 50 %)", {}, 4),
    ("everything for level 5", {"activities": one(10, 5)}, 5),
    ("no plan", {"has_plan": False, "activities": (), "planning_meetings": ()}, 0),
    ("no meeting to draft the plan", {"planning_meetings": ()}, 0),
    ("the planning meeting is after the as-of date", {"planning_meetings": (D(2019, 4, 10),)}, 0),
    ("not submitted to the governor", {"plan_submitted_on": None, "plan_approved_on": None}, 1),
    ("no tracking meeting", {"tracking_meetings": ()}, 2),
    ("the only tracking meeting is before the approval", {"tracking_meetings": (D(2018, 10, 15),)}, 2),
    ("a tracking meeting on the day of the approval counts", {"tracking_meetings": (D(2018, 10, 20),)}, 4),
    ("a tracking meeting after the round does not count", {"tracking_meetings": (D(2019, 4, 2),)}, 2),
    ("a missing month", {"submitted_at": submitted_except(4, None)}, 2),
    ("a late month still counts as reported", {"submitted_at": submitted_except(4, at(D(2019, 2, 20)))}, 4),
    ("March submitted after the as-of date", {"submitted_at": submitted_except(6, at(D(2019, 4, 10)))}, 2),
    ("activities exactly at 40.00 %", {"activities": one(10_000, 4_000)}, 4),
    ("activities 0.01 below 40 %", {"activities": one(10_000, 3_999)}, 3),
    ("activities exactly at 45.00 %", {"activities": one(10_000, 4_500)}, 5),
    ("activities 0.01 below 45 %", {"activities": one(10_000, 4_499)}, 4),
    ("disbursed exactly at 40.00 %", {"activities": one(10, 5), "disbursed": baht("40000")}, 4),
    ("disbursed 0.01 below 40 %", {"activities": one(10, 5), "disbursed": baht("39990")}, 3),
    ("disbursed 39.995 % rounds to 40.00", {"activities": one(10, 5), "disbursed": baht("39995")}, 4),
    ("disbursed 39.99499 % rounds to 39.99", {"activities": one(10, 5), "disbursed": baht("39994.99")}, 3),
    ("disbursed exactly at 50.00 %", {"activities": one(10, 5), "disbursed": baht("50000")}, 5),
    ("disbursed 0.01 below 50 %", {"activities": one(10, 5), "disbursed": baht("49990")}, 4),
    ("no allocation recorded", {"allocated": Decimal(0)}, 3),
    ("no activity has a target", {"activities": (activity(target=0),)}, 3),
    (
        # Sub-item 1 did twice its target: capped, the activity is at 5/10, the mean at 35 %.
        # Without the per-leaf cap the activity would count as done and the mean reach 60 %.
        "the per-leaf cap decides",
        {
            "activities": (
                activity("3.1", target=10, results={1: 2}),
                activity("3.2", target=10, subs=[(5, {1: 10}), (5, {})]),
            )
        },
        3,
    ),
]


@pytest.mark.parametrize(("changes", "level"), [c[1:] for c in ROUND_1_CASES], ids=[c[0] for c in ROUND_1_CASES])
def test_round_1_levels(changes, level):
    assert engine.evaluate(ROUND_1, province(**changes), AFTER_ROUND_1).level == level


def thresholds_round_2(activities: int, disbursed: str) -> dict:
    """Cumulative since October, in one activity of target 10,000 and an allocation of 100,000."""
    return {"activities": one(10_000, activities), "disbursed": baht(disbursed)}


ROUND_2_CASES = [
    ("level 2 exactly", thresholds_round_2(7_000, "80000"), 2),
    ("activities 0.01 below level 2", thresholds_round_2(6_999, "80000"), 1),
    ("disbursed 0.01 below level 2", thresholds_round_2(7_000, "79990"), 1),
    ("level 3 exactly", thresholds_round_2(7_500, "85000"), 3),
    ("level 4 exactly", thresholds_round_2(8_000, "90000"), 4),
    ("level 5 exactly", thresholds_round_2(8_500, "96000"), 5),
    ("disbursed 0.01 below level 5", thresholds_round_2(8_500, "95990"), 4),
    ("no tracking meeting inside round 2", {**thresholds_round_2(8_500, "96000"), "tracking_meetings": ()}, 0),
    (
        "a meeting in March belongs to round 1",
        {**thresholds_round_2(8_500, "96000"), "tracking_meetings": (D(2019, 3, 20),)},
        0,
    ),
    (
        "round 2 needs no approval date for its meetings",
        {**thresholds_round_2(8_500, "96000"), "tracking_meetings": (D(2019, 4, 1),)},
        5,
    ),
    (
        "a missing month in round 2",
        {**thresholds_round_2(8_500, "96000"), "submitted_at": submitted_except(9, None)},
        0,
    ),
    (
        "a missing month of round 1 does not matter",
        {**thresholds_round_2(8_500, "96000"), "submitted_at": submitted_except(3, None)},
        5,
    ),
]


@pytest.mark.parametrize(("changes", "level"), [c[1:] for c in ROUND_2_CASES], ids=[c[0] for c in ROUND_2_CASES])
def test_round_2_levels(changes, level):
    assert engine.evaluate(ROUND_2, province(**changes), AFTER_ROUND_2).level == level


def condition(evaluation, kind, level=None):
    return next(c for c in evaluation.conditions if c.kind == kind and (level is None or c.level == level))


def test_the_per_leaf_cap_and_uncovered_sub_items_show_in_the_percent():
    capped = engine.evaluate(
        ROUND_1,
        province(**{name: changes for name, changes, _ in ROUND_1_CASES}["the per-leaf cap decides"]),
        AFTER_ROUND_1,
    )
    uncovered = province(activities=(activity(target=10, subs=[(3, {1: 3}), (3, {1: 5})]),))

    assert capped.activities_percent == Decimal("35.00")
    # Sub-items add up to 6 of the activity's 10: even done in full, the activity is at 60 %.
    assert engine.evaluate(ROUND_1, uncovered, AFTER_ROUND_1).activities_percent == Decimal("60.00")


def test_no_allocation_fails_the_condition_and_says_so():
    evaluation = engine.evaluate(ROUND_1, province(allocated=Decimal(0)), AFTER_ROUND_1)

    disbursed = condition(evaluation, engine.DISBURSED_PERCENT, 4)
    assert (disbursed.met, disbursed.value, evaluation.disbursed_percent) == (False, None, None)
    gap = next(g for g in evaluation.gap if g.kind == engine.DISBURSED_PERCENT)
    assert gap.reachable is False and gap.amount is None


def test_late_and_missing_months_are_named():
    data = province(
        submitted_at=tuple(
            None if m.index == 5 else at(D(2019, 2, 20)) if m.index == 4 else ON_TIME[m.index - 1] for m in MONTHS
        )
    )

    reports = condition(engine.evaluate(ROUND_1, data, AFTER_ROUND_1), engine.MONTHLY_REPORTS)

    assert reports.met is False
    assert reports.figures["late"] == ["ม.ค. 2562"]
    assert reports.figures["missing"] == ["ก.พ. 2562"]
    assert (reports.figures["due"], reports.figures["reported"]) == (6, 5)


def test_a_meeting_before_the_approval_is_shown_as_not_counting():
    data = province(tracking_meetings=(D(2018, 10, 15),))

    meeting = condition(engine.evaluate(ROUND_1, data, AFTER_ROUND_1), engine.TRACKING_MEETING)

    assert (meeting.met, meeting.figures["count"], meeting.figures["before_approval"]) == (False, 0, 1)
    assert meeting.figures["from"] == D(2018, 10, 20)


@pytest.mark.parametrize(
    ("round_spec", "as_of", "provisional"),
    [
        (ROUND_1, D(2019, 3, 31), True),  # the round's last day: March not yet reported
        (ROUND_1, D(2019, 4, 4), True),
        (ROUND_1, D(2019, 4, 5), False),  # the day the March report is due
        (ROUND_2, D(2019, 9, 30), True),
        (ROUND_2, D(2019, 10, 4), True),
        (ROUND_2, D(2019, 10, 5), False),
    ],
)
def test_an_evaluation_is_provisional_until_the_last_report_of_the_round_is_due(round_spec, as_of, provisional):
    assert engine.evaluate(round_spec, BASE, as_of).provisional is provisional


def test_as_of_mid_round_only_months_due_are_required_and_only_submitted_results_count():
    data = province(activities=(activity(target=10, results={1: 1, 3: 1, 4: 1}),))

    evaluation = engine.evaluate(ROUND_1, data, D(2019, 1, 15))

    reports = condition(evaluation, engine.MONTHLY_REPORTS)
    assert (reports.met, reports.figures["due"]) == (True, 3)  # October to December
    # January's result is in a report submitted on 3 February: not known on 15 January.
    assert evaluation.activities_percent == Decimal("20.00")


def test_round_2_counts_results_since_october():
    data = province(activities=one(10, 9), disbursed=baht("97000"))

    assert engine.evaluate(ROUND_2, data, AFTER_ROUND_2).level == 5


def test_the_gap_names_results_and_baht_to_the_next_level():
    data = province(activities=one(10, 1), disbursed=baht("21600"))

    evaluation = engine.evaluate(ROUND_1, data, AFTER_ROUND_1)

    assert evaluation.level == 3
    steps = next(g for g in evaluation.gap if g.kind == engine.ACTIVITIES_PERCENT).steps
    assert steps == (GapStep("3.1", "ตรวจแรงงานร่วม", "ครั้ง", 3),)
    assert next(g for g in evaluation.gap if g.kind == engine.DISBURSED_PERCENT).amount == Decimal("18400.00")
    assert evaluation.by_date == D(2019, 3, 31)
    done = province(activities=one(10, 4), disbursed=baht("40000"))
    assert engine.evaluate(ROUND_1, done, AFTER_ROUND_1).level == 4


def test_the_gap_goes_first_to_the_activities_where_a_result_weighs_most():
    data = province(
        activities=(
            activity("3.1", "ประชุม", target=100, results={1: 0}),
            activity("3.2", "ตรวจแรงงานร่วม", target=4, results={1: 0}),
        ),
    )

    gap = engine.evaluate(ROUND_1, data, AFTER_ROUND_1).gap

    # 40 % of two activities = 0.8 of one: 4 inspections fill 3.2 (1.0) — more than enough.
    assert next(g for g in gap if g.kind == engine.ACTIVITIES_PERCENT).steps == (
        GapStep("3.2", "ตรวจแรงงานร่วม", "ครั้ง", 4),
    )


def test_a_threshold_out_of_reach_of_the_sub_items_is_reported_unreachable():
    data = province(activities=(activity(target=10, subs=[(3, {}), (3, {})]),))

    gap = engine.evaluate(ROUND_2, data, AFTER_ROUND_2).gap

    activities = next(g for g in gap if g.kind == engine.ACTIVITIES_PERCENT)
    assert activities.reachable is False
    assert sum(step.amount for step in activities.steps) == 6


def test_the_gap_of_a_missing_report_lists_the_months():
    evaluation = engine.evaluate(ROUND_1, province(submitted_at=submitted_except(2, None)), AFTER_ROUND_1)

    assert evaluation.level == 2
    assert [g.figures["missing"] for g in evaluation.gap if g.kind == engine.MONTHLY_REPORTS] == [["พ.ย. 2561"]]


def test_the_projection_follows_the_pace_of_the_months_reported():
    data = province(
        activities=(activity(target=12, results={1: 1, 2: 1, 3: 1}),),
        disbursed=per_month({1: 10_000, 2: 10_000, 3: 10_000}, Decimal),
    )

    evaluation = engine.evaluate(ROUND_1, data, D(2019, 1, 6))  # October to December reported

    assert (evaluation.activities_percent, evaluation.disbursed_percent) == (Decimal("25.00"), Decimal("30.00"))
    projection = evaluation.projection
    assert (projection.months_of_data, projection.months_in_round) == (3, 6)
    assert (projection.activities_percent, projection.disbursed_percent) == (Decimal("50.00"), Decimal("60.00"))
    assert all(line.reaches for line in projection.lines)
    assert projection.level == 5
    assert engine.evaluate(ROUND_1, data, AFTER_ROUND_1).projection is None


def test_the_fractional_score_interpolates_toward_the_next_level():
    data = province(activities=one(1_000, 425), disbursed=baht("50000"))

    evaluation = engine.evaluate(ROUND_1, data, AFTER_ROUND_1)

    # Level 4; toward level 5 activities are half-way from 40 to 45, disbursement already there.
    assert (evaluation.level, evaluation.score) == (4, Decimal("4.50"))
    assert engine.evaluate(ROUND_1, province(activities=one(10, 5)), AFTER_ROUND_1).score == Decimal(5)


# --- property: more results or more money never lower the level -------------------------------

leaf_results = st.lists(st.integers(0, 8), min_size=12, max_size=12).map(tuple)


@st.composite
def activities(draw):
    made = []
    for n in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            target = draw(st.integers(0, 30))
            made.append(
                engine.Activity(f"1.{n}", "a", "ครั้ง", target, (engine.Leaf("a", "ครั้ง", target, draw(leaf_results)),))
            )
        else:
            leaves = tuple(
                engine.Leaf("s", "ครั้ง", draw(st.integers(0, 12)), draw(leaf_results))
                for _ in range(draw(st.integers(1, 3)))
            )
            made.append(engine.Activity(f"1.{n}", "a", "ครั้ง", draw(st.integers(0, 30)), leaves))
    return tuple(made)


def submission(month: engine.Month):
    return st.sampled_from(
        [None, at(month.due_date - datetime.timedelta(days=1)), at(month.due_date + datetime.timedelta(days=9))]
    )


province_data = st.builds(
    engine.ProvinceData,
    months=st.just(MONTHS),
    has_plan=st.just(True),
    activities=activities(),
    allocated=st.integers(0, 200_000).map(Decimal),
    disbursed=st.lists(st.integers(0, 30_000).map(Decimal), min_size=12, max_size=12).map(tuple),
    submitted_at=st.tuples(*(submission(m) for m in MONTHS)),
    planning_meetings=st.lists(st.dates(D(2018, 9, 1), D(2019, 9, 30)), max_size=2).map(tuple),
    tracking_meetings=st.lists(st.dates(D(2018, 10, 1), D(2019, 9, 30)), max_size=3).map(tuple),
    plan_submitted_on=st.one_of(st.none(), st.dates(D(2018, 9, 1), D(2019, 3, 1))),
    plan_approved_on=st.one_of(st.none(), st.dates(D(2018, 10, 1), D(2019, 3, 1))),
)


@settings(max_examples=300, deadline=None)
@given(
    data=province_data,
    round_number=st.sampled_from([1, 2]),
    as_of=st.dates(D(2018, 10, 1), D(2019, 10, 31)),
    which=st.integers(0, 1_000),
    month=st.integers(0, 11),
    more=st.integers(1, 50),
    money=st.booleans(),
)
def test_more_results_or_disbursement_never_lower_the_level(data, round_number, as_of, which, month, more, money):
    round_spec = spec(round_number)
    before = engine.evaluate(round_spec, data, as_of)
    if money:
        disbursed = list(data.disbursed)
        disbursed[month] += Decimal(more) * 1000
        richer = dataclasses.replace(data, disbursed=tuple(disbursed))
    else:
        index = which % len(data.activities)
        chosen = data.activities[index]
        leaf_index = which % len(chosen.leaves)
        results = list(chosen.leaves[leaf_index].results)
        results[month] += more
        leaves = list(chosen.leaves)
        leaves[leaf_index] = dataclasses.replace(leaves[leaf_index], results=tuple(results))
        changed = list(data.activities)
        changed[index] = dataclasses.replace(chosen, leaves=tuple(leaves))
        richer = dataclasses.replace(data, activities=tuple(changed))

    after = engine.evaluate(round_spec, richer, as_of)

    assert after.level >= before.level
    assert after.score >= before.score
