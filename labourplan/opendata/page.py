"""What the public page shows of one fiscal year: the dashboard's charts and map, cut to the
months that have ended, with tables beside them, and nothing a province's officers wrote."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from labourplan.dashboard.tiles import tile_map
from labourplan.dashboard.views import disbursement_chart, month_labels, national_activity_chart
from labourplan.opendata.datasets import area_month_rows
from labourplan.opendata.figures import YearFigures, regions
from labourplan.plans.models import PlanStatus
from labourplan.reference.models import Province
from labourplan.reports.monitoring import CellStatus


@dataclass
class PublicLine:
    """A province as the public sees it: no link, a level only from a public frozen round."""

    province: Province
    status: str
    status_label: str
    submitted: int
    expected: int
    on_time: int
    disbursed_percent: float | None
    level: int | None
    evaluation_url: str = ""


def public_lines(figures: YearFigures) -> list[PublicLine]:
    levels = {r.province.pk: r.level for r in figures.levels.results} if figures.levels else {}
    lines = []
    for line in figures.picture.lines:
        cells = [cell.status for cell in line.reporting.cells[: figures.months_ended]]
        disbursed = sum(line.budget.disbursed[: figures.months_ended])
        allocated = line.budget.allocated
        lines.append(
            PublicLine(
                province=line.province,
                status=line.status,
                status_label=PlanStatus(line.status).label,
                submitted=cells.count(CellStatus.ON_TIME) + cells.count(CellStatus.LATE),
                expected=len([c for c in cells if c not in (CellStatus.NOT_DUE, CellStatus.IN_PROGRESS)]),
                on_time=cells.count(CellStatus.ON_TIME),
                disbursed_percent=float(100 * disbursed / allocated) if allocated else None,
                level=levels.get(line.province.pk),
            )
        )
    return lines


def page_context(figures: YearFigures) -> dict:
    picture = figures.picture
    every_region = regions()
    area_rows = list(area_month_rows(figures, every_region))
    names = {region.code: region.name_th for region in every_region} | {"TH": _("whole country")}
    by_area: dict[str, list[dict]] = {}
    for row in area_rows:
        by_area.setdefault(row["area_code"], []).append(row)
    labels = month_labels(figures.fiscal_year)[: figures.months_ended]
    areas = [
        (code, names[code], [dict(row, label=labels[row["month_index"] - 1]) for row in rows])
        for code, rows in by_area.items()
    ]
    lines = public_lines(figures)
    activity = picture.main_activity
    latest = area_rows[figures.months_ended - 1] if figures.months_ended else None
    disbursed = sum(picture.budget.disbursed[: figures.months_ended])
    return {
        "figures": figures,
        "picture": picture,
        "regions": every_region,
        "areas": areas,
        "lines": lines,
        "latest": latest,
        "latest_label": labels[-1] if labels else "",
        "disbursed": disbursed,
        "disbursed_percent": float(100 * disbursed / picture.budget.allocated) if picture.budget.allocated else None,
        "plans_approved": sum(1 for line in lines if line.status in (PlanStatus.APPROVED, PlanStatus.AMENDED)),
        "activities": [
            (a, sum(a.national.targets[: figures.months_ended]), sum(a.national.results[: figures.months_ended]))
            for a in picture.activities
        ],
        "activity_chart": activity and national_activity_chart(picture, activity),
        "disbursement_chart": disbursement_chart(
            picture, picture.budget, id="chart-disbursement", where=_("whole country")
        ),
        "tiles": tile_map(lines) if figures.levels else [],
        "public_map": True,
    }
