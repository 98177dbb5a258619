"""Percent of activities put into practice: the mean over numbered activities with an annual
target of min(1, Σ_leaves min(cumulative result, leaf target) ÷ activity target)."""

from __future__ import annotations

import math
from fractions import Fraction

from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labourplan.evaluation.kinds.percent import PercentKind
from labourplan.evaluation.kinds.registry import percent, register
from labourplan.evaluation.values import ACTIVITIES_PERCENT, Gap, GapStep, round_half_up


def step_texts(gap: Gap) -> list[str]:
    """The results still needed, activity by activity ("3 more ครั้ง in activity 1.2 …")."""
    return [
        _("%(amount)s more %(unit)s in activity %(number)s %(title)s")
        % {"amount": f"{s.amount:,}", "unit": s.unit, "number": s.activity, "title": s.title}
        for s in gap.steps
    ]


@register
class ActivitiesPercent(PercentKind):
    name = ACTIVITIES_PERCENT
    order = 60
    label = gettext_lazy("Percent of activities put into practice")
    field_label = gettext_lazy("Activities (percent)")

    def measure(self, figures):
        return figures.activities_exact()

    def extra_figures(self, data, figures) -> dict:
        return {"activities": len(figures.activity_parts())}

    # The gap names what reaches the threshold itself: enough, and what an officer expects to read,
    # though the two-decimal rounding would let a province pass up to 0.005 points below it.
    def gap(self, condition, result, data, figures) -> Gap:
        parts = figures.activity_parts()
        current = figures.activities_exact()
        value = round_half_up(current) if current is not None else None
        if not parts:
            return Gap(kind=self.name, threshold=condition.threshold, value=None, reachable=False)
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
            kind=self.name, threshold=condition.threshold, value=value, steps=tuple(steps), reachable=needed <= 0
        )

    def criteria_label(self, condition) -> str:
        return _("Activities put into practice ≥ %(t)s%%") % {"t": localize(condition.threshold)}

    def requirement(self, result) -> str:
        return _("Activities put into practice: at least %(threshold)s percent") % {
            "threshold": percent(result.threshold)
        }

    def finding(self, result) -> str:
        if result.value is None:
            return _("The plan has no activity with an annual target.")
        return _("%(value)s percent, the mean over %(count)s activities with a target") % {
            "value": percent(result.value),
            "count": result.figures["activities"],
        }

    def gap_text(self, gap, by) -> str:
        if gap.value is None and not gap.steps:
            return _("Set annual targets for the plan's activities.")
        steps = "; ".join(step_texts(gap))
        if not gap.reachable:
            return _(
                "Activities put into practice cannot reach %(threshold)s percent even with every target met "
                "(the sub-items' targets do not cover their activities): %(steps)s"
            ) % {"threshold": percent(gap.threshold), "steps": steps or "—"}
        return _("Activities to %(threshold)s percent (now %(value)s): %(steps)s, by %(date)s") % {
            "threshold": percent(gap.threshold),
            "value": percent(gap.value),
            "steps": steps,
            "date": by,
        }

    def ended_gap_text(self, gap, ended) -> str | None:
        if gap.value is None:
            return None
        steps = "; ".join(step_texts(gap))
        return _(
            "The round ended on %(date)s with activities put into practice at %(value)s percent, short of "
            "%(threshold)s percent: %(steps)s were missing"
        ) % {"date": ended, "value": percent(gap.value), "threshold": percent(gap.threshold), "steps": steps or "—"}

    def projection_label(self) -> str:
        return _("activities")

    def measure_label(self) -> str:
        return _("Activities put into practice")
