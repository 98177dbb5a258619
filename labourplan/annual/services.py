"""Every change to a Form 3 goes through here: pages, API and demo data alike."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labourplan.accounts.permissions import Action, require
from labourplan.annual.figures import year_figures
from labourplan.annual.models import AnnualItem, AnnualReport
from labourplan.lib import narrative
from labourplan.lib.errors import Conflict, ServiceError
from labourplan.lib.history import stamp
from labourplan.plans.models import Plan, VersionState
from labourplan.reports.services import approved_version
from labourplan.submissions.services import Lifecycle


class AnnualError(ServiceError):
    """A rule of Form 3 is broken."""


__all__ = ["AnnualError", "Conflict"]

NARRATIVE_FIELDS = ("executive_summary", "problems", "suggestions")


LIFECYCLE = Lifecycle(model=AnnualReport, kind="annual", error=AnnualError)
_locked = LIFECYCLE.locked
_require_editable = LIFECYCLE.require_editable


def _fill(report: AnnualReport, by) -> None:
    """Bring section 2's figures up to date; the officer's titles and narratives stay as written."""
    existing = {item.item_key: item for item in report.items.all() if item.item_key}
    next_order = max((item.order for item in report.items.all()), default=0)
    for figures in year_figures(report.plan):
        item = existing.get(figures.key)
        if item is None:
            next_order += 1
            item = AnnualItem(
                report=report,
                strategy=figures.strategy,
                order=next_order,
                item_key=figures.key,
                title=figures.title,
                narrative=figures.prefilled_narrative(),
            )
        elif (item.annual_target, item.result, item.unit) == (figures.annual_target, figures.result, figures.unit):
            continue
        item.unit, item.annual_target, item.result = figures.unit, figures.annual_target, figures.result
        stamp(item, by)
        item.save()
    report.figures_as_of = timezone.now()


@transaction.atomic
def open_annual_report(*, plan, by) -> AnnualReport:
    """The year's Form 3, created and prefilled on first use, from the approved plan."""
    require(by, Action.EDIT, plan.province_id)
    if approved_version(plan) is None:
        raise AnnualError(_("The annual report follows the approved plan: record the governor's approval first."))
    report, created = AnnualReport.objects.get_or_create(plan=plan)
    if created:
        _fill(report, by)
        stamp(report, by)
        report.save()
    return report


@transaction.atomic
def refresh_figures(*, report: AnnualReport, by) -> AnnualReport:
    """Take the targets and results again from the plan in force and the monthly reports."""
    report = _locked(report)
    _require_editable(report, by)
    _fill(report, by)
    report.revision += 1
    stamp(report, by)
    report.save()
    return report


@transaction.atomic
def update_annual_report(
    *, report: AnnualReport, revision: int, changes: dict, items: dict[int, dict] | None = None, by
) -> AnnualReport:
    """Change the narratives of sections 1, 3 and 4, and the title or narrative of items of section 2
    (`items` maps an item's id to its changed fields). Every text is cleaned of markup."""
    unknown = set(changes) - set(NARRATIVE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {unknown}")
    current = _locked(report)
    _require_editable(current, by)
    if current.revision != revision:
        raise Conflict(current)
    for name, value in changes.items():
        setattr(current, name, narrative.clean(value))
    if items:
        by_id = {item.pk: item for item in current.items.filter(pk__in=list(items))}
        if set(items) - set(by_id):
            raise AnnualError(_("An item of section 2 is not part of this report."))
        for pk, fields in items.items():
            item = by_id[pk]
            if set(fields) - {"title", "narrative"}:
                raise ValueError(f"unknown item fields: {set(fields)}")
            if "title" in fields:
                title = narrative.clean(fields["title"])
                if not title:
                    raise AnnualError(_("An item of section 2 needs a title."))
                item.title = title
            if "narrative" in fields:
                item.narrative = narrative.clean(fields["narrative"])
            stamp(item, by)
            item.save()
    current.revision += 1
    stamp(current, by)
    current.save()
    return current


@transaction.atomic
def add_annual_item(*, report: AnnualReport, strategy, title: str, narrative_text: str = "", by) -> AnnualItem:
    """An item of section 2 that is not an activity of the plan ("more may be added"): no figures."""
    report = _locked(report)
    _require_editable(report, by)
    if strategy.framework_id != report.plan.fiscal_year.framework_id:
        raise AnnualError(_("This strategy is not one of the fiscal year's."))
    title = narrative.clean(title)
    if not title:
        raise AnnualError(_("An item of section 2 needs a title."))
    last = report.items.order_by("-order").values_list("order", flat=True).first() or 0
    item = AnnualItem(
        report=report, strategy=strategy, order=last + 1, title=title, narrative=narrative.clean(narrative_text)
    )
    stamp(item, by)
    item.save()
    report.revision += 1
    stamp(report, by)
    report.save()
    return item


@transaction.atomic
def remove_annual_item(*, item: AnnualItem, by) -> None:
    """Only an item the officer added goes; the plan's activities stay (a refresh would bring them back)."""
    report = _locked(item.report)
    _require_editable(report, by)
    if item.item_key is not None:
        raise AnnualError(_("An activity of the plan stays in the report; write in its narrative instead."))
    stamp(item, by)
    item.delete()
    report.revision += 1
    stamp(report, by)
    report.save()


def _ready_to_send(report: AnnualReport, now) -> None:
    if not report.executive_summary.strip():
        raise AnnualError(_("Write the executive summary (section 1) before sending the report."))


def submit_annual_report(*, report: AnnualReport, by, now: datetime.datetime | None = None) -> AnnualReport:
    """The provincial labour officer sends Form 3 (or its correction) to the centre."""
    return LIFECYCLE.submit(report=report, by=by, now=now, check=_ready_to_send)


accept_annual_report = LIFECYCLE.accept
return_annual_report = LIFECYCLE.return_
reopen_annual_report = LIFECYCLE.reopen


ANNUAL_NOTICE_DAYS = 30  # the province home shows Form 3 this many days before it is due


@dataclass(frozen=True)
class AnnualNotice:
    """The Form 3 a province owes next: that of its latest fiscal year with an approved plan whose
    Form 3 is due within ANNUAL_NOTICE_DAYS or was due already."""

    plan: Plan
    report: AnnualReport | None
    today: datetime.date

    @property
    def due_date(self) -> datetime.date:
        return self.plan.fiscal_year.annual_report_due_date

    @property
    def days_left(self) -> int:
        return (self.due_date - self.today).days


def annual_notice(*, province, today: datetime.date) -> AnnualNotice | None:
    """None once that Form 3 has been sent (or before any is near): one query."""
    plan = (
        Plan.objects.filter(
            province=province,
            fiscal_year__annual_report_due_date__lte=today + datetime.timedelta(days=ANNUAL_NOTICE_DAYS),
            versions__state=VersionState.APPROVED,
        )
        .select_related("fiscal_year", "annual_report")
        .order_by("-fiscal_year__year_be")
        .first()
    )
    if plan is None:
        return None
    report = getattr(plan, "annual_report", None)
    if report is not None and report.first_submitted_at is not None:
        return None
    return AnnualNotice(plan=plan, report=report, today=today)
