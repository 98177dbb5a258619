"""Stamps of the data, for caches that must never serve stale figures.

- `history_stamp`: for small tables edited by the centre (criteria, schemes, frozen rounds).
  Every change made through the ORM to a model with django-simple-history writes a history row,
  and history ids only grow. So the newest history id of each model read by a computation, taken
  in one query, changes whenever its inputs change.
- `cached_per_province`: for figures computed province by province from the plans' data, keyed
  by each plan's token (`plans.stamps`): a write recomputes its own province only.

(A raw SQL write or `QuerySet.update()` leaves no history row and renews no token; the services
make none that changes figures.)
"""

from collections.abc import Callable

from django.core.cache import cache
from django.db import connection


def history_stamp(models) -> str:
    quote = connection.ops.quote_name
    tables = [model.history.model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # Table names come from the models, quoted; nothing here comes from a request.
        query = "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {quote(t)})" for t in tables)  # noqa: S608  # nosec B608
        cursor.execute(query)
        return "-".join(str(value) for value in cursor.fetchone())


def cached_per_province(
    prefix: str, tokens: dict[int, str], compute: Callable[[list[int]], dict], timeout: int
) -> dict[int, object]:
    """province id → its value, from the cache under `prefix` and the province's token, computing
    (in one call, for all of them) only the provinces whose token has no cached value."""
    keys = {province_id: f"{prefix}:{province_id}:{token}" for province_id, token in tokens.items()}
    found = cache.get_many(list(keys.values()))
    missing = [province_id for province_id, key in keys.items() if key not in found]
    if missing:
        fresh = compute(missing)
        computed = {keys[province_id]: fresh[province_id] for province_id in missing}
        cache.set_many(computed, timeout)
        found.update(computed)
    return {province_id: found[key] for province_id, key in keys.items()}
