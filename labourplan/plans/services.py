"""Every change to a plan goes through these functions: pages, API, imports, demo data alike.

They check who may act (the permission module), the plan's state, and the rules of Form 1,
raising PlanError with a Thai message, or Conflict when someone else saved first.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from labourplan.accounts.permissions import Action, require
from labourplan.lib.errors import Conflict, ServiceError
from labourplan.lib.history import stamp
from labourplan.lib.thaidate import month_name
from labourplan.lib.uploads import stored_name, validate_upload
from labourplan.notifications import messages
from labourplan.plans.checks import plan_checklist
from labourplan.plans.models import (
    Allocation,
    Meeting,
    Plan,
    PlanItem,
    PlanTopic,
    PlanVersion,
    VersionState,
)
from labourplan.plans.rows import ItemData, TopicData, link_to_template, rows_from_template, rows_from_version
from labourplan.reference.models import FiscalYear, MonthlyTargets, Province, Strategy

MAX_TARGET = 1_000_000
ITEM_FIELDS = {"title", "unit", "agencies", "budget", *MonthlyTargets.TARGET_FIELDS}


class PlanError(ServiceError):
    """A rule of Form 1 is broken. `errors` maps a field (or "__all__") to Thai messages."""


def _require_editable(version: PlanVersion, by) -> None:
    """Every change to a version's rows takes the version's lock first: submitting (which checks
    the rows) and editing them never overlap, and a version is never edited after it was sent."""
    require(by, Action.EDIT, version.plan.province_id)
    version.state = (
        PlanVersion.objects.select_for_update(of=("self",)).values_list("state", flat=True).get(pk=version.pk)
    )
    if not version.is_editable:
        raise PlanError(
            _("This version of the plan is %(state)s and can no longer be edited; start an amendment instead.")
            % {"state": version.get_state_display()}
        )


def month_label(fiscal_year: FiscalYear, index: int) -> str:
    """ต.ค. 2569 for month 1 of FY 2570."""
    year, month = fiscal_year.months[index - 1]
    return f"{month_name(month, abbr=True)} {year + 543}"


def validate_targets(fiscal_year: FiscalYear, targets: dict[str, object]) -> dict[str, int]:
    """Targets are whole numbers from 0; errors name the month in Thai."""
    clean, errors = {}, {}
    for name, value in targets.items():
        index = int(name.rsplit("_", 1)[1])
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > MAX_TARGET:
            errors[name] = _("Target for %(month)s must be a whole number from 0 to %(max)s (got “%(value)s”).") % {
                "month": month_label(fiscal_year, index),
                "max": f"{MAX_TARGET:,}",
                "value": value,
            }
        else:
            clean[name] = value
    if errors:
        raise PlanError(next(iter(errors.values())), errors=errors)
    return clean


# Creating a plan ------------------------------------------------------------------------------


def _write_rows(version: PlanVersion, topics: list[TopicData], by, *, first_topic_number: int | None = None) -> None:
    """Write the rows; topics are numbered from `first_topic_number`, else from the first topic's own number."""
    if first_topic_number is None:
        first_topic_number = (topics[0].number if topics else None) or 1
    if version.first_topic_number != first_topic_number:
        version.first_topic_number = first_topic_number
        PlanVersion.objects.filter(pk=version.pk).update(first_topic_number=first_topic_number)
    for t_order, topic_data in enumerate(topics, start=1):
        topic = PlanTopic(version=version, strategy=topic_data.strategy, order=t_order, title=topic_data.title)
        if topic_data.key:
            topic.key = topic_data.key
        stamp(topic, by)
        topic.save()
        for a_order, activity_data in enumerate(topic_data.items, start=1):
            activity = _new_item(topic, None, a_order, activity_data, by)
            for s_order, sub_data in enumerate(activity_data.sub_items, start=1):
                _new_item(topic, activity, s_order, sub_data, by)


def _new_item(topic, parent, order, data: ItemData, by) -> PlanItem:
    item = PlanItem(
        topic=topic,
        parent=parent,
        order=order,
        title=data.title,
        unit=data.unit,
        budget=data.budget,
        template_item_id=data.template_item_id,
    )
    if data.key:
        item.key = data.key
    item.targets = list(data.targets)
    item.agency_order = [a.pk for a in data.agencies]
    stamp(item, by)
    item.save()
    if data.agencies:
        item.agencies.set(data.agencies)
    return item


@transaction.atomic
def create_plan(*, province: Province, fiscal_year: FiscalYear, by, source: str = "template") -> Plan:
    """Start the province's plan for a fiscal year from the centre's template or last year's plan."""
    require(by, Action.EDIT, province)
    if Plan.objects.filter(province=province, fiscal_year=fiscal_year).exists():
        raise PlanError(_("The province already has a plan for this fiscal year."))
    first_topic_number = None  # the template's own, or the file's
    if source == "previous":
        previous = (
            Plan.objects.filter(province=province, fiscal_year__year_be=fiscal_year.year_be - 1)
            .select_related("current_version")
            .first()
        )
        if previous is None or previous.current_version is None:
            raise PlanError(_("There is no plan of the previous fiscal year to start from."))
        strategies = {s.number: s for s in fiscal_year.framework.strategies.all()}
        missing = {t.strategy.number for t in previous.current_version.topics.all()} - set(strategies)
        if missing:
            raise PlanError(_("This fiscal year's strategy framework has no strategy %(n)s.") % {"n": min(missing)})
        rows = rows_from_version(previous.current_version, keep_keys=False, strategies=strategies)
        first_topic_number = previous.current_version.first_topic_number
        link_to_template(fiscal_year, rows)
    elif source == "template":
        rows = rows_from_template(fiscal_year)
        if not rows:
            raise PlanError(_("The centre has not published a plan template for this fiscal year yet."))
    elif source == "empty":  # the rows come next, from the officer's own workbook
        rows = []
    else:
        raise ValueError(source)
    plan = Plan(province=province, fiscal_year=fiscal_year, created_by=by)
    stamp(plan, by)
    plan.save()
    version = PlanVersion(plan=plan, number=1, created_by=by)
    stamp(version, by)
    version.save()
    _write_rows(version, rows, by, first_topic_number=first_topic_number)
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    return plan


# Editing rows ---------------------------------------------------------------------------------


@transaction.atomic
def update_item(*, item: PlanItem, revision: int, changes: dict, by) -> PlanItem:
    """Change a row's title, unit, agencies, budget or monthly targets.

    `revision` is the one the editor started from; if someone saved in between, Conflict is
    raised with their values (to keep their own, the editor saves again on that revision).
    """
    unknown = set(changes) - ITEM_FIELDS
    if unknown:
        raise ValueError(f"unknown fields: {unknown}")
    _require_editable(item.topic.version, by)  # the version's lock before the row's, as every writer
    current = (
        PlanItem.objects.select_for_update(of=("self",))
        .select_related("topic__version__plan__fiscal_year")
        .get(pk=item.pk)
    )
    version = current.topic.version
    if current.revision != revision:
        raise Conflict(current)
    targets = {k: v for k, v in changes.items() if k.startswith("target_")}
    errors = {}
    try:
        targets = validate_targets(version.plan.fiscal_year, targets)
    except PlanError as exc:
        errors.update(exc.errors)
    if "title" in changes and not str(changes["title"]).strip():
        errors["title"] = _("The activity needs a name.")
    if changes.get("budget") is not None and changes["budget"] < 0:
        errors["budget"] = _("The budget cannot be negative.")
    if "unit" in changes and len(changes["unit"]) > 50:
        errors["unit"] = _("The unit is at most 50 characters.")
    if errors:
        raise PlanError(next(iter(errors.values())), errors=errors)
    for name, value in changes.items():
        if name == "agencies":
            continue
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    if "agencies" in changes:
        current.agency_order = [a.pk for a in changes["agencies"]]
    current.revision += 1
    stamp(current, by)
    current.save()
    if "agencies" in changes:
        current.agencies.set(changes["agencies"])
    return current


@transaction.atomic
def add_item(*, topic: PlanTopic, by, parent: PlanItem | None = None, title: str, unit: str = "", agencies=()):
    _require_editable(topic.version, by)
    if parent is not None and (parent.topic_id != topic.pk or parent.parent_id is not None):
        raise PlanError(_("A sub-item belongs to an activity of the same topic."))
    if not title.strip():
        raise PlanError(_("The activity needs a name."), errors={"title": _("The activity needs a name.")})
    siblings = PlanItem.objects.filter(topic=topic, parent=parent)
    order = (siblings.aggregate(m=Max("order"))["m"] or 0) + 1
    return _new_item(topic, parent, order, ItemData(title=title.strip(), unit=unit, agencies=agencies), by)


@transaction.atomic
def delete_item(*, item: PlanItem, by) -> None:
    _require_editable(item.topic.version, by)
    stamp(item, by)
    item.delete()


@transaction.atomic
def add_topic(*, version: PlanVersion, strategy: Strategy, title: str, by) -> PlanTopic:
    _require_editable(version, by)
    if strategy.framework_id != version.plan.fiscal_year.framework_id:
        raise PlanError(_("That strategy is not in this fiscal year's framework."))
    if not title.strip():
        raise PlanError(_("The topic needs a name."), errors={"title": _("The topic needs a name.")})
    order = (version.topics.filter(strategy=strategy).aggregate(m=Max("order"))["m"] or 0) + 1
    topic = PlanTopic(version=version, strategy=strategy, order=order, title=title.strip())
    stamp(topic, by)
    topic.save()
    return topic


@transaction.atomic
def update_topic(*, topic: PlanTopic, revision: int, title: str, by) -> PlanTopic:
    _require_editable(topic.version, by)  # the version's lock before the row's, as every writer
    current = PlanTopic.objects.select_for_update(of=("self",)).select_related("version__plan").get(pk=topic.pk)
    if current.revision != revision:
        raise Conflict(current)
    if not title.strip():
        raise PlanError(_("The topic needs a name."), errors={"title": _("The topic needs a name.")})
    current.title = title.strip()
    current.revision += 1
    stamp(current, by)
    current.save()
    return current


@transaction.atomic
def delete_topic(*, topic: PlanTopic, by) -> None:
    _require_editable(topic.version, by)
    stamp(topic, by)
    topic.delete()


def _move(obj, siblings, offset: int, by) -> None:
    ordered = list(siblings.order_by("order", "pk"))
    index = next(i for i, o in enumerate(ordered) if o.pk == obj.pk)
    new_index = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(new_index, ordered.pop(index))
    for position, sibling in enumerate(ordered, start=1):
        if sibling.order != position:
            sibling.order = position
            stamp(sibling, by)
            sibling.save(update_fields=["order"])


@transaction.atomic
def move_item(*, item: PlanItem, offset: int, by) -> None:
    """Move an activity (with its sub-items) or a sub-item up (-1) or down (+1) among its siblings."""
    _require_editable(item.topic.version, by)
    _move(item, PlanItem.objects.filter(topic=item.topic, parent=item.parent_id), offset, by)


@transaction.atomic
def move_topic(*, topic: PlanTopic, offset: int, by) -> None:
    _require_editable(topic.version, by)
    _move(topic, PlanTopic.objects.filter(version=topic.version, strategy=topic.strategy), offset, by)


@transaction.atomic
def replace_rows(*, version: PlanVersion, topics: list[TopicData], by) -> None:
    """Replace every row of a draft version at once (the Excel import): all of it or nothing."""
    _require_editable(version, by)
    for topic in version.topics.all():
        stamp(topic, by)
        topic.delete()
    link_to_template(version.plan.fiscal_year, topics)
    _write_rows(version, topics, by)
    PlanVersion.objects.filter(pk=version.pk).update(revision=version.revision + 1)


# Life cycle -----------------------------------------------------------------------------------


def submission_problems(version: PlanVersion) -> list[str]:
    if (
        not PlanItem.objects.filter(topic__version=version)
        .exclude(**dict.fromkeys(MonthlyTargets.TARGET_FIELDS, 0))
        .exists()
    ):
        return [_("The plan needs at least one activity with a target before it is submitted.")]
    return []


def _tell_plan(version: PlanVersion, action: str, by, *, on: datetime.date | None = None, reason: str = "") -> None:
    plan = version.plan
    messages.plan_changed(
        province=plan.province,
        action=action,
        title=str(plan),
        by=by,
        path=reverse("plan_detail", args=[plan.pk]),
        on=on,
        reason=reason,
    )


@transaction.atomic
def submit_plan(*, version: PlanVersion, submitted_on: datetime.date, by) -> PlanVersion:
    """The provincial labour officer submits the plan (or an amendment) to the governor."""
    version = PlanVersion.objects.select_for_update(of=("self",)).select_related("plan").get(pk=version.pk)
    require(by, Action.SUBMIT, version.plan.province_id)
    if version.state != VersionState.DRAFT:
        raise PlanError(_("Only a draft can be submitted."))
    problems = submission_problems(version)
    if problems:
        raise PlanError(problems[0])
    missing = [row for row in plan_checklist(version) if row.blocking]
    if missing:
        raise PlanError(
            _("Rows without a target or a unit: %(count)s (the first: %(first)s). Fill them in before submitting.")
            % {"count": len(missing), "first": missing[0]}
        )
    version.state = VersionState.SUBMITTED
    version.submitted_on = submitted_on
    version.submitted_by = by
    version.revision += 1
    stamp(version, by)
    version.save()
    _tell_plan(version, "submitted", by, on=submitted_on)
    return version


@transaction.atomic
def return_to_draft(*, version: PlanVersion, by) -> PlanVersion:
    """Take a submitted plan back to draft, e.g. when the governor asks for changes."""
    version = PlanVersion.objects.select_for_update(of=("self",)).select_related("plan").get(pk=version.pk)
    require(by, Action.SUBMIT, version.plan.province_id)
    if version.state != VersionState.SUBMITTED:
        raise PlanError(_("Only a plan waiting for the governor can be taken back to draft."))
    version.state = VersionState.DRAFT
    version.submitted_on = None
    version.submitted_by = None
    version.revision += 1
    stamp(version, by)
    version.save()
    return version


@transaction.atomic
def record_approval(*, version: PlanVersion, approved_on: datetime.date, document, by) -> PlanVersion:
    """Record the governor's approval with the signed document."""
    version = PlanVersion.objects.select_for_update(of=("self",)).select_related("plan").get(pk=version.pk)
    require(by, Action.SUBMIT, version.plan.province_id)
    if version.state != VersionState.SUBMITTED:
        raise PlanError(_("Only a plan submitted to the governor can be approved."))
    if approved_on < version.submitted_on:
        raise PlanError(
            _("The approval date cannot be before the submission date."),
            errors={"approved_on": _("The approval date cannot be before the submission date.")},
        )
    if document is None:
        raise PlanError(_("Attach the signed approval."), errors={"document": _("Attach the signed approval.")})
    validate_upload(document)
    version.state = VersionState.APPROVED
    version.approved_on = approved_on
    version.approved_recorded_by = by
    version.approval_document.save(stored_name(document), document, save=False)
    version.revision += 1
    stamp(version, by)
    version.save()
    _tell_plan(version, "approved", by, on=approved_on)
    return version


@transaction.atomic
def start_amendment(*, plan: Plan, reason: str, by) -> PlanVersion:
    """After approval, a change is a new version with a reason; the approved one stays readable."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=plan.pk)
    require(by, Action.EDIT, plan.province_id)
    current = plan.current_version
    if current is None or current.state != VersionState.APPROVED:
        raise PlanError(_("Only an approved plan is amended; a draft is simply edited."))
    if not reason.strip():
        raise PlanError(
            _("Give the reason for the amendment."), errors={"reason": _("Give the reason for the amendment.")}
        )
    version = PlanVersion(plan=plan, number=current.number + 1, reason=reason.strip(), created_by=by)
    stamp(version, by)
    version.save()
    _write_rows(version, rows_from_version(current, keep_keys=True), by, first_topic_number=current.first_topic_number)
    plan.current_version = version
    stamp(plan, by)
    plan.save(update_fields=["current_version"])
    _tell_plan(version, "amended", by, reason=version.reason)
    return version


# Budget and meetings --------------------------------------------------------------------------


def lock_budget(plan_id: int) -> None:
    """The plan row's lock guards its budget: allocations and the months' disbursements are
    checked against each other under it (reports.services.update_report takes it too)."""
    Plan.objects.select_for_update(of=("self",)).only("pk").get(pk=plan_id)


@transaction.atomic
def add_allocation(*, plan: Plan, amount: Decimal, received_on: datetime.date, by, note: str = "") -> Allocation:
    require(by, Action.EDIT, plan.province_id)
    lock_budget(plan.pk)
    if amount <= 0:
        raise PlanError(
            _("The amount must be more than zero."), errors={"amount": _("The amount must be more than zero.")}
        )
    allocation = Allocation(plan=plan, amount=amount, received_on=received_on, note=note, created_by=by)
    stamp(allocation, by)
    allocation.save()
    return allocation


@transaction.atomic
def delete_allocation(*, allocation: Allocation, by) -> None:
    """An allocation recorded by mistake goes, unless the months already disbursed need it."""
    require(by, Action.EDIT, allocation.plan.province_id)
    lock_budget(allocation.plan_id)
    plan = allocation.plan
    remaining = plan.allocations.exclude(pk=allocation.pk).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    disbursed = plan.reports.aggregate(s=Sum("disbursed"))["s"] or Decimal("0")
    if disbursed > remaining:
        raise PlanError(
            _(
                "%(disbursed)s baht has been disbursed since October; without this allocation only "
                "%(remaining)s baht would be allocated. Correct the months' disbursements first."
            )
            % {"disbursed": f"{disbursed:,.2f}", "remaining": f"{remaining:,.2f}"}
        )
    stamp(allocation, by)
    allocation.delete()


@transaction.atomic
def add_meeting(*, plan: Plan, held_on: datetime.date, kind: str, title: str, by, agencies=(), minutes=None) -> Meeting:
    require(by, Action.EDIT, plan.province_id)
    if minutes is not None:
        validate_upload(minutes)
    meeting = Meeting(plan=plan, held_on=held_on, kind=kind, title=title.strip(), created_by=by)
    if minutes is not None:
        meeting.minutes.save(stored_name(minutes), minutes, save=False)
    stamp(meeting, by)
    meeting.save()
    meeting.agencies.set(agencies)
    return meeting


@transaction.atomic
def delete_meeting(*, meeting: Meeting, by) -> None:
    require(by, Action.EDIT, meeting.plan.province_id)
    stamp(meeting, by)
    meeting.delete()
