"""The plan's change log, from django-simple-history, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _

from labourplan.audit.display import display_value, field_label
from labourplan.plans.models import Allocation, Meeting, PlanItem, PlanTopic, PlanVersion
from labourplan.reference.models import MonthlyTargets

TRACKED = {
    PlanItem: ["title", "unit", "budget", "order", *MonthlyTargets.TARGET_FIELDS],
    PlanTopic: ["title", "order"],
    PlanVersion: ["state", "submitted_on", "approved_on", "reason"],
    Allocation: ["amount", "received_on", "note"],
    Meeting: ["held_on", "kind", "title"],
}
ACTIONS = {"+": _("added"), "~": _("changed"), "-": _("removed")}


@dataclass
class Entry:
    when: object
    who: object
    action: str
    what: str
    object_label: str
    changes: list[tuple[str, object, object]]


def _change(model, name, old, new) -> tuple[str, str, str]:
    """(label, before, after) as a person reads them: Thai labels and states, B.E. dates."""
    field = model._meta.get_field(name)
    return field_label(field), display_value(field, old), display_value(field, new)


def plan_history(plan, *, limit: int = 60) -> list[Entry]:
    versions = PlanVersion.history.filter(plan_id=plan.pk)
    topic_ids = PlanTopic.history.filter(version_id__in=Subquery(versions.values("id"))).values("id")
    sources = {
        PlanVersion: versions,
        PlanTopic: PlanTopic.history.filter(version_id__in=Subquery(versions.values("id"))),
        PlanItem: PlanItem.history.filter(topic_id__in=Subquery(topic_ids)),
        Allocation: Allocation.history.filter(plan_id=plan.pk),
        Meeting: Meeting.history.filter(plan_id=plan.pk),
    }
    entries = []
    for model, records in sources.items():
        previous = {}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            before = previous.get(record.id)
            changes = []
            if record.history_type == "~" and before is not None:
                for name in TRACKED[model]:
                    old, new = getattr(before, name), getattr(record, name)
                    if old != new:
                        changes.append(_change(model, name, old, new))
                if not changes:
                    previous[record.id] = record
                    continue
            previous[record.id] = record
            label = getattr(record, "title", "") or str(model._meta.verbose_name)
            entries.append(
                Entry(
                    when=record.history_date,
                    who=record.history_user,
                    action=str(ACTIONS[record.history_type]),
                    what=str(model._meta.verbose_name),
                    object_label=str(label)[:80],
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
