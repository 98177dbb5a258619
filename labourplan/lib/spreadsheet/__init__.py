"""The one guard against formula injection, used by every export (Excel and CSV).

Text that people typed (titles, remarks, narratives, names) must never reach a spreadsheet as
something it would evaluate: a cell beginning with ``=``, ``+``, ``-`` or ``@`` (and a tab or a
carriage return, which some programs strip before looking) is a formula to Excel, LibreOffice
and Google Sheets, and can run commands or leak data when the file is opened (OWASP "CSV
injection").

- In a workbook, such text is written as a text cell (``data_type "s"``) with Excel's quote
  prefix: it shows exactly as typed, is never evaluated, and stays text when edited. The value is
  unchanged, so a workbook downloaded and uploaded again reads back the same words. That is why
  no prefix is added to the text itself: a sub-item written "- ตลาดสด" or a title "=เป้าหมาย"
  must come back from our own importers exactly as typed.
- In CSV, which has no types, such text is prefixed with an apostrophe, as OWASP recommends.

Numbers and dates we compute are written as numbers and dates; only text goes through here.
Every writer (plans, reports, partners, evaluation, dashboard exports) uses `put_text` /
`put_value` for text people typed; tests/dashboard/test_spreadsheet_guard.py sweeps them all.
"""

from __future__ import annotations

DANGEROUS_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(text: str) -> bool:
    return isinstance(text, str) and text.startswith(DANGEROUS_FIRST_CHARACTERS)


def put_text(cell, text: str | None):
    """Write user text into an openpyxl cell as text, never as a formula. Returns the cell."""
    cell.value = text or None
    if cell.value is not None:
        cell.data_type = "s"
        if is_dangerous(cell.value):
            cell.quotePrefix = True
    return cell


def put_value(cell, value):
    """Write a value we computed or a person typed: text through `put_text`, anything else as is."""
    if isinstance(value, str):
        return put_text(cell, value)
    cell.value = value
    return cell


def csv_value(value):
    """A value for a CSV cell: text that a spreadsheet would evaluate gets an apostrophe first."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value
