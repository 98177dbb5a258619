"""Completeness and timeliness of the monthly reports across provinces, as DHIS2 reports them.

For a fiscal year seen at an as-of moment (every date read in Asia/Bangkok):

- A month that has not ended is *in progress* (``fiscal.month_has_ended``): it is expected from
  nobody and counts in no figure, whatever was sent; its report is sent from the first day of
  the following month.
- A month is *due* once the due date of its report has passed: the as-of date is after the due
  date. October's report is due on 5 November and counts from 6 November 00:00 Bangkok time.
- One report is *expected* from every regional province (``Province.objects.regional()``) for
  every due month, whether or not the province has sent its plan: as in DHIS2, every unit
  assigned to the data set is expected to report. A report already submitted for a month that
  has ended but is not yet due is expected too, from the moment it arrives. So the figures are a plain tally
  of the matrix cells, and no rate can go above 100 %.
- Each expected report is exactly one of:

  - *on time*: first submitted on or before its due date (``first_submitted_at``; a report
    returned and sent again keeps the time of its first submission);
  - *late*: first submitted after its due date;
  - *missing*: not submitted, from a province whose plan had been sent to the governor (reports
    do not wait for the approval);
  - *no plan*: not submitted, from a province that had not sent its plan to the governor by the
    as-of date (it cannot open a report until then).

- *Submitted* = on time + late. Every rate is a percentage of the expected reports (DHIS2's
  "reporting rate" is submitted / expected, its "reporting rate on time" is on time /
  expected), so on time + late + missing + no approved plan make 100 %.
- Submissions after the as-of moment are not seen: the figures for a past moment are what the
  centre could see then.

Two queries, whatever the number of provinces: the regional provinces with the day their plan
for the year was first sent to the governor, and the first submission times of the year's reports.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labourplan.lib import fiscal
from labourplan.lib.thaidate import be_year, month_name
from labourplan.plans.models import PlanVersion
from labourplan.reference.models import FiscalYear, Province
from labourplan.reports.models import MonthlyReport, timeliness


class CellStatus(models.TextChoices):
    """One province's report of one month: the timeliness values, or no plan to report on."""

    IN_PROGRESS = "in_progress", _("In progress")
    NOT_DUE = "not_due", _("Not yet due")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")
    NO_PLAN = "no_plan", _("Plan not sent to the governor")


@dataclass
class Tally:
    """Counts of cells by status, and the rates of the expected reports (None when none is expected)."""

    on_time: int = 0
    late: int = 0
    missing: int = 0
    no_plan: int = 0
    not_due: int = 0
    in_progress: int = 0

    def add(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def expected(self) -> int:
        return self.on_time + self.late + self.missing + self.no_plan

    def _rate(self, count: int) -> float | None:
        return 100 * count / self.expected if self.expected else None

    @property
    def completeness_rate(self) -> float | None:
        return self._rate(self.submitted)

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.on_time)

    @property
    def late_rate(self) -> float | None:
        return self._rate(self.late)

    @property
    def missing_rate(self) -> float | None:
        return self._rate(self.missing)

    @property
    def no_plan_rate(self) -> float | None:
        return self._rate(self.no_plan)


@dataclass(frozen=True)
class Month:
    index: int  # 1 = October … 12 = September
    start: datetime.date
    due_date: datetime.date

    @property
    def abbreviation(self) -> str:
        """ต.ค., พ.ย., …: the column headings of every Thai form."""
        return month_name(self.start.month, abbr=True)

    @property
    def year_be(self) -> int:
        return be_year(self.start.year)


@dataclass(frozen=True)
class Cell:
    month: Month
    status: str
    first_submitted_at: datetime.datetime | None

    @property
    def label(self) -> str:
        return CellStatus(self.status).label


@dataclass
class ProvinceRow:
    province: Province
    has_plan: bool  # sent to the governor by the as-of date
    cells: list[Cell]
    tally: Tally


@dataclass
class Completeness:
    fiscal_year: FiscalYear
    as_of: datetime.datetime
    months: list[Month]
    rows: list[ProvinceRow]
    national: Tally = field(default_factory=Tally)
    by_month: list[Tally] = field(default_factory=list)

    @property
    def year_groups(self) -> list[tuple[int, int]]:
        """(B.E. calendar year, number of months) over the month columns: 2569 over Oct–Dec, …"""
        groups: list[tuple[int, int]] = []
        for month in self.months:
            if groups and groups[-1][0] == month.year_be:
                groups[-1] = (month.year_be, groups[-1][1] + 1)
            else:
                groups.append((month.year_be, 1))
        return groups

    def in_region(self, region_id: int) -> tuple[list[ProvinceRow], Tally]:
        """The rows of one region's provinces and their total."""
        rows = [row for row in self.rows if row.province.region_id == region_id]
        total = Tally()
        for row in rows:
            for cell in row.cells:
                total.add(cell.status)
        return rows, total


def cell_status(
    *,
    month: Month,
    first_submitted_at: datetime.datetime | None,
    has_plan: bool,
    now,
) -> str:
    """`has_plan`: the province had sent its plan to the governor by then, so it could report."""
    status = timeliness(
        month_start=month.start, due_date=month.due_date, first_submitted_at=first_submitted_at, now=now
    )
    if status == CellStatus.MISSING and not has_plan:
        return CellStatus.NO_PLAN
    return status


def fiscal_year_months(fiscal_year: FiscalYear) -> list[Month]:
    return [
        Month(
            index=index,
            start=datetime.date(year, month, 1),
            due_date=fiscal.report_due_date(year, month, due_day=fiscal_year.report_due_day),
        )
        for index, (year, month) in enumerate(fiscal_year.months, start=1)
    ]


def tallied(*, fiscal_year: FiscalYear, as_of: datetime.datetime, rows: list[ProvinceRow]) -> Completeness:
    """The matrix of these rows with its national and monthly totals."""
    result = Completeness(fiscal_year=fiscal_year, as_of=as_of, months=fiscal_year_months(fiscal_year), rows=rows)
    result.by_month = [Tally() for _month in result.months]
    for row in rows:
        for cell in row.cells:
            result.national.add(cell.status)
            result.by_month[cell.month.index - 1].add(cell.status)
    return result


def completeness(
    *, fiscal_year: FiscalYear, as_of: datetime.datetime | None = None, province_ids: list[int] | None = None
) -> Completeness:
    """Every regional province's reports of `fiscal_year` (or those of `province_ids`) as they
    stood at `as_of` (default: now)."""
    as_of = as_of or timezone.now()
    today = fiscal.bangkok_today(as_of)
    months = fiscal_year_months(fiscal_year)
    # A province can report once its plan has been sent to the governor (reporting does not wait
    # for the approval; an amendment in draft changes nothing).
    provinces = (
        Province.objects.regional()
        .select_related("region")
        .annotate(
            has_plan=Exists(
                PlanVersion.objects.filter(plan__province=OuterRef("pk"), plan__fiscal_year=fiscal_year).in_force(
                    as_of=today
                )
            )
        )
        .order_by("region__order", "name_th")
    )
    reports = MonthlyReport.objects.filter(plan__fiscal_year=fiscal_year, first_submitted_at__lte=as_of)
    if province_ids is not None:
        provinces = provinces.filter(pk__in=province_ids)
        reports = reports.filter(plan__province_id__in=province_ids)
    first_submissions = {
        (province_id, month_index): submitted_at
        for province_id, month_index, submitted_at in reports.values_list(
            "plan__province_id", "month_index", "first_submitted_at"
        )
    }
    rows = []
    for province in provinces:
        row = ProvinceRow(province=province, has_plan=province.has_plan, cells=[], tally=Tally())
        for month in months:
            submitted_at = first_submissions.get((province.pk, month.index))
            status = cell_status(month=month, first_submitted_at=submitted_at, has_plan=province.has_plan, now=as_of)
            row.cells.append(Cell(month=month, status=status, first_submitted_at=submitted_at))
            row.tally.add(status)
        rows.append(row)
    return tallied(fiscal_year=fiscal_year, as_of=as_of, rows=rows)
