import datetime

import pytest

from labourplan.lib.fiscal import (
    BANGKOK,
    fiscal_months,
    fiscal_year_bounds,
    fiscal_year_of,
    is_on_time,
    month_index,
    report_due_at,
    report_due_date,
)
from labourplan.lib.thaidate import format_date, parse_date

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (datetime.date(2018, 10, 1), 2562),
        (datetime.date(2019, 9, 30), 2562),
        (datetime.date(2019, 10, 1), 2563),
        (datetime.date(2026, 11, 24), 2570),
        (datetime.date(2026, 9, 30), 2569),
    ],
)
def test_fiscal_year_of_a_date_is_be_and_starts_in_october(day, fy):
    assert fiscal_year_of(day) == fy


def test_fy_2562_runs_from_1_oct_2018_to_30_sep_2019():
    assert fiscal_year_bounds(2562) == (datetime.date(2018, 10, 1), datetime.date(2019, 9, 30))


def test_months_are_in_plan_order_october_to_september():
    months = fiscal_months(2570)
    assert months[0] == (2026, 10)
    assert months[2] == (2026, 12)
    assert months[3] == (2027, 1)
    assert months[-1] == (2027, 9)
    assert month_index(2570, 2027, 1) == 4
    with pytest.raises(ValueError):
        month_index(2570, 2027, 10)


def test_report_for_a_month_is_due_on_the_5th_of_the_next_month():
    assert report_due_date(2026, 10) == datetime.date(2026, 11, 5)
    assert report_due_date(2026, 12) == datetime.date(2027, 1, 5)  # December rolls into the next year
    assert report_due_date(2019, 9) == datetime.date(2019, 10, 5)


def test_deadline_is_the_end_of_the_5th_in_bangkok():
    due = report_due_at(2026, 10)
    assert due.tzinfo == BANGKOK
    assert (due.year, due.month, due.day, due.hour, due.minute, due.second) == (2026, 11, 5, 23, 59, 59)
    # 23:59:59 in Bangkok is 16:59:59 UTC the same day.
    assert due.astimezone(UTC).hour == 16


def test_on_time_edges_are_read_on_the_bangkok_calendar():
    due = report_due_date(2026, 10)  # 5 Nov 2026
    just_in_time = datetime.datetime(2026, 11, 5, 23, 59, 30, tzinfo=BANGKOK)
    half_past_midnight = datetime.datetime(2026, 11, 6, 0, 30, tzinfo=BANGKOK)
    assert is_on_time(just_in_time, due)
    # 00:30 on the 6th in Bangkok is still the 5th in UTC (17:30), yet it is late.
    assert half_past_midnight.astimezone(UTC).day == 5
    assert not is_on_time(half_past_midnight, due)
    assert is_on_time(datetime.datetime(2026, 11, 5, 16, 59, 59, tzinfo=UTC), due)
    assert not is_on_time(datetime.datetime(2026, 11, 5, 17, 0, 0, tzinfo=UTC), due)


def test_dates_print_in_be_with_thai_month_names():
    assert format_date(datetime.date(2026, 11, 24)) == "24 พ.ย. 2569"
    assert format_date(datetime.date(2019, 3, 31), abbr=False) == "31 มีนาคม 2562"
    assert format_date(datetime.date(2026, 11, 24), lang="en") == "24 Nov 2569"


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("24/11/2569", datetime.date(2026, 11, 24)),
        ("๒๔/๑๑/๒๕๖๙", datetime.date(2026, 11, 24)),
        ("1.10.2561", datetime.date(2018, 10, 1)),
        ("2026-11-24", datetime.date(2026, 11, 24)),
    ],
)
def test_dates_typed_in_be_or_iso(typed, day):
    assert parse_date(typed) == day


@pytest.mark.parametrize("typed", ["31/02/2569", "วันนี้", "24-11"])
def test_impossible_dates_are_refused(typed):
    with pytest.raises(ValueError):
        parse_date(typed)
