"""A plan version as the Form 1 table: strategies → topics → activities → sub-items, with totals,
numbering and warnings, read in a fixed number of queries whatever the size of the plan."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from labourplan.plans.models import PlanItem, PlanTopic, PlanVersion
from labourplan.reference.models import Strategy


@dataclass
class Row:
    item: PlanItem
    number: str  # "1)" for activities, "-" for sub-items
    sub_items: list["Row"] = field(default_factory=list)
    month_labels: list[str] = field(default_factory=list)

    @property
    def cells(self) -> list[tuple[int, str, int]]:
        """(month index 1–12, "ต.ค. 2569", target) for each month, in plan order."""
        return [
            (i, label, value)
            for i, (label, value) in enumerate(zip(self.month_labels, self.item.targets, strict=True), 1)
        ]

    @property
    def total(self) -> int:
        return self.item.total

    @property
    def sub_total(self) -> int:
        return sum(s.total for s in self.sub_items)

    @property
    def sub_items_mismatch(self) -> bool:
        """Sub-items need not add up to their activity: a warning, never an error."""
        return bool(self.sub_items) and self.sub_total != self.total


@dataclass
class TopicBlock:
    topic: PlanTopic
    number: int
    rows: list[Row]


@dataclass
class StrategyBlock:
    strategy: Strategy
    topics: list[TopicBlock]


@dataclass
class PlanTable:
    version: PlanVersion
    strategies: list[StrategyBlock]

    def activities(self):
        for block in self.strategies:
            for topic in block.topics:
                yield from topic.rows

    @property
    def warnings(self) -> list[Row]:
        return [row for row in self.activities() if row.sub_items_mismatch]


def load_table(version: PlanVersion) -> PlanTable:
    """Three queries: strategies of the framework, topics, items with their agencies (+1)."""
    labels = [f"{h['label']} {h['year_be']}" for h in version.plan.fiscal_year.month_headings()]
    strategies = list(Strategy.objects.filter(framework_id=version.plan.fiscal_year.framework_id).order_by("number"))
    topics = list(
        PlanTopic.objects.filter(version=version)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch("items", queryset=PlanItem.objects.order_by("order", "pk").prefetch_related("agencies"))
        )
    )
    strategy_by_id = {s.pk: s for s in strategies}
    by_strategy: dict[int, list[PlanTopic]] = {}
    for topic in topics:
        topic.strategy = strategy_by_id[topic.strategy_id]  # spare each topic its own query
        by_strategy.setdefault(topic.strategy_id, []).append(topic)
    blocks, topic_number = [], version.first_topic_number - 1  # numbered in order from the first topic's number
    for strategy in strategies:
        topic_blocks = []
        for topic in by_strategy.get(strategy.pk, []):
            topic_number += 1
            items = list(topic.items.all())
            subs: dict[int, list[PlanItem]] = {}
            for item in items:
                if item.parent_id:
                    subs.setdefault(item.parent_id, []).append(item)
            rows = [
                Row(
                    item=a,
                    number=f"{n})",
                    sub_items=[Row(item=s, number="-", month_labels=labels) for s in subs.get(a.pk, [])],
                    month_labels=labels,
                )
                for n, a in enumerate((i for i in items if i.parent_id is None), start=1)
            ]
            topic_blocks.append(TopicBlock(topic=topic, number=topic_number, rows=rows))
        blocks.append(StrategyBlock(strategy=strategy, topics=topic_blocks))
    return PlanTable(version=version, strategies=blocks)
