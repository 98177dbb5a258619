"""Form 2 out: the month's table, the cells to type in yellow, a hidden key on each row."""

import io
from decimal import Decimal

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from labourplan.lib.digits import to_thai_digits
from labourplan.lib.spreadsheet import put_text as _put_text
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
    print_on_a4_landscape,
    style_range,
)
from labourplan.plans.excel import STRATEGY_HEADING
from labourplan.plans.services import month_label
from labourplan.reports.excel.layout import (
    ALLOCATED_LABEL,
    COL_ACTIVITY,
    COL_CUMULATIVE_RESULT,
    COL_CUMULATIVE_TARGET,
    COL_KEY,
    COL_MONTH_TARGET,
    COL_NUMBER,
    COL_PERCENT,
    COL_REMARK,
    COL_RESULT,
    COL_UNIT,
    COLUMN_WIDTHS,
    CUMULATIVE_GROUP,
    DISBURSED_ELSEWHERE_LABEL,
    DISBURSED_LABEL,
    EDITABLE_FILL,
    HEADER_FIRST_ROW,
    HEADER_LAST_ROW,
    HEADINGS,
    KEY_RESULTS_LABEL,
    LAST_COL,
    LEGEND,
    LEGEND_FONT,
    LEGEND_ROW,
    LOCKED_FILL,
    LOCKED_FONT,
    MONEY_FORMAT,
    MONTH_GROUP,
    PERCENT_FORMAT,
    PROBLEMS_LABEL,
    SHEET_TITLE,
    TITLE_ROW,
    UNLOCKED,
    allocated_amount,
    report_title,
)
from labourplan.reports.models import MonthlyReport
from labourplan.reports.services import disbursed_elsewhere
from labourplan.reports.table import ReportRow, load_report_table

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
            cell.value, cell.number_format = amount, MONEY_FORMAT

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
        cell.font, cell.alignment = LEGEND_FONT, Alignment(horizontal="left", vertical="center", wrap_text=True)
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
                cell.fill, cell.protection = EDITABLE_FILL, UNLOCKED
            _put_text(sheet.cell(row, COL_REMARK), data.remark)
        else:
            for cell in (result, sheet.cell(row, COL_REMARK)):
                cell.fill, cell.font = LOCKED_FILL, LOCKED_FONT
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
                percent.number_format = PERCENT_FORMAT
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
            style_range(sheet, row, row, COL_UNIT, COL_RESULT, font=FONT if editable else LOCKED_FONT)
            cell = sheet.cell(row, COL_UNIT)
            self._money(cell, amount)
            cell.alignment = Alignment(horizontal="right", vertical="top")
            if editable:
                cell.fill, cell.protection = EDITABLE_FILL, UNLOCKED
            else:
                cell.fill = LOCKED_FILL
            row += 1
        for label, text in [(KEY_RESULTS_LABEL, report.key_results), (PROBLEMS_LABEL, report.problems)]:
            sheet.cell(row, COL_ACTIVITY, label).font = BOLD
            sheet.cell(row, COL_ACTIVITY).alignment = TEXT
            sheet.merge_cells(start_row=row, start_column=COL_UNIT, end_row=row, end_column=LAST_COL)
            style_range(sheet, row, row, COL_UNIT, LAST_COL, font=FONT, fill=EDITABLE_FILL, alignment=TEXT)
            _put_text(sheet.cell(row, COL_UNIT), text).protection = UNLOCKED
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
        print_on_a4_landscape(sheet, title_rows=f"{HEADER_FIRST_ROW}:{HEADER_LAST_ROW}")
        sheet.print_area = f"A1:{get_column_letter(LAST_COL)}{max(last_row, last_table_row)}"
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()
