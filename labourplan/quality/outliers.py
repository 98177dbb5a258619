"""Outliers, by the modified z-score of Iglewicz and Hoaglin: how far a value is from the median of
the values it is compared with, in units of their robust spread (the median absolute deviation).

Two comparisons, two rules of the registry: a province's value against its own history of the same
row (its other months and its earlier years), and against the other provinces' values for the same
template row and month. Pure functions, fed by `facts.py`.
"""

import math
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from labourplan.quality.checks import Hit, PlanFacts, Rule, figure

# Fewer values than this say nothing of what is usual.
MIN_SAMPLE = 4
# A value within this many units of the median is never questioned, however tight the others are:
# a 1 where most provinces report 0 is no news.
MIN_GAP = 3
# MAD × 1.4826 estimates the standard deviation of normal data; 0.6745 is its inverse.
MAD_SCALE = 0.6745
# When more than half the values are equal the MAD is zero: the mean absolute deviation stands in
# (× 0.7979, its ratio to the standard deviation), as IBM's and Iglewicz–Hoaglin's notes advise.
MEAN_AD_SCALE = 0.7979


@dataclass(frozen=True)
class Score:
    z: float  # math.inf when the others are all equal and the value is not
    median: float
    count: int


def modified_z(value: float, others: list[float]) -> Score | None:
    """The value's modified z-score against `others` (the value itself not among them); None when
    there are too few to judge."""
    if len(others) < MIN_SAMPLE:
        return None
    median = statistics.median(others)
    mad = statistics.median(abs(x - median) for x in others)
    if mad > 0:
        z = MAD_SCALE * (value - median) / mad
    else:
        mean_ad = statistics.fmean(abs(x - median) for x in others)
        if mean_ad > 0:
            z = (value - median) / (mean_ad / MEAN_AD_SCALE)
        else:
            z = 0.0 if value == median else math.copysign(math.inf, value - median)
    return Score(z, median, len(others))


def _explain(kind: str, value, score: Score) -> str:
    figures = {"value": figure(value), "median": figure(Decimal(str(score.median))), "count": score.count}
    if math.isinf(score.z):
        if kind == "history":
            return _("%(value)s, while all %(count)s earlier values of this row were %(median)s.") % figures
        return _("%(value)s, while all %(count)s other provinces reported %(median)s.") % figures
    figures["z"] = f"{abs(score.z):.1f}"
    if kind == "history":
        return (
            _(
                "%(value)s is %(z)s robust deviations from the median %(median)s of this row's "
                "%(count)s other values (other months and earlier years)."
            )
            % figures
        )
    return _("%(value)s is %(z)s robust deviations from the median %(median)s of %(count)s other provinces.") % figures


class _Outlier(Rule):
    default_threshold = Decimal("3.5")
    default_severity = "warning"
    kind = ""

    def samples(self, facts: PlanFacts, row, month_index: int) -> list[float]:
        raise NotImplementedError

    def disbursement_samples(self, facts: PlanFacts, month_index: int) -> list[float]:
        raise NotImplementedError

    def find(self, facts, threshold):
        hits = []
        for month in facts.months:
            for row in facts.rows:
                value = row.results[month.index - 1]
                if not value:  # nothing done is no outlier: the KPI judges it
                    continue
                hits.extend(self._judge(month.index, row.key, value, self.samples(facts, row, month.index), threshold))
            if month.disbursed:
                others = self.disbursement_samples(facts, month.index)
                hits.extend(self._judge(month.index, "", month.disbursed, others, threshold))
        return hits

    def _judge(self, month_index, key, value, others, threshold) -> list[Hit]:
        score = modified_z(float(value), [float(x) for x in others])
        if score is None or abs(score.z) <= float(threshold) or abs(float(value) - score.median) < MIN_GAP:
            return []
        reference = Decimal(str(score.median)).quantize(Decimal("0.01"))
        detail = _explain(self.kind, value, score)
        if not key:
            detail = _("Disbursed %(detail)s") % {"detail": detail}
        return [Hit(self.code, month_index, key or None, Decimal(value), reference, detail)]


class OutlierHistory(_Outlier):
    code = "outlier_history"
    kind = "history"
    default_message = "ค่าแตกต่างจากประวัติของจังหวัดเองมาก"

    def samples(self, facts, row, month_index):
        mine = [v for i, v in enumerate(row.results, start=1) if i != month_index and v is not None and facts.month(i)]
        return mine + list(facts.history.get(row.title, ()))

    def disbursement_samples(self, facts, month_index):
        mine = [m.disbursed for m in facts.months if m.index != month_index]
        return mine + list(facts.disbursed_history)


class OutlierProvinces(_Outlier):
    code = "outlier_provinces"
    kind = "provinces"
    default_message = "ค่าแตกต่างจากจังหวัดอื่นมาก"

    def samples(self, facts, row, month_index):
        if row.template_key is None:
            return []
        return [v for owner, v in facts.peers.get((row.template_key, month_index), ()) if owner != facts.owner]

    def disbursement_samples(self, facts, month_index):
        return [v for owner, v in facts.disbursed_peers.get(month_index, ()) if owner != facts.owner]


OUTLIERS = (OutlierHistory(), OutlierProvinces())
