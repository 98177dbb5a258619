"""Percent of the budget disbursed: cumulative disbursement ÷ the year's allocation."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labourplan.evaluation.kinds.percent import PercentKind
from labourplan.evaluation.kinds.registry import baht, percent, register
from labourplan.evaluation.values import CENT, DISBURSED_PERCENT, Gap, round_half_up


@register
class DisbursedPercent(PercentKind):
    name = DISBURSED_PERCENT
    order = 70
    label = gettext_lazy("Percent of budget disbursed")
    field_label = gettext_lazy("Disbursed (percent)")

    def measure(self, figures):
        return figures.disbursed_exact()

    def extra_figures(self, data, figures) -> dict:
        return {"disbursed": round_half_up(figures.disbursed()), "allocated": data.allocated}

    def gap(self, condition, result, data, figures) -> Gap:
        if data.allocated <= 0:
            return Gap(kind=self.name, threshold=condition.threshold, reachable=False)
        needed = Fraction(condition.threshold) / 100 * Fraction(data.allocated) - figures.disbursed()
        amount = Decimal(math.ceil(needed * 100)) / 100
        return Gap(
            kind=self.name,
            threshold=condition.threshold,
            value=round_half_up(figures.disbursed_exact()),
            amount=max(amount, CENT),
            figures={"allocated": data.allocated},
        )

    def criteria_label(self, condition) -> str:
        return _("Budget disbursed ≥ %(t)s%%") % {"t": localize(condition.threshold)}

    def requirement(self, result) -> str:
        return _("Budget disbursed: at least %(threshold)s percent") % {"threshold": percent(result.threshold)}

    def finding(self, result) -> str:
        if result.value is None:
            return _("No budget allocation is recorded for the year, so no percent can be computed.")
        return _("%(value)s percent: %(disbursed)s disbursed of %(allocated)s allocated") % {
            "value": percent(result.value),
            "disbursed": baht(result.figures["disbursed"]),
            "allocated": baht(result.figures["allocated"]),
        }

    def gap_text(self, gap, by) -> str:
        if gap.amount is None:
            return _("Record the year's budget allocation; disbursement is measured against it.")
        return _("%(amount)s more disbursed by %(date)s, to reach %(threshold)s percent (now %(value)s)") % {
            "amount": baht(gap.amount),
            "date": by,
            "threshold": percent(gap.threshold),
            "value": percent(gap.value),
        }

    def ended_gap_text(self, gap, ended) -> str | None:
        if gap.amount is None:
            return None
        return _(
            "The round ended on %(date)s with %(value)s percent of the budget disbursed, %(amount)s short of "
            "%(threshold)s percent"
        ) % {
            "date": ended,
            "value": percent(gap.value),
            "amount": baht(gap.amount),
            "threshold": percent(gap.threshold),
        }

    def projection_label(self) -> str:
        return _("disbursement")

    def measure_label(self) -> str:
        return _("Budget disbursed")
