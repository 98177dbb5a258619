"""A stamp of the data for caches that must never serve stale figures.

Every change made through the ORM to a model with django-simple-history writes a history row,
and history ids only grow. So the newest history id of each model read by a computation, taken
in one query, changes whenever its inputs change: a cache keyed by it is invalidated on write.
(A raw SQL write or `QuerySet.update()` leaves no history row; the services make none.)
"""

from django.db import connection


def history_stamp(models) -> str:
    quote = connection.ops.quote_name
    tables = [model.history.model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # Table names come from the models, quoted; nothing here comes from a request.
        query = "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {quote(t)})" for t in tables)  # noqa: S608  # nosec B608
        cursor.execute(query)
        return "-".join(str(value) for value in cursor.fetchone())
