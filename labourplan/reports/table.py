"""Form 2: the table of the plan version in force seen through one month, read in a fixed number
of queries. Rows that a later version dropped (the governor approved the plan without them) keep
the results already reported on them: they follow the table, marked as dropped."""

from dataclasses import dataclass, field

from django.db.models import Sum

from labourplan.plans.models import PlanItem
from labourplan.plans.table import load_table
from labourplan.reports.models import MonthlyReport, ReportResult
from labourplan.reports.services import high_result_reference, is_high_result


@dataclass
class ReportRow:
    item: PlanItem
    number: str
    month_target: int
    cumulative_target: int
    annual_target: int
    result: int = 0
    cumulative_result: int = 0
    remark: str = ""
    revision: int = 0
    high_reference: int = 0  # what the result is compared with (services.high_result_reference)
    pending_result: int | None = None  # over three times the target, waiting for confirmation
    pending_remark: str = ""
    sub_rows: list["ReportRow"] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.sub_rows

    @property
    def percent_of_year(self) -> float | None:
        if not self.annual_target:
            return None
        return round(self.cumulative_result * 100 / self.annual_target, 2)

    @property
    def before(self) -> int:
        """The result to date without this month's."""
        return self.cumulative_result - self.result

    @property
    def over_three_times(self) -> bool:
        return self.is_leaf and is_high_result(self.result, self.high_reference)


@dataclass
class ReportTopic:
    title: str
    number: int
    rows: list[ReportRow]


@dataclass
class ReportStrategy:
    strategy: object
    topics: list[ReportTopic]


@dataclass
class DroppedRow:
    """A row with results that the version in force no longer carries (found by its stable key)."""

    key: object
    title: str
    unit: str
    result: int
    cumulative_result: int
    remark: str


class ReportTable(list):
    """The strategies of the report's table (a list, as before), with the version it follows and the
    dropped rows beside."""

    version: object  # PlanVersion | None
    dropped: list[DroppedRow]


def dropped_rows(report: MonthlyReport, kept: set, results: dict, cumulative: dict) -> list[DroppedRow]:
    """Results of this plan's reports up to this month on rows the version in force does not have
    (`kept`: its keys), named from the plan's other versions, or from the rows' history when no
    version has them. No query when there is none."""
    keys = [key for key, total in cumulative.items() if key not in kept and (total or key in results)]
    if not keys:
        return []
    named = {}
    for item in PlanItem.objects.filter(topic__version__plan_id=report.plan_id, key__in=keys).order_by(
        "topic__version__number"
    ):
        named[item.key] = (item.title, item.unit)
    missing = [key for key in keys if key not in named]
    if missing:
        for record in PlanItem.history.filter(key__in=missing).order_by("history_date"):
            named[record.key] = (record.title, record.unit)
    rows = []
    for key in keys:
        title, unit = named.get(key, ("", ""))
        saved = results.get(key)
        rows.append(
            DroppedRow(
                key=key,
                title=title,
                unit=unit,
                result=saved.result if saved else 0,
                cumulative_result=cumulative[key],
                remark=saved.remark if saved else "",
            )
        )
    return sorted(rows, key=lambda row: row.title)


def load_report_table(report: MonthlyReport) -> ReportTable:
    m = report.month_index
    # A plan taken back to draft after its reports were opened has no version in force: its
    # reports still show against the plan as it is being corrected.
    version = report.plan.version_in_force() or report.plan.current_version
    table = load_table(version)
    results = {r.item_key: r for r in ReportResult.objects.filter(report=report)}
    cumulative = dict(
        ReportResult.objects.filter(report__plan_id=report.plan_id, report__month_index__lte=m)
        .values_list("item_key")
        .annotate(total=Sum("result"))
    )

    def row_for(row) -> ReportRow:
        item = row.item
        saved = results.get(item.key)
        built = ReportRow(
            item=item,
            number=row.number,
            month_target=getattr(item, f"target_{m}"),
            cumulative_target=sum(item.targets[:m]),
            annual_target=item.total,
            result=saved.result if saved else 0,
            cumulative_result=cumulative.get(item.key, 0),
            remark=saved.remark if saved else "",
            revision=saved.revision if saved else 0,
            high_reference=high_result_reference(item, m),
            pending_result=saved.pending_result if saved else None,
            pending_remark=saved.pending_remark if saved else "",
            sub_rows=[row_for(sub) for sub in row.sub_items],
        )
        if built.sub_rows:  # an activity with sub-items shows their sums
            built.result = sum(s.result for s in built.sub_rows)
            built.cumulative_result = sum(s.cumulative_result for s in built.sub_rows)
        return built

    strategies = ReportTable(
        ReportStrategy(
            strategy=block.strategy,
            topics=[
                ReportTopic(title=t.topic.title, number=t.number, rows=[row_for(r) for r in t.rows])
                for t in block.topics
            ],
        )
        for block in table.strategies
    )
    kept = {row.item.key for block in strategies for topic in block.topics for row in _walk(topic.rows)}
    strategies.version = version
    strategies.dropped = dropped_rows(report, kept, results, cumulative)
    return strategies


def _walk(rows: list[ReportRow]):
    for row in rows:
        yield row
        yield from _walk(row.sub_rows)
