"""The outbox on the background worker (`manage.py db_worker`), beside the exports: a task that
delivers what is due and queues its own next round. `manage.py schedule_notifications` starts the
round (the worker's unit and `make run` call it before the worker): it queues one unless one is
waiting already, so a restart never doubles it. `send_notifications --loop` still works alone."""

import datetime

from django.utils import timezone
from django_tasks import task

from labourplan.notifications.services import send_due

INTERVAL = datetime.timedelta(seconds=15)


@task()
def deliver_notifications() -> dict:
    try:
        counts = send_due()
    finally:
        schedule_delivery(after=INTERVAL)
    return {"sent": counts.sent, "retried": counts.retried, "failed": counts.failed}


def schedule_delivery(*, after: datetime.timedelta = datetime.timedelta(0)) -> bool:
    """Queue the next round unless one is waiting. Only a backend that keeps tasks for later (the
    database's) can: the immediate one would run the rounds one inside another, for ever."""
    backend = deliver_notifications.get_backend()
    if not backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult  # the queue the database backend keeps

    waiting = DBTaskResult.objects.filter(task_path=deliver_notifications.module_path, status="READY")
    if waiting.exists():
        return False
    deliver_notifications.using(run_after=timezone.now() + after).enqueue()
    return True
