"""Per-plan data stamps: the keys that let a cache recompute only the provinces that changed.

Every save or delete of a plan's data, through the ORM (services, imports, the admin), renews
its plan's token (`PlanDataStamp`) in the same transaction. A reader takes the tokens *before*
it reads the data, so what it caches under a token is never older than the token: at worst a
writer commits in between and the entry is fresher than its key, and the next reader, seeing the
new token, computes again. The row is locked from the write until the commit, so writers of the
same plan take turns on it; the services lock their own rows first and write after, so no two of
them wait on each other in opposite orders.

A raw SQL write or `QuerySet.update()` sends no signal and renews nothing; the services make none
that changes figures (`replace_rows` bumps only an edit revision that way).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.db.models.signals import post_delete, post_save

from labourplan.plans.models import Allocation, Meeting, Plan, PlanDataStamp, PlanItem, PlanTopic, PlanVersion

NO_PLAN = "-"


def touch(plan_id: int | None) -> None:
    """Renew the plan's token (one upsert)."""
    if plan_id is None:
        return
    touch_many([plan_id])


def touch_many(plan_ids) -> None:
    """Renew the tokens of these plans (one upsert, for a writer in bulk that sends no signal)."""
    if not plan_ids:
        return
    PlanDataStamp.objects.bulk_create(
        [PlanDataStamp(plan_id=plan_id, token=uuid.uuid4()) for plan_id in sorted(set(plan_ids))],
        update_conflicts=True,
        unique_fields=["plan"],
        update_fields=["token"],
    )


def held(instance, name: str):
    """The related object that `instance` already holds, or None (then read it by its id)."""
    field = instance._meta.get_field(name)
    return field.get_cached_value(instance) if field.is_cached(instance) else None


def _plan_of_topic(topic: PlanTopic):
    version = held(topic, "version")
    if version is not None:
        return version.plan_id
    return PlanVersion.objects.filter(pk=topic.version_id).values_list("plan_id", flat=True).first()


def _plan_of_item(item: PlanItem):
    topic = held(item, "topic")
    if topic is not None:
        return _plan_of_topic(topic)
    return PlanTopic.objects.filter(pk=item.topic_id).values_list("version__plan_id", flat=True).first()


def _plan_id(instance):
    return instance.plan_id


# model → how to find the plan of one of its rows. Each app registers the models holding a plan's
# data (its AppConfig.ready), so this module needs to know none of them.
_registry: dict[type, Callable[[object], int | None]] = {}


def _changed(sender, instance, raw=False, **kwargs):
    if not raw:  # a restore writes the stamps themselves
        touch(plan_of(instance))


def register(model: type, plan_of_row: Callable[[object], int | None] = _plan_id) -> None:
    """Every save or delete of a `model` row renews the token of its plan, found by `plan_of_row`
    (by default its `plan_id`)."""
    _registry[model] = plan_of_row
    post_save.connect(_changed, sender=model, dispatch_uid=f"plan-stamp-save-{model.__name__}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"plan-stamp-delete-{model.__name__}")


def plan_of(instance) -> int | None:
    """The plan whose data `instance` is part of."""
    find = _registry.get(type(instance))
    if find is None:
        raise TypeError(f"{type(instance).__name__} is not a plan's data")
    return find(instance)


def stamped_models() -> tuple[type, ...]:
    return tuple(_registry)


def connect() -> None:
    """The plan's own data; other apps register theirs (reports: its reports and their results)."""
    register(Plan, lambda plan: plan.pk)
    register(PlanVersion)
    register(PlanTopic, _plan_of_topic)
    register(PlanItem, _plan_of_item)
    register(Allocation)
    register(Meeting)


def tokens(*, fiscal_year, province_ids: list[int]) -> dict[int, str]:
    """province id → its plan's token for the year (NO_PLAN without a plan), in one query.
    Take them before reading the data they stand for."""
    plans = Plan.objects.filter(fiscal_year=fiscal_year, province_id__in=province_ids)
    found = {
        province_id: f"{plan_id}.{token}"
        for province_id, plan_id, token in plans.values_list("province_id", "pk", "data_stamp__token")
    }
    return {province_id: found.get(province_id, NO_PLAN) for province_id in province_ids}
