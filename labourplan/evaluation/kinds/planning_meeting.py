"""A meeting or coordination with the agencies to draft the plan (counts only with a plan)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from labourplan.evaluation.kinds.registry import Kind, date_text, register
from labourplan.evaluation.values import PLANNING_MEETING, ConditionResult


@register
class PlanningMeeting(Kind):
    name = PLANNING_MEETING
    order = 10
    label = gettext_lazy("Met or coordinated the agencies to draft the plan")
    field_label = gettext_lazy("Meeting to draft the plan")

    def check(self, condition, level, data, spec, as_of, figures) -> ConditionResult:
        held = sorted(d for d in data.planning_meetings if d <= as_of)
        return ConditionResult(
            level=level,
            kind=self.name,
            met=data.has_plan and len(held) >= condition.minimum,
            figures={"count": len(held), "minimum": condition.minimum, "last": held[-1] if held else None},
        )

    def finding(self, result) -> str:
        f = result.figures
        if not f["count"]:
            return _("No meeting or coordination to draft the plan is recorded.")
        return ngettext(
            "%(count)s meeting recorded, the last on %(date)s",
            "%(count)s meetings recorded, the last on %(date)s",
            f["count"],
        ) % {"count": f["count"], "date": date_text(f["last"])}

    def gap_text(self, gap, by) -> str:
        return _("Record the meeting or coordination with the agencies that drafted the plan.")
