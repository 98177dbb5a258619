"""Reading a sheet as the officer sees it: `Sheet` knows merged ranges and shows a formula's saved
result; the cell helpers read text loosely (spaces, Thai digits, month headings); `Problem` is
something at one cell the officer should look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from labourplan.lib.digits import parse_target
from labourplan.lib.spreadsheet.files import (
    MAX_COLUMNS,
    MAX_MERGED_CELLS,
    MAX_ROWS,
    WorkbookRefused,
    check_package,
    open_workbook,
    read_upload,
)
from labourplan.lib.thaidate import MONTHS_EN_ABBR, MONTHS_TH, MONTHS_TH_ABBR


@dataclass
class Problem:
    """Something in the workbook, at one cell, that the officer should look at."""

    sheet: str
    row: int | None
    column: str
    value: str
    reason: str


class Notes:
    """What a sheet reader says about cells: `problems` refuse the file, `warnings` are for the
    officer to look at. A reader sets `sheet`, `problems` and `warnings`."""

    sheet: Sheet
    problems: list[Problem]
    warnings: list[Problem]

    def problem(self, row, col, value, reason):
        self.problems.append(self._note(row, col, value, reason))

    def warn(self, row, col, value, reason):
        self.warnings.append(self._note(row, col, value, reason))

    def uncomputed(self, row, col, value):
        """A formula with no saved result is refused: openpyxl does not calculate."""
        self.problem(
            row, col, value, _("This formula has no saved result: type the number, or save the file in Excel first.")
        )

    def _note(self, row, col, value, reason) -> Problem:
        column = get_column_letter(col) if col else ""
        return Problem(sheet=self.sheet.title, row=row, column=column, value=display(value), reason=str(reason))


class Uncomputed:
    """A formula cell whose result was never saved (openpyxl does not calculate)."""

    def __init__(self, formula: str):
        self.formula = formula

    def __str__(self):
        return self.formula


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ")
    return text.replace("\r\n", "\n").strip()


def loose_key(text: str) -> str:
    """Text compared loosely: case and spacing do not matter."""
    return " ".join(text.split()).casefold()


def heading_key(value) -> str:
    # "ประเด็นกิจกรรม (สอดคล้องกับ…)" and "หน่วยงาน รับผิดชอบ" are the same headings.
    return re.sub(r"\s+", "", cell_text(value).split("(")[0])


MONTH_KEYS = {
    **{abbr.replace(".", ""): m for m, abbr in enumerate(MONTHS_TH_ABBR, start=1)},
    **{name: m for m, name in enumerate(MONTHS_TH, start=1)},
    **{abbr.casefold(): m for m, abbr in enumerate(MONTHS_EN_ABBR, start=1)},
}


def month_of(value) -> int | None:
    """The calendar month a heading names: ต.ค., ตุลาคม, "ต.ค. 69", Oct."""
    text = re.sub(r"[\s.\d]", "", cell_text(value)).casefold()
    return MONTH_KEYS.get(text)


def is_blank(value) -> bool:
    return cell_text(value) == ""


def display(value) -> str:
    text = cell_text(value)
    return text if len(text) <= 100 else text[:99] + "…"


class Sheet:
    """One worksheet as the officer sees it: merged ranges known, formulas replaced by their saved result."""

    def __init__(self, formulas, values):
        self._formulas, self._values = formulas, values
        self.title = formulas.title
        self.max_row = formulas.max_row
        self.max_column = min(formulas.max_column, MAX_COLUMNS)
        self._origin: dict[tuple[int, int], tuple[int, int]] = {}
        self._span: dict[tuple[int, int], tuple[int, int]] = {}  # origin → (rows, columns)
        mapped = 0
        for merged in formulas.merged_cells.ranges:
            origin = (merged.min_row, merged.min_col)
            self._span[origin] = (merged.max_row - merged.min_row + 1, merged.max_col - merged.min_col + 1)
            rows = range(merged.min_row, min(merged.max_row, self.max_row) + 1)
            cols = range(merged.min_col, min(merged.max_col, self.max_column) + 1)
            mapped += len(rows) * len(cols)
            if mapped > MAX_MERGED_CELLS:
                raise WorkbookRefused(
                    _("The sheet “%(sheet)s” has far more merged cells than Form 1 has.") % {"sheet": self.title},
                    code="too_many_rows",
                )
            for row in rows:
                for col in cols:
                    self._origin[(row, col)] = origin

    def value(self, row: int, col: int, *, spread: bool = False):
        """The value shown in a cell. Inside a merged range only its first cell has it, unless `spread`."""
        origin = self._origin.get((row, col), (row, col))
        if origin != (row, col) and not spread:
            return None
        cell = self._formulas.cell(*origin)
        if cell.data_type == "f":
            saved = self._values.cell(*origin).value
            return Uncomputed(str(cell.value)) if saved is None else saved
        return cell.value

    def span(self, row: int, col: int) -> tuple[int, int]:
        return self._span.get((row, col), (1, 1))

    def is_formula(self, row: int, col: int) -> bool:
        """Whether the cell (or the merged range it is in) holds a formula rather than what was typed."""
        origin = self._origin.get((row, col), (row, col))
        return self._formulas.cell(*origin).data_type == "f"


def formula_notice(reader, row: int, cells: list[tuple[int, object]]) -> None:
    """A notice that cells typed as numbers hold formulas: their saved values are what is taken."""
    names = ", ".join(f"{get_column_letter(col)}{row}" for col, _value in cells)
    shown = ", ".join(display(value) or "0" for _col, value in cells)
    reader.warn(
        row,
        cells[0][0],
        names,
        _("The cells %(cells)s hold formulas: their values as last calculated (%(values)s) were taken.")
        % {"cells": names, "values": shown},
    )


def as_number(value):
    """A cell as the whole number the officer meant, or as it is when it is not one (to be refused)."""
    if value is None or isinstance(value, bool | int | float | str):
        return parse_target(value)
    return cell_text(value)


def form_sheets(file, *, title: str, too_many_rows: str) -> Iterator[Sheet]:
    """The sheets of an uploaded workbook in the order a form is looked for in them: the one named
    `title` first, then the others. The file is read and opened here (WorkbookRefused for one that
    is not opened at all); each sheet as it is reached, refused with `too_many_rows` (a message with
    %(sheet)s, %(rows)s and %(max)s) when it has more rows than a form may have."""
    data = read_upload(file)
    check_package(data)
    formulas = open_workbook(data, data_only=False)
    values = open_workbook(data, data_only=True)
    names = [title] if title in formulas.sheetnames else []
    names += [ws.title for ws in formulas.worksheets if ws.title not in names]
    return _sheets(formulas, values, names, too_many_rows)


def _sheets(formulas, values, names: list[str], too_many_rows: str) -> Iterator[Sheet]:
    for name in names:
        worksheet = formulas[name]
        if worksheet.max_row > MAX_ROWS:
            raise WorkbookRefused(
                too_many_rows % {"sheet": name, "rows": f"{worksheet.max_row:,}", "max": f"{MAX_ROWS:,}"},
                code="too_many_rows",
            )
        yield Sheet(worksheet, values[name])
