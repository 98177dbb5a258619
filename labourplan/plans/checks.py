"""What the approver checks before the plan goes to the governor: every row has a target and a unit
(refused without them), and every activity names its responsible agencies (a warning to confirm:
the centre's own template has an activity without one, left for the province to fill)."""

from dataclasses import dataclass, field
from uuid import UUID

from django.utils.translation import gettext as _

from labourplan.plans.models import PlanVersion
from labourplan.plans.table import PlanTable, load_table


@dataclass
class MissingRow:
    key: UUID
    topic_number: int
    number: str  # "1)" for an activity, "1) -" for its sub-item
    title: str
    missing: list[str] = field(default_factory=list)  # blocking: no target, no unit
    warnings: list[str] = field(default_factory=list)  # to confirm: no agency

    @property
    def blocking(self) -> bool:
        return bool(self.missing)

    def __str__(self):
        return _("Topic %(topic)s, row %(number)s “%(title)s”: %(what)s") % {
            "topic": self.topic_number,
            "number": self.number,
            "title": self.title if len(self.title) <= 60 else self.title[:59] + "…",
            "what": ", ".join(self.missing + self.warnings),
        }


def plan_checklist(version: PlanVersion, table: PlanTable | None = None) -> list[MissingRow]:
    """The rows that lack something, in plan order (reads the table already loaded, if given)."""
    table = table or load_table(version)
    found = []
    for block in table.strategies:
        for topic in block.topics:
            for row in topic.rows:
                for r, number, is_activity in [(row, row.number, True)] + [
                    (sub, f"{row.number} {sub.number}", False) for sub in row.sub_items
                ]:
                    item = r.item
                    entry = MissingRow(key=item.key, topic_number=topic.number, number=number, title=item.title)
                    if item.total <= 0:
                        entry.missing.append(_("no target"))
                    if not item.unit.strip():
                        entry.missing.append(_("no unit"))
                    if is_activity and not item.agencies.all():
                        entry.warnings.append(_("no responsible agency"))
                    if entry.missing or entry.warnings:
                        found.append(entry)
    return found
