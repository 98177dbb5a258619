"""Form 1 as an Excel workbook: the official layout out, a filled-in workbook back in.

Export writes the table a province prints, signs and sends. Import reads a workbook the officer
filled in (Excel, LibreOffice, Google Sheets) back into rows for `services.replace_rows`; it
never writes anything itself. Everything wrong in the file is reported by sheet, row and column
so that it can be fixed in the file, and a file that is not a plain .xlsx workbook is refused
before openpyxl opens it.
"""

import dataclasses
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby

import openpyxl
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from labourplan.lib.digits import to_arabic_digits, to_thai_digits
from labourplan.lib.spreadsheet import put_text
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
    HEADER_FILL,
    NUMBER,
    NUMBER_FORMAT,
    STRATEGY_FILL,
    TEXT,
    TITLE_FONT,
    style_range,
)
from labourplan.plans.models import PlanVersion
from labourplan.plans.services import (
    ItemData,
    PlanError,
    TopicData,
    month_label,
    rows_from_template,
    validate_targets,
)
from labourplan.plans.table import Row, load_table
from labourplan.reference.models import COMMON_UNITS, Agency, FiscalYear, Province, TemplateItem

SHEET_TITLE = "แบบฟอร์ม 1"
FORM_TITLE = "แผนปฏิบัติการป้องกันการใช้แรงงานบังคับและการค้ามนุษย์ด้านแรงงานจังหวัด{province} ประจำปีงบประมาณ พ.ศ. {year}"
BLANK_PROVINCE = ".........."
MORE_ROWS = "(เพิ่มเติมได้)"
MORE_ROWS_MARK = "เพิ่มเติมได้"  # with or without the brackets
STRATEGY_HEADING = "ยุทธศาสตร์ที่ {number} : {name}"
HEADINGS = {
    "number": "ที่",
    "topic": "ประเด็นกิจกรรม",
    "activity": "โครงการ/กิจกรรม",
    "targets": "เป้าหมาย",
    "total": "รวม",
    "unit": "หน่วยนับ",
    "agencies": "หน่วยงานรับผิดชอบ",
}


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

    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_FIRST_ROW}:{HEADER_LAST_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.oddFooter.center.text = "หน้า &P / &N"

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


# Import: the file itself ------------------------------------------------------------------------


# Import: the sheet ------------------------------------------------------------------------------


@dataclass
class ImportResult:
    topics: list[TopicData]
    problems: list[Problem]
    warnings: list[Problem]
    sheet: str = ""
    # What the plan page will warn about once imported (sub-items, missing targets, units, agencies).
    notices: list[Problem] = field(default_factory=list)
    # The file is of another province or fiscal year, taken (by the officer's choice) as a starting point.
    starting_point: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def activity_count(self) -> int:
        return sum(len(t.items) for t in self.topics)

    @property
    def sub_item_count(self) -> int:
        return sum(len(a.sub_items) for t in self.topics for a in t.items)


_HEADING_ALIASES = {
    "number": {"ที่", "ลำดับ", "ลำดับที่"},
    "topic": {"ประเด็นกิจกรรม", "ประเด็น"},
    "activity": {"โครงการ/กิจกรรม", "โครงการ", "กิจกรรม"},
    "targets": {"เป้าหมาย"},
    "total": {"รวม", "รวมทั้งปี", "รวมทั้งสิ้น"},
    "unit": {"หน่วยนับ", "หน่วย"},
    "agencies": {"หน่วยงานรับผิดชอบ", "หน่วยงาน", "ผู้รับผิดชอบ"},
}
STRATEGY_RE = re.compile(r"^ยุทธศาสตร์ที่\s*(\d+)")
NUMBERING_RE = re.compile(r"^(?:\(?\d{1,3}\)|\d{1,3}\.(?=\s))\s*")  # "1)", "(๑)", "1. " (\d is Unicode)
SUB_ITEM_MARKS = "-–—•"
_YEAR_RE = re.compile(r"(\d{4})")


@dataclass
class _Layout:
    header_row: int
    first_data_row: int
    columns: dict[str, int]
    months: list[int]  # column of each month in plan order (Oct … Sep)


class _Reader:
    """Reads one sheet of Form 1 into TopicData, collecting problems and warnings on the way."""

    def __init__(
        self, sheet: Sheet, *, fiscal_year: FiscalYear, province: Province | None, starting_point: bool = False
    ):
        self.sheet = sheet
        self.fiscal_year = fiscal_year
        self.province = province
        self.starting_point = starting_point  # the officer chose to start from another plan's file
        self.foreign = False  # the file names another fiscal year or province
        self.topic_cells: dict[int, tuple[int, int]] = {}  # id of a TopicData read → its row and column
        self.item_rows: dict[int, int] = {}  # id of an ItemData read → its row
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.strategies = {s.number: s for s in fiscal_year.framework.strategies.all()}
        self.agencies = {}
        for agency in Agency.objects.all():
            self.agencies[re.sub(r"[\s.]", "", agency.abbreviation)] = agency
            self.agencies.setdefault(re.sub(r"\s", "", agency.name_th), agency)

    def problem(self, row, col, value, reason):
        self.problems.append(self._note(row, col, value, reason))

    def warn(self, row, col, value, reason):
        self.warnings.append(self._note(row, col, value, reason))

    def _note(self, row, col, value, reason) -> Problem:
        column = get_column_letter(col) if col else ""
        return Problem(sheet=self.sheet.title, row=row, column=column, value=display(value), reason=str(reason))

    def _not_this_plan(self, row, col, value, reason) -> None:
        """Another fiscal year or province: refused, unless the officer chose to start from this file."""
        self.foreign = True
        if self.starting_point:
            self.warn(row, col, value, reason)
        else:
            self.problem(
                row,
                col,
                value,
                _(
                    "%(reason)s This file is not this plan, so it is refused. To start this draft from it, "
                    "upload it again with “Use it as a starting point” ticked: its months are then taken by position."
                )
                % {"reason": reason},
            )

    # The header ---------------------------------------------------------------------------------

    def find_layout(self) -> _Layout | None:
        """The header is the first row naming both ประเด็นกิจกรรม and โครงการ/กิจกรรม."""
        sheet = self.sheet
        for row in range(1, min(sheet.max_row, HEADER_SEARCH_ROWS) + 1):
            keys = {heading_key(sheet.value(row, col, spread=True)) for col in range(1, sheet.max_column + 1)}
            if keys & _HEADING_ALIASES["topic"] and keys & _HEADING_ALIASES["activity"]:
                return self._layout_from(row)
        return None

    def _layout_from(self, header_row: int) -> _Layout:
        sheet = self.sheet
        rows = range(header_row, min(header_row + 3, sheet.max_row) + 1)
        columns: dict[str, int] = {}
        month_columns: dict[int, int] = {}
        month_row = header_row
        for row in rows:
            for col in range(1, sheet.max_column + 1):
                value = sheet.value(row, col, spread=True)
                key = heading_key(value)
                for name, aliases in _HEADING_ALIASES.items():
                    if key in aliases and name not in columns:
                        columns[name] = col
                month = month_of(value)
                if month is not None and month not in month_columns and sheet.value(row, col) is not None:
                    month_columns[month] = col
                    month_row = max(month_row, row)
        months = []
        for index, (_year, month) in enumerate(self.fiscal_year.months, start=1):
            if month in month_columns:
                months.append(month_columns[month])
            else:
                months.append(0)
                self.problem(
                    header_row,
                    None,
                    "",
                    _("The column of %(month)s was not found: the header needs the twelve months ต.ค. … ก.ย.")
                    % {"month": month_label(self.fiscal_year, index)},
                )
        self._check_years(header_row, month_row, months)
        self._check_extra_columns(rows, set(columns.values()) | set(months))
        for name in ("unit", "agencies"):
            if name not in columns:
                # Reading on without it would blank that column of every row of the plan.
                self.problem(
                    header_row,
                    None,
                    "",
                    _(
                        "No column “%(heading)s” was found in the header. It is required: put the column back "
                        "(with its heading) and upload the file again."
                    )
                    % {"heading": HEADINGS[name]},
                )
        return _Layout(header_row=header_row, first_data_row=month_row + 1, columns=columns, months=months)

    def _check_years(self, header_row: int, month_row: int, months: list[int]) -> None:
        for (year, _month), col in zip(self.fiscal_year.months, months, strict=True):
            for row in range(header_row, month_row if col else header_row):
                value = self.sheet.value(row, col, spread=True)
                match = _YEAR_RE.search(to_arabic_digits(cell_text(value)))
                if match and int(match.group(1)) != year + 543:
                    self._not_this_plan(
                        row,
                        col,
                        value,
                        _("The months are headed with the year %(found)s, which is not in fiscal year %(fy)s.")
                        % {"found": match.group(1), "fy": self.fiscal_year.year_be},
                    )
                    return

    def _check_extra_columns(self, rows, known: set[int]) -> None:
        for col in range(1, self.sheet.max_column + 1):
            if col in known:
                continue
            for row in rows:
                value = self.sheet.value(row, col, spread=True)
                if not is_blank(value):
                    self.warn(row, col, value, _("This column is not part of Form 1 and was ignored."))
                    break

    def check_title(self, header_row: int) -> None:
        for row in range(1, header_row):
            for col in range(1, self.sheet.max_column + 1):
                text = cell_text(self.sheet.value(row, col))
                if "ประจำปีงบประมาณ" not in text:
                    continue
                year = re.search(r"พ\.\s*ศ\.\s*(\d{4})", text)
                if year and int(to_arabic_digits(year.group(1))) != self.fiscal_year.year_be:
                    self._not_this_plan(
                        row,
                        col,
                        text,
                        _("The title is for fiscal year %(found)s, but this plan is for fiscal year %(fy)s.")
                        % {"found": to_arabic_digits(year.group(1)), "fy": self.fiscal_year.year_be},
                    )
                name = re.search(r"จังหวัด\s*([^\s.…]+)", text)
                if name and self.province is not None and name.group(1) != self.province.name_th:
                    self._not_this_plan(
                        row,
                        col,
                        text,
                        _("The title names the province %(found)s, but this plan is of %(province)s.")
                        % {"found": name.group(1), "province": self.province.name_th},
                    )
                return

    # The rows -----------------------------------------------------------------------------------

    def read_rows(self, layout: _Layout) -> list[TopicData]:
        sheet, columns = self.sheet, layout.columns
        col_topic, col_activity = columns["topic"], columns["activity"]
        # Cells left of the last Form 1 column are looked at; anything further right is not Form 1's.
        scanned = range(1, max([*columns.values(), *layout.months]) + 1)
        topics: list[TopicData] = []
        strategy = None  # a Strategy; False after a heading naming no strategy of the framework
        topic: TopicData | None = None
        activity: ItemData | None = None

        for row in range(layout.first_data_row, sheet.max_row + 1):
            first_col, first_text = next(((c, t) for c in scanned if (t := cell_text(sheet.value(row, c)))), (None, ""))
            heading = STRATEGY_RE.match(first_text)
            if heading:
                number = int(heading.group(1))
                strategy = self.strategies.get(number, False)
                if strategy is False:
                    self.problem(
                        row,
                        first_col,
                        first_text,
                        _("There is no strategy %(n)s in this fiscal year's framework.") % {"n": number},
                    )
                topic = activity = None
                continue

            cells = {name: sheet.value(row, col) for name, col in columns.items()}
            months = [sheet.value(row, col) if col else None for col in layout.months]
            topic_text, activity_text = cell_text(cells.get("topic")), cell_text(cells.get("activity"))
            others = [cells.get(name) for name in ("total", "unit", "agencies")]
            if all(is_blank(v) for v in [topic_text, activity_text, *others, *months]):
                continue  # a blank row, or notes in the number column or in columns that are not Form 1's
            if MORE_ROWS_MARK in topic_text:
                continue

            if topic_text and (topic is None or loose_key(topic_text) != loose_key(topic.title)):
                if strategy is None:
                    self.problem(
                        row,
                        col_topic,
                        topic_text,
                        _("This topic comes before any strategy heading (a row “ยุทธศาสตร์ที่ … : …”)."),
                    )
                topic = TopicData(strategy=strategy or None, title=topic_text, number=self._topic_number(row, columns))
                topics.append(topic)
                self.topic_cells[id(topic)] = (row, col_topic)
                activity = None

            if MORE_ROWS_MARK in activity_text:
                if not all(is_blank(v) for v in months):
                    self.warn(row, col_activity, activity_text, _("A “(เพิ่มเติมได้)” row is skipped, with its numbers."))
                continue
            if not activity_text:
                if not all(is_blank(v) for v in [*others, *months]):
                    self.problem(row, col_activity, "", _("This row has targets but no project or activity name."))
                continue

            is_sub_item = activity_text[0] in SUB_ITEM_MARKS
            title = activity_text.lstrip(SUB_ITEM_MARKS).strip() if is_sub_item else NUMBERING_RE.sub("", activity_text)
            if not title:
                self.problem(row, col_activity, activity_text, _("The activity needs a name."))
            item = ItemData(
                title=title,
                unit=self._unit(row, columns),
                agencies=self._agencies(row, columns),
                targets=self._targets(row, layout, months),
            )
            self._check_total(row, columns, item.targets)
            self.item_rows[id(item)] = row
            if is_sub_item:
                if activity is None:
                    self.problem(
                        row,
                        col_activity,
                        activity_text,
                        _("A sub-item (a line starting with “-”) comes before any activity of its topic."),
                    )
                else:
                    activity.sub_items.append(item)
            elif topic is None:
                self.problem(
                    row,
                    col_activity,
                    activity_text,
                    _("This activity has no topic: write the topic (ประเด็นกิจกรรม) on its first row."),
                )
            else:
                topic.items.append(item)
                activity = item
        return topics

    def _topic_number(self, row: int, columns: dict[str, int]) -> int | None:
        """The topic's number as printed in the ที่ column ("5", "๕", "5."), if it is one."""
        col = columns.get("number")
        number = as_number(cell_text(self.sheet.value(row, col)).rstrip(".")) if col else None
        if isinstance(number, int) and not isinstance(number, bool) and 0 < number < 1000:
            return number
        return None

    def check_topic_numbers(self, layout: _Layout, topics: list[TopicData]) -> None:
        """Topics are numbered in order from the first one's number: a number out of that order is said."""
        first = (topics[0].number if topics else None) or 1
        for index, topic in enumerate(topics):
            if topic.number is not None and topic.number != first + index:
                row, _col = self.topic_cells[id(topic)]
                self.warn(
                    row,
                    layout.columns.get("number"),
                    topic.number,
                    _("Topics are numbered in order from %(first)s: this topic will be number %(n)s.")
                    % {"first": first, "n": first + index},
                )

    def _targets(self, row: int, layout: _Layout, values: list) -> list[int]:
        raw = {}
        formulas = []
        for index, (col, value) in enumerate(zip(layout.months, values, strict=True), start=1):
            if isinstance(value, Uncomputed):
                self.problem(
                    row,
                    col,
                    value,
                    _("This formula has no saved result: type the number, or save the file in Excel first."),
                )
                value = None
            elif col and self.sheet.is_formula(row, col):
                formulas.append((col, value))
            raw[f"target_{index}"] = as_number(value)
            rows_spanned, cols_spanned = self.sheet.span(row, col) if col else (1, 1)
            if (rows_spanned > 1 or cols_spanned > 1) and raw[f"target_{index}"] != 0:
                self.problem(
                    row,
                    col,
                    value,
                    _("Targets in merged cells are ambiguous: unmerge the cells and type each month of each row."),
                )
        if formulas:
            formula_notice(self, row, formulas)
        try:
            clean = validate_targets(self.fiscal_year, raw)
        except PlanError as exc:
            for name, message in exc.errors.items():
                index = int(name.rsplit("_", 1)[1])
                self.problem(row, layout.months[index - 1], values[index - 1], message)
            clean = {name: value for name, value in raw.items() if name not in exc.errors}
        return [clean.get(f"target_{i}", 0) for i in range(1, 13)]

    def _check_total(self, row: int, columns: dict[str, int], targets: Sequence[int]) -> None:
        col = columns.get("total")
        if col and self.sheet.is_formula(row, col):
            # The spreadsheet's own sum, which skips months typed as text (Thai digits): the total
            # is computed from the months anyway, so what a formula shows is never compared.
            return
        value = self.sheet.value(row, col) if col else None
        if is_blank(value):
            return  # no stated total: it is computed
        stated = as_number(value)
        if not isinstance(stated, int) or isinstance(stated, bool):
            self.warn(
                row, col, value, _("The stated total is not a whole number; the total is computed from the months.")
            )
        elif stated != sum(targets):
            self.warn(
                row,
                col,
                value,
                _("The stated total is %(stated)s but the months add up to %(sum)s; the months are used.")
                % {"stated": f"{stated:,}", "sum": f"{sum(targets):,}"},
            )

    def plan_notices(self, layout: _Layout, topics: list[TopicData]) -> list[Problem]:
        """What the plan page will warn about, at the cell where the officer can fix it in the file."""
        columns, notices = layout.columns, []
        first_month = next((c for c in layout.months if c), None)

        def note(item, col, reason):
            notices.append(self._note(self.item_rows[id(item)], col, item.title, reason))

        for topic in topics:
            for activity in topic.items:
                for item in [activity, *activity.sub_items]:
                    if not any(item.targets):
                        note(item, first_month, _("No target in any month."))
                    if not item.unit:
                        note(item, columns.get("unit"), _("No unit (หน่วยนับ)."))
                if not activity.agencies:
                    note(activity, columns.get("agencies"), _("No responsible agency (หน่วยงานรับผิดชอบ)."))
                sub_total, total = sum(sum(s.targets) for s in activity.sub_items), sum(activity.targets)
                if activity.sub_items and sub_total != total:
                    note(
                        activity,
                        columns.get("total") or first_month,
                        _("Its sub-items add up to %(sub)s, the activity's target is %(total)s.")
                        % {"sub": f"{sub_total:,}", "total": f"{total:,}"},
                    )
        return notices

    def _unit(self, row: int, columns: dict[str, int]) -> str:
        col = columns.get("unit")
        # A unit merged down over an activity and its sub-items applies to each of them.
        unit = " ".join(cell_text(self.sheet.value(row, col, spread=True)).split()) if col else ""
        if len(unit) > 50:
            self.problem(row, col, unit, _("The unit is at most 50 characters."))
            return unit[:50]
        return unit

    def _agencies(self, row: int, columns: dict[str, int]) -> list[Agency]:
        col = columns.get("agencies")
        text = cell_text(self.sheet.value(row, col, spread=True)) if col else ""
        agencies = []
        for part in re.split(r"[/,;\n、]+", text):
            name = part.strip()
            if not name:
                continue
            agency = self.agencies.get(re.sub(r"[\s.]", "", name)) or self.agencies.get(re.sub(r"\s", "", name))
            if agency is None:
                self.problem(
                    row,
                    col,
                    text,
                    _("Unknown agency “%(name)s”. Use the abbreviations %(known)s, separated by “/”.")
                    % {"name": name, "known": ", ".join(sorted({a.abbreviation for a in self.agencies.values()}))},
                )
            elif agency not in agencies:
                agencies.append(agency)
        return agencies


def parse_workbook(
    file, *, fiscal_year: FiscalYear, province: Province | None = None, starting_point: bool = False
) -> ImportResult:
    """Read a filled-in Form 1 workbook. Raises WorkbookRefused for a file that is not opened at all.

    The sheet named "แบบฟอร์ม 1" is read, or else the first sheet with the Form 1 header. Columns are
    found by their headings, so added or moved columns do not matter. A file of another fiscal year or
    province is refused, unless `starting_point`: then its months are taken by position.
    """
    data = read_upload(file)
    check_package(data)
    formulas = open_workbook(data, data_only=False)
    values = open_workbook(data, data_only=True)
    names = [SHEET_TITLE] if SHEET_TITLE in formulas.sheetnames else []
    names += [ws.title for ws in formulas.worksheets if ws.title not in names]
    for name in names:
        worksheet = formulas[name]
        if worksheet.max_row > MAX_ROWS:
            raise WorkbookRefused(
                _("The sheet “%(sheet)s” has %(rows)s rows; Form 1 may have at most %(max)s.")
                % {"sheet": name, "rows": f"{worksheet.max_row:,}", "max": f"{MAX_ROWS:,}"},
                code="too_many_rows",
            )
        reader = _Reader(
            Sheet(worksheet, values[name]), fiscal_year=fiscal_year, province=province, starting_point=starting_point
        )
        layout = reader.find_layout()
        if layout is None:
            continue
        reader.check_title(layout.header_row)
        topics = reader.read_rows(layout) if not reader.problems else []
        if not reader.problems and not any(t.items for t in topics):
            reader.problem(
                layout.first_data_row,
                layout.columns["activity"],
                "",
                _("No activities were found under the header: importing would empty the plan."),
            )
        for topic in topics:
            if not topic.items:
                reader.warn(*reader.topic_cells[id(topic)], topic.title, _("This topic has no activities."))
        reader.check_topic_numbers(layout, topics)
        return ImportResult(
            topics=topics,
            problems=reader.problems,
            warnings=reader.warnings,
            sheet=name,
            notices=reader.plan_notices(layout, topics) if not reader.problems else [],
            starting_point=reader.foreign and starting_point,
        )
    raise WorkbookRefused(
        _(
            "No sheet has the Form 1 header (ที่, ประเด็นกิจกรรม, โครงการ/กิจกรรม, เป้าหมาย with the twelve months, "
            "รวม, หน่วยนับ, หน่วยงานรับผิดชอบ)."
        ),
        code="no_header",
    )


# Import: what would change ----------------------------------------------------------------------


@dataclass
class RowChange:
    kind: str  # "added", "removed" or "changed"
    level: str  # "topic", "activity" or "sub_item"
    topic: str
    title: str
    old_total: int | None = None
    new_total: int | None = None
    details: list[str] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return {"topic": _("Topic"), "activity": _("Activity"), "sub_item": _("Sub-item")}[self.level]

    @property
    def kind_label(self) -> str:
        return {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed")}[self.kind]


@dataclass
class Changes:
    """An import compared with a version's rows, and the rows to write (matched rows keep their keys)."""

    topics: list[TopicData]
    rows: list[RowChange]
    unchanged: int
    fingerprint: str
    # The version held nothing or only the centre's template as copied: rows pair by name only, and
    # the template's rows the file does not have are left out (counted, not listed as removals).
    first_import: bool = False
    left_out: int = 0

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        return self.count("changed")


def fingerprint(table) -> str:
    """Changes whenever the version or any of its rows is saved, added, moved or removed."""
    version = table.version
    parts = [f"v{version.pk}.{version.revision}.{version.state}"]
    for block in table.strategies:
        for topic in block.topics:
            t = topic.topic
            parts.append(f"t{t.pk}.{t.revision}.{t.order}.{t.strategy_id}")
            for row in topic.rows:
                for r in [row, *row.sub_items]:
                    parts.append(f"i{r.item.pk}.{r.item.revision}.{r.item.order}.{r.item.parent_id}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _pair(old_keys: list[str], new_keys: list[str], *, renames: bool = True) -> dict[int, int]:
    """Pair new rows with old ones (index → index): equal names first, in order; then (with `renames`)
    a row left unpaired at the same position as an unpaired old one is taken as renamed."""
    waiting: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(old_keys):
        waiting[key].append(index)
    pairs: dict[int, int] = {}
    for index, key in enumerate(new_keys):
        if waiting.get(key):
            pairs[index] = waiting[key].pop(0)
    if not renames:
        return pairs
    taken = set(pairs.values())
    for index in range(min(len(old_keys), len(new_keys))):
        if index not in pairs and index not in taken:
            pairs[index] = index
    return pairs


def _outline(topics) -> list:
    """What an officer changes in rows (names, units, agencies, targets, budgets), from a table's topics or
    from TopicData."""

    def item(data, subs) -> tuple:
        agencies = tuple(a.pk for a in (data.agencies.all() if hasattr(data.agencies, "all") else data.agencies))
        subs = tuple(item(s, ()) for s in subs)
        return (loose_key(data.title), data.unit, agencies, tuple(data.targets), data.budget, subs)

    result = []
    for topic in topics:
        if isinstance(topic, TopicData):
            rows = [item(i, i.sub_items) for i in topic.items]
            result.append((topic.strategy.number, loose_key(topic.title), rows))
        else:
            rows = [item(r.item, [s.item for s in r.sub_items]) for r in topic.rows]
            result.append((topic.topic.strategy.number, loose_key(topic.topic.title), rows))
    return result


def is_first_import(version: PlanVersion, table=None) -> bool:
    """The version holds nothing yet, or exactly the centre's template as the plan was created from it."""
    if version.number != 1:
        return False
    table = table or load_table(version)
    mine = [t for block in table.strategies for t in block.topics]
    if not mine:
        return True
    return _outline(mine) == _outline(rows_from_template(version.plan.fiscal_year))


def compare_rows(version: PlanVersion, topics: list[TopicData]) -> Changes:
    """What writing `topics` into `version` would change, row by row.

    A first import (into a plan that still holds only the centre's template) pairs rows by name only:
    the file's own rows are added, never shown as renamed template rows, and the template's rows that
    the file does not have are counted as left out rather than listed as removals.
    """
    table = load_table(version)
    fiscal_year = version.plan.fiscal_year
    first = is_first_import(version, table)
    rows: list[RowChange] = []
    unchanged = 0
    left_out = 0

    def item_changes(old: Row, new: ItemData) -> list[str]:
        item = old.item
        details = []
        if loose_key(item.title) != loose_key(new.title):
            details.append(_("name: “%(old)s” → “%(new)s”") % {"old": item.title, "new": new.title})
        if item.unit != new.unit:
            details.append(_("unit: %(old)s → %(new)s") % {"old": item.unit or "–", "new": new.unit or "–"})
        old_agencies = [a.abbreviation for a in item.ordered_agencies]
        new_agencies = [a.abbreviation for a in new.agencies]
        if old_agencies != new_agencies:  # the order typed is kept, so a new order is a change
            details.append(
                _("agencies: %(old)s → %(new)s")
                % {"old": "/".join(old_agencies) or "–", "new": "/".join(new_agencies) or "–"}
            )
        for index, (before, after) in enumerate(zip(item.targets, new.targets, strict=True), start=1):
            if before != after:
                details.append(f"{month_label(fiscal_year, index)}: {before} → {after}")
        return details

    def removed(topic_title: str, old: Row, level: str):
        nonlocal left_out
        if first:
            left_out += 1 + len(old.sub_items)
            return
        rows.append(RowChange("removed", level, topic_title, old.item.title, old_total=old.total))
        for sub in old.sub_items:
            removed(topic_title, sub, "sub_item")

    def added(topic_title: str, new: ItemData, level: str):
        rows.append(RowChange("added", level, topic_title, new.title, new_total=sum(new.targets)))
        for sub in new.sub_items:
            added(topic_title, sub, "sub_item")

    def merge_items(topic_title: str, olds: list[Row], news: list[ItemData], level: str) -> list[ItemData]:
        nonlocal unchanged
        pairs = _pair([loose_key(r.item.title) for r in olds], [loose_key(n.title) for n in news], renames=not first)
        paired_olds = set(pairs.values())
        result = []
        for index, new in enumerate(news):
            if index not in pairs:
                added(topic_title, new, level)
                result.append(new)
                continue
            old = olds[pairs[index]]
            details = item_changes(old, new)
            if details:
                rows.append(RowChange("changed", level, topic_title, new.title, old.total, sum(new.targets), details))
            else:
                unchanged += 1
            sub_items = (
                merge_items(topic_title, old.sub_items, new.sub_items, "sub_item") if level == "activity" else []
            )
            result.append(
                dataclasses.replace(
                    new,
                    key=old.item.key,
                    budget=old.item.budget,
                    sub_items=sub_items,
                    template_item_id=old.item.template_item_id,
                )
            )
        for index, old in enumerate(olds):
            if index not in paired_olds:
                removed(topic_title, old, level)
        return result

    old_topics: dict[int, list] = {b.strategy.number: b.topics for b in table.strategies}
    new_topics: dict[int, list[TopicData]] = defaultdict(list)
    for topic in topics:
        new_topics[topic.strategy.number].append(topic)
    merged: dict[int, TopicData] = {}
    for number in sorted(set(old_topics) | set(new_topics)):
        olds, news = old_topics.get(number, []), new_topics.get(number, [])
        pairs = _pair([loose_key(t.topic.title) for t in olds], [loose_key(t.title) for t in news], renames=not first)
        paired_olds = set(pairs.values())
        for index, new in enumerate(news):
            if index not in pairs:
                rows.append(RowChange("added", "topic", new.title, new.title))
                for item in new.items:
                    added(new.title, item, "activity")
                merged[id(new)] = new
                continue
            old = olds[pairs[index]]
            if loose_key(old.topic.title) != loose_key(new.title):
                details = [_("name: “%(old)s” → “%(new)s”") % {"old": old.topic.title, "new": new.title}]
                rows.append(RowChange("changed", "topic", new.title, new.title, details=details))
            else:
                unchanged += 1
            items = merge_items(new.title, old.rows, new.items, "activity")
            merged[id(new)] = dataclasses.replace(new, key=old.topic.key, items=items)
        for index, old in enumerate(olds):
            if index not in paired_olds:
                if not first:
                    rows.append(RowChange("removed", "topic", old.topic.title, old.topic.title))
                for row in old.rows:
                    removed(old.topic.title, row, "activity")
    return Changes(
        topics=[merged[id(t)] for t in topics],
        rows=rows,
        unchanged=unchanged,
        fingerprint=fingerprint(table),
        first_import=first,
        left_out=left_out,
    )
