"""The outbox: services record what must be told to whom in their own transaction; a sender
delivers it after commit, retries what failed, gives up after a limit with the reason, and never
delivers one row twice, even with two senders at once."""

import datetime
import socket
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from labourplan.notifications import services
from labourplan.notifications.models import Delivery, DeliveryState, Notification

pytestmark = pytest.mark.django_db


def tell(people, *, subject="รายงานเดือนตุลาคม 2569 ถูกส่งกลับให้แก้ไข", path="/reports/1/"):
    return services.notify(
        recipients=people, kind="report_returned", subject=subject, body="ศปคร. ขอให้แก้ผลตรวจตลาดสด", path=path
    )


@pytest.fixture
def no_mail_server(settings):
    """A real SMTP connection to a port on this machine where nothing listens: refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return port


def test_nothing_is_said_when_the_producing_transaction_rolls_back(cm_editor):
    with pytest.raises(RuntimeError), transaction.atomic():
        tell([cm_editor])
        raise RuntimeError("the service failed after recording")
    assert not Notification.objects.exists() and not Delivery.objects.exists()


def test_recording_sends_nothing_and_delivery_comes_after_commit(cm_editor, cm_approver, settings):
    settings.SITE_URL = "https://labourplan.mol.go.th"
    cm_approver.email = ""
    cm_approver.save()
    cm_editor.email = "wilai@example.go.th"
    cm_editor.save()
    with transaction.atomic():
        tell([cm_editor, cm_approver, cm_editor])  # a person named twice is told once
        with pytest.raises(RuntimeError, match="after commit"):
            services.send_due()
    assert not mail.outbox
    assert Notification.objects.count() == 2  # both see it in the app
    assert Delivery.objects.get().notification.recipient == cm_editor  # only one has an e-mail address

    counts = services.send_due()
    assert (counts.sent, counts.retried, counts.failed) == (1, 0, 0)
    [message] = mail.outbox
    assert message.to == ["wilai@example.go.th"]
    assert message.subject == "รายงานเดือนตุลาคม 2569 ถูกส่งกลับให้แก้ไข"
    assert "ศปคร. ขอให้แก้ผลตรวจตลาดสด" in message.body
    assert "https://labourplan.mol.go.th/reports/1/" in message.body
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.claimed_until) == (DeliveryState.SENT, 1, None)

    assert services.send_due().sent == 0  # never twice
    assert len(mail.outbox) == 1


def test_a_refused_connection_is_retried_with_backoff_then_given_up_with_the_reason(cm_editor, no_mail_server):
    cm_editor.email = "wilai@example.go.th"
    cm_editor.save()
    tell([cm_editor])
    start = timezone.now()
    waits = []
    now = start
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        counts = services.send_due(now=now)
        delivery = Delivery.objects.get()
        assert delivery.attempts == attempt
        assert delivery.last_error  # the reason, for the centre
        if attempt < services.MAX_ATTEMPTS:
            assert counts.retried == 1 and delivery.state == DeliveryState.QUEUED
            waits.append(delivery.next_attempt_at - now)
            # Not before its time
            assert services.send_due(now=delivery.next_attempt_at - datetime.timedelta(seconds=1)).retried == 0
            now = delivery.next_attempt_at
        else:
            assert counts.failed == 1 and delivery.state == DeliveryState.FAILED
    assert waits == [services.FIRST_RETRY * 2**n for n in range(services.MAX_ATTEMPTS - 1)]
    assert services.send_due(now=now + datetime.timedelta(days=1)).failed == 0  # given up for good


def test_a_delivery_that_cannot_succeed_fails_at_once(cm_editor):
    cm_editor.email = "wilai@example.go.th"
    cm_editor.save()
    tell([cm_editor])
    cm_editor.email = ""  # the address was removed before the sender ran
    cm_editor.save()
    assert services.send_due().failed == 1
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (DeliveryState.FAILED, 1, "no e-mail address")


def test_a_sender_that_died_holding_a_claim_is_replaced_after_the_lease(cm_editor):
    cm_editor.email = "wilai@example.go.th"
    cm_editor.save()
    tell([cm_editor])
    now = timezone.now()
    _token, claimed = services.claim(now=now, limit=10)  # … and the sender died here
    assert len(claimed) == 1
    assert services.send_due(now=now + services.LEASE - datetime.timedelta(seconds=1)).sent == 0
    assert services.send_due(now=now + services.LEASE + datetime.timedelta(seconds=1)).sent == 1
    assert len(mail.outbox) == 1


def test_the_command_delivers_and_says_what_it_did(cm_editor, capsys):
    cm_editor.email = "wilai@example.go.th"
    cm_editor.save()
    tell([cm_editor])
    call_command("send_notifications")
    assert "sent 1, to retry 0, failed 0" in capsys.readouterr().out
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_deliver_each_row_exactly_once(committed_reference_data, cm_editor, chiang_mai):
    from labourplan.accounts.models import Role
    from labourplan.accounts.services import create_user

    people = [
        create_user(
            username=f"officer{n}",
            password=None,
            role=Role.PROVINCIAL_EDITOR,
            province=chiang_mai,
            email=f"officer{n}@example.go.th",
        )
        for n in range(30)
    ]
    for n in range(3):
        tell(people, subject=f"เรื่องที่ {n}")
    assert Delivery.objects.count() == 90

    start = threading.Barrier(2)
    results, errors = [], []

    def sender():
        try:
            start.wait()
            results.append(services.send_due(limit=90))
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(r.sent for r in results) == 90
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == 90
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(sent) == len(set(sent)) == 90
