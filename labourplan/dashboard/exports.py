"""The national figures as files: a workbook for reading, CSV for analysts, a PDF for printing.

Headings are Thai and dates B.E., as every form of the Ministry. Text that people typed goes
through the one formula-injection guard (`labourplan.lib.spreadsheet`). Each export reads the
data in a fixed number of queries: the national picture, plus the plan rows of every province.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from weasyprint.urls import path2url

from labourplan.dashboard.national import MONTHS, NationalPicture, plan_rows
from labourplan.lib.fiscal import bangkok_today
from labourplan.lib.spreadsheet import csv_value, put_value
from labourplan.lib.spreadsheet.styles import FONT_NAME
from labourplan.lib.thaidate import format_date, month_name
from labourplan.plans.pdf import FONT_FILES, html_to_pdf

_FONT = Font(name=FONT_NAME, size=14)
_BOLD = Font(name=FONT_NAME, size=14, bold=True)
_TITLE = Font(name=FONT_NAME, size=16, bold=True)
_HEADING_FILL = PatternFill("solid", fgColor="D9E2F3")
_WRAP = Alignment(wrap_text=True, vertical="top")
_NUMBER = "#,##0"
_MONEY = "#,##0.00"
_PERCENT = "0.00"


SUMMARY_HEADINGS = [
    ("รหัสจังหวัด", 10),
    ("จังหวัด", 20),
    ("ภาค", 22),
    ("สถานะแผนปฏิบัติการ", 22),
    ("รายงานที่ส่ง", 12),
    ("รายงานที่ต้องส่ง", 14),
    ("ส่งตรงเวลา", 11),
    ("ส่งล่าช้า", 10),
    ("ขาดส่ง", 10),
    ("ร้อยละกิจกรรมที่ดำเนินการ", 16),
    ("ร้อยละการเบิกจ่าย", 14),
    ("ระดับความสำเร็จ", 14),
    ("งบประมาณที่ได้รับ (บาท)", 18),
    ("เบิกจ่ายสะสม (บาท)", 18),
]


def _month_labels(picture: NationalPicture) -> list[str]:
    return [f"{month_name(m.start.month, abbr=True)} {m.year_be}" for m in picture.months]


def _title(picture: NationalPicture) -> str:
    return f"ผลการดำเนินงานตามแผนปฏิบัติการป้องกันการค้ามนุษย์ด้านแรงงาน ประจำปีงบประมาณ พ.ศ. {picture.fiscal_year.year_be}"


def _as_of(picture: NationalPicture) -> str:
    return f"ข้อมูล ณ วันที่ {format_date(bangkok_today(picture.as_of), abbr=False)}"


def _summary_values(line) -> list:
    tally = line.reporting.tally
    return [
        line.province.code,
        line.province.name_th,
        line.province.region.name_th,
        str(line.status_label),
        tally.submitted,
        tally.expected,
        tally.on_time,
        tally.late,
        tally.missing + tally.no_plan,
        float(line.activities_percent) if line.activities_percent is not None else None,
        float(line.disbursed_percent) if line.disbursed_percent is not None else None,
        line.level,
        float(line.budget.allocated),
        float(line.budget.total_disbursed),
    ]


def _cell(sheet, value, *, font=None, fill=None, alignment=None, number_format=None) -> WriteOnlyCell:
    """A cell of a write-only sheet: user text always through the formula guard."""
    cell = put_value(WriteOnlyCell(sheet), value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _sheet_title(name: str, taken: set[str]) -> str:
    title = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "จังหวัด"
    while title in taken:
        title = title[:28] + f"_{len(taken)}"
    taken.add(title)
    return title


def national_workbook(picture: NationalPicture, *, progress=None) -> bytes:
    """A summary sheet of every province, then one sheet per province with its plan and results.

    Written in openpyxl's write-only mode, row by row: the province sheets hold some 240,000
    cells at national scale, and building them as a random-access workbook cost seconds (bench/).
    Text cells carry the Thai font; counts and percents are plain numbers. `progress(done, total)`,
    if given, hears of each province's sheet (a background job shows it).
    """
    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.title = _title(picture)
    workbook.properties.creator = "labourplan"
    summary = workbook.create_sheet("สรุปทั้งประเทศ")
    summary.freeze_panes = "C5"
    widths = SUMMARY_HEADINGS
    for col, (_text, width) in enumerate(widths, start=1):
        summary.column_dimensions[get_column_letter(col)].width = width
    summary.append([_cell(summary, _title(picture), font=_TITLE)])
    summary.append([_cell(summary, _as_of(picture), font=_FONT)])
    evaluation = picture.evaluation
    if evaluation is not None:
        text = f"ระดับความสำเร็จ: {evaluation.round} ณ วันที่ {format_date(evaluation.as_of)}"
        summary.append([_cell(summary, text, font=_FONT)])
    else:
        summary.append([])
    wrap = Alignment(wrap_text=True, vertical="center")
    summary.append([_cell(summary, text, font=_BOLD, fill=_HEADING_FILL, alignment=wrap) for text, _w in widths])
    for line in picture.lines:
        summary.append(
            [
                _cell(summary, value, font=_FONT,
                      number_format=_MONEY if col >= 13 else _PERCENT if col in (10, 11) else _NUMBER)
                for col, value in enumerate(_summary_values(line), start=1)
            ]
        )  # fmt: skip

    months = _month_labels(picture)
    headings = (
        [("ที่", 7), ("ประเด็นกิจกรรม", 30), ("โครงการ/กิจกรรม", 40), ("หน่วยนับ", 10)]
        + [(f"เป้าหมาย {m}", 9) for m in months]
        + [("เป้าหมายรวม", 11)]
        + [(f"ผล {m}", 9) for m in months]
        + [("ผลรวม", 10), ("ร้อยละของเป้าหมายทั้งปี", 12)]
    )
    rows_by_province = plan_rows(fiscal_year=picture.fiscal_year, as_of=picture.as_of)
    taken = {summary.title}
    for done, line in enumerate(picture.lines):
        if progress is not None:
            progress(done, len(picture.lines))
        sheet = workbook.create_sheet(_sheet_title(line.province.name_th, taken))
        sheet.freeze_panes = "E4"
        for col, (_text, width) in enumerate(headings, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = width
        sheet.append([_cell(sheet, f"จังหวัด{line.province.name_th} · {_title(picture)}", font=_TITLE)])
        sheet.append([_cell(sheet, f"สถานะแผน: {line.status_label} · {_as_of(picture)}", font=_FONT)])
        sheet.append([_cell(sheet, text, font=_BOLD, fill=_HEADING_FILL, alignment=wrap) for text, _w in headings])
        rows = rows_by_province.get(line.province.pk, [])
        if not rows:
            sheet.append([_cell(sheet, "ยังไม่มีแผนปฏิบัติการที่ผู้ว่าราชการจังหวัดอนุมัติ", font=_FONT)])
        for plan_row in rows:
            totals = plan_row.totals
            texts = [plan_row.number, plan_row.topic_title, plan_row.label, plan_row.unit]
            title_font = _FONT if plan_row.is_sub_item else _BOLD
            cells = [
                _cell(sheet, text, font=title_font if col == 3 else _FONT, alignment=_WRAP)
                for col, text in enumerate(texts, start=1)
            ]
            numbers = [*totals.targets, totals.annual_target, *totals.results, totals.total_result]
            percent = round(totals.percent, 2) if totals.percent is not None else None
            sheet.append([*cells, *numbers, percent])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CSV_HEADINGS = [
    "ปีงบประมาณ",
    "รหัสจังหวัด",
    "จังหวัด",
    "ภาค",
    "สถานะแผน",
    "ประเด็นที่",
    "กิจกรรมที่",
    "ประเด็นกิจกรรม",
    "โครงการ/กิจกรรม",
    "รายการย่อย",
    "หน่วยนับ",
    "ลำดับเดือน",
    "เดือน",
    "เป้าหมาย",
    "ผล",
]


def national_csv(picture: NationalPicture) -> bytes:
    """One line per province, plan row and month (long format, for pivoting). UTF-8 with a BOM,
    so that Excel opens the Thai correctly.

    The printed number "3.10" is written as two whole numbers, topic 3 and activity 10: CSV has no
    types, and a spreadsheet reads "3.10" as the decimal 3.1 (and sorts 3.10 before 3.2). Whole
    numbers survive any spreadsheet and sort in the form's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADINGS)
    months = _month_labels(picture)
    rows_by_province = plan_rows(fiscal_year=picture.fiscal_year, as_of=picture.as_of)
    for line in picture.lines:
        for row in rows_by_province.get(line.province.pk, []):
            for index in range(MONTHS):
                writer.writerow(
                    [
                        picture.fiscal_year.year_be,
                        line.province.code,
                        line.province.name_th,
                        line.province.region.name_th,
                        str(line.status_label),
                        row.topic_number,
                        row.activity_number,
                        csv_value(row.topic_title),
                        csv_value(row.title),
                        "ใช่" if row.is_sub_item else "",
                        csv_value(row.unit),
                        index + 1,
                        months[index],
                        row.totals.targets[index],
                        row.totals.results[index],
                    ]
                )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def national_pdf(picture: NationalPicture, *, charts) -> bytes:
    """The dashboard on A4 landscape pages: headline figures, provinces, charts, the heatmap."""
    html = render_to_string(
        "dashboard/national_pdf.html",
        {
            "picture": picture,
            "charts": [chart for chart in charts if chart is not None],
            "title": _title(picture),
            "as_of": _as_of(picture),
            "font_files": {weight: path2url(str(path)) for weight, path in FONT_FILES.items()},
        },
    )
    return html_to_pdf(html, stylesheets=[Path(finders.find("css/print-dashboard.css"))])
