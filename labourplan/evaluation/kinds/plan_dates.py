"""The plan's two dated milestones: submitted to the governor, approved by the governor."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labourplan.evaluation.kinds.registry import Kind, date_text, register
from labourplan.evaluation.values import PLAN_APPROVED, PLAN_SUBMITTED, ConditionResult


class PlanDate(Kind):
    """Met once the plan's date (`attribute` of the province's data) is on or before the as-of date."""

    attribute = ""

    def not_yet(self) -> str:
        raise NotImplementedError

    def check(self, condition, level, data, spec, as_of, figures) -> ConditionResult:
        on = getattr(data, self.attribute)
        on = on if on and on <= as_of else None
        return ConditionResult(level=level, kind=self.name, met=on is not None, figures={"on": on})

    def finding(self, result) -> str:
        if result.figures["on"] is None:
            return self.not_yet()
        return _("On %(date)s") % {"date": date_text(result.figures["on"])}


@register
class PlanSubmitted(PlanDate):
    name = PLAN_SUBMITTED
    order = 20
    label = gettext_lazy("Plan submitted to the governor")
    field_label = gettext_lazy("Plan submitted to the governor")
    attribute = "plan_submitted_on"

    def not_yet(self) -> str:
        return _("Not yet.")

    def gap_text(self, gap, by) -> str:
        return _("Submit the plan to the governor and record the date.")


@register
class PlanApproved(PlanDate):
    name = PLAN_APPROVED
    order = 30
    label = gettext_lazy("Plan approved by the governor")
    field_label = gettext_lazy("Plan approved")
    attribute = "plan_approved_on"

    def not_yet(self) -> str:
        return _("Not approved yet.")

    def gap_text(self, gap, by) -> str:
        return _("Record the governor's approval of the plan.")
