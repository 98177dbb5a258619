"""Section 2 of Form 3 as the year's data tell it: each activity of the approved plan, by strategy,
with its annual target and the results of the year's monthly reports. A fixed number of queries."""

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Sum

from labourplan.plans.models import Plan
from labourplan.plans.table import load_table
from labourplan.reference.models import Strategy
from labourplan.reports.models import ReportResult
from labourplan.reports.services import approved_version


@dataclass
class ActivityFigures:
    strategy: Strategy
    key: UUID
    title: str
    unit: str
    annual_target: int
    result: int
    sub_lines: list[str] = field(default_factory=list)

    def prefilled_narrative(self) -> str:
        """The breakdown by sub-item, for the officer to edit rather than retype."""
        return "\n".join(self.sub_lines)


def year_figures(plan: Plan) -> list[ActivityFigures]:
    """Every activity of the version in force, in plan order; results summed over every month
    reported, as Form 2 sums them (an activity with sub-items counts its sub-items)."""
    version = approved_version(plan)
    if version is None:
        return []
    version.plan = plan
    table = load_table(version)
    results = dict(
        ReportResult.objects.filter(report__plan_id=plan.pk).values_list("item_key").annotate(total=Sum("result"))
    )
    figures = []
    for block in table.strategies:
        for topic in block.topics:
            for row in topic.rows:
                item = row.item
                subs = row.sub_items
                result = sum(results.get(s.item.key, 0) for s in subs) if subs else results.get(item.key, 0)
                lines = [
                    f"- {s.item.title}: ผล {results.get(s.item.key, 0):,} จากเป้าหมาย {s.total:,} {s.item.unit}".rstrip()
                    for s in subs
                ]
                figures.append(
                    ActivityFigures(
                        strategy=block.strategy,
                        key=item.key,
                        title=item.title,
                        unit=item.unit,
                        annual_target=row.total,
                        result=result,
                        sub_lines=lines,
                    )
                )
    return figures
