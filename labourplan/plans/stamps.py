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

from django.db.models.signals import post_delete, post_save

from labourplan.plans.models import Allocation, Meeting, Plan, PlanDataStamp, PlanItem, PlanTopic, PlanVersion

NO_PLAN = "-"


def touch(plan_id: int | None) -> None:
    """Renew the plan's token (one upsert)."""
    if plan_id is None:
        return
    PlanDataStamp.objects.bulk_create(
        [PlanDataStamp(plan_id=plan_id, token=uuid.uuid4())],
        update_conflicts=True,
        unique_fields=["plan"],
        update_fields=["token"],
    )


def _held(instance, name: str):
    """The related object that `instance` already holds, or None (then read it by its id)."""
    field = instance._meta.get_field(name)
    return field.get_cached_value(instance) if field.is_cached(instance) else None


def _plan_of_topic(topic: PlanTopic):
    version = _held(topic, "version")
    if version is not None:
        return version.plan_id
    return PlanVersion.objects.filter(pk=topic.version_id).values_list("plan_id", flat=True).first()


def plan_of(instance) -> int | None:
    """The plan whose data `instance` is part of."""
    from labourplan.reports.models import MonthlyReport, ReportResult

    if isinstance(instance, Plan):
        return instance.pk
    if isinstance(instance, (PlanVersion, Allocation, Meeting, MonthlyReport)):
        return instance.plan_id
    if isinstance(instance, PlanTopic):
        return _plan_of_topic(instance)
    if isinstance(instance, PlanItem):
        topic = _held(instance, "topic")
        if topic is not None:
            return _plan_of_topic(topic)
        return PlanTopic.objects.filter(pk=instance.topic_id).values_list("version__plan_id", flat=True).first()
    if isinstance(instance, ReportResult):
        report = _held(instance, "report")
        if report is not None:
            return report.plan_id
        return MonthlyReport.objects.filter(pk=instance.report_id).values_list("plan_id", flat=True).first()
    raise TypeError(f"{type(instance).__name__} is not a plan's data")


def _changed(sender, instance, raw=False, **kwargs):
    if not raw:  # a restore writes the stamps themselves
        touch(plan_of(instance))


def stamped_models():
    from labourplan.reports.models import MonthlyReport, ReportResult

    return (Plan, PlanVersion, PlanTopic, PlanItem, Allocation, Meeting, MonthlyReport, ReportResult)


def connect() -> None:
    for model in stamped_models():
        post_save.connect(_changed, sender=model, dispatch_uid=f"plan-stamp-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"plan-stamp-delete-{model.__name__}")


def tokens(*, fiscal_year, province_ids: list[int]) -> dict[int, str]:
    """province id → its plan's token for the year (NO_PLAN without a plan), in one query.
    Take them before reading the data they stand for."""
    plans = Plan.objects.filter(fiscal_year=fiscal_year, province_id__in=province_ids)
    found = {
        province_id: f"{plan_id}.{token}"
        for province_id, plan_id, token in plans.values_list("province_id", "pk", "data_stamp__token")
    }
    return {province_id: found.get(province_id, NO_PLAN) for province_id in province_ids}
