"""Each rule and each outlier method on crafted series, without a database."""

import math
from decimal import Decimal

from labourplan.quality.checks import Month, PlanFacts, Row, RuleSetting
from labourplan.quality.outliers import modified_z
from labourplan.quality.registry import RULES, default_settings, run

MONTHLY = (2,) * 12


def row(results, targets=MONTHLY, key="a", title="ตรวจตลาดสด", template_key=7):
    padded = tuple(results) + (None,) * (12 - len(results))
    return Row(key=key, title=title, targets=tuple(targets), results=padded, template_key=template_key)


def months(n, *, disbursed=Decimal(1000), evidence=True, narrative="ตรวจตลาด 2 แห่ง"):
    return tuple(Month(i, disbursed, evidence, narrative) for i in range(1, n + 1))


def find(code, facts, threshold=None):
    rule = RULES[code]
    return rule.find(facts, rule.default_threshold if threshold is None else Decimal(threshold))


def test_a_spike_over_three_times_the_target_to_date_is_found_with_both_figures():
    facts = PlanFacts(rows=(row([2, 2, 19, 2]),), months=months(4))
    [hit] = find("high_month", facts)
    assert (hit.month_index, hit.item_key, hit.value, hit.reference) == (3, "a", 19, 6)
    assert "19" in hit.detail and "6" in hit.detail
    # 18 is exactly three times the target to date: not over it.
    assert find("high_month", PlanFacts(rows=(row([2, 2, 18]),), months=months(3))) == []


def test_with_nothing_planned_yet_the_years_target_is_the_reference():
    facts = PlanFacts(rows=(row([80], targets=(0,) * 11 + (24,)),), months=months(1))
    [hit] = find("high_month", facts)
    assert hit.reference == 24 and hit.value == 80


def test_cumulative_results_above_the_years_target_are_said_once_at_the_first_month():
    facts = PlanFacts(rows=(row([10, 10, 5, 5]),), months=months(4))  # year's target 24
    [hit] = find("cumulative_over_year", facts)
    assert (hit.month_index, hit.value, hit.reference) == (3, 25, 24)


def test_a_month_copied_from_the_month_before_is_found_and_a_quiet_month_is_not():
    rows = (row([3, 3], key="a"), row([1, 1], key="b"), row([4, 4], key="c"))
    [hit] = find("copied_month", PlanFacts(rows=rows, months=months(2)))
    assert (hit.month_index, hit.item_key, hit.value) == (2, None, 3)
    # Two rows only filled: under the threshold of three.
    assert find("copied_month", PlanFacts(rows=rows[:2], months=months(2))) == []
    # Zeros twice are no copy; one row changed is no copy.
    zeros = tuple(row([0, 0], key=k) for k in "abc")
    assert find("copied_month", PlanFacts(rows=zeros, months=months(2))) == []
    changed = (row([3, 3], key="a"), row([1, 2], key="b"), row([4, 4], key="c"))
    assert find("copied_month", PlanFacts(rows=changed, months=months(2))) == []


def test_disbursement_drifting_away_from_the_plans_pace():
    # Targets evenly spread: the pace is 8.3 % a month. 1,000 of 12,000 a month follows it; then
    # a drift: 6,000 in month 3 brings 66.7 % against a pace of 25 %.
    facts = PlanFacts(
        rows=(row([2, 2, 2]),),
        months=(Month(1, Decimal(1000)), Month(2, Decimal(1000)), Month(3, Decimal(6000))),
        allocated=Decimal(12000),
    )
    [hit] = find("disbursement_pace", facts)
    assert hit.month_index == 3 and hit.value == Decimal("66.67") and hit.reference == Decimal("25.00")
    assert "66.7" in hit.detail and "25.0" in hit.detail
    assert find("disbursement_pace", PlanFacts(rows=facts.rows, months=facts.months)) == []  # no allocation


def test_results_with_no_evidence_and_an_empty_narrative():
    facts = PlanFacts(
        rows=(row([2, 0]),),
        months=(Month(1, has_evidence=False, narrative=" "), Month(2, has_evidence=False, narrative="ประชุม")),
    )
    [no_evidence] = find("no_evidence", facts)
    assert (no_evidence.month_index, no_evidence.value) == (1, 2)  # month 2 reported nothing
    [empty] = find("empty_narrative", facts)
    assert empty.month_index == 1


def test_disabled_rules_do_not_run_and_every_rule_has_a_thai_default_message():
    facts = PlanFacts(rows=(row([2, 2, 19]),), months=months(3))
    settings = default_settings()
    assert {s.code for s in settings} == set(RULES)
    assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in s.message) for s in settings)
    assert [h.rule for h in run(facts, settings)].count("high_month") == 1
    off = [RuleSetting(s.code, s.threshold, s.severity, s.message, enabled=s.code != "high_month") for s in settings]
    assert "high_month" not in [h.rule for h in run(facts, off)]


# --- outliers -----------------------------------------------------------------------------------


def test_the_modified_z_score_of_iglewicz_and_hoaglin():
    score = modified_z(20, [2, 3, 2, 4, 3])  # median 3, MAD 1
    assert score.median == 3 and math.isclose(score.z, 0.6745 * 17)
    assert modified_z(20, [2, 3, 4]) is None  # too few to judge
    # More than half equal: the mean absolute deviation stands in for the MAD.
    score = modified_z(9, [2, 2, 2, 5])
    assert math.isclose(score.z, (9 - 2) / (0.75 / 0.7979))
    assert math.isinf(modified_z(9, [2, 2, 2, 2]).z) and modified_z(2, [2, 2, 2, 2]).z == 0


def test_a_spike_far_from_the_provinces_own_history_is_explained_with_the_median():
    facts = PlanFacts(
        rows=(row([2, 3, 2, 40, 3, 2], targets=(10,) * 12),),
        months=months(6, disbursed=Decimal(0)),
        history={"ตรวจตลาดสด": (2, 2, 3, 1)},
    )
    [hit] = find("outlier_history", facts)
    assert (hit.month_index, hit.value, hit.reference) == (4, 40, 2)
    assert "40" in hit.detail and "2" in hit.detail


def test_a_value_far_from_the_other_provinces_for_the_same_template_row():
    peers = {(7, 1): ((1, 30), (2, 3), (3, 4), (4, 2), (5, 3), (6, 5))}  # (plan, value); plan 1 is ours
    facts = PlanFacts(rows=(row([30]),), months=months(1, disbursed=Decimal(0)), owner=1, peers=peers)
    [hit] = find("outlier_provinces", facts)
    assert hit.value == 30 and hit.reference == 3 and "5" in hit.detail  # 5 other provinces
    # Another province's ordinary value is no outlier against the rest (ours included).
    ordinary = PlanFacts(rows=(row([4]),), months=months(1, disbursed=Decimal(0)), owner=3, peers=peers)
    assert find("outlier_provinces", ordinary) == []


def test_a_disbursement_far_from_the_other_provinces():
    peers = {1: ((1, Decimal(90000)), (2, Decimal(5000)), (3, Decimal(6000)), (4, Decimal(4000)), (5, Decimal(5500)))}
    facts = PlanFacts(rows=(), months=(Month(1, Decimal(90000)),), owner=1, disbursed_peers=peers)
    [hit] = find("outlier_provinces", facts)
    assert hit.item_key is None and hit.value == 90000 and hit.reference == Decimal("5250.00")


def test_a_small_gap_is_no_outlier_however_tight_the_others():
    peers = {(7, 1): (*((n, 0) for n in range(2, 40)), (40, 1), (41, 2))}
    one = PlanFacts(rows=(row([1]),), months=months(1, disbursed=Decimal(0)), owner=1, peers=peers)
    assert modified_z(1, [0] * 38 + [1, 2]).z > 3.5 and find("outlier_provinces", one) == []
    five = PlanFacts(rows=(row([5]),), months=months(1, disbursed=Decimal(0)), owner=1, peers=peers)
    assert [h.value for h in find("outlier_provinces", five)] == [5]
