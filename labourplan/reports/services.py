"""Every change to a monthly report goes through here: pages, API, imports and demo data alike."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from labourplan.accounts.permissions import Action, require
from labourplan.lib import fiscal
from labourplan.lib.errors import Conflict, ServiceError
from labourplan.lib.history import stamp
from labourplan.lib.thaidate import format_date
from labourplan.lib.uploads import stored_name, validate_upload
from labourplan.plans.models import PlanItem, PlanVersion, VersionState
from labourplan.plans.services import lock_budget, month_label
from labourplan.reports.models import MonthlyReport, ReportEvidence, ReportResult
from labourplan.submissions.services import Lifecycle

HIGH_RESULT_FACTOR = 3


class ReportError(ServiceError):
    """A rule of Form 2 is broken; `needs_confirmation` when the officer may confirm and go on."""

    def __init__(self, message, *, errors=None, needs_confirmation=False):
        super().__init__(message, errors=errors, code="confirm_required" if needs_confirmation else None)
        self.needs_confirmation = needs_confirmation


__all__ = ["Conflict", "ReportError"]

LIFECYCLE = Lifecycle(model=MonthlyReport, kind="report", error=ReportError)
# Apps that watch the reports sent (the data-quality checks) append here in their AppConfig.ready.
after_submit = LIFECYCLE.after_submit
_locked_report = LIFECYCLE.locked
_require_editable = LIFECYCLE.require_editable


def approved_version(plan) -> PlanVersion | None:
    """The latest version the governor approved (Form 3 follows it). Monthly reports follow
    `plan.version_in_force()`, which is the version sent to the governor until one is approved."""
    return plan.versions.filter(state=VersionState.APPROVED).order_by("-number").first()


def month_not_ended_message(report: MonthlyReport) -> str:
    """Why a report cannot be sent yet, with the day it can."""
    return _("%(month)s has not ended yet: its report can be sent from %(date)s.") % {
        "month": month_label(report.plan.fiscal_year, report.month_index),
        "date": format_date(report.sending_opens_on, abbr=False),
    }


@transaction.atomic
def open_report(*, plan, month_index: int, by, today: datetime.date | None = None) -> MonthlyReport:
    """The report of a month, created on first use, from the month's first day (it is sent once
    the month has ended). A month still in the future is refused, and so is a plan not yet sent
    to the governor: reports are made against the version in force, not the approved one only."""
    require(by, Action.EDIT, plan.province_id)
    today = today or fiscal.bangkok_today()
    if not 1 <= month_index <= 12:
        raise ReportError(_("A fiscal year has twelve months."))
    year, month = plan.fiscal_year.months[month_index - 1]
    if datetime.date(year, month, 1) > today:
        raise ReportError(
            _("%(month)s has not started yet: a report is made for a month that has begun.")
            % {"month": month_label(plan.fiscal_year, month_index)}
        )
    if plan.version_in_force() is None:
        raise ReportError(_("Monthly reports open once the plan has been sent to the governor: send the plan first."))
    report, created = MonthlyReport.objects.get_or_create(plan=plan, month_index=month_index)
    if created:
        stamp(report, by)
    return report


def high_result_reference(item: PlanItem, month_index: int) -> int:
    """What a month's result is compared with: the target to date (work ahead of a month's target
    is normal), or the year's target while nothing was planned yet."""
    to_date = sum(item.targets[:month_index])
    return to_date if to_date > 0 else max(item.total, 0)


def is_high_result(result: int, reference: int) -> bool:
    return result > 0 and result > HIGH_RESULT_FACTOR * max(reference, 0)


def save_result(
    *,
    report: MonthlyReport,
    item: PlanItem,
    revision: int,
    result: int,
    remark: str = "",
    by,
    confirmed: bool = False,
) -> ReportResult:
    """Record a row's result for the month. `revision` 0 means no result was saved before.

    A result over three times the target to date (the year's target while none was planned yet)
    needs the officer's confirmation and a remark; it is never refused outright. Until confirmed,
    the value is kept on the row as pending: it counts in no figure, and any device shows it again.
    """
    saved, message = _save_result(
        report=report, item=item, revision=revision, result=result, remark=remark, by=by, confirmed=confirmed
    )
    if message:  # the pending value is committed; the caller is told to confirm it
        raise ReportError(message, errors={"result": message}, needs_confirmation=True)
    return saved


@transaction.atomic
def _save_result(*, report, item, revision, result, remark, by, confirmed) -> tuple[ReportResult, str]:
    report = _locked_report(report)
    _require_editable(report, by)
    if isinstance(result, bool) or not isinstance(result, int) or result < 0:
        raise ReportError(
            _("The result must be a whole number from 0 (got “%(value)s”).") % {"value": result},
            errors={"result": _("The result must be a whole number from 0 (got “%(value)s”).") % {"value": result}},
        )
    if item.sub_items.exists():
        raise ReportError(_("Results are typed on the sub-items; the activity shows their sum."))
    current = ReportResult.objects.select_for_update().filter(report=report, item_key=item.key).first()
    current_revision = current.revision if current else 0
    if current_revision != revision:
        raise Conflict(current)
    if current is None:
        current = ReportResult(report=report, item_key=item.key, revision=0)
    reference = high_result_reference(item, report.month_index)
    if is_high_result(result, reference) and not (confirmed and remark.strip()):
        if sum(item.targets[: report.month_index]) > 0:
            message = _(
                "%(result)s is more than three times the target to date (%(target)s). "
                "Confirm it and explain in the remark."
            ) % {"result": result, "target": reference}
        else:
            message = _(
                "%(result)s is more than three times the year's target (%(target)s). "
                "Confirm it and explain in the remark."
            ) % {"result": result, "target": reference}
        # Kept as a draft (the revision stays: what counts has not changed).
        current.pending_result, current.pending_remark = result, remark.strip()
        stamp(current, by)
        current.save()
        return current, message
    current.result = result
    current.remark = remark.strip()
    current.pending_result, current.pending_remark = None, ""
    current.revision += 1
    stamp(current, by)
    current.save()
    return current, ""


def disbursed_elsewhere(report: MonthlyReport) -> Decimal:
    total = (
        MonthlyReport.objects.filter(plan_id=report.plan_id).exclude(pk=report.pk).aggregate(s=Sum("disbursed"))["s"]
    )
    return total or Decimal("0")


@transaction.atomic
def update_report(*, report: MonthlyReport, revision: int, changes: dict, by) -> MonthlyReport:
    """Change the month's disbursement or narratives. A cumulative disbursement above the year's
    allocation is refused with both amounts."""
    unknown = set(changes) - {"disbursed", "key_results", "problems"}
    if unknown:
        raise ValueError(f"unknown fields: {unknown}")
    current = _locked_report(report)
    _require_editable(current, by)
    if current.revision != revision:
        raise Conflict(current)
    if "disbursed" in changes:
        amount = changes["disbursed"]
        if amount is None or amount < 0:
            message = _("The amount disbursed cannot be negative.")
            raise ReportError(message, errors={"disbursed": message})
        # The check reads the plan's other months and its allocations: the plan row's lock keeps
        # them still until this month is saved (two months saved at once would both pass).
        lock_budget(current.plan_id)
        allocated = current.plan.allocations.aggregate(s=Sum("amount"))["s"] or Decimal("0")
        cumulative = disbursed_elsewhere(current) + amount
        if cumulative > allocated:
            message = _(
                "Disbursed since October would be %(cumulative)s baht, more than the %(allocated)s baht "
                "allocated for the year. Check the amount or record the new allocation first."
            ) % {"cumulative": f"{cumulative:,.2f}", "allocated": f"{allocated:,.2f}"}
            raise ReportError(message, errors={"disbursed": message})
    for name, value in changes.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.revision += 1
    stamp(current, by)
    current.save()
    return current


@dataclass
class SubmissionChecks:
    """What the officer sees before sending: results waiting for confirmation (they block, as they
    count nowhere yet), and an empty narrative or no evidence (warnings, confirmed and sent)."""

    pending: list[PlanItem] = field(default_factory=list)
    no_narrative: bool = False
    no_evidence: bool = False

    @property
    def blocking(self) -> bool:
        return bool(self.pending)

    @property
    def warnings(self) -> bool:
        return self.no_narrative or self.no_evidence

    def __bool__(self):
        return self.blocking or self.warnings


def submission_checks(report: MonthlyReport) -> SubmissionChecks:
    keys = list(report.results.exclude(pending_result=None).values_list("item_key", flat=True))
    version = report.plan.version_in_force()
    pending = list(PlanItem.objects.filter(topic__version=version, key__in=keys).order_by("topic__order", "order"))
    return SubmissionChecks(
        pending=pending,
        no_narrative=not report.key_results.strip(),
        no_evidence=not report.evidence.exists(),
    )


def _ready_to_send(report: MonthlyReport, now: datetime.datetime) -> None:
    """Results still waiting for confirmation stop the sending (they would count nowhere), and
    so does a month that has not ended (Asia/Bangkok)."""
    pending = submission_checks(report).pending
    if pending:
        raise ReportError(
            _(
                "Results waiting for confirmation: %(count)s (the first: “%(title)s”). Confirm or correct "
                "them before sending: until then they count nowhere."
            )
            % {"count": len(pending), "title": pending[0].title}
        )
    if not report.has_ended(fiscal.bangkok_today(now)):
        raise ReportError(month_not_ended_message(report))


def submit_report(*, report: MonthlyReport, by, now: datetime.datetime | None = None) -> MonthlyReport:
    """The provincial labour officer sends the report (or its correction) to the centre, once the
    month has ended."""
    return LIFECYCLE.submit(report=report, by=by, now=now, check=_ready_to_send)


accept_report = LIFECYCLE.accept
return_report = LIFECYCLE.return_
reopen_report = LIFECYCLE.reopen


@transaction.atomic
def add_evidence(*, report: MonthlyReport, file, caption: str = "", by) -> ReportEvidence:
    """Attach a photo or document while the report is being drafted (checked by content)."""
    report = _locked_report(report)
    _require_editable(report, by)
    validate_upload(file)
    evidence = ReportEvidence(report=report, caption=caption.strip(), uploaded_by=by)
    evidence.file.save(stored_name(file), file, save=False)
    stamp(evidence, by)
    evidence.save()
    return evidence


@transaction.atomic
def delete_evidence(*, evidence: ReportEvidence, by) -> None:
    """The record goes; the file stays in private storage, where the history still points."""
    _require_editable(_locked_report(evidence.report), by)
    stamp(evidence, by)
    evidence.delete()
