"""The partner-network register in and out of Excel, with the plan import's rules: the file is
checked by its content before it is opened (lib.spreadsheet.files), and every problem is reported by sheet,
row and column so that it can be fixed in the file. Import reads; `services.import_partners` writes.
"""

import io
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from labourplan.lib.digits import to_arabic_digits
from labourplan.lib.spreadsheet import put_value
from labourplan.lib.spreadsheet.files import HEADER_SEARCH_ROWS, MAX_ROWS, check_package, open_workbook
from labourplan.lib.spreadsheet.reading import Problem, cell_text, display
from labourplan.lib.spreadsheet.styles import BORDER
from labourplan.lib.thaidate import format_date
from labourplan.partners.models import LawfulBasis, Partner, PartnerKind

SHEET_TITLE = "ทะเบียนภาคีเครือข่าย"
TITLE = "ทะเบียนภาคีเครือข่ายหน่วยงานภาครัฐ ภาคเอกชน ภาคประชาสังคม และชุมชน จังหวัด{province}"
PDPA_NOTICE = (
    "ข้อมูลในทะเบียนนี้เป็นข้อมูลส่วนบุคคลตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 "
    "ส่งออกเพื่อใช้ประสานงานภาคีเครือข่ายในการป้องกันและแก้ไขปัญหาการใช้แรงงานบังคับและการค้ามนุษย์ด้านแรงงานเท่านั้น "
    "ห้ามเผยแพร่ ส่งต่อ หรือใช้เพื่อวัตถุประสงค์อื่น และให้ทำลายเมื่อหมดความจำเป็น"
)
EXPORT_PURPOSE = "ประสานงานภาคีเครือข่ายเพื่อป้องกันและแก้ไขปัญหาการค้ามนุษย์ด้านแรงงาน"

# Column headings as exported; the import also accepts the aliases.
COLUMNS = [
    ("number", "ลำดับ", 6),
    ("name", "ชื่อภาคีเครือข่าย", 36),
    ("kind", "ประเภท", 22),
    ("contact_person", "ผู้ติดต่อ", 22),
    ("phone", "โทรศัพท์", 15),
    ("email", "อีเมล", 26),
    ("line_id", "LINE ID", 16),
    ("area", "พื้นที่", 22),
    ("notes", "หมายเหตุ", 30),
    ("is_active", "สถานะ", 12),
    # Last, so that the letters of the columns before it stay those of files made before it.
    ("lawful_basis", "ฐานทางกฎหมาย", 34),
]
_ALIASES = {
    "number": {"ลำดับ", "ที่", "no", "no."},
    "name": {"ชื่อภาคีเครือข่าย", "ชื่อ", "ชื่อหน่วยงาน", "ภาคีเครือข่าย", "name"},
    "kind": {"ประเภท", "ประเภทภาคี", "type", "kind"},
    "contact_person": {"ผู้ติดต่อ", "ผู้ประสานงาน", "ชื่อผู้ติดต่อ", "contactperson", "contact"},
    "phone": {"โทรศัพท์", "เบอร์โทรศัพท์", "โทร", "เบอร์โทร", "phone"},
    "email": {"อีเมล", "อีเมล์", "e-mail", "email"},
    "line_id": {"lineid", "line", "ไลน์"},
    "area": {"พื้นที่", "พื้นที่รับผิดชอบ", "area"},
    "notes": {"หมายเหตุ", "notes", "note"},
    "is_active": {"สถานะ", "status"},
    "lawful_basis": {"ฐานทางกฎหมาย", "ฐานทางกฎหมายในการเก็บข้อมูล", "ฐานกฎหมาย", "lawfulbasis", "lawful basis"},
}
KIND_TH = {
    PartnerKind.GOVERNMENT: "หน่วยงานภาครัฐ",
    PartnerKind.PRIVATE: "ภาคเอกชน",
    PartnerKind.CIVIL_SOCIETY: "ภาคประชาสังคม/NGOs",
    PartnerKind.COMMUNITY: "ชุมชน (อสม./กำนัน/ผู้ใหญ่บ้าน)",
}
_KIND_WORDS = {
    PartnerKind.GOVERNMENT: ("ภาครัฐ", "ราชการ", "government"),
    PartnerKind.PRIVATE: ("เอกชน", "private"),
    PartnerKind.CIVIL_SOCIETY: ("ประชาสังคม", "ngo", "civil"),
    PartnerKind.COMMUNITY: ("ชุมชน", "อสม", "กำนัน", "ผู้ใหญ่บ้าน", "community"),
}
# The labels of LawfulBasis in Thai, whatever the language of the person exporting.
LAWFUL_BASIS_TH = {
    LawfulBasis.PUBLIC_TASK: "การปฏิบัติหน้าที่เพื่อประโยชน์สาธารณะหรือการใช้อำนาจรัฐ (มาตรา 24(4))",
    LawfulBasis.CONSENT: "ความยินยอมของเจ้าของข้อมูล (มาตรา 19)",
    LawfulBasis.LEGITIMATE_INTEREST: "ประโยชน์โดยชอบด้วยกฎหมาย (มาตรา 24(5))",
    LawfulBasis.CONTRACT: "การปฏิบัติตามสัญญากับเจ้าของข้อมูล (มาตรา 24(3))",
}
# Short forms an officer may type instead of the whole label; a cell that matches words of two
# bases is refused rather than guessed.
_LAWFUL_BASIS_WORDS = {
    LawfulBasis.PUBLIC_TASK: ("ประโยชน์สาธารณะ", "อำนาจรัฐ", "24(4)", "publictask"),
    LawfulBasis.CONSENT: ("ยินยอม", "มาตรา19", "consent"),
    LawfulBasis.LEGITIMATE_INTEREST: ("ชอบด้วยกฎหมาย", "24(5)", "legitimate"),
    LawfulBasis.CONTRACT: ("สัญญา", "24(3)", "contract"),
}
ACTIVE_TH, INACTIVE_TH = "ใช้งาน", "ไม่ใช้งาน"
_ACTIVE = {"", "ใช้งาน", "ปกติ", "active", "yes", "1"}
_INACTIVE = {"ไม่ใช้งาน", "ยกเลิก", "inactive", "no", "0"}

FONT_NAME = "TH Sarabun New"
_WRAP = Alignment(vertical="top", wrap_text=True)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def exported_line(user, at) -> str:
    local = timezone.localtime(at)
    who = user.get_full_name() or user.get_username()
    return f"ส่งออกโดย {who} เมื่อ {format_date(local.date())} เวลา {local:%H:%M} น."


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()


# Export ---------------------------------------------------------------------------------------


def export_workbook(province, partners: list[Partner], *, exported_by, exported_at) -> bytes:
    """The register as a workbook that the import reads back: the PDPA notice above the table."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    last = get_column_letter(len(COLUMNS))
    sheet["A1"] = TITLE.format(province=province.name_th)
    sheet["A1"].font = Font(name=FONT_NAME, size=16, bold=True)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A2"] = PDPA_NOTICE
    sheet["A2"].font = Font(name=FONT_NAME, size=14, bold=True, color="9C0006")
    sheet["A2"].alignment = _WRAP
    sheet["A2"].fill = PatternFill("solid", fgColor="FFF2CC")
    sheet.merge_cells(f"A2:{last}2")
    sheet.row_dimensions[2].height = 60
    sheet["A3"] = f"{exported_line(exported_by, exported_at)} · จำนวน {len(partners)} ราย"
    sheet["A3"].font = Font(name=FONT_NAME, size=14)
    sheet.merge_cells(f"A3:{last}3")
    header_row = 5
    for col, (_name, heading, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(header_row, col, heading)
        cell.font = Font(name=FONT_NAME, size=14, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    for index, partner in enumerate(partners, start=1):
        values = [
            index,
            partner.name,
            KIND_TH[partner.kind],
            partner.contact_person,
            partner.phone,
            partner.email,
            partner.line_id,
            partner.area,
            partner.notes,
            ACTIVE_TH if partner.is_active else INACTIVE_TH,
            LAWFUL_BASIS_TH[partner.lawful_basis],
        ]
        for col, value in enumerate(values, start=1):
            cell = put_value(sheet.cell(header_row + index, col), value)  # typed text, never a formula
            cell.font = Font(name=FONT_NAME, size=14)
            cell.border = BORDER
            cell.alignment = _WRAP
            if col == 5:
                cell.number_format = "@"  # phone numbers keep their leading zero
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.oddFooter.center.text = "ข้อมูลส่วนบุคคล ใช้เพื่อการประสานงานป้องกันการค้ามนุษย์ด้านแรงงานเท่านั้น"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# Import ---------------------------------------------------------------------------------------


@dataclass
class RegisterImport:
    rows: list[dict] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheet: str = ""
    # Files made before the register had the column: their rows say nothing about the basis, so
    # partners already registered keep theirs and new ones get the model's default (public task).
    has_lawful_basis: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _kind(value: str) -> str | None:
    key = _squash(value)
    if not key:
        return None
    if key in PartnerKind.values:
        return key
    for kind, words in _KIND_WORDS.items():
        if any(word in key for word in words):
            return kind
    return None


def _lawful_basis(value: str) -> str | None:
    key = _squash(to_arabic_digits(value))
    if key in LawfulBasis.values:
        return key
    for basis, label in LAWFUL_BASIS_TH.items():
        if key == _squash(label):
            return basis
    found = {basis for basis, words in _LAWFUL_BASIS_WORDS.items() if any(word in key for word in words)}
    return found.pop() if len(found) == 1 else None


def parse_workbook(data: bytes) -> RegisterImport:
    """Read the first sheet that has the register's header. Raises WorkbookRefused for a file that is
    not a plain .xlsx; everything else is a problem at a cell."""
    check_package(data)
    workbook = open_workbook(data, data_only=True)
    result = RegisterImport()
    for sheet in workbook.worksheets:
        header = _find_header(sheet)
        if header is not None:
            break
    else:
        sheet = workbook.worksheets[0]
        result.sheet = sheet.title
        result.problems.append(
            Problem(
                sheet=sheet.title,
                row=None,
                column="",
                value="",
                reason=_("No sheet has the register's header: a row with “ชื่อภาคีเครือข่าย” and “ประเภท”."),
            )
        )
        return result
    header_row, columns = header
    result.sheet = sheet.title
    result.has_lawful_basis = "lawful_basis" in columns

    def problem(row, name, value, reason):
        column = get_column_letter(columns[name]) if name in columns else ""
        result.problems.append(Problem(sheet=sheet.title, row=row, column=column, value=display(value), reason=reason))

    if sheet.max_row - header_row > MAX_ROWS:
        problem(header_row, "name", "", _("The sheet has more than %(max)s rows.") % {"max": MAX_ROWS})
        return result
    seen: dict[str, int] = {}
    for row in range(header_row + 1, sheet.max_row + 1):
        raw = {name: cell_text(sheet.cell(row, col).value) for name, col in columns.items() if name != "number"}
        if not any(raw.values()):
            continue
        data: dict = {
            name: raw.get(name, "") for name in ("contact_person", "phone", "email", "line_id", "area", "notes")
        }
        name = raw.get("name", "")
        if not name:
            problem(row, "name", "", _("The partner's name is required."))
        elif len(name) > 300:
            problem(row, "name", name, _("The name is longer than %(max)s characters.") % {"max": 300})
        elif name.casefold() in seen:
            problem(
                row,
                "name",
                name,
                _("The same name is already on row %(row)s of this sheet.") % {"row": seen[name.casefold()]},
            )
        else:
            seen[name.casefold()] = row
        kind = _kind(raw.get("kind", ""))
        if kind is None:
            problem(
                row,
                "kind",
                raw.get("kind", ""),
                _("Unknown type: write one of %(kinds)s.") % {"kinds": ", ".join(KIND_TH.values())},
            )
        if data["email"]:
            try:
                validate_email(data["email"])
            except ValidationError:
                problem(row, "email", data["email"], _("This is not an e-mail address."))
        for name_field in ("contact_person", "phone", "line_id", "area"):
            limit = Partner._meta.get_field(name_field).max_length
            if len(data[name_field]) > limit:
                problem(row, name_field, data[name_field], _("At most %(max)s characters.") % {"max": limit})
        status = _squash(raw.get("is_active", ""))
        if status in {_squash(s) for s in _ACTIVE}:
            data["is_active"] = True
        elif status in {_squash(s) for s in _INACTIVE}:
            data["is_active"] = False
        else:
            problem(
                row,
                "is_active",
                raw.get("is_active", ""),
                _("Write “%(active)s” or “%(inactive)s”.") % {"active": ACTIVE_TH, "inactive": INACTIVE_TH},
            )
        basis_text = raw.get("lawful_basis", "")
        if basis_text:
            basis = _lawful_basis(basis_text)
            if basis is None:
                problem(
                    row,
                    "lawful_basis",
                    basis_text,
                    _("Unknown lawful basis: write one of %(bases)s.")
                    % {"bases": ", ".join(f"“{label}”" for label in LAWFUL_BASIS_TH.values())},
                )
            else:
                data["lawful_basis"] = basis
        data.update(name=name, kind=kind)
        result.rows.append(data)
        result.row_numbers.append(row)
    if not result.rows and not result.problems:
        result.problems.append(
            Problem(
                sheet=sheet.title,
                row=header_row,
                column="",
                value="",
                reason=_("The sheet has no partner under its header."),
            )
        )
    return result


def _find_header(sheet) -> tuple[int, dict[str, int]] | None:
    for row in range(1, min(sheet.max_row, HEADER_SEARCH_ROWS) + 1):
        columns: dict[str, int] = {}
        for col in range(1, min(sheet.max_column, 30) + 1):
            key = _squash(cell_text(sheet.cell(row, col).value))
            for name, aliases in _ALIASES.items():
                if key in {_squash(a) for a in aliases} and name not in columns:
                    columns[name] = col
        if "name" in columns and "kind" in columns:
            return row, columns
    return None
