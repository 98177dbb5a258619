"""The data-quality rules: pure functions from a plan's plain figures to the values they question.

Like the KPI engine, nothing here touches the database: `facts.py` feeds these with a fixed number
of queries, `services.py` records what they find. Each rule is one class of the registry `RULES`,
found by its code; the centre sets its threshold, severity and Thai message per fiscal year.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from labourplan.reports.services import HIGH_RESULT_FACTOR


@dataclass(frozen=True)
class Row:
    """A leaf row of a plan (an activity without sub-items, or a sub-item): its targets, and its
    results month by month (None where the month was not reported)."""

    key: str
    title: str
    targets: tuple[int, ...]
    results: tuple[int | None, ...]
    template_key: int | None = None

    @property
    def total(self) -> int:
        return sum(self.targets)


@dataclass(frozen=True)
class Month:
    """A month whose report was sent (the checks read only what the province sent)."""

    index: int  # 1 = October … 12 = September
    disbursed: Decimal = Decimal(0)
    has_evidence: bool = False
    narrative: str = ""


@dataclass(frozen=True)
class PlanFacts:
    rows: tuple[Row, ...]
    months: tuple[Month, ...]
    allocated: Decimal = Decimal(0)
    # For the outliers: earlier years' monthly results of a row, by the row's title; earlier years'
    # monthly disbursements; the other provinces' results by (template row, month) and their
    # disbursements by month, each value as (owner, value): the same dicts serve every plan.
    owner: int | None = None
    history: dict = field(default_factory=dict)
    disbursed_history: tuple = ()
    peers: dict = field(default_factory=dict)
    disbursed_peers: dict = field(default_factory=dict)

    def month(self, index: int) -> Month | None:
        return next((m for m in self.months if m.index == index), None)


@dataclass(frozen=True)
class Hit:
    """A questionable value: which month and row (None: the month's report as a whole), the value,
    what it was compared to, and the explanation with both figures."""

    rule: str
    month_index: int
    item_key: str | None
    value: Decimal
    reference: Decimal | None
    detail: str


@dataclass(frozen=True)
class RuleSetting:
    """A rule as the centre set it for a fiscal year."""

    code: str
    threshold: Decimal
    severity: str = "warning"
    message: str = ""
    enabled: bool = True


def figure(value) -> str:
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


class Rule:
    code = ""
    default_threshold = Decimal(1)
    default_severity = "warning"
    default_message = ""  # Thai: stored in the rule's row, edited by the centre

    def find(self, facts: PlanFacts, threshold: Decimal) -> list[Hit]:
        raise NotImplementedError


class HighMonth(Rule):
    """A month's result far above the target to date (the year's target while none was planned
    yet): the over-3× rule of Form 2, with the centre's factor."""

    code = "high_month"
    default_threshold = Decimal(HIGH_RESULT_FACTOR)
    default_severity = "warning"
    default_message = "ผลการดำเนินงานของเดือนสูงกว่าเป้าหมายมาก"

    def find(self, facts, threshold):
        hits = []
        for month in facts.months:
            for row in facts.rows:
                result = row.results[month.index - 1]
                if not result:
                    continue
                to_date = sum(row.targets[: month.index])
                reference = to_date if to_date > 0 else max(row.total, 0)
                if result > threshold * reference:
                    hits.append(
                        Hit(
                            self.code,
                            month.index,
                            row.key,
                            Decimal(result),
                            Decimal(reference),
                            _(
                                "The month's result %(value)s is more than %(factor)s times "
                                "the target to date (%(ref)s)."
                            )
                            % {"value": figure(result), "factor": figure(threshold), "ref": figure(reference)},
                        )
                    )
        return hits


class CumulativeOverYear(Rule):
    """Results since October above the year's target (times the threshold): said once, at the
    first month it happens."""

    code = "cumulative_over_year"
    default_threshold = Decimal(1)
    default_severity = "info"
    default_message = "ผลสะสมสูงกว่าเป้าหมายทั้งปี"

    def find(self, facts, threshold):
        hits = []
        sent = sorted(m.index for m in facts.months)
        for row in facts.rows:
            for index in sent:
                cumulative = sum(r or 0 for r in row.results[:index])
                if row.total > 0 and cumulative > threshold * row.total:
                    hits.append(
                        Hit(
                            self.code,
                            index,
                            row.key,
                            Decimal(cumulative),
                            Decimal(row.total),
                            _("Results since October (%(value)s) are above the year's target (%(ref)s).")
                            % {"value": figure(cumulative), "ref": figure(row.total)},
                        )
                    )
                    break
        return hits


class CopiedMonth(Rule):
    """The same figures as the month before, row for row: a copy rather than a count. Only when at
    least `threshold` rows have a result, so that a quiet month of zeros or a single row is not
    suspected."""

    code = "copied_month"
    default_threshold = Decimal(3)
    default_severity = "warning"
    default_message = "ตัวเลขผลการดำเนินงานซ้ำกับเดือนก่อนทุกแถว"

    def find(self, facts, threshold):
        hits = []
        sent = {m.index for m in facts.months}
        for index in sorted(sent):
            if index - 1 not in sent:
                continue
            now = [row.results[index - 1] or 0 for row in facts.rows]
            before = [row.results[index - 2] or 0 for row in facts.rows]
            filled = sum(1 for v in now if v)
            if filled >= threshold and now == before:
                hits.append(
                    Hit(
                        self.code,
                        index,
                        None,
                        Decimal(filled),
                        None,
                        _("All %(count)s results of the month are the same as the month before.") % {"count": filled},
                    )
                )
        return hits


class DisbursementPace(Rule):
    """Disbursed since October, as a share of the allocation, far from the share of the year's
    targets planned to date (the plan's pace): `threshold` is the gap in percentage points."""

    code = "disbursement_pace"
    default_threshold = Decimal(40)
    default_severity = "warning"
    default_message = "การเบิกจ่ายไม่สอดคล้องกับความก้าวหน้าตามแผน"

    def find(self, facts, threshold):
        planned_total = sum(row.total for row in facts.rows)
        if facts.allocated <= 0 or planned_total <= 0:
            return []
        hits = []
        disbursed = Decimal(0)
        by_index = {m.index: m for m in facts.months}
        for index in range(1, 13):
            month = by_index.get(index)
            if month is None:
                continue
            disbursed += month.disbursed
            spent = disbursed * 100 / facts.allocated
            pace = Decimal(sum(sum(row.targets[:index]) for row in facts.rows) * 100) / planned_total
            if abs(spent - pace) > threshold:
                hits.append(
                    Hit(
                        self.code,
                        index,
                        None,
                        spent.quantize(Decimal("0.01")),
                        pace.quantize(Decimal("0.01")),
                        _(
                            "%(spent)s%% of the allocation disbursed since October, while the plan "
                            "foresaw %(pace)s%% of its targets by this month."
                        )
                        % {"spent": f"{spent:.1f}", "pace": f"{pace:.1f}"},
                    )
                )
        return hits


class NoEvidence(Rule):
    """Results reported for the month and no evidence attached."""

    code = "no_evidence"
    default_threshold = Decimal(1)
    default_severity = "info"
    default_message = "มีผลการดำเนินงานแต่ไม่มีหลักฐานประกอบ"

    def find(self, facts, threshold):
        hits = []
        for month in facts.months:
            total = sum(row.results[month.index - 1] or 0 for row in facts.rows)
            if total >= threshold and not month.has_evidence:
                hits.append(
                    Hit(
                        self.code,
                        month.index,
                        None,
                        Decimal(total),
                        None,
                        _("%(count)s results reported and no evidence attached.") % {"count": figure(total)},
                    )
                )
        return hits


class EmptyNarrative(Rule):
    """The month's key results left empty (shorter than `threshold` characters)."""

    code = "empty_narrative"
    default_threshold = Decimal(1)
    default_severity = "info"
    default_message = "ไม่ได้บรรยายผลการดำเนินงานที่สำคัญ"

    def find(self, facts, threshold):
        return [
            Hit(
                self.code,
                month.index,
                None,
                Decimal(len(month.narrative.strip())),
                threshold,
                _("The key results of the month are empty."),
            )
            for month in facts.months
            if len(month.narrative.strip()) < threshold
        ]


CHECKS = (HighMonth(), CumulativeOverYear(), CopiedMonth(), DisbursementPace(), NoEvidence(), EmptyNarrative())


def values_checked(facts: PlanFacts) -> int:
    """The values a plan sent: each leaf row's result and the disbursement, per sent month."""
    return len(facts.months) * (len(facts.rows) + 1)
