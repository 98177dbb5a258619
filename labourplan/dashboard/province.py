"""Where one province stands in a fiscal year: its plan, its reports, its activities, its level."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from labourplan.dashboard.national import Budget, PlanRow, budgets, plan_rows
from labourplan.evaluation.models import Scheme
from labourplan.evaluation.services import current_round, province_result, rounds_with_criteria
from labourplan.lib import fiscal
from labourplan.plans.models import Plan, PlanStatus, PlanVersion
from labourplan.reference.models import FiscalYear, Province
from labourplan.reports.models import MonthlyReport, ReportState
from labourplan.reports.monitoring import Cell, CellStatus, Month, cell_status, fiscal_year_months


@dataclass
class ProvincePicture:
    province: Province
    fiscal_year: FiscalYear | None
    as_of: datetime.datetime
    plan: Plan | None = None
    months: list[Month] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    returned_reports: list[MonthlyReport] = field(default_factory=list)
    rows: list[PlanRow] = field(default_factory=list)
    budget: Budget = field(default_factory=Budget)
    result: object | None = None  # evaluation.services.Result
    round: object | None = None
    thresholds: list[tuple[int, Decimal | None, Decimal | None]] = field(default_factory=list)

    @property
    def returned_months(self) -> set[int]:
        """Months whose report the centre returned: the calendar marks them (they count as sent)."""
        return {r.month_index for r in self.returned_reports}

    @property
    def status(self) -> str:
        return self.plan.status if self.plan else PlanStatus.NOT_STARTED

    @property
    def status_label(self) -> str:
        return PlanStatus(self.status).label

    @property
    def has_approved_plan(self) -> bool:
        return self.status in (PlanStatus.APPROVED, PlanStatus.AMENDED)

    @property
    def plan_sent(self) -> bool:
        """A version is in force (sent to the governor or approved): monthly reports can be made."""
        return bool(self.plan is not None and self.plan.sent)

    @property
    def plan_sent_on(self) -> datetime.date | None:
        """The day the plan was first sent to the governor."""
        return self.plan.first_sent_on if self.plan_sent else None

    @property
    def plan_overdue(self) -> bool:
        """Not sent to the governor, and the fiscal year's plan deadline has passed."""
        return (
            self.fiscal_year is not None
            and not self.plan_sent
            and fiscal.bangkok_today(self.as_of) > self.fiscal_year.plan_due_date
        )

    @property
    def months_late_for_the_plan(self) -> list[Cell]:
        """Months whose report fell due before the plan was sent, and that are still not in: the
        late plan is why they are overdue."""
        sent_on = self.plan_sent_on
        if sent_on is None:
            return []
        return [c for c in self.cells if c.status == CellStatus.MISSING and c.month.due_date < sent_on]

    @property
    def evaluation(self):
        return self.result.evaluation if self.result else None

    @property
    def activities(self) -> list[PlanRow]:
        return [row for row in self.rows if not row.is_sub_item]

    def activity(self, key) -> PlanRow | None:
        return next((a for a in self.activities if a.key == str(key)), None)

    @property
    def main_activity(self) -> PlanRow | None:
        return max(self.activities, key=lambda a: a.totals.annual_target, default=None)


def province_picture(
    *, province: Province, fiscal_year: FiscalYear | None, as_of: datetime.datetime | None = None
) -> ProvincePicture:
    as_of = as_of or timezone.now()
    picture = ProvincePicture(province=province, fiscal_year=fiscal_year, as_of=as_of)
    if fiscal_year is None:
        return picture
    picture.months = fiscal_year_months(fiscal_year)
    today = fiscal.bangkok_today(as_of)
    picture.plan = (
        Plan.objects.filter(province=province, fiscal_year=fiscal_year)
        .select_related("current_version")
        .annotate(
            sent=Exists(PlanVersion.objects.filter(plan=OuterRef("pk")).in_force(as_of=today)),
            first_sent_on=Subquery(
                PlanVersion.objects.filter(plan=OuterRef("pk"), submitted_on__isnull=False)
                .order_by("submitted_on")
                .values("submitted_on")[:1]
            ),
        )
        .first()
    )
    reports = (
        {r.month_index: r for r in MonthlyReport.objects.filter(plan=picture.plan).select_related("plan__fiscal_year")}
        if picture.plan
        else {}
    )
    sent = picture.plan_sent  # it can report: a version is in force
    for month in picture.months:
        report = reports.get(month.index)
        submitted_at = report.first_submitted_at if report and report.first_submitted_at else None
        if submitted_at and submitted_at > as_of:
            submitted_at = None
        status = cell_status(month=month, first_submitted_at=submitted_at, has_plan=sent, now=as_of)
        picture.cells.append(Cell(month=month, status=status, first_submitted_at=submitted_at))
    picture.returned_reports = [r for r in reports.values() if r.state == ReportState.RETURNED]
    picture.rows = plan_rows(fiscal_year=fiscal_year, as_of=as_of, province_ids=[province.pk]).get(province.pk, [])
    picture.budget = budgets(fiscal_year=fiscal_year, as_of=as_of, province_ids=[province.pk]).get(
        province.pk, Budget()
    )
    scheme = Scheme.objects.filter(fiscal_year=fiscal_year).first()
    if scheme is not None:
        round_ = current_round(rounds_with_criteria(scheme), fiscal.bangkok_today(as_of))
        if round_ is not None:
            scheme.fiscal_year = fiscal_year
            round_.scheme = scheme
            picture.round = round_
            picture.result = province_result(
                round_=round_, province=province, as_of=min(fiscal.bangkok_today(as_of), fiscal_year.end_date)
            )
            for level in round_.levels.all():
                by_kind = {c.kind: c.threshold for c in level.conditions.all()}
                picture.thresholds.append(
                    (level.number, by_kind.get("activities_percent"), by_kind.get("disbursed_percent"))
                )
    return picture
