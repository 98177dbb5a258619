"""Form 1 as an Excel workbook: the official layout out, a filled-in workbook back in.

Export writes the table a province prints, signs and sends. Import reads a workbook the officer
filled in (Excel, LibreOffice, Google Sheets) back into rows for `services.replace_rows`; it
never writes anything itself. Everything wrong in the file is reported by sheet, row and column
so that it can be fixed in the file, and a file that is not a plain .xlsx workbook is refused
before openpyxl opens it.
"""

from labourplan.lib.spreadsheet.files import WorkbookRefused
from labourplan.plans.excel.changes import Changes, RowChange, compare_rows, fingerprint, is_first_import
from labourplan.plans.excel.export import export_workbook, template_workbook
from labourplan.plans.excel.layout import MORE_ROWS_MARK, NUMBERING_RE, STRATEGY_HEADING, STRATEGY_RE, SUB_ITEM_MARKS
from labourplan.plans.excel.reader import ImportResult, parse_workbook

__all__ = [
    "MORE_ROWS_MARK",
    "NUMBERING_RE",
    "STRATEGY_HEADING",
    "STRATEGY_RE",
    "SUB_ITEM_MARKS",
    "Changes",
    "ImportResult",
    "RowChange",
    "WorkbookRefused",
    "compare_rows",
    "export_workbook",
    "fingerprint",
    "is_first_import",
    "parse_workbook",
    "template_workbook",
]
