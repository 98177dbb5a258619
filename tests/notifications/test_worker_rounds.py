"""The outbox on the background worker: `schedule_notifications` queues one delivery round (never
two), and a real `manage.py db_worker` delivers what is due and queues the next round for later."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from labourplan.notifications import services
from labourplan.notifications.models import Delivery, DeliveryState
from labourplan.notifications.tasks import deliver_notifications, schedule_delivery
from tests.jobs.test_worker import run_worker

ROUND = deliver_notifications.module_path


def rounds():
    return DBTaskResult.objects.filter(task_path=ROUND)


@pytest.mark.django_db
def test_scheduling_queues_one_round_however_often_it_is_asked(capsys):
    call_command("schedule_notifications")
    call_command("schedule_notifications")  # the worker restarted
    assert rounds().count() == 1 and rounds().get().status == "READY"
    assert capsys.readouterr().out == "queued\n"


@pytest.mark.django_db
def test_the_immediate_backend_queues_no_rounds(settings):
    """Tests run jobs in their request: a round would call the next one inside itself, for ever."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert schedule_delivery() is False


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_the_outbox_and_queues_the_next_round(committed_reference_data, cm_editor):
    cm_editor.email = "wilai@example.go.th"
    cm_editor.save()
    services.notify(recipients=[cm_editor], kind="report_returned", subject="ส่งกลับ", body="แก้ผล", path="/reports/")
    assert schedule_delivery()
    before = timezone.now()

    done = run_worker()  # the console e-mail backend: the message is printed
    assert done.returncode == 0, done.stderr
    assert "wilai@example.go.th" in done.stdout

    assert Delivery.objects.get().state == DeliveryState.SENT
    finished, waiting = rounds().order_by("enqueued_at")
    assert finished.status == "SUCCESSFUL" and finished.return_value == {"sent": 1, "retried": 0, "failed": 0}
    assert waiting.status == "READY"  # the next round, 15 seconds on: left for the running worker
    assert waiting.run_after >= before + datetime.timedelta(seconds=15)
