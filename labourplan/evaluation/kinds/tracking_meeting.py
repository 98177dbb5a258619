"""A meeting or coordination to drive / track the plan within the round (in round 1 of FY 2562,
only on or after the plan's approval)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from labourplan.evaluation.kinds.registry import Kind, date_text, register
from labourplan.evaluation.values import TRACKING_MEETING, ConditionResult, ConditionSpec


@register
class TrackingMeeting(Kind):
    name = TRACKING_MEETING
    order = 40
    label = gettext_lazy("Met or coordinated the agencies to drive / track the plan")
    field_label = gettext_lazy("Meeting to drive / track the plan")

    def check(self, condition, level, data, spec, as_of, figures) -> ConditionResult:
        until = min(as_of, spec.ends_on)
        start = spec.starts_on
        approved = data.plan_approved_on if data.plan_approved_on and data.plan_approved_on <= as_of else None
        in_round = [d for d in data.tracking_meetings if spec.starts_on <= d <= until]
        if condition.after_approval:
            start = max(start, approved) if approved else None
        counted = [d for d in in_round if start is not None and d >= start]
        return ConditionResult(
            level=level,
            kind=self.name,
            met=len(counted) >= condition.minimum,
            figures={
                "count": len(counted),
                "minimum": condition.minimum,
                "before_approval": len(in_round) - len(counted) if condition.after_approval else 0,
                "after_approval": condition.after_approval,
                "approved_on": approved,
                "from": start,
                "until": until,
            },
        )

    def criteria_label(self, condition) -> str:
        if condition.after_approval:
            return " ".join((str(self.label), _("(on or after the plan's approval)")))
        return str(self.label)

    def requirement(self, result) -> str:
        if result.figures.get("after_approval"):
            return _("Met or coordinated the agencies to drive / track the approved plan")
        return str(self.label)

    def finding(self, result) -> str:
        f = result.figures
        if f["after_approval"] and f["approved_on"] is None:
            text = _("The plan is not approved yet; meetings count from its approval.")
        else:
            text = ngettext(
                "%(count)s meeting counted between %(start)s and %(end)s",
                "%(count)s meetings counted between %(start)s and %(end)s",
                f["count"],
            ) % {"count": f["count"], "start": date_text(f["from"]), "end": date_text(f["until"])}
        if f["before_approval"] and f["approved_on"] is None:
            # No approval at all: nothing is "before" it.
            text += " " + ngettext(
                "(%(count)s meeting recorded in the round)",
                "(%(count)s meetings recorded in the round)",
                f["before_approval"],
            ) % {"count": f["before_approval"]}
        elif f["before_approval"]:
            text += " " + ngettext(
                "(%(count)s more before the approval does not count)",
                "(%(count)s more before the approval do not count)",
                f["before_approval"],
            ) % {"count": f["before_approval"]}
        return text

    def gap_text(self, gap, by) -> str:
        f = gap.figures
        if f.get("after_approval") and f.get("approved_on") is None:
            return _("Record the governor's approval, then a meeting to drive / track the plan by %(date)s") % {
                "date": by
            }
        return _(
            "Hold and record a meeting or coordination to drive / track the plan between %(start)s and %(date)s"
        ) % {"start": date_text(f.get("from")), "date": by}

    def ended_gap_text(self, gap, ended) -> str | None:
        f = gap.figures
        if f.get("after_approval") and f.get("approved_on") is None:
            return _(
                "The plan was not approved during the round (which ended on %(date)s), so no meeting to drive / "
                "track it counted"
            ) % {"date": ended}
        return _("No meeting or coordination to drive / track the plan was recorded between %(start)s and %(date)s") % {
            "start": date_text(f.get("from")),
            "date": ended,
        }

    # The form: a tick box, and one more for "only on or after the plan's approval".
    def form_fields(self) -> dict:
        return {
            **super().form_fields(),
            "after_approval": forms.BooleanField(
                label=gettext_lazy("only on or after the plan's approval"), required=False
            ),
        }

    def initial(self, condition) -> dict:
        return {self.name: True, "after_approval": condition.after_approval}

    def spec_from(self, data: dict) -> ConditionSpec | None:
        if not data.get(self.name):
            return None
        return ConditionSpec(self.name, after_approval=bool(data.get("after_approval")))
