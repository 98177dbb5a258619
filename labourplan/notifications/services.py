"""Recording notifications (producers) and delivering them after commit (the sender)."""

import datetime
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from labourplan.accounts.models import PROVINCIAL_ROLES, Role
from labourplan.notifications import channels, preferences
from labourplan.notifications.models import Delivery, DeliveryState, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY = datetime.timedelta(minutes=1)  # then 2, 4, 8, 16 minutes
# A sender that claimed a delivery and died is replaced after this long; a channel's own time-out
# must be far shorter, so that a slow sender never finds its claim taken over.
LEASE = datetime.timedelta(minutes=10)


def notify(*, recipients: Iterable, kind: str, subject: str, body: str, path: str = "", province=None) -> list:
    """Record a message for each recipient and its delivery on every channel they receive on.

    Called inside the producing service's transaction: if that rolls back, nothing was said.
    Nothing is sent here (`send_due` does, after commit). Each person's channel choices hold
    (preferences.py): a channel they switched off gets no delivery, and with the in-app list off
    the notification is listed already read.
    """
    now = timezone.now()
    people = list(dict.fromkeys(recipients))
    wanted = preferences.chosen(people)
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                kind=kind,
                province=province,
                subject=subject[:300],
                body=body,
                path=path,
                created_at=now,
                read_at=None if preferences.APP in wanted[person.pk] else now,
            )
            for person in people
        ]
    )
    get_user_model().objects.filter(pk__in=[p.pk for p in people if preferences.APP in wanted[p.pk]]).update(
        unread_notifications=F("unread_notifications") + 1
    )
    Delivery.objects.bulk_create(
        [
            Delivery(notification=notification, channel=name, next_attempt_at=now)
            for notification, person in zip(notifications, people, strict=True)
            for name, channel in channels.REGISTRY.items()
            if name in wanted[person.pk] and channel.address(person)
        ]
    )
    return notifications


def reachable_outside_app(people) -> bool:
    """Someone of `people` receives on a channel besides the app (an address, and the choice)."""
    people = list(people)
    wanted = preferences.chosen(people)
    return any(
        name in wanted[person.pk] and channel.address(person)
        for person in people
        for name, channel in channels.REGISTRY.items()
    )


def province_officers(province_id: int):
    """The people who write and send a province's plan and reports."""
    return get_user_model().objects.filter(province_id=province_id, role__in=PROVINCIAL_ROLES, is_active=True)


def central_administrators():
    return get_user_model().objects.filter(role=Role.CENTRAL_ADMIN, is_active=True)


def tell_province(*, province, kind: str, subject: str, body: str = "", path: str = "", besides=None) -> list:
    """`notify` every officer of `province` but the one who did it, `besides` (in the caller's
    transaction, like `notify`)."""
    officers = province_officers(province.pk)
    if besides is not None:
        officers = officers.exclude(pk=besides.pk)
    return notify(recipients=officers, kind=kind, subject=subject, body=body, path=path, province=province)


def _recount(user) -> None:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).aggregate(n=Count("pk"))["n"]
    get_user_model().objects.filter(pk=user.pk).update(unread_notifications=unread)


@transaction.atomic
def mark_read(*, notification: Notification, by) -> None:
    """`by` opened the notification (only its recipient can: the view looks it up among theirs)."""
    if notification.recipient_id != by.pk:
        raise PermissionError("a notification is read by its recipient")
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now()):
        _recount(by)


@transaction.atomic
def mark_all_read(*, by) -> int:
    marked = Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())
    _recount(by)
    return marked


def _due(now) -> Q:
    return Q(state=DeliveryState.QUEUED, next_attempt_at__lte=now) | Q(
        state=DeliveryState.SENDING, claimed_until__lt=now
    )


def claim(*, now: datetime.datetime, limit: int) -> tuple[str, list[Delivery]]:
    """Take up to `limit` due deliveries for this sender alone.

    One conditional UPDATE claims them: a row that another sender claimed in the meantime no
    longer matches (PostgreSQL re-checks the condition after waiting for the other's lock; SQLite
    runs one writer at a time), so no delivery is ever handed to two senders.
    """
    token = secrets.token_hex(16)
    candidates = list(
        Delivery.objects.filter(_due(now)).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
    )
    if candidates:
        Delivery.objects.filter(_due(now), pk__in=candidates).update(
            state=DeliveryState.SENDING, claimed_by=token, claimed_until=now + LEASE, attempts=F("attempts") + 1
        )
    claimed = Delivery.objects.filter(claimed_by=token, state=DeliveryState.SENDING).select_related(
        "notification__recipient"
    )
    return token, list(claimed.order_by("pk"))


@dataclass
class Counts:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _settle(delivery: Delivery, token: str, **fields) -> None:
    Delivery.objects.filter(pk=delivery.pk, claimed_by=token).update(claimed_until=None, **fields)


def send_due(*, now: datetime.datetime | None = None, limit: int = 200) -> Counts:
    """Deliver what is due: each delivery by its channel, outside any transaction, then record
    the outcome. A failure is tried again later (1, 2, 4, … minutes) up to MAX_ATTEMPTS times,
    then marked failed with its reason for the centre to see."""
    now = now or timezone.now()
    try:
        # A durable block cannot sit inside another transaction (a test's own is allowed).
        with transaction.atomic(durable=True):
            token, batch = claim(now=now, limit=limit)
    except RuntimeError as error:
        if "durable" not in str(error):
            raise
        raise RuntimeError("notifications are delivered after commit, never inside a transaction") from error
    counts = Counts()
    for delivery in batch:
        try:
            channels.get(delivery.channel).deliver(delivery.notification)
        except channels.PermanentFailure as error:
            _settle(delivery, token, state=DeliveryState.FAILED, last_error=str(error)[:1000])
            counts.failed += 1
        except Exception as error:  # any other failure is worth another try  # noqa: BLE001
            logger.warning("delivery %s on %s failed: %s", delivery.pk, delivery.channel, error)
            if delivery.attempts >= MAX_ATTEMPTS:
                _settle(delivery, token, state=DeliveryState.FAILED, last_error=str(error)[:1000])
                counts.failed += 1
            else:
                wait = FIRST_RETRY * 2 ** (delivery.attempts - 1)
                _settle(
                    delivery,
                    token,
                    state=DeliveryState.QUEUED,
                    next_attempt_at=now + wait,
                    last_error=str(error)[:1000],
                )
                counts.retried += 1
        else:
            _settle(delivery, token, state=DeliveryState.SENT, sent_at=timezone.now(), last_error="")
            counts.sent += 1
    return counts
