"""A plan's rows as plain data (`TopicData`, `ItemData`): what the template, a version or an imported
workbook gives, before `services` writes it."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from labourplan.plans.models import (
    PlanVersion,
)
from labourplan.reference.models import Agency, FiscalYear, Strategy, TemplateItem


@dataclass
class ItemData:
    title: str
    unit: str = ""
    agencies: Sequence[Agency] = ()
    targets: Sequence[int] = (0,) * 12
    budget: Decimal | None = None
    sub_items: list["ItemData"] = field(default_factory=list)
    key: object = None
    template_item_id: int | None = None


@dataclass
class TopicData:
    strategy: Strategy
    title: str
    items: list[ItemData] = field(default_factory=list)
    key: object = None
    number: int | None = None  # as printed on the template or the imported file, when known


def rows_from_template(fiscal_year: FiscalYear) -> list[TopicData]:
    topics = fiscal_year.template_topics.select_related("strategy").prefetch_related("items__agencies")
    result = []
    for topic in topics:
        items = sorted(topic.items.all(), key=lambda i: i.order)
        by_parent: dict[int | None, list] = {}
        for item in items:
            by_parent.setdefault(item.parent_id, []).append(item)

        def data(item):
            return ItemData(
                title=item.title,
                unit=item.unit,
                agencies=list(item.agencies.all()),
                targets=item.targets,
                template_item_id=item.pk,
            )

        result.append(
            TopicData(
                strategy=topic.strategy,
                title=topic.title,
                items=[
                    ItemData(**{**data(a).__dict__, "sub_items": [data(s) for s in by_parent.get(a.pk, [])]})
                    for a in by_parent.get(None, [])
                ],
                number=topic.number,
            )
        )
    return result


def _title_key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def link_to_template(fiscal_year: FiscalYear, topics: list[TopicData]) -> None:
    """Point rows that have no template row yet (last year's plan, an imported workbook) at the
    fiscal year's template row of the same topic, activity and sub-item titles, when there is one."""
    template = {}
    for item in TemplateItem.objects.filter(topic__fiscal_year=fiscal_year).values(
        "id", "title", "topic__title", "parent__title"
    ):
        key = (_title_key(item["topic__title"]), _title_key(item["parent__title"] or ""), _title_key(item["title"]))
        template.setdefault(key, item["id"])
    for topic in topics:
        for activity in topic.items:
            if activity.template_item_id is None:
                activity.template_item_id = template.get((_title_key(topic.title), "", _title_key(activity.title)))
            for sub in activity.sub_items:
                if sub.template_item_id is None:
                    sub.template_item_id = template.get(
                        (_title_key(topic.title), _title_key(activity.title), _title_key(sub.title))
                    )


def rows_from_version(version: PlanVersion, *, keep_keys: bool, strategies: dict[int, Strategy] | None = None):
    """The rows of a version as data, to copy into an amendment (same keys) or next year's plan."""
    topics = version.topics.select_related("strategy").prefetch_related("items__agencies")
    result = []
    for topic in topics:
        items = list(topic.items.all())
        by_parent: dict[int | None, list] = {}
        for item in sorted(items, key=lambda i: i.order):
            by_parent.setdefault(item.parent_id, []).append(item)

        def data(item, subs=()):
            return ItemData(
                title=item.title,
                unit=item.unit,
                agencies=item.ordered_agencies,
                targets=item.targets,
                budget=item.budget if keep_keys else None,
                sub_items=[data(s) for s in subs],
                key=item.key if keep_keys else None,
                template_item_id=item.template_item_id if keep_keys else None,
            )

        strategy = strategies[topic.strategy.number] if strategies else topic.strategy
        result.append(
            TopicData(
                strategy=strategy,
                title=topic.title,
                items=[data(a, by_parent.get(a.pk, [])) for a in by_parent.get(None, [])],
                key=topic.key if keep_keys else None,
            )
        )
    return result
