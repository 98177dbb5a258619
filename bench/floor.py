"""The floor of the national dashboard: its headline figures computed by one hand-written SQL query.

Issue 9 asks that the dashboard take no more than three times what the database needs to compute
the same figures at once (the "floor" ratio). The query below computes, for a fiscal year seen at
an as-of moment, what `labourplan.dashboard.national.compute_national_picture` shows at the top of
the dashboard:

- plans approved: the regional provinces whose plan's current version is approved, or amended
  (a version after the first), as `_plan_status` and `NationalPicture.plans_approved` count them;
- the latest due month's reports on time, late, missing, and from provinces that had not sent a
  plan to the governor (`NationalPicture.latest_month_tally`, from `reports.monitoring.completeness`);
- money allocated to the regional provinces' plans, and disbursed in their reports submitted by
  the as-of moment (`budgets`, summed as `NationalPicture.budget`);
- for each template activity carried by a plan in force (the latest approved version, or before
  any approval the version sent to the governor, as `PlanVersion.objects.in_force`): the
  annual target and the results of the submitted reports summed over the regional provinces, an
  activity with sub-items counting their results (`activity_figures`).

Left out: the distribution of evaluation levels and the provinces' percents, which need the KPI
engine (Python, not SQL), and the months and regions of the activity charts. The calendar (which
month is the latest due, and when its due date ends in Bangkok) is arithmetic on the fiscal year,
done in Python without a query. The query runs on PostgreSQL and SQLite alike.

`tests/test_bench.py` checks that its figures equal the dashboard's on the same data: that is what
makes the floor honest.
"""

from __future__ import annotations

import datetime
import statistics
import time
from dataclasses import dataclass, field
from decimal import Decimal

FLOOR_PAGE = "dashboard figures in one SQL query (floor)"
FLOOR_TARGET = 3.0  # the national dashboard's median over the floor's, at default scale
CENTS = Decimal("0.01")

# Parameters: fiscal_year (id), as_of (moment), today (Bangkok date of as_of), month (index of the
# latest due month, 0 when none), due_end (the first instant after that month's due date, Bangkok).
SQL = """
WITH regional_plans AS (
    SELECT p.id, p.province_id, p.current_version_id
    FROM plans_plan p
    JOIN reference_province pr ON pr.id = p.province_id
    WHERE p.fiscal_year_id = %(fiscal_year)s AND pr.in_regional_administration
),
first_sending AS (
    SELECT p.province_id, MIN(v.submitted_on) AS sent_on
    FROM regional_plans p
    JOIN plans_planversion v ON v.plan_id = p.id
    WHERE v.state IN ('submitted', 'approved')
    GROUP BY p.province_id
),
month_reports AS (
    SELECT p.province_id, r.first_submitted_at
    FROM regional_plans p
    JOIN reports_monthlyreport r ON r.plan_id = p.id
    WHERE r.month_index = %(month)s AND r.first_submitted_at <= %(as_of)s
),
cells AS (
    SELECT CASE
        WHEN r.first_submitted_at < %(due_end)s THEN 'on_time'
        WHEN r.first_submitted_at IS NOT NULL THEN 'late'
        WHEN a.sent_on <= %(today)s THEN 'missing'
        ELSE 'no_plan'
    END AS status
    FROM reference_province pr
    LEFT JOIN first_sending a ON a.province_id = pr.id
    LEFT JOIN month_reports r ON r.province_id = pr.id
    WHERE pr.in_regional_administration
),
in_force AS (
    SELECT v.id AS version_id, v.plan_id
    FROM plans_planversion v
    JOIN regional_plans p ON p.id = v.plan_id
    WHERE (v.state = 'approved' AND NOT EXISTS (
        SELECT 1 FROM plans_planversion later
        WHERE later.plan_id = v.plan_id AND later.state = 'approved' AND later.number > v.number
    )) OR (v.state = 'submitted' AND NOT EXISTS (
        SELECT 1 FROM plans_planversion other WHERE other.plan_id = v.plan_id AND other.state = 'approved'
    ))
),
activities AS (
    SELECT i.id, i.key, i.template_item_id, f.plan_id,
        i.target_1 + i.target_2 + i.target_3 + i.target_4 + i.target_5 + i.target_6
        + i.target_7 + i.target_8 + i.target_9 + i.target_10 + i.target_11 + i.target_12 AS target
    FROM plans_planitem i
    JOIN plans_plantopic t ON t.id = i.topic_id
    JOIN in_force f ON f.version_id = t.version_id
    JOIN reference_templateitem ti ON ti.id = i.template_item_id
    JOIN reference_templatetopic tt ON tt.id = ti.topic_id
    WHERE i.parent_id IS NULL AND ti.parent_id IS NULL AND tt.fiscal_year_id = %(fiscal_year)s
),
leaves AS (
    SELECT a.id AS activity_id, a.plan_id, s.key
    FROM activities a
    JOIN plans_planitem s ON s.parent_id = a.id
    UNION ALL
    SELECT a.id, a.plan_id, a.key
    FROM activities a
    WHERE NOT EXISTS (SELECT 1 FROM plans_planitem s WHERE s.parent_id = a.id)
),
row_results AS (
    SELECT r.plan_id, rr.item_key, SUM(rr.result) AS result
    FROM regional_plans p
    CROSS JOIN reports_monthlyreport r  -- the year's plans first (SQLite keeps a CROSS JOIN's order)
    JOIN reports_reportresult rr ON rr.report_id = r.id
    WHERE r.plan_id = p.id AND r.first_submitted_at <= %(as_of)s
    GROUP BY r.plan_id, rr.item_key
),
activity_results AS (
    SELECT l.activity_id, SUM(rr.result) AS result
    FROM leaves l
    JOIN row_results rr ON rr.plan_id = l.plan_id AND rr.item_key = l.key
    GROUP BY l.activity_id
)
SELECT 'plans_approved' AS figure, CAST(NULL AS BIGINT) AS item, COUNT(*) AS amount, CAST(NULL AS BIGINT) AS result
FROM regional_plans p
JOIN plans_planversion v ON v.id = p.current_version_id
WHERE v.number > 1 OR v.state = 'approved'
UNION ALL
SELECT status, NULL, COUNT(*), NULL FROM cells GROUP BY status
UNION ALL
SELECT 'allocated', NULL, SUM(a.amount), NULL
FROM plans_allocation a
JOIN regional_plans p ON p.id = a.plan_id
UNION ALL
SELECT 'disbursed', NULL, SUM(r.disbursed), NULL
FROM reports_monthlyreport r
JOIN regional_plans p ON p.id = r.plan_id
WHERE r.first_submitted_at <= %(as_of)s
UNION ALL
SELECT 'activity', a.template_item_id, SUM(a.target), SUM(COALESCE(ar.result, 0))
FROM activities a
LEFT JOIN activity_results ar ON ar.activity_id = a.id
GROUP BY a.template_item_id
"""


@dataclass(frozen=True)
class Figures:
    plans_approved: int
    latest_month: int | None  # index of the latest due month (1 = October), None before the first is due
    latest_month_tally: tuple[int, int, int, int] | None  # on time, late, missing, plan not sent
    allocated: Decimal
    disbursed: Decimal
    # template activity id → (annual target, results so far), for the activities some plan in force carries
    activities: dict[int, tuple[int, int]] = field(default_factory=dict)


def _money(value) -> Decimal:
    """A sum of money as the ORM gives it: SQLite sums decimals as floats, PostgreSQL as numerics."""
    return Decimal(str(value or 0)).quantize(CENTS)


def floor_figures(*, fiscal_year, as_of: datetime.datetime) -> Figures:
    """The headline figures of `fiscal_year` as of `as_of`, in one query."""
    from django.db import connection

    from labourplan.lib import fiscal
    from labourplan.reports.monitoring import fiscal_year_months

    today = fiscal.bangkok_today(as_of)
    due = [month for month in fiscal_year_months(fiscal_year) if month.due_date < today]
    latest = due[-1] if due else None
    due_end = datetime.datetime.combine(
        (latest.due_date if latest else today) + datetime.timedelta(days=1), datetime.time(), tzinfo=fiscal.BANGKOK
    )
    params = {
        "fiscal_year": fiscal_year.pk,
        "as_of": connection.ops.adapt_datetimefield_value(as_of),
        "today": connection.ops.adapt_datefield_value(today),
        "month": latest.index if latest else 0,
        "due_end": connection.ops.adapt_datetimefield_value(due_end),
    }
    with connection.cursor() as cursor:
        cursor.execute(SQL, params)
        rows = cursor.fetchall()
    figures = {figure: amount for figure, _item, amount, _result in rows if figure != "activity"}
    tally = tuple(int(figures.get(status) or 0) for status in ("on_time", "late", "missing", "no_plan"))
    return Figures(
        plans_approved=int(figures.get("plans_approved") or 0),
        latest_month=latest.index if latest else None,
        latest_month_tally=tally if latest else None,
        allocated=_money(figures.get("allocated")),
        disbursed=_money(figures.get("disbursed")),
        activities={
            int(item): (int(target), int(result)) for figure, item, target, result in rows if figure == "activity"
        },
    )


def picture_figures(picture) -> Figures:
    """The same figures read from the dashboard's `NationalPicture`."""
    month, tally = picture.latest_due_month, picture.latest_month_tally
    return Figures(
        plans_approved=picture.plans_approved,
        latest_month=month.index if month else None,
        latest_month_tally=(tally.on_time, tally.late, tally.missing, tally.no_plan) if tally else None,
        allocated=_money(picture.budget.allocated),
        disbursed=_money(picture.budget.total_disbursed),
        activities={
            a.template_item_id: (a.national.annual_target, a.national.total_result)
            for a in picture.activities
            if a.national.provinces
        },
    )


def measure_floor(*, repeat: int):
    """The query on the current fiscal year, timed like a page (one warm-up, then `repeat` runs):
    a `bench.measure.Measurement`. No HTTP here: the status 200 says that the query answered, the
    bytes are those of its figures' text."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.generate import CURRENT_FISCAL_YEAR
    from bench.measure import Measurement, _percentile
    from labourplan.reference.models import FiscalYear

    fiscal_year = FiscalYear.objects.get(year_be=CURRENT_FISCAL_YEAR)
    figures = floor_figures(fiscal_year=fiscal_year, as_of=timezone.now())
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            figures = floor_figures(fiscal_year=fiscal_year, as_of=timezone.now())
            timings.append((time.perf_counter() - start) * 1000)
    return Measurement(
        page=FLOOR_PAGE,
        url="(SQL)",
        status=200,
        median_ms=round(statistics.median(timings), 1),
        p95_ms=round(_percentile(timings, 0.95), 1),
        queries=len(queries),
        bytes=len(repr(figures).encode()),
    )


# The dashboard as analysts see it: from the cache while nothing changes, and rebuilt after a change.
FLOOR_PAGES = ("national dashboard", "national dashboard, first view after a change")


def floor_ratio(measurements: list[dict]) -> dict | None:
    """The national dashboard's medians (cached, and after a change) over the floor's, from one
    data set's measurements."""
    by_page = {m["page"]: m for m in measurements}
    floor = by_page.get(FLOOR_PAGE)
    if not floor or not floor["median_ms"]:
        return None
    pages = {}
    for page in FLOOR_PAGES:
        if page in by_page:
            ratio = round(by_page[page]["median_ms"] / floor["median_ms"], 2)
            pages[page] = {"ms": by_page[page]["median_ms"], "ratio": ratio, "met": ratio <= FLOOR_TARGET}
    return {"floor_ms": floor["median_ms"], "target": FLOOR_TARGET, "pages": pages}


def floor_line(floor: dict | None) -> str:
    if floor is None:
        return "- floor: not measured"
    return "\n".join(
        f"- floor (full): {page} {m['ms']} ms ÷ its figures in one SQL query {floor['floor_ms']} ms = "
        f"{m['ratio']}, target ≤ {floor['target']}: {'met' if m['met'] else 'NOT MET'}"
        for page, m in floor["pages"].items()
    )
