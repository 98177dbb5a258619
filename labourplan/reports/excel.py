"""Form 2 (the monthly report) as an Excel workbook: the month's table out, the results typed in it back in.

The export is the approved plan's table seen through one month (`load_report_table`): the cells an
officer types in are yellow, the rest look locked, and a hidden column carries each row's stable
key. The import reads such a workbook, or one made by hand, into results, remarks, the month's
disbursement and narratives, matching rows by key and else by name. It writes nothing: the views
apply it through the report services. The file itself is judged by Form 1's checks (size, macros,
encryption, zip bombs) before openpyxl opens it.
"""

import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import openpyxl
from django.db.models import Sum
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from labourplan.lib.digits import parse_decimal, to_arabic_digits, to_thai_digits
from labourplan.lib.spreadsheet import put_text as _put_text
from labourplan.lib.spreadsheet.files import (
    HEADER_SEARCH_ROWS,
    MAX_ROWS,
    WorkbookRefused,
    check_package,
    open_workbook,
    read_upload,
)
from labourplan.lib.spreadsheet.reading import (
    Problem,
    Sheet,
    Uncomputed,
    as_number,
    cell_text,
    display,
    formula_notice,
    heading_key,
    is_blank,
    loose_key,
    month_of,
)
from labourplan.lib.spreadsheet.styles import (
    BOLD,
    BORDER,
    CENTRE,
    FONT,
    FONT_NAME,
    HEADER_FILL,
    NUMBER,
    NUMBER_FORMAT,
    STRATEGY_FILL,
    TEXT,
    TITLE_FONT,
    style_range,
)
from labourplan.lib.thaidate import month_name
from labourplan.plans.excel import MORE_ROWS_MARK, NUMBERING_RE, STRATEGY_HEADING, STRATEGY_RE, SUB_ITEM_MARKS
from labourplan.plans.models import PlanItem
from labourplan.plans.services import MAX_TARGET, month_label
from labourplan.reports.models import MonthlyReport
from labourplan.reports.services import HIGH_RESULT_FACTOR, disbursed_elsewhere
from labourplan.reports.table import ReportRow, load_report_table

SHEET_TITLE = "แบบฟอร์ม 2"
FORM_TITLE = "แบบรายงานตามแผนปฏิบัติการป้องกันการใช้แรงงานบังคับและการค้ามนุษย์ด้านแรงงานจังหวัด{province} ประจำเดือน {month} {year}"
LEGEND = (
    "กรอกผลและหมายเหตุในช่องสีเหลือง (กิจกรรมที่ไม่มีรายการย่อย และรายการย่อย) · ช่องสีเทาเป็นผลรวมของรายการย่อย · "
    "ใช้เลขไทยหรือเลขอารบิกก็ได้ ช่องว่างหรือ “-” คือศูนย์ · อย่าลบคอลัมน์รหัสแถวที่ซ่อนไว้"
)
HEADINGS = {
    "number": "ที่",
    "activity": "โครงการ/กิจกรรม",
    "unit": "หน่วยนับ",
    "month_target": "เป้าหมายเดือนนี้",
    "result": "ผลเดือนนี้",
    "cumulative_target": "เป้าหมายสะสม",
    "cumulative_result": "ผลสะสม",
    "percent": "ร้อยละของเป้าหมายทั้งปี",
    "remark": "หมายเหตุ",
    "key": "รหัสแถว",
}
MONTH_GROUP = "เดือน {month}"
CUMULATIVE_GROUP = "สะสม {first} – {month}"
DISBURSED_LABEL = "เบิกจ่ายเดือนนี้ (บาท)"
DISBURSED_ELSEWHERE_LABEL = "เบิกจ่ายในเดือนอื่นของปีงบประมาณ (บาท)"
ALLOCATED_LABEL = "งบประมาณที่ได้รับจัดสรรทั้งปี (บาท)"
KEY_RESULTS_LABEL = "ผลการดำเนินงานที่สำคัญ"
PROBLEMS_LABEL = "ปัญหา/อุปสรรค"

# The columns of the exported form. The import finds columns by their headings instead.
COL_NUMBER, COL_ACTIVITY, COL_UNIT, COL_MONTH_TARGET, COL_RESULT = 1, 2, 3, 4, 5
COL_CUMULATIVE_TARGET, COL_CUMULATIVE_RESULT, COL_PERCENT, COL_REMARK, COL_KEY = 6, 7, 8, 9, 10
LAST_COL = COL_REMARK  # the printed form; the key column after it is hidden
TITLE_ROW, LEGEND_ROW, HEADER_FIRST_ROW, HEADER_LAST_ROW = 1, 2, 3, 4
COLUMN_WIDTHS = {
    COL_NUMBER: 5,
    COL_ACTIVITY: 52,
    COL_UNIT: 9,
    COL_MONTH_TARGET: 11,
    COL_RESULT: 11,
    COL_CUMULATIVE_TARGET: 11,
    COL_CUMULATIVE_RESULT: 11,
    COL_PERCENT: 12,
    COL_REMARK: 32,
    COL_KEY: 38,
}
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: type here
LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")  # grey: computed, not typed
_LOCKED_FONT = Font(name=FONT_NAME, size=14, italic=True, color="595959")
_LEGEND_FONT = Font(name=FONT_NAME, size=12, italic=True, color="595959")
_MONEY_FORMAT = '#,##0.00;[Red]-#,##0.00;"-"'
_PERCENT_FORMAT = '0.00;[Red]-0.00;"-"'
_UNLOCKED = Protection(locked=False)  # so that protecting the sheet in Excel leaves these open


def report_title(report: MonthlyReport, *, thai_digits: bool = False) -> str:
    year, month = report.calendar_month
    year_be = to_thai_digits(year + 543) if thai_digits else str(year + 543)
    return FORM_TITLE.format(province=report.plan.province.name_th, month=month_name(month), year=year_be)


def allocated_amount(report: MonthlyReport) -> Decimal:
    return report.plan.allocations.aggregate(s=Sum("amount"))["s"] or Decimal("0")


# Export -----------------------------------------------------------------------------------------


def export_workbook(report: MonthlyReport, *, thai_digits: bool = False) -> bytes:
    """A month's report as the Form 2 sheet (.xlsx bytes); numbers in Thai digits on request.

    Select the report's plan with its province and fiscal year: the rest is a fixed number of queries.
    """
    strategies = load_report_table(report)
    writer = _Writer(report, thai_digits=thai_digits)
    writer.title_and_header()
    row = HEADER_LAST_ROW + 1
    for block in strategies:
        row = writer.strategy(row, block.strategy)
        for topic in block.topics:
            row = writer.topic(row, topic.number, topic.title)
            for activity in topic.rows:
                row = writer.activity(row, activity)
    last_table_row = row - 1
    row = writer.footer(row + 1, allocated=allocated_amount(report), disbursed_elsewhere=disbursed_elsewhere(report))
    return writer.save(last_table_row=last_table_row, last_row=row - 1)


class _Writer:
    def __init__(self, report: MonthlyReport, *, thai_digits: bool):
        self.report = report
        self.thai_digits = thai_digits
        self.workbook = openpyxl.Workbook()
        self.sheet = self.workbook.active
        self.sheet.title = SHEET_TITLE

    def _digits(self, text) -> str:
        return to_thai_digits(text) if self.thai_digits else str(text)

    def _count(self, cell, value: int) -> None:
        """A whole number: a real number shown as "-" for zero, or Thai digits as text."""
        if self.thai_digits:
            cell.value = to_thai_digits(value) if value else "-"
        else:
            cell.value, cell.number_format = value, NUMBER_FORMAT

    def _money(self, cell, amount: Decimal) -> None:
        if self.thai_digits:
            cell.value = to_thai_digits(f"{amount:,.2f}") if amount else "-"
        else:
            cell.value, cell.number_format = amount, _MONEY_FORMAT

    def title_and_header(self) -> None:
        sheet, report = self.sheet, self.report
        title = report_title(report, thai_digits=self.thai_digits)
        self.workbook.properties.title = title
        self.workbook.properties.creator = "labourplan"
        sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=LAST_COL)
        cell = sheet.cell(TITLE_ROW, 1, title)
        cell.font, cell.alignment = TITLE_FONT, Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.row_dimensions[TITLE_ROW].height = 48
        sheet.merge_cells(start_row=LEGEND_ROW, start_column=1, end_row=LEGEND_ROW, end_column=LAST_COL)
        cell = sheet.cell(LEGEND_ROW, 1, LEGEND)
        cell.font, cell.alignment = _LEGEND_FONT, Alignment(horizontal="left", vertical="center", wrap_text=True)
        sheet.row_dimensions[LEGEND_ROW].height = 36

        first, last = HEADER_FIRST_ROW, HEADER_LAST_ROW
        for column, name in [
            (COL_NUMBER, "number"),
            (COL_ACTIVITY, "activity"),
            (COL_UNIT, "unit"),
            (COL_PERCENT, "percent"),
            (COL_REMARK, "remark"),
            (COL_KEY, "key"),
        ]:
            sheet.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)
            sheet.cell(first, column, HEADINGS[name])
        fiscal_year, index = report.plan.fiscal_year, report.month_index
        this_month = self._digits(month_label(fiscal_year, index))
        groups = [
            (COL_MONTH_TARGET, MONTH_GROUP.format(month=this_month), ("month_target", "result")),
            (
                COL_CUMULATIVE_TARGET,
                CUMULATIVE_GROUP.format(first=self._digits(month_label(fiscal_year, 1)), month=this_month),
                ("cumulative_target", "cumulative_result"),
            ),
        ]
        for column, group, names in groups:
            sheet.merge_cells(start_row=first, start_column=column, end_row=first, end_column=column + 1)
            sheet.cell(first, column, group)
            for offset, name in enumerate(names):
                sheet.cell(last, column + offset, HEADINGS[name])
        style_range(sheet, first, last, 1, COL_KEY, font=BOLD, fill=HEADER_FILL, alignment=CENTRE)
        sheet.row_dimensions[last].height = 40

    def strategy(self, row: int, strategy) -> int:
        heading = STRATEGY_HEADING.format(number=self._digits(strategy.number), name=strategy.name_th)
        self.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=LAST_COL)
        style_range(self.sheet, row, row, 1, LAST_COL, font=BOLD, fill=STRATEGY_FILL)
        self.sheet.cell(row, 1, heading).alignment = Alignment(horizontal="left", vertical="center")
        return row + 1

    def topic(self, row: int, number: int, title: str) -> int:
        sheet = self.sheet
        style_range(sheet, row, row, 1, LAST_COL, font=BOLD, fill=STRATEGY_FILL)
        sheet.merge_cells(start_row=row, start_column=COL_ACTIVITY, end_row=row, end_column=LAST_COL)
        sheet.cell(row, COL_NUMBER, to_thai_digits(number) if self.thai_digits else number).alignment = NUMBER
        _put_text(sheet.cell(row, COL_ACTIVITY), title).alignment = TEXT
        return row + 1

    def activity(self, row: int, activity: ReportRow) -> int:
        first_sub, last_sub = row + 1, row + len(activity.sub_rows)
        self._line(row, f"{self._digits(activity.number)} {activity.item.title}", activity, (first_sub, last_sub))
        for sub in activity.sub_rows:
            self._line(row + 1, f"- {sub.item.title}", sub, None)
            row += 1
        return row + 1

    def _line(self, row: int, label: str, data: ReportRow, sub_rows: tuple[int, int] | None) -> None:
        sheet = self.sheet
        for col in range(1, LAST_COL + 1):
            cell = sheet.cell(row, col)
            cell.font, cell.border = FONT, BORDER
            cell.alignment = TEXT if col in (COL_ACTIVITY, COL_REMARK) else NUMBER
        _put_text(sheet.cell(row, COL_ACTIVITY), label)
        _put_text(sheet.cell(row, COL_UNIT), data.item.unit)
        self._count(sheet.cell(row, COL_MONTH_TARGET), data.month_target)
        self._count(sheet.cell(row, COL_CUMULATIVE_TARGET), data.cumulative_target)
        result, cumulative = sheet.cell(row, COL_RESULT), sheet.cell(row, COL_CUMULATIVE_RESULT)
        percent = sheet.cell(row, COL_PERCENT)
        e, g = get_column_letter(COL_RESULT), get_column_letter(COL_CUMULATIVE_RESULT)
        self._count(result, data.result)
        if data.is_leaf:
            for cell in (result, sheet.cell(row, COL_REMARK)):
                cell.fill, cell.protection = EDITABLE_FILL, _UNLOCKED
            _put_text(sheet.cell(row, COL_REMARK), data.remark)
        else:
            for cell in (result, sheet.cell(row, COL_REMARK)):
                cell.fill, cell.font = LOCKED_FILL, _LOCKED_FONT
        earlier = data.cumulative_result - data.result  # the months before this one
        if self.thai_digits:
            # Text cannot be computed by Excel: the numbers are written as they are now.
            self._count(cumulative, data.cumulative_result)
            percent.value = to_thai_digits(f"{data.percent_of_year:.2f}") if data.percent_of_year else "-"
        else:
            # Formulas, so that the sheet follows what the officer types.
            if sub_rows and data.sub_rows:
                first, last = sub_rows
                result.value = f"=SUM({e}{first}:{e}{last})"
                cumulative.value = f"=SUM({g}{first}:{g}{last})"
            else:
                cumulative.value = f"={e}{row}+{earlier}" if earlier else f"={e}{row}"
            cumulative.number_format = NUMBER_FORMAT
            if data.annual_target:
                percent.value = f"=ROUND({g}{row}*100/{data.annual_target},2)"
                percent.number_format = _PERCENT_FORMAT
            else:
                percent.value = "-"
        key = sheet.cell(row, COL_KEY, str(data.item.key))
        key.font = Font(name=FONT_NAME, size=10, color="808080")

    def footer(self, row: int, *, allocated: Decimal, disbursed_elsewhere: Decimal) -> int:
        sheet, report = self.sheet, self.report
        lines = [
            (DISBURSED_LABEL, report.disbursed, True),
            (DISBURSED_ELSEWHERE_LABEL, disbursed_elsewhere, False),
            (ALLOCATED_LABEL, allocated, False),
        ]
        for label, amount, editable in lines:
            sheet.cell(row, COL_ACTIVITY, label).font = BOLD
            sheet.merge_cells(start_row=row, start_column=COL_UNIT, end_row=row, end_column=COL_RESULT)
            style_range(sheet, row, row, COL_UNIT, COL_RESULT, font=FONT if editable else _LOCKED_FONT)
            cell = sheet.cell(row, COL_UNIT)
            self._money(cell, amount)
            cell.alignment = Alignment(horizontal="right", vertical="top")
            if editable:
                cell.fill, cell.protection = EDITABLE_FILL, _UNLOCKED
            else:
                cell.fill = LOCKED_FILL
            row += 1
        for label, text in [(KEY_RESULTS_LABEL, report.key_results), (PROBLEMS_LABEL, report.problems)]:
            sheet.cell(row, COL_ACTIVITY, label).font = BOLD
            sheet.cell(row, COL_ACTIVITY).alignment = TEXT
            sheet.merge_cells(start_row=row, start_column=COL_UNIT, end_row=row, end_column=LAST_COL)
            style_range(sheet, row, row, COL_UNIT, LAST_COL, font=FONT, fill=EDITABLE_FILL, alignment=TEXT)
            _put_text(sheet.cell(row, COL_UNIT), text).protection = _UNLOCKED
            lines_of_text = sum(len(line) // 90 + 1 for line in (text or "").splitlines()) or 1
            sheet.row_dimensions[row].height = max(3, lines_of_text + 1) * 21
            row += 1
        return row

    def save(self, *, last_table_row: int, last_row: int) -> bytes:
        sheet = self.sheet
        for column, width in COLUMN_WIDTHS.items():
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.column_dimensions[get_column_letter(COL_KEY)].hidden = True
        sheet.freeze_panes = sheet.cell(HEADER_LAST_ROW + 1, 1).coordinate
        sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{HEADER_FIRST_ROW}:{HEADER_LAST_ROW}"
        sheet.print_area = f"A1:{get_column_letter(LAST_COL)}{max(last_row, last_table_row)}"
        sheet.print_options.horizontalCentered = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.page_margins.top = sheet.page_margins.bottom = 0.5
        sheet.oddFooter.center.text = "หน้า &P / &N"
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


# Import -----------------------------------------------------------------------------------------

_FIXED_HEADINGS = {
    "number": {"ที่", "ลำดับ", "ลำดับที่"},
    "activity": {"โครงการ/กิจกรรม", "โครงการ", "กิจกรรม"},
    "unit": {"หน่วยนับ", "หน่วย"},
    "remark": {"หมายเหตุ"},
    "key": {"รหัสแถว", "key"},
}
_FOOTER_LABELS = {
    "disbursed": {"เบิกจ่ายเดือนนี้", "ผลการเบิกจ่ายเดือนนี้", "งบประมาณที่เบิกจ่ายเดือนนี้", "เบิกจ่าย"},
    "key_results": {"ผลการดำเนินงานที่สำคัญ", "ผลการดำเนินงานสำคัญ"},
    "problems": {"ปัญหา/อุปสรรค", "ปัญหาอุปสรรค", "ปัญหาและอุปสรรค", "ปัญหา"},
    # Shown for reference, never read.
    "info": {heading_key(DISBURSED_ELSEWHERE_LABEL), heading_key(ALLOCATED_LABEL)},
}
_TITLE_RE = re.compile(r"ประจำเดือน\s*([^\d๐-๙]+?)\s*(?:พ\.\s*ศ\.\s*)?([\d๐-๙]{4})")
_HEADER_MONTH_RE = re.compile(r"^เดือน\s*([^\d๐-๙]+?)\s*([\d๐-๙]{4})$")
_PROVINCE_RE = re.compile(r"จังหวัด\s*([^\s.…]+)")
MAX_MONEY = Decimal("999999999999.99")  # the field's 14 digits


def _column_kind(texts: list[str]) -> str | None:
    """What a column holds, from its heading texts top to bottom ("เดือน ต.ค. 2569" over "ผล")."""
    for name, aliases in _FIXED_HEADINGS.items():
        if any(text.casefold() in aliases for text in texts):
            return name
    joined = "".join(texts)
    if "ร้อยละ" in joined:
        return "percent"
    cumulative = "สะสม" in joined
    if any(text.startswith("ผล") for text in texts):
        return "cumulative_result" if cumulative else "result"
    if any(text.startswith("เป้าหมาย") for text in texts):
        return "cumulative_target" if cumulative else "month_target"
    return None


def _footer_kind(text: str) -> str | None:
    key = heading_key(text).rstrip(":")
    for name, labels in _FOOTER_LABELS.items():
        if key in labels:
            return name
    return None


@dataclass
class ResultChange:
    """One row whose result or remark the workbook changes."""

    sheet_row: int
    topic: str
    title: str
    level: str  # "activity" or "sub_item"
    item: PlanItem
    revision: int  # of the saved result, 0 when none: what save_result is given
    month_target: int
    old_result: int
    new_result: int
    old_remark: str
    new_remark: str

    @property
    def over_three_times(self) -> bool:
        return self.new_result > 0 and self.new_result > HIGH_RESULT_FACTOR * max(self.month_target, 0)

    @property
    def result_changed(self) -> bool:
        return self.old_result != self.new_result

    @property
    def remark_changed(self) -> bool:
        return self.old_remark != self.new_remark


@dataclass
class FieldChange:
    name: str  # "disbursed", "key_results" or "problems"
    label: str
    old: object
    new: object


@dataclass
class ReportImport:
    """What a workbook would change in a report, and everything wrong in it."""

    sheet: str
    results: list[ResultChange]
    fields: list[FieldChange]
    unchanged: int  # rows read whose result and remark stay as they are
    not_in_file: int  # leaf rows of the plan the workbook does not mention: kept as they are
    problems: list[Problem]
    warnings: list[Problem]
    fingerprint: str

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return bool(self.results or self.fields)

    @property
    def field_changes(self) -> dict:
        return {change.name: change.new for change in self.fields}


def fingerprint(report: MonthlyReport, rows: list[ReportRow]) -> str:
    """Changes whenever the report, any of its results or the plan version in force changes."""
    version = report.plan.version_in_force()
    parts = [f"r{report.pk}.{report.revision}.{report.state}", f"v{version.pk if version else 0}"]
    parts += [f"{row.item.key}.{row.revision}" for row in rows]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@dataclass
class _Layout:
    header_row: int
    first_data_row: int
    columns: dict[str, int]


@dataclass
class _Entry:
    """A plan row as the reader knows it."""

    row: ReportRow
    topic: str
    level: str
    parent: "_Entry | None" = None
    sheet_row: int | None = None  # where the workbook has it
    new_result: int | None = None  # None: not read (or unreadable)
    new_remark: str | None = None


@dataclass
class _ParentCell:
    entry: _Entry
    sheet_row: int
    col: int
    value: object


class _Reader:
    """Reads one sheet of Form 2 against a report's table, collecting problems and warnings."""

    def __init__(self, sheet: Sheet, report: MonthlyReport, strategies):
        self.sheet = sheet
        self.report = report
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.entries: list[_Entry] = []
        self.by_key: dict[str, _Entry] = {}
        self.topics: dict[str, list[_Entry]] = {}  # topic title → its activities
        for block in strategies:
            for topic in block.topics:
                activities = []
                for row in topic.rows:
                    activity = _Entry(row=row, topic=topic.title, level="activity")
                    activities.append(activity)
                    self._add(activity)
                    for sub in row.sub_rows:
                        self._add(_Entry(row=sub, topic=topic.title, level="sub_item", parent=activity))
                self.topics.setdefault(loose_key(topic.title), []).extend(activities)
        self.footer: dict[str, tuple[int, int, object]] = {}  # kind → (row, column, value)
        self.parent_cells: list[_ParentCell] = []
        self.own_keys = 0  # rows whose hidden key is of this plan
        self.foreign_keys: list[tuple[int, int, str]] = []  # rows whose hidden key is not

    def _add(self, entry: _Entry) -> None:
        self.entries.append(entry)
        self.by_key[str(entry.row.item.key)] = entry

    def problem(self, row, col, value, reason):
        self.problems.append(self._note(row, col, value, reason))

    def warn(self, row, col, value, reason):
        self.warnings.append(self._note(row, col, value, reason))

    def _note(self, row, col, value, reason) -> Problem:
        column = get_column_letter(col) if col else ""
        return Problem(sheet=self.sheet.title, row=row, column=column, value=display(value), reason=str(reason))

    # The header ---------------------------------------------------------------------------------

    def find_layout(self) -> _Layout | None:
        """The header is the first row naming โครงการ/กิจกรรม with a column of results (ผล…) under or beside it."""
        sheet = self.sheet
        for row in range(1, min(sheet.max_row, HEADER_SEARCH_ROWS) + 1):
            texts = [heading_key(sheet.value(row, col, spread=True)) for col in range(1, sheet.max_column + 1)]
            if not any(t in _FIXED_HEADINGS["activity"] for t in texts):
                continue
            layout = self._layout_from(row)
            if "result" in layout.columns:
                return layout
        return None

    def _layout_from(self, header_row: int) -> _Layout:
        sheet = self.sheet
        rows = [header_row]
        below = header_row + 1
        activity_col = next(
            col
            for col in range(1, sheet.max_column + 1)
            if heading_key(sheet.value(header_row, col, spread=True)) in _FIXED_HEADINGS["activity"]
        )
        # A second header row ("เป้าหมาย | ผล" under "เดือนนี้"): headings of its own, and nothing
        # in the activity column but the heading merged down from above.
        if below <= sheet.max_row and is_blank(sheet.value(below, activity_col)):
            own = [heading_key(sheet.value(below, col)) for col in range(1, sheet.max_column + 1)]
            if any(text and _column_kind([text]) for text in own):
                rows.append(below)
        columns: dict[str, int] = {}
        extra: list[tuple[int, str]] = []
        for col in range(1, sheet.max_column + 1):
            texts = [t for row in rows if (t := heading_key(sheet.value(row, col, spread=True)))]
            if not texts:
                continue
            kind = _column_kind(texts)
            if kind is None:
                extra.append((col, cell_text(sheet.value(rows[-1], col, spread=True)) or texts[0]))
            elif kind not in columns:
                columns[kind] = col
        columns["activity"] = activity_col
        layout = _Layout(header_row=header_row, first_data_row=rows[-1] + 1, columns=columns)
        if "result" in columns:
            for col, text in extra:
                self.warn(header_row, col, text, _("This column is not part of Form 2 and was ignored."))
            if "remark" not in columns:
                self.warn(header_row, None, "", _("No column “หมายเหตุ” was found; the remarks are kept as they are."))
        return layout

    def check_title(self, header_row: int) -> None:
        """The title names the province and the month: a workbook of another one is refused."""
        year, month = self.report.calendar_month
        province = self.report.plan.province.name_th
        expected = f"{month_name(month)} {year + 543}"
        for row in range(1, header_row):
            for col in range(1, self.sheet.max_column + 1):
                text = cell_text(self.sheet.value(row, col))
                match = _TITLE_RE.search(text)
                if not match:
                    continue
                found_month = month_of(match.group(1))
                found_year = int(to_arabic_digits(match.group(2)))
                if (found_month, found_year) != (month, year + 543):
                    self.problem(
                        row,
                        col,
                        match.group(0),  # the whole title is too long to show
                        _("The workbook is the report of %(found)s, but this is the report of %(month)s.")
                        % {"found": f"{match.group(1).strip()} {found_year}", "month": expected},
                    )
                name = _PROVINCE_RE.search(text[: match.start()])
                if name and name.group(1) != province:
                    self.problem(
                        row,
                        col,
                        name.group(0),
                        _("The workbook is the report of %(found)s, but this report is of %(province)s.")
                        % {"found": name.group(1), "province": province},
                    )
                return
        self.warn(
            1,  # where the exported form has its title
            1,
            "",
            _(
                "No title naming the province and the month (…จังหวัด… ประจำเดือน …) was found above the header. "
                "Check that the workbook is the report of %(month)s of %(province)s."
            )
            % {"month": expected, "province": province},
        )

    def check_header_month(self, layout: _Layout) -> None:
        """The month over the month's columns ("เดือน ต.ค. 2569") is this report's, title or no title."""
        year, month = self.report.calendar_month
        for row in range(layout.header_row, layout.first_data_row):
            for col in range(1, self.sheet.max_column + 1):
                match = _HEADER_MONTH_RE.match(cell_text(self.sheet.value(row, col)))
                if not match:
                    continue
                found = (month_of(match.group(1)), int(to_arabic_digits(match.group(2))))
                if found != (month, year + 543):
                    self.problem(
                        row,
                        col,
                        match.group(0),
                        _("The columns are headed %(found)s, but this is the report of %(month)s.")
                        % {"found": match.group(0), "month": f"{month_name(month)} {year + 543}"},
                    )

    def check_keys(self) -> None:
        """Rows whose hidden key is of no row of this plan are matched by name; when no key at all is
        this plan's, the workbook is another province's or fiscal year's report, and it is refused."""
        if self.foreign_keys and not self.own_keys:
            row, col, key_text = self.foreign_keys[0]
            self.problem(
                row,
                col,
                key_text,
                _(
                    "None of the hidden row keys (column %(column)s) is of this plan: the workbook is the report "
                    "of another province or fiscal year. Export this month's report and type the results in it."
                )
                % {"column": get_column_letter(col)},
            )
            return
        for row, col, key_text in self.foreign_keys:
            self.warn(
                row, col, key_text, _("The row's hidden key is not of this plan; the row was matched by its name.")
            )

    # The rows -----------------------------------------------------------------------------------

    def read_rows(self, layout: _Layout) -> None:
        self.layout = layout
        sheet, columns = self.sheet, layout.columns
        col_activity, col_result = columns["activity"], columns["result"]
        col_remark, col_key = columns.get("remark"), columns.get("key")
        scanned = range(1, max(columns.values()) + 1)
        topic: list[_Entry] | None = None  # the activities of the topic being read
        activity: _Entry | None = None
        in_footer = False

        for row in range(layout.first_data_row, sheet.max_row + 1):
            first_text = next((t for c in scanned if (t := cell_text(sheet.value(row, c)))), "")
            footer_kind = self._footer_label(row, scanned)
            if footer_kind is not None:
                in_footer = True
                continue
            if STRATEGY_RE.match(first_text) and not in_footer:
                topic = activity = None
                continue
            text = cell_text(sheet.value(row, col_activity))
            result_value = sheet.value(row, col_result)
            remark = cell_text(sheet.value(row, col_remark)) if col_remark else ""
            key_text = cell_text(sheet.value(row, col_key)) if col_key else ""
            if in_footer:
                if first_text:
                    self.warn(
                        row,
                        None,
                        first_text,
                        _(
                            "Below the table only the amount disbursed this month, the key results and the "
                            "problems are read, each next to its label; this was ignored."
                        ),
                    )
                continue
            if is_blank(text) and is_blank(result_value) and not remark:
                continue  # a blank row, or notes in columns that are not read
            if MORE_ROWS_MARK in text:
                continue
            typed_col, typed = (col_result, result_value) if not is_blank(result_value) else (col_remark, remark)
            if not text and not key_text:
                self.problem(
                    row, typed_col, typed, _("This row has a result or a remark but no project or activity name.")
                )
                continue

            entry = self._by_key(key_text)
            if entry is None:
                is_sub_item = bool(text) and text[0] in SUB_ITEM_MARKS
                title = text.lstrip(SUB_ITEM_MARKS).strip() if is_sub_item else NUMBERING_RE.sub("", text)
                if not is_sub_item and loose_key(title) in self.topics:
                    topic, activity = self.topics[loose_key(title)], None
                    if not is_blank(result_value) or remark:
                        self.problem(
                            row,
                            typed_col,
                            typed,
                            _("This is a topic: type results and remarks on its activities or sub-items."),
                        )
                    continue
                entry = self._by_title(row, col_activity, text, title, is_sub_item, topic, activity)
                if entry is None:
                    if is_blank(result_value) and not remark:
                        self.warn(
                            row,
                            col_activity,
                            text,
                            _("This row is not in the approved plan; it has no result and was ignored."),
                        )
                    else:
                        self.problem(
                            row,
                            col_activity,
                            text,
                            _(
                                "This row is not in the approved plan, so its result cannot be recorded. "
                                "Write the activity's name as in the plan, or export the report again."
                            ),
                        )
                    continue
                if key_text:
                    self.foreign_keys.append((row, col_key, key_text))
            elif key_text:
                self.own_keys += 1

            if entry.sheet_row is not None:
                self.problem(
                    row,
                    col_activity,
                    text,
                    _("This row appears twice in the workbook (also on row %(row)s).") % {"row": entry.sheet_row},
                )
                continue
            entry.sheet_row = row
            if entry.level == "activity":
                topic, activity = self.topics.get(loose_key(entry.topic)), entry
            else:
                activity = entry.parent
            if entry.row.is_leaf:
                entry.new_result = self._result(row, col_result, result_value)
                entry.new_remark = remark if col_remark else entry.row.remark
            else:
                # A parent's result is computed from its sub-items. A formula there (the export's
                # =SUM, recalculated by a spreadsheet that skips Thai-digit text) is never read;
                # only a number typed over it is looked at.
                if not is_blank(result_value) and not self.sheet.is_formula(row, col_result):
                    self.parent_cells.append(_ParentCell(entry, row, col_result, result_value))
                if remark:
                    self.problem(
                        row,
                        col_remark,
                        remark,
                        _("Remarks are kept on the sub-items of this activity: write it on one of them."),
                    )

    def _footer_label(self, row: int, scanned) -> str | None:
        for col in scanned:
            text = cell_text(self.sheet.value(row, col))
            if not text:
                continue
            kind = _footer_kind(text)
            if kind is None:
                return None  # only the row's first text can be a label
            # The value is the first cell right of the label (a merged range counts once).
            value_col = next(
                (c for c in range(col + 1, self.sheet.max_column + 1) if not is_blank(self.sheet.value(row, c))),
                None,
            )
            value = self.sheet.value(row, value_col) if value_col else None
            if kind != "info" and kind not in self.footer:
                self.footer[kind] = (row, value_col or col + 1, value)
            return kind
        return None

    def _by_key(self, key_text: str) -> _Entry | None:
        if not key_text:
            return None
        try:
            key = str(uuid.UUID(key_text))
        except ValueError:
            return None
        return self.by_key.get(key)

    def _by_title(self, row, col, text, title, is_sub_item, topic, activity) -> _Entry | None:
        wanted = loose_key(title)
        if is_sub_item:
            near = [e for e in self.entries if e.level == "sub_item" and e.parent is activity] if activity else []
            everywhere = [e for e in self.entries if e.level == "sub_item"]
        else:
            near = topic or []
            everywhere = [e for e in self.entries if e.level == "activity"]
        for candidates in (near, everywhere):
            found = [e for e in candidates if loose_key(e.row.item.title) == wanted]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                self.problem(
                    row,
                    col,
                    text,
                    _(
                        "Several rows of the plan have this name; keep the hidden key column of the exported "
                        "workbook, or put the row under its topic and activity."
                    ),
                )
                return None
        return None

    def _result(self, row: int, col: int, value) -> int | None:
        if isinstance(value, Uncomputed):
            self.problem(
                row,
                col,
                value,
                _("This formula has no saved result: type the number, or save the file in Excel first."),
            )
            return None
        number = as_number(value)
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= MAX_TARGET:
            self.problem(
                row,
                col,
                value,
                _("The result must be a whole number from 0 to %(max)s (got “%(value)s”).")
                % {"max": f"{MAX_TARGET:,}", "value": display(value)},
            )
            return None
        if self.sheet.is_formula(row, col):
            formula_notice(self, row, [(col, value)])
        rows_spanned, _cols = self.sheet.span(row, col)
        if rows_spanned > 1 and number:
            self.problem(
                row,
                col,
                value,
                _("A result in cells merged over several rows is ambiguous: unmerge them and type each row's result."),
            )
            return None
        return number

    def check_parents(self) -> None:
        """An activity with sub-items shows their sum: a number typed there instead is refused."""
        for cell in self.parent_cells:
            number = as_number(cell.value)
            subs = [e for e in self.entries if e.parent is cell.entry]
            in_file = sum(e.new_result if e.new_result is not None else e.row.result for e in subs)
            if number in (0, in_file, cell.entry.row.result):
                continue  # blank, "-", the sum, or the sum as exported
            self.problem(
                cell.sheet_row,
                cell.col,
                cell.value,
                _(
                    "This activity has sub-items: type the results on its sub-items (%(subs)s); "
                    "the activity shows their sum."
                )
                % {"subs": ", ".join(e.row.item.title for e in subs)},
            )

    # The changes --------------------------------------------------------------------------------

    def result_changes(self) -> tuple[list[ResultChange], int]:
        changes, unchanged = [], 0
        for entry in self.entries:
            if entry.sheet_row is None or not entry.row.is_leaf or entry.new_result is None:
                continue
            saved = entry.row
            change = ResultChange(
                sheet_row=entry.sheet_row,
                topic=entry.topic,
                title=saved.item.title,
                level=entry.level,
                item=saved.item,
                revision=saved.revision,
                month_target=saved.month_target,
                old_result=saved.result,
                new_result=entry.new_result,
                old_remark=saved.remark,
                new_remark=entry.new_remark or "",
            )
            if not (change.result_changed or change.remark_changed):
                unchanged += 1
                continue
            changes.append(change)
            if change.over_three_times:
                col = self.layout.columns["result"]
                values = {"result": change.new_result, "target": change.month_target}
                if change.new_remark:
                    self.warn(
                        entry.sheet_row,
                        col,
                        change.new_result,
                        _(
                            "%(result)s is more than three times this month's target (%(target)s). The remark "
                            "explains it: tick the box below to confirm the result."
                        )
                        % values,
                    )
                else:
                    self.problem(
                        entry.sheet_row,
                        col,
                        change.new_result,
                        _(
                            "%(result)s is more than three times this month's target (%(target)s). Explain it in "
                            "the remark (หมายเหตุ) of the same row, then upload the file again."
                        )
                        % values,
                    )
        return changes, unchanged

    def field_changes(self) -> list[FieldChange]:
        report, changes = self.report, []
        if "disbursed" in self.footer:
            row, col, value = self.footer["disbursed"]
            amount = self._money(row, col, value)
            if amount is not None and amount != report.disbursed:
                allocated = allocated_amount(report)
                cumulative = disbursed_elsewhere(report) + amount
                if cumulative > allocated:
                    self.problem(
                        row,
                        col,
                        value,
                        _(
                            "Disbursed since October would be %(cumulative)s baht, more than the %(allocated)s baht "
                            "allocated for the year. Check the amount or record the new allocation first."
                        )
                        % {"cumulative": f"{cumulative:,.2f}", "allocated": f"{allocated:,.2f}"},
                    )
                changes.append(FieldChange("disbursed", DISBURSED_LABEL, report.disbursed, amount))
        for name, label in [("key_results", KEY_RESULTS_LABEL), ("problems", PROBLEMS_LABEL)]:
            if name not in self.footer:
                continue
            _row, _col, value = self.footer[name]
            text = cell_text(value)
            if isinstance(value, Uncomputed):
                text = ""
            if text != cell_text(getattr(report, name)):
                changes.append(FieldChange(name, label, getattr(report, name), text))
        return changes

    def _money(self, row: int, col: int, value) -> Decimal | None:
        def refuse(reason):
            self.problem(row, col, value, reason)

        if isinstance(value, Uncomputed):
            refuse(_("This formula has no saved result: type the number, or save the file in Excel first."))
            return None
        try:
            if value is None or (isinstance(value, str) and cell_text(value) in {"", "-", "–", "—"}):
                amount = Decimal("0")
            elif isinstance(value, bool):
                raise ValueError
            elif isinstance(value, int | float):
                amount = Decimal(repr(value))
            else:
                amount = parse_decimal(re.sub(r"\s*บาท\s*$", "", cell_text(value)))
        except (ValueError, InvalidOperation):
            refuse(_("The amount disbursed must be a number of baht, such as 12,500.50."))
            return None
        rounded = amount.quantize(Decimal("0.01"))
        if abs(amount - rounded) > Decimal("0.000001"):  # a float's tail, not satang
            refuse(_("The amount disbursed is in baht and satang: at most two decimals."))
            return None
        if rounded < 0:
            refuse(_("The amount disbursed cannot be negative."))
            return None
        if rounded > MAX_MONEY:
            refuse(_("The amount disbursed is too large."))
            return None
        return rounded


def parse_workbook(file, *, report: MonthlyReport) -> ReportImport:
    """Read a filled-in Form 2 workbook against `report`. Raises WorkbookRefused for a file not opened at all.

    The sheet named "แบบฟอร์ม 2" is read, or else the first sheet with a Form 2 header. Columns are
    found by their headings, so added or moved columns do not matter; rows by their hidden key,
    else by their name under their topic and activity.
    """
    data = read_upload(file)
    check_package(data)
    formulas = open_workbook(data, data_only=False)
    values = open_workbook(data, data_only=True)
    names = [SHEET_TITLE] if SHEET_TITLE in formulas.sheetnames else []
    names += [ws.title for ws in formulas.worksheets if ws.title not in names]
    strategies = load_report_table(report)
    for name in names:
        worksheet = formulas[name]
        if worksheet.max_row > MAX_ROWS:
            raise WorkbookRefused(
                _("The sheet “%(sheet)s” has %(rows)s rows; Form 2 may have at most %(max)s.")
                % {"sheet": name, "rows": f"{worksheet.max_row:,}", "max": f"{MAX_ROWS:,}"},
                code="too_many_rows",
            )
        reader = _Reader(Sheet(worksheet, values[name]), report, strategies)
        layout = reader.find_layout()
        if layout is None:
            continue
        reader.check_title(layout.header_row)
        reader.check_header_month(layout)
        reader.read_rows(layout)
        reader.check_keys()
        reader.check_parents()
        results, unchanged = reader.result_changes()
        fields = reader.field_changes()
        leaves = [e for e in reader.entries if e.row.is_leaf]
        return ReportImport(
            sheet=name,
            results=results,
            fields=fields,
            unchanged=unchanged,
            not_in_file=sum(1 for e in leaves if e.sheet_row is None),
            problems=reader.problems,
            warnings=reader.warnings,
            fingerprint=fingerprint(report, [e.row for e in leaves]),
        )
    raise WorkbookRefused(
        _(
            "No sheet has the Form 2 header (ที่, โครงการ/กิจกรรม, หน่วยนับ, เป้าหมายเดือนนี้, ผลเดือนนี้, "
            "เป้าหมายสะสม, ผลสะสม, ร้อยละของเป้าหมายทั้งปี, หมายเหตุ)."
        ),
        code="no_header",
    )
