"""Form 1 in: a filled-in workbook read into rows for `services.replace_rows`, every problem
reported by sheet, row and column. It writes nothing."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from labourplan.lib.digits import to_arabic_digits
from labourplan.lib.spreadsheet.files import (
    HEADER_SEARCH_ROWS,
    WorkbookRefused,
)
from labourplan.lib.spreadsheet.reading import (
    Notes,
    Problem,
    Sheet,
    Uncomputed,
    as_number,
    cell_text,
    form_sheets,
    formula_notice,
    heading_key,
    is_blank,
    loose_key,
    month_of,
)
from labourplan.plans.excel.layout import (
    HEADINGS,
    MORE_ROWS_MARK,
    NUMBERING_RE,
    SHEET_TITLE,
    STRATEGY_RE,
    SUB_ITEM_MARKS,
)
from labourplan.plans.services import (
    ItemData,
    PlanError,
    TopicData,
    month_label,
    validate_targets,
)
from labourplan.reference.models import Agency, FiscalYear, Province

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
_YEAR_RE = re.compile(r"(\d{4})")


@dataclass
class _Layout:
    header_row: int
    first_data_row: int
    columns: dict[str, int]
    months: list[int]  # column of each month in plan order (Oct … Sep)


class _Reader(Notes):
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
                self.uncomputed(row, col, value)
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
    sheets = form_sheets(
        file,
        title=SHEET_TITLE,
        too_many_rows=_("The sheet “%(sheet)s” has %(rows)s rows; Form 1 may have at most %(max)s."),
    )
    for sheet in sheets:
        reader = _Reader(sheet, fiscal_year=fiscal_year, province=province, starting_point=starting_point)
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
            sheet=sheet.title,
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
