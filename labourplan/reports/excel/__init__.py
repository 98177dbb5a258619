"""Form 2 (the monthly report) as an Excel workbook: the month's table out, the results typed in it back in.

The export is the approved plan's table seen through one month (`load_report_table`): the cells an
officer types in are yellow, the rest look locked, and a hidden column carries each row's stable
key. The import reads such a workbook, or one made by hand, into results, remarks, the month's
disbursement and narratives, matching rows by key and else by name. It writes nothing: the views
apply it through the report services. The file itself is judged by Form 1's checks (size, macros,
encryption, zip bombs) before openpyxl opens it.
"""

from labourplan.reports.excel.changes import FieldChange, ReportImport, ResultChange, fingerprint
from labourplan.reports.excel.export import export_workbook
from labourplan.reports.excel.layout import allocated_amount, report_title
from labourplan.reports.excel.reader import parse_workbook

__all__ = [
    "FieldChange",
    "ReportImport",
    "ResultChange",
    "allocated_amount",
    "export_workbook",
    "fingerprint",
    "parse_workbook",
    "report_title",
]
