"""Form 2: the approved plan's table seen through one month, read in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Sum

from labourplan.plans.models import PlanItem
from labourplan.plans.table import load_table
from labourplan.reports.models import MonthlyReport, ReportResult
from labourplan.reports.services import approved_version, high_result_reference, is_high_result


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


def load_report_table(report: MonthlyReport) -> list[ReportStrategy]:
    m = report.month_index
    version = approved_version(report.plan)
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

    return [
        ReportStrategy(
            strategy=block.strategy,
            topics=[
                ReportTopic(title=t.topic.title, number=t.number, rows=[row_for(r) for r in t.rows])
                for t in block.topics
            ],
        )
        for block in table.strategies
    ]
