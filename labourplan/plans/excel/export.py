"""Form 1 out: the official layout of a version, or of the template for a province to fill in."""

import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

import openpyxl
from django.db.models import Prefetch
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from labourplan.lib.digits import to_thai_digits
from labourplan.lib.spreadsheet import put_text
from labourplan.lib.spreadsheet.styles import (
    BOLD,
    BORDER,
    CENTRE,
    FONT,
    HEADER_FILL,
    NUMBER,
    NUMBER_FORMAT,
    STRATEGY_FILL,
    TEXT,
    TITLE_FONT,
    print_on_a4_landscape,
    style_range,
)
from labourplan.plans.excel.layout import BLANK_PROVINCE, FORM_TITLE, HEADINGS, MORE_ROWS, SHEET_TITLE, STRATEGY_HEADING
from labourplan.plans.models import PlanVersion
from labourplan.plans.table import Row, load_table
from labourplan.reference.models import COMMON_UNITS, FiscalYear, TemplateItem

# Export -----------------------------------------------------------------------------------------

# The fixed columns of the exported form: A ที่, B ประเด็นกิจกรรม, C โครงการ/กิจกรรม, D–O the twelve
# months, P รวม, Q หน่วยนับ, R หน่วยงานรับผิดชอบ. The import finds columns by their headings instead.
COL_NUMBER, COL_TOPIC, COL_ACTIVITY, COL_FIRST_MONTH = 1, 2, 3, 4
COL_TOTAL, COL_UNIT, COL_AGENCIES = 16, 17, 18
LAST_COL = COL_AGENCIES
HEADER_FIRST_ROW, HEADER_LAST_ROW = 2, 4
COLUMN_WIDTHS = {COL_NUMBER: 5, COL_TOPIC: 30, COL_ACTIVITY: 46, COL_TOTAL: 7, COL_UNIT: 9, COL_AGENCIES: 15}
MONTH_WIDTH = 5.5


@dataclass
class _FormRow:
    title: str
    unit: str
    agencies: list[str]
    targets: list[int]
    sub_items: list["_FormRow"] = field(default_factory=list)


@dataclass
class _FormTopic:
    number: int
    title: str
    rows: list[_FormRow]


@dataclass
class _FormStrategy:
    number: int
    name: str
    topics: list[_FormTopic]


def export_workbook(version: PlanVersion, *, thai_digits: bool = False) -> bytes:
    """A plan version as the official Form 1 sheet (.xlsx bytes); numbers in Thai digits on request."""
    table = load_table(version)

    def form_row(row: Row) -> _FormRow:
        item = row.item
        return _FormRow(
            title=item.title,
            unit=item.unit,
            agencies=[a.abbreviation for a in item.ordered_agencies],
            targets=item.targets,
            sub_items=[form_row(s) for s in row.sub_items],
        )

    strategies = [
        _FormStrategy(
            number=block.strategy.number,
            name=block.strategy.name_th,
            topics=[_FormTopic(t.number, t.topic.title, [form_row(r) for r in t.rows]) for t in block.topics],
        )
        for block in table.strategies
    ]
    plan = version.plan
    return _render(
        fiscal_year=plan.fiscal_year,
        province_name=plan.province.name_th,
        strategies=strategies,
        thai_digits=thai_digits,
        more_rows=False,
    )


def template_workbook(fiscal_year: FiscalYear, *, thai_digits: bool = False) -> bytes:
    """The centre's template of a fiscal year in the Form 1 layout, for a province to fill in."""
    topics = (
        fiscal_year.template_topics.select_related("strategy")
        .prefetch_related(
            Prefetch("items", queryset=TemplateItem.objects.order_by("order", "pk").prefetch_related("agencies"))
        )
        .order_by("number")
    )
    by_strategy: dict[int, list[_FormTopic]] = defaultdict(list)
    for topic in topics:
        items = list(topic.items.all())
        subs: dict[int, list[TemplateItem]] = defaultdict(list)
        for item in items:
            if item.parent_id:
                subs[item.parent_id].append(item)

        def form_row(item, subs=subs):
            return _FormRow(
                title=item.title,
                unit=item.unit,
                agencies=[a.abbreviation for a in item.agencies.all()],
                targets=item.targets,
                sub_items=[form_row(s) for s in subs.get(item.pk, [])],
            )

        rows = [form_row(i) for i in items if i.parent_id is None]
        by_strategy[topic.strategy.number].append(_FormTopic(topic.number, topic.title, rows))
    strategies = [
        _FormStrategy(number=s.number, name=s.name_th, topics=by_strategy.get(s.number, []))
        for s in fiscal_year.framework.strategies.order_by("number")
    ]
    return _render(
        fiscal_year=fiscal_year,
        province_name=BLANK_PROVINCE,
        strategies=strategies,
        thai_digits=thai_digits,
        more_rows=True,
    )


def _render(*, fiscal_year, province_name, strategies, thai_digits, more_rows) -> bytes:
    number = to_thai_digits if thai_digits else str
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    title = FORM_TITLE.format(province=province_name, year=number(fiscal_year.year_be))
    workbook.properties.title = title
    workbook.properties.creator = "labourplan"

    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=LAST_COL)
    cell = sheet.cell(1, 1, title)
    cell.font, cell.alignment = TITLE_FONT, Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 30
    _write_header(sheet, fiscal_year, number)

    row = HEADER_LAST_ROW + 1
    for strategy in strategies:
        heading = STRATEGY_HEADING.format(number=number(strategy.number), name=strategy.name)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=LAST_COL)
        style_range(sheet, row, row, 1, LAST_COL, font=BOLD, fill=STRATEGY_FILL)
        sheet.cell(row, 1, heading).alignment = Alignment(horizontal="left", vertical="center")
        row += 1
        for topic in strategy.topics:
            topic_number = number(topic.number) if thai_digits else topic.number
            topic_cells = {COL_NUMBER: topic_number, COL_TOPIC: topic.title}  # on the topic's first row only
            for index, activity in enumerate(topic.rows, start=1):
                label = f"{number(index)}) {activity.title}"
                _write_line(sheet, row, {**topic_cells, COL_ACTIVITY: label}, activity, thai_digits)
                topic_cells = {}
                row += 1
                for sub_item in activity.sub_items:
                    _write_line(sheet, row, {COL_ACTIVITY: f"- {sub_item.title}"}, sub_item, thai_digits)
                    row += 1
            if more_rows:
                _write_line(sheet, row, {**topic_cells, COL_ACTIVITY: MORE_ROWS}, None, thai_digits)
                row += 1
            elif topic_cells:  # a topic without activities yet
                _write_line(sheet, row, topic_cells, None, thai_digits)
                row += 1
        if more_rows and not strategy.topics:
            _write_line(sheet, row, {COL_ACTIVITY: MORE_ROWS}, None, thai_digits)
            row += 1
    last_row = row - 1

    for column, width in COLUMN_WIDTHS.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset in range(12):
        sheet.column_dimensions[get_column_letter(COL_FIRST_MONTH + offset)].width = MONTH_WIDTH
    sheet.freeze_panes = sheet.cell(HEADER_LAST_ROW + 1, 1).coordinate
    if last_row > HEADER_LAST_ROW:
        # Units are free text; the list only offers the common ones (no error for others).
        units = DataValidation(
            type="list", formula1='"{}"'.format(",".join(COMMON_UNITS)), allow_blank=True, showErrorMessage=False
        )
        units.add(f"{get_column_letter(COL_UNIT)}{HEADER_LAST_ROW + 1}:{get_column_letter(COL_UNIT)}{last_row}")
        sheet.add_data_validation(units)

    print_on_a4_landscape(sheet, title_rows=f"{HEADER_FIRST_ROW}:{HEADER_LAST_ROW}")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_header(sheet, fiscal_year: FiscalYear, number: Callable[[object], str]) -> None:
    first, last = HEADER_FIRST_ROW, HEADER_LAST_ROW
    last_month = COL_FIRST_MONTH + 11
    for column, key in [
        (COL_NUMBER, "number"),
        (COL_TOPIC, "topic"),
        (COL_ACTIVITY, "activity"),
        (COL_TOTAL, "total"),
        (COL_UNIT, "unit"),
        (COL_AGENCIES, "agencies"),
    ]:
        sheet.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)
        sheet.cell(first, column, HEADINGS[key])
    sheet.merge_cells(start_row=first, start_column=COL_FIRST_MONTH, end_row=first, end_column=last_month)
    sheet.cell(first, COL_FIRST_MONTH, HEADINGS["targets"])
    headings = fiscal_year.month_headings()
    column = COL_FIRST_MONTH
    for year_be, group in groupby(headings, key=lambda h: h["year_be"]):
        months = list(group)
        sheet.merge_cells(
            start_row=first + 1, start_column=column, end_row=first + 1, end_column=column + len(months) - 1
        )
        sheet.cell(first + 1, column, number(year_be))
        column += len(months)
    for offset, heading in enumerate(headings):
        sheet.cell(last, COL_FIRST_MONTH + offset, heading["label"])
    style_range(sheet, first, last, 1, LAST_COL, font=BOLD, fill=HEADER_FILL, alignment=CENTRE)


def _write_line(sheet, row: int, texts: dict[int, object], data: _FormRow | None, thai_digits: bool) -> None:
    for col in range(1, LAST_COL + 1):
        cell = sheet.cell(row, col)
        cell.font, cell.border = FONT, BORDER
        cell.alignment = TEXT if col in (COL_TOPIC, COL_ACTIVITY, COL_AGENCIES) else NUMBER
    for col, value in texts.items():
        if isinstance(value, str):
            put_text(sheet.cell(row, col), value)  # people's words, never a formula
        else:
            sheet.cell(row, col, value)
    first, last = get_column_letter(COL_FIRST_MONTH), get_column_letter(COL_FIRST_MONTH + 11)
    if data is not None:
        for offset, target in enumerate(data.targets):
            cell = sheet.cell(row, COL_FIRST_MONTH + offset)
            if thai_digits:
                cell.value = to_thai_digits(target) if target else "-"
            else:
                cell.value, cell.number_format = target, NUMBER_FORMAT
        put_text(sheet.cell(row, COL_UNIT), data.unit)
        put_text(sheet.cell(row, COL_AGENCIES), "/".join(data.agencies))
    total = sheet.cell(row, COL_TOTAL)
    if thai_digits:
        # Text cannot be summed by Excel, so the total is written computed, as the digits it shows.
        if data is not None:
            total.value = to_thai_digits(sum(data.targets)) if sum(data.targets) else "-"
    elif data is not None or COL_ACTIVITY in texts:
        total.value, total.number_format = f"=SUM({first}{row}:{last}{row})", NUMBER_FORMAT
