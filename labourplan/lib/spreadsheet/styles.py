"""The look of every workbook we write: the font of the printed forms (TH Sarabun New), thin borders,
the header's fill, and `style_range` to give a block of cells (merged ones too) one style."""

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

FONT_NAME = "TH Sarabun New"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name=FONT_NAME, size=14)
BOLD = Font(name=FONT_NAME, size=14, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
STRATEGY_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
TEXT = Alignment(horizontal="left", vertical="top", wrap_text=True)
NUMBER = Alignment(horizontal="center", vertical="top")
# Zero shows as "-", as on the printed form, while the cell stays a number for =SUM.
NUMBER_FORMAT = '#,##0;[Red]-#,##0;"-"'


def style_range(sheet, first_row, last_row, first_col, last_col, *, font, fill=None, alignment=None):
    # Borders of merged cells are drawn from every cell of the range, so style them all.
    for row in range(first_row, last_row + 1):
        for col in range(first_col, last_col + 1):
            cell = sheet.cell(row, col)
            cell.font, cell.border = font, BORDER
            if fill is not None:
                cell.fill = fill
            if alignment is not None:
                cell.alignment = alignment


def print_on_a4_landscape(sheet, *, title_rows: str) -> None:
    """Print as the official forms are: A4 landscape, one page wide, the header on every page,
    centred, "หน้า n / m" at the foot."""
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.oddFooter.center.text = "หน้า &P / &N"
