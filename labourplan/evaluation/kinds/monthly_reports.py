"""Every monthly report of the round that is due was submitted (late ones count)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labourplan.evaluation.kinds.registry import Kind, register
from labourplan.evaluation.values import MONTHLY_REPORTS, ConditionResult, round_months
from labourplan.lib.fiscal import end_of_day


@register
class MonthlyReports(Kind):
    name = MONTHLY_REPORTS
    order = 50
    label = gettext_lazy("Reported to the Ministry every month")
    field_label = gettext_lazy("Reported every month")

    def check(self, condition, level, data, spec, as_of, figures) -> ConditionResult:
        due = [m for m in round_months(data, spec) if m.due_date <= as_of]
        reported, late, missing = [], [], []
        for m in due:
            at = data.submitted_at[m.index - 1] if m.index - 1 < len(data.submitted_at) else None
            if at is not None and at <= figures.known_at:
                reported.append(m)
                if at > end_of_day(m.due_date):
                    late.append(m.label)
            else:
                missing.append(m.label)
        return ConditionResult(
            level=level,
            kind=self.name,
            met=not missing,
            figures={
                "due": len(due),
                "reported": len(reported),
                "late": late,
                "missing": missing,
                "months_in_round": len(round_months(data, spec)),
            },
        )

    def finding(self, result) -> str:
        f = result.figures
        if not f["due"]:
            return _("No report of this round is due yet.")
        text = _("%(reported)s of %(due)s reports due were submitted") % {"reported": f["reported"], "due": f["due"]}
        if f["late"]:
            text += "; " + _("late: %(months)s") % {"months": ", ".join(f["late"])}
        if f["missing"]:
            text += "; " + _("missing: %(months)s") % {"months": ", ".join(f["missing"])}
        return text

    def gap_text(self, gap, by) -> str:
        return _("Submit the missing monthly reports: %(months)s") % {"months": ", ".join(gap.figures["missing"])}
