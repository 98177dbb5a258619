"""KPI condition kinds are a registry: each kind is one class, found by name, and a kind added in
one place is checked by the engine, explained, labelled and edited without touching anything else."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.template.loader import render_to_string

from labourplan.evaluation import engine, kinds
from labourplan.evaluation.explain import finding, gap_text, projection_text, requirement
from labourplan.evaluation.forms import LevelForm
from labourplan.evaluation.kinds.percent import PercentKind
from labourplan.evaluation.kinds.registry import date_text
from labourplan.evaluation.models import Condition, ConditionKind
from labourplan.evaluation.values import ConditionResult
from tests.evaluation.test_engine import BASE, ROUND_1, province

D = datetime.date


class PlanApprovedInRound(kinds.Kind):
    name = "plan_approved_in_round"
    order = 35
    label = "Plan approved within the round"

    def check(self, condition, level, data, spec, as_of, figures):
        on = data.plan_approved_on if data.plan_approved_on and data.plan_approved_on <= as_of else None
        met = on is not None and spec.starts_on <= on <= spec.ends_on
        return ConditionResult(level=level, kind=self.name, met=met, figures={"on": on})

    def finding(self, result):
        return f"Approved on {date_text(result.figures['on'])}"

    def gap_text(self, gap, by):
        return f"Have the plan approved by {by}"


class MonthsReportedPercent(PercentKind):
    name = "months_reported_percent"
    order = 80
    label = "Percent of the year's months reported"

    def measure(self, figures):
        return Fraction(len(figures.counted) * 100, 12)

    def finding(self, result):
        return f"{result.value} percent of the months"

    def gap_text(self, gap, by):
        return f"Report more months by {by}"

    def projection_label(self):
        return "months reported"

    def measure_label(self):
        return "Months reported"


@pytest.fixture
def new_kinds():
    kinds.register(PlanApprovedInRound)
    kinds.register(MonthsReportedPercent)
    yield kinds.get(PlanApprovedInRound.name), kinds.get(MonthsReportedPercent.name)
    kinds.unregister(PlanApprovedInRound.name)
    kinds.unregister(MonthsReportedPercent.name)


def test_every_choice_of_condition_kind_has_a_registered_class_and_every_class_a_choice():
    assert list(ConditionKind.values) == list(kinds.names()) == list(engine.KINDS)
    assert Condition._meta.get_field("kind").choices == ConditionKind.choices
    assert engine.PERCENT_KINDS == (engine.ACTIVITIES_PERCENT, engine.DISBURSED_PERCENT)
    for kind in kinds.all_kinds():
        assert kinds.get(kind.name) is kind
        assert str(ConditionKind(kind.name).label) == str(kind.label)


def test_an_unknown_kind_is_refused_by_name_and_a_name_cannot_be_taken_twice():
    with pytest.raises(ValueError, match="unknown condition kind 'no_such_kind'"):
        kinds.get("no_such_kind")
    level = engine.LevelSpec(1, "x", (engine.ConditionSpec("no_such_kind"),))
    with pytest.raises(ValueError, match="no_such_kind"):
        engine.evaluate(engine.RoundSpec(1, "r", ROUND_1.starts_on, ROUND_1.ends_on, (level,)), BASE, D(2019, 1, 10))

    class Impostor(kinds.Kind):
        name = engine.MONTHLY_REPORTS

    with pytest.raises(ValueError, match="registered twice"):
        kinds.register(Impostor)
    assert type(kinds.get(engine.MONTHLY_REPORTS)).__name__ == "MonthlyReports"


def test_a_kind_registered_in_one_place_is_evaluated_explained_and_labelled(new_kinds):
    approved_in_round, months_reported = new_kinds
    spec = engine.RoundSpec(
        number=1,
        name="รอบที่ 1",
        starts_on=ROUND_1.starts_on,
        ends_on=ROUND_1.ends_on,
        levels=(
            engine.LevelSpec(1, "อนุมัติในรอบ", (engine.ConditionSpec(approved_in_round.name),)),
            engine.LevelSpec(2, "รายงาน", (engine.ConditionSpec(months_reported.name, Decimal(50)),)),
        ),
    )
    # October to December have ended and were reported by 10 January: 3 months of 12.
    evaluation = engine.evaluate(spec, BASE, D(2019, 1, 10))
    first, second = evaluation.conditions
    assert (first.kind, first.met, first.figures["on"]) == (approved_in_round.name, True, D(2018, 10, 20))
    assert (second.kind, second.met, second.value) == (months_reported.name, False, Decimal("25.00"))
    assert evaluation.level == 1
    assert evaluation.score == Decimal("1.50")  # halfway from 0 to the next level's 50 percent
    assert [g.kind for g in evaluation.gap] == [months_reported.name]
    assert evaluation.projection.lines[0].kind == months_reported.name
    assert evaluation.projection.lines[0].projected == Decimal("25.00")

    # Approved after the round: the new milestone is not met, and its gap speaks.
    late = engine.evaluate(spec, province(plan_approved_on=D(2019, 4, 2)), D(2019, 4, 6))
    assert late.level == 0
    assert not late.conditions[0].met
    assert [g.kind for g in late.gap] == [approved_in_round.name]

    assert requirement(first) == "Plan approved within the round"
    assert finding(first) == f"Approved on {date_text(D(2018, 10, 20))}"
    assert finding(second) == "25.00 percent of the months"
    assert gap_text(evaluation.gap[0], evaluation.by_date) == f"Report more months by {date_text(ROUND_1.ends_on)}"
    assert gap_text(late.gap[0], late.by_date) == f"Have the plan approved by {date_text(ROUND_1.ends_on)}"
    assert "months reported" in projection_text(evaluation.projection.lines[0])

    # The criteria page's label comes from the kind.
    html = render_to_string("evaluation/_condition.html", {"condition": engine.ConditionSpec(approved_in_round.name)})
    assert html.strip() == "Plan approved within the round"

    # The criteria form has the kinds' fields: a tick box with the milestones, a threshold column.
    form = LevelForm(
        data={"number": "๑", "description": "ระดับ", approved_in_round.name: "on", months_reported.name: "๕๐"}
    )
    assert approved_in_round.name in [f.name for f in form.milestone_fields()]
    assert [f.name for f in form.threshold_fields()] == [
        engine.ACTIVITIES_PERCENT,
        engine.DISBURSED_PERCENT,
        months_reported.name,
    ]
    assert form.is_valid(), form.errors
    level = form.to_spec()
    assert level.conditions == (
        engine.ConditionSpec(approved_in_round.name),
        engine.ConditionSpec(months_reported.name, threshold=Decimal(50)),
    )
    assert LevelForm.initial_for(level) == {
        "number": 1,
        "description": "ระดับ",
        approved_in_round.name: True,
        months_reported.name: Decimal(50),
    }


def test_the_built_in_kinds_keep_their_form_fields_in_the_order_of_the_criteria_table():
    form = LevelForm()
    milestones = ["planning_meeting", "plan_submitted", "plan_approved", "tracking_meeting", "after_approval"]
    milestones.append("monthly_reports")
    assert [f.name for f in form.milestone_fields()] == milestones
    assert [f.name for f in form.threshold_fields()] == ["activities_percent", "disbursed_percent"]
    assert list(form.fields) == ["number", "description", *milestones, "activities_percent", "disbursed_percent"]
