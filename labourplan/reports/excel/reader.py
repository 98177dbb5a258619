"""Form 2 in: a filled-in workbook read against the report, rows matched by their hidden key or
else by name. It writes nothing: the views apply it through the report services."""

import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from labourplan.lib.digits import parse_decimal, to_arabic_digits
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
    display,
    form_sheets,
    formula_notice,
    heading_key,
    is_blank,
    loose_key,
    month_of,
)
from labourplan.lib.thaidate import month_name
from labourplan.plans.excel import MORE_ROWS_MARK, NUMBERING_RE, STRATEGY_RE, SUB_ITEM_MARKS
from labourplan.plans.services import MAX_TARGET
from labourplan.reports.excel.changes import ReportImport, field_changes, fingerprint, result_changes
from labourplan.reports.excel.layout import (
    FIXED_HEADINGS,
    HEADER_MONTH_RE,
    MAX_MONEY,
    PROVINCE_RE,
    SHEET_TITLE,
    TITLE_RE,
    column_kind,
    footer_kind,
)
from labourplan.reports.models import MonthlyReport
from labourplan.reports.table import ReportRow, load_report_table


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


class _Reader(Notes):
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

    # The header ---------------------------------------------------------------------------------

    def find_layout(self) -> _Layout | None:
        """The header is the first row naming โครงการ/กิจกรรม with a column of results (ผล…) under or beside it."""
        sheet = self.sheet
        for row in range(1, min(sheet.max_row, HEADER_SEARCH_ROWS) + 1):
            texts = [heading_key(sheet.value(row, col, spread=True)) for col in range(1, sheet.max_column + 1)]
            if not any(t in FIXED_HEADINGS["activity"] for t in texts):
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
            if heading_key(sheet.value(header_row, col, spread=True)) in FIXED_HEADINGS["activity"]
        )
        # A second header row ("เป้าหมาย | ผล" under "เดือนนี้"): headings of its own, and nothing
        # in the activity column but the heading merged down from above.
        if below <= sheet.max_row and is_blank(sheet.value(below, activity_col)):
            own = [heading_key(sheet.value(below, col)) for col in range(1, sheet.max_column + 1)]
            if any(text and column_kind([text]) for text in own):
                rows.append(below)
        columns: dict[str, int] = {}
        extra: list[tuple[int, str]] = []
        for col in range(1, sheet.max_column + 1):
            texts = [t for row in rows if (t := heading_key(sheet.value(row, col, spread=True)))]
            if not texts:
                continue
            kind = column_kind(texts)
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
                match = TITLE_RE.search(text)
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
                name = PROVINCE_RE.search(text[: match.start()])
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
                match = HEADER_MONTH_RE.match(cell_text(self.sheet.value(row, col)))
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
            kind = footer_kind(text)
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
            self.uncomputed(row, col, value)
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
    sheets = form_sheets(
        file,
        title=SHEET_TITLE,
        too_many_rows=_("The sheet “%(sheet)s” has %(rows)s rows; Form 2 may have at most %(max)s."),
    )
    strategies = load_report_table(report)
    for sheet in sheets:
        reader = _Reader(sheet, report, strategies)
        layout = reader.find_layout()
        if layout is None:
            continue
        reader.check_title(layout.header_row)
        reader.check_header_month(layout)
        reader.read_rows(layout)
        reader.check_keys()
        reader.check_parents()
        results, unchanged = result_changes(reader)
        fields = field_changes(reader)
        leaves = [e for e in reader.entries if e.row.is_leaf]
        return ReportImport(
            sheet=sheet.title,
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
