"""django-tasks-db (the jobs' queue) in Thai in the settings area, where the centre's administrators
can look at the queue: it ships no Thai, so its app gets a Thai name here and its words are listed
so that `make messages` keeps them in our catalogue (as accounts/axes_thai.py does for django-axes)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseThaiConfig(TasksAppConfig):
    verbose_name = _("Background job queue")


TASKS_DB_MESSAGES = [
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("status"),
    gettext_noop("enqueued at"),
    gettext_noop("task path"),
    gettext_noop("queue name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("priority"),
    gettext_noop("worker id"),
    gettext_noop("backend name"),
    gettext_noop("args kwargs"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
]
