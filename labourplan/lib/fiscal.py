"""Thai fiscal-year arithmetic: FY B.E. N runs 1 Oct (N-1) to 30 Sep N; deadlines in Bangkok time."""

import datetime
from zoneinfo import ZoneInfo

from labourplan.lib.thaidate import be_year, ce_year

BANGKOK = ZoneInfo("Asia/Bangkok")
REPORT_DUE_DAY = 5


def fiscal_year_of(day: datetime.date) -> int:
    """The B.E. fiscal year a date falls in: 1 Oct 2026 starts FY 2570."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(fy_be: int) -> tuple[datetime.date, datetime.date]:
    end_ce = ce_year(fy_be)
    return datetime.date(end_ce - 1, 10, 1), datetime.date(end_ce, 9, 30)


def fiscal_months(fy_be: int) -> list[tuple[int, int]]:
    """The twelve (C.E. year, month) pairs of a fiscal year in plan order, Oct … Sep."""
    start, _ = fiscal_year_bounds(fy_be)
    return [(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1) for i in range(12)]


def month_index(fy_be: int, year: int, month: int) -> int:
    """1 for October … 12 for September; ValueError if the month is outside the fiscal year."""
    try:
        return fiscal_months(fy_be).index((year, month)) + 1
    except ValueError:
        raise ValueError(f"{year}-{month:02d} is not in fiscal year {fy_be}") from None


def report_due_date(year: int, month: int, *, due_day: int = REPORT_DUE_DAY) -> datetime.date:
    """The report for a month is due on `due_day` of the following month."""
    return datetime.date(year + month // 12, month % 12 + 1, due_day)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last instant of a day in Bangkok, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=BANGKOK)


def report_due_at(year: int, month: int, *, due_day: int = REPORT_DUE_DAY) -> datetime.datetime:
    return end_of_day(report_due_date(year, month, due_day=due_day))


def is_on_time(submitted_at: datetime.datetime, due_date: datetime.date) -> bool:
    """On time when submitted on or before the due date, as the calendar reads in Bangkok."""
    return submitted_at.astimezone(BANGKOK).date() <= due_date


def bangkok_today(now: datetime.datetime | None = None) -> datetime.date:
    from django.utils import timezone

    return (now or timezone.now()).astimezone(BANGKOK).date()


# How the API documents a fiscal year (the schema says it next to every fiscal-year field).
FISCAL_YEAR_HELP = (
    "Fiscal year in the Buddhist era (B.E., พ.ศ. = A.D. + 543), named by the year it ends in: "
    "2570 runs from 1 October 2026 to 30 September 2027."
)
# A year typed in A.D. (2026) is refused rather than read as B.E. 2026.
FISCAL_YEAR_MIN, FISCAL_YEAR_MAX = 2500, 2700


# The reporting calendar: a month is reported after it ends. ---------------------------------


def sending_opens_on(year: int, month: int) -> datetime.date:
    """The first day a month's report may be sent: the first day of the following month."""
    return datetime.date(year + month // 12, month % 12 + 1, 1)


def month_has_ended(year: int, month: int, *, today: datetime.date) -> bool:
    """Whether a month is over on `today` (a Bangkok date). The one rule every figure counts by:
    a month that has not ended is "in progress" and counts in no completeness, timeliness or
    evaluation figure, and its report cannot be sent yet."""
    return today >= sending_opens_on(year, month)


def months_ended(fy_be: int, *, today: datetime.date) -> int:
    """How many months of fiscal year `fy_be` have ended on `today`: 0 … 12. The months of a
    fiscal year run in order, so the ended ones are the first n (indexes 1 … n)."""
    return sum(1 for year, month in fiscal_months(fy_be) if month_has_ended(year, month, today=today))
