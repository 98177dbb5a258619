"""The centre's round view as a workbook: one row per province, with the explanation."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from labourplan.evaluation.explain import finding, gap_text
from labourplan.lib.spreadsheet import put_value as _text  # user text stays text, never a formula
from labourplan.lib.thaidate import format_date

HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")


def round_workbook(view, *, region=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Levels by province")[:31]
    title = _("KPI evaluation, fiscal year B.E. %(year)s, %(round)s") % {
        "year": view.scheme.fiscal_year.year_be,
        "round": view.round,
    }
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    status = _("frozen on %(date)s") if view.frozen else _("provisional, as of %(date)s")
    sheet["A2"] = (region.name_th + " · " if region else "") + status % {"date": format_date(view.as_of)}
    headings = [
        _("Region"),
        _("Province"),
        _("Level"),
        _("Computed level"),
        _("Activities put into practice (%)"),
        _("Budget disbursed (%)"),
        _("Status"),
        _("Monthly reports"),
        _("Missing for the next level"),
        _("Reason for the override"),
    ]
    if view.scheme.show_score:
        headings.append(_("score"))
    for col, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=4, column=col, value=heading)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row = 5
    for result in view.results:
        evaluation = result.evaluation
        reports = next((c for c in evaluation.conditions if c.kind == "monthly_reports"), None)
        if result.overridden:
            state = _("Overridden by the centre")
        elif result.frozen:
            state = _("Frozen")
        else:
            state = _("Provisional") if evaluation.provisional else _("Final, not yet frozen")
        values = [
            result.province.region.name_th,
            result.province.name_th,
            result.level,
            evaluation.level,
            float(evaluation.activities_percent) if evaluation.activities_percent is not None else None,
            float(evaluation.disbursed_percent) if evaluation.disbursed_percent is not None else None,
            state,
            finding(reports) if reports else "",
            "\n".join(gap_text(g, evaluation.by_date, as_of=evaluation.as_of) for g in evaluation.gap),
            result.frozen.override_reason if result.overridden else "",
        ]
        if view.scheme.show_score:
            values.append(float(evaluation.score))
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col)
            _text(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col in (5, 6):
                cell.number_format = "#,##0.00"
        row += 1
    for col, width in enumerate([14, 18, 8, 10, 14, 14, 18, 40, 70, 30], start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "C5"

    summary = workbook.create_sheet(_("Distribution")[:31])
    summary["A1"] = title
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([])
    summary.append([_("Level"), _("Provinces")])
    for cell in summary[3]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for level, count in view.distribution:
        summary.append([level, count])
    summary.append([_("Total"), len(view.results)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
