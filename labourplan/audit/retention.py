"""How long the audit trail is kept: events and history older than AUDIT_RETENTION_DAYS are
pruned, except from the start of the oldest fiscal year whose evaluation is still open (a round
not frozen): its plans, reports and their changes are what the evaluation reads and what a review
of its levels asks about. The newest version of every record is always kept (it is the record's
"before" for its next change)."""

import datetime

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.audit.trail import AUDITED_HISTORIES

# What other apps still need, registered when they are ready (the evaluation: the start of the
# oldest fiscal year with a round not frozen). Each gives the earliest moment it needs kept, or None.
KEEP_FROM: list = []


def kept_from(now: datetime.datetime) -> datetime.datetime:
    """Everything at or after this moment is kept."""
    cutoff = now - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    for needed_from in KEEP_FROM:
        moment = needed_from(now)
        if moment is not None:
            cutoff = min(cutoff, moment)
    return cutoff


@transaction.atomic
def prune(*, now: datetime.datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Delete what is older than kept_from(now); returns the number of rows per kind."""
    now = now or timezone.now()
    cutoff = kept_from(now)
    counts = {}
    events = AuditEvent.objects.filter(at__lt=cutoff)
    counts["events"] = events.count()
    if not dry_run:
        events.delete()
    for label in AUDITED_HISTORIES:
        history = apps.get_model(label).history
        newest = history.values("id").annotate(newest=Max("history_id")).values("newest")
        old = history.filter(history_date__lt=cutoff).exclude(history_id__in=newest)
        counts[label] = old.count()
        if not dry_run:
            old.delete()
    if not dry_run and any(counts.values()):
        record(action=AuditEvent.Action.DELETE, username="prune_audit", pruned_before=cutoff.isoformat(), **counts)
    return {"kept_from": cutoff, **counts}
