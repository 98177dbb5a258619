"""What an import would change in a version: rows paired old to new, added, removed, renamed."""

import dataclasses
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from labourplan.lib.spreadsheet.reading import (
    loose_key,
)
from labourplan.plans.models import PlanVersion
from labourplan.plans.services import (
    ItemData,
    TopicData,
    month_label,
    rows_from_template,
)
from labourplan.plans.table import Row, load_table

# Import: what would change ----------------------------------------------------------------------


@dataclass
class RowChange:
    kind: str  # "added", "removed" or "changed"
    level: str  # "topic", "activity" or "sub_item"
    topic: str
    title: str
    old_total: int | None = None
    new_total: int | None = None
    details: list[str] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return {"topic": _("Topic"), "activity": _("Activity"), "sub_item": _("Sub-item")}[self.level]

    @property
    def kind_label(self) -> str:
        return {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed")}[self.kind]


@dataclass
class Changes:
    """An import compared with a version's rows, and the rows to write (matched rows keep their keys)."""

    topics: list[TopicData]
    rows: list[RowChange]
    unchanged: int
    fingerprint: str
    # The version held nothing or only the centre's template as copied: rows pair by name only, and
    # the template's rows the file does not have are left out (counted, not listed as removals).
    first_import: bool = False
    left_out: int = 0

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        return self.count("changed")


def fingerprint(table) -> str:
    """Changes whenever the version or any of its rows is saved, added, moved or removed."""
    version = table.version
    parts = [f"v{version.pk}.{version.revision}.{version.state}"]
    for block in table.strategies:
        for topic in block.topics:
            t = topic.topic
            parts.append(f"t{t.pk}.{t.revision}.{t.order}.{t.strategy_id}")
            for row in topic.rows:
                for r in [row, *row.sub_items]:
                    parts.append(f"i{r.item.pk}.{r.item.revision}.{r.item.order}.{r.item.parent_id}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _pair(old_keys: list[str], new_keys: list[str], *, renames: bool = True) -> dict[int, int]:
    """Pair new rows with old ones (index → index): equal names first, in order; then (with `renames`)
    a row left unpaired at the same position as an unpaired old one is taken as renamed."""
    waiting: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(old_keys):
        waiting[key].append(index)
    pairs: dict[int, int] = {}
    for index, key in enumerate(new_keys):
        if waiting.get(key):
            pairs[index] = waiting[key].pop(0)
    if not renames:
        return pairs
    taken = set(pairs.values())
    for index in range(min(len(old_keys), len(new_keys))):
        if index not in pairs and index not in taken:
            pairs[index] = index
    return pairs


def _outline(topics) -> list:
    """What an officer changes in rows (names, units, agencies, targets, budgets), from a table's topics or
    from TopicData."""

    def item(data, subs) -> tuple:
        agencies = tuple(a.pk for a in (data.agencies.all() if hasattr(data.agencies, "all") else data.agencies))
        subs = tuple(item(s, ()) for s in subs)
        return (loose_key(data.title), data.unit, agencies, tuple(data.targets), data.budget, subs)

    result = []
    for topic in topics:
        if isinstance(topic, TopicData):
            rows = [item(i, i.sub_items) for i in topic.items]
            result.append((topic.strategy.number, loose_key(topic.title), rows))
        else:
            rows = [item(r.item, [s.item for s in r.sub_items]) for r in topic.rows]
            result.append((topic.topic.strategy.number, loose_key(topic.topic.title), rows))
    return result


def is_first_import(version: PlanVersion, table=None) -> bool:
    """The version holds nothing yet, or exactly the centre's template as the plan was created from it."""
    if version.number != 1:
        return False
    table = table or load_table(version)
    mine = [t for block in table.strategies for t in block.topics]
    if not mine:
        return True
    return _outline(mine) == _outline(rows_from_template(version.plan.fiscal_year))


def compare_rows(version: PlanVersion, topics: list[TopicData]) -> Changes:
    """What writing `topics` into `version` would change, row by row.

    A first import (into a plan that still holds only the centre's template) pairs rows by name only:
    the file's own rows are added, never shown as renamed template rows, and the template's rows that
    the file does not have are counted as left out rather than listed as removals.
    """
    table = load_table(version)
    fiscal_year = version.plan.fiscal_year
    first = is_first_import(version, table)
    rows: list[RowChange] = []
    unchanged = 0
    left_out = 0

    def item_changes(old: Row, new: ItemData) -> list[str]:
        item = old.item
        details = []
        if loose_key(item.title) != loose_key(new.title):
            details.append(_("name: “%(old)s” → “%(new)s”") % {"old": item.title, "new": new.title})
        if item.unit != new.unit:
            details.append(_("unit: %(old)s → %(new)s") % {"old": item.unit or "–", "new": new.unit or "–"})
        old_agencies = [a.abbreviation for a in item.ordered_agencies]
        new_agencies = [a.abbreviation for a in new.agencies]
        if old_agencies != new_agencies:  # the order typed is kept, so a new order is a change
            details.append(
                _("agencies: %(old)s → %(new)s")
                % {"old": "/".join(old_agencies) or "–", "new": "/".join(new_agencies) or "–"}
            )
        for index, (before, after) in enumerate(zip(item.targets, new.targets, strict=True), start=1):
            if before != after:
                details.append(f"{month_label(fiscal_year, index)}: {before} → {after}")
        return details

    def removed(topic_title: str, old: Row, level: str):
        nonlocal left_out
        if first:
            left_out += 1 + len(old.sub_items)
            return
        rows.append(RowChange("removed", level, topic_title, old.item.title, old_total=old.total))
        for sub in old.sub_items:
            removed(topic_title, sub, "sub_item")

    def added(topic_title: str, new: ItemData, level: str):
        rows.append(RowChange("added", level, topic_title, new.title, new_total=sum(new.targets)))
        for sub in new.sub_items:
            added(topic_title, sub, "sub_item")

    def merge_items(topic_title: str, olds: list[Row], news: list[ItemData], level: str) -> list[ItemData]:
        nonlocal unchanged
        pairs = _pair([loose_key(r.item.title) for r in olds], [loose_key(n.title) for n in news], renames=not first)
        paired_olds = set(pairs.values())
        result = []
        for index, new in enumerate(news):
            if index not in pairs:
                added(topic_title, new, level)
                result.append(new)
                continue
            old = olds[pairs[index]]
            details = item_changes(old, new)
            if details:
                rows.append(RowChange("changed", level, topic_title, new.title, old.total, sum(new.targets), details))
            else:
                unchanged += 1
            sub_items = (
                merge_items(topic_title, old.sub_items, new.sub_items, "sub_item") if level == "activity" else []
            )
            result.append(
                dataclasses.replace(
                    new,
                    key=old.item.key,
                    budget=old.item.budget,
                    sub_items=sub_items,
                    template_item_id=old.item.template_item_id,
                )
            )
        for index, old in enumerate(olds):
            if index not in paired_olds:
                removed(topic_title, old, level)
        return result

    old_topics: dict[int, list] = {b.strategy.number: b.topics for b in table.strategies}
    new_topics: dict[int, list[TopicData]] = defaultdict(list)
    for topic in topics:
        new_topics[topic.strategy.number].append(topic)
    merged: dict[int, TopicData] = {}
    for number in sorted(set(old_topics) | set(new_topics)):
        olds, news = old_topics.get(number, []), new_topics.get(number, [])
        pairs = _pair([loose_key(t.topic.title) for t in olds], [loose_key(t.title) for t in news], renames=not first)
        paired_olds = set(pairs.values())
        for index, new in enumerate(news):
            if index not in pairs:
                rows.append(RowChange("added", "topic", new.title, new.title))
                for item in new.items:
                    added(new.title, item, "activity")
                merged[id(new)] = new
                continue
            old = olds[pairs[index]]
            if loose_key(old.topic.title) != loose_key(new.title):
                details = [_("name: “%(old)s” → “%(new)s”") % {"old": old.topic.title, "new": new.title}]
                rows.append(RowChange("changed", "topic", new.title, new.title, details=details))
            else:
                unchanged += 1
            items = merge_items(new.title, old.rows, new.items, "activity")
            merged[id(new)] = dataclasses.replace(new, key=old.topic.key, items=items)
        for index, old in enumerate(olds):
            if index not in paired_olds:
                if not first:
                    rows.append(RowChange("removed", "topic", old.topic.title, old.topic.title))
                for row in old.rows:
                    removed(old.topic.title, row, "activity")
    return Changes(
        topics=[merged[id(t)] for t in topics],
        rows=rows,
        unchanged=unchanged,
        fingerprint=fingerprint(table),
        first_import=first,
        left_out=left_out,
    )
