"""Form 2 through Excel: Wilai (Chiang Mai's editor) downloads October's report, types the month's
results into it, and brings it back; Hassan (Songkhla) must see none of it.

Every workbook here is a real file, written and read with openpyxl; nothing of ours is mocked
except, once, a service made to fail to prove that the import is all or nothing.
"""

import datetime
import io
import uuid
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from labourplan.plans.excel import WorkbookRefused
from labourplan.plans.excel import export_workbook as export_form_1
from labourplan.plans.models import PlanItem
from labourplan.reports import views_excel
from labourplan.reports.excel import export_workbook, parse_workbook
from labourplan.reports.models import MonthlyReport, ReportResult
from labourplan.reports.services import (
    ReportError,
    accept_report,
    open_report,
    return_report,
    save_result,
    submit_report,
    update_report,
)
from tests.conftest import PASSWORD
from tests.plans.test_excel import REFUSED

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "แบบฟอร์ม 2"
# Columns of the exported Form 2.
NAME, VALUE, RESULT, REMARK, KEY = 2, 3, 5, 9, 10
# Rows of the approved plan (FY 2570, copied from the FY 2562 template).
INTELLIGENCE = (
    "หาข่าว และกำหนดเป้าหมายการตรวจร่วมกับหน่วยงานด้านความมั่นคงและฝ่ายปกครองในพื้นที่ พร้อมทั้งจัดทำแผนตรวจตามการข่าว"  # Oct 1
)
JOINT = "บูรณาการตรวจตามแผนที่กำหนดร่วมกัน"  # sub-items ตลาดสด, ตลาดนัด, หาบเร่แผงลอย: 2 a month Nov–Aug
EXPAND = "ขยายเครือข่ายในกลุ่มอื่น ๆ ตามที่เห็นสมควร อาทิ อสม. NGOs กำนัน และผู้ใหญ่บ้าน"  # Oct 1
REGISTER = "จัดทำ/ปรับปรุงทะเบียนเครือข่ายให้เป็นปัจจุบัน"  # Oct 1
DISBURSED = "เบิกจ่ายเดือนนี้ (บาท)"
KEY_RESULTS = "ผลการดำเนินงานที่สำคัญ"
PROBLEMS = "ปัญหา/อุปสรรค"
TITLE = "แบบรายงานตามแผนปฏิบัติการป้องกันการใช้แรงงานบังคับและการค้ามนุษย์ด้านแรงงานจังหวัด{province} ประจำเดือน {month}"


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English, so that translating them does not break the tests."""
    with translation.override("en"):
        yield


@pytest.fixture
def october(reporting_plan, cm_editor):
    return open_report(plan=reporting_plan, month_index=1, by=cm_editor, today=TODAY)


@pytest.fixture
def november(reporting_plan, cm_editor):
    return open_report(plan=reporting_plan, month_index=2, by=cm_editor, today=TODAY)


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    client.cookies["django_language"] = "en"
    return client


def item(report, title) -> PlanItem:
    return PlanItem.objects.get(topic__version=report.plan.current_version, title=title)


def record(report, title, result, *, by, remark="", confirmed=False):
    current = ReportResult.objects.filter(report=report, item_key=item(report, title).key).first()
    save_result(
        report=report,
        item=item(report, title),
        revision=current.revision if current else 0,
        result=result,
        remark=remark,
        by=by,
        confirmed=confirmed,
    )


def saved(report) -> dict[str, tuple[int, str]]:
    titles = dict(PlanItem.objects.filter(topic__version=report.plan.current_version).values_list("key", "title"))
    return {titles[r.item_key]: (r.result, r.remark) for r in ReportResult.objects.filter(report=report)}


def state_of(report) -> tuple:
    """Everything an import could change in a report."""
    fresh = MonthlyReport.objects.get(pk=report.pk)
    return saved(report), fresh.disbursed, fresh.key_results, fresh.problems, fresh.revision


def sheet_of(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))[SHEET]


def find_row(sheet, text: str, column: int = NAME) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, column).value == text:
            return row
    raise AssertionError(f"no row with {text!r}")


def to_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filled(data: bytes, cells: dict[str, dict[int, object]]) -> bytes:
    """The workbook with cells typed in: {text in column B: {column: value}}."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[SHEET]
    for text, values in cells.items():
        row = find_row(sheet, text)
        for column, value in values.items():
            sheet.cell(row, column).value = value
    return to_bytes(workbook)


def upload(client, report, data: bytes, name="รายงาน.xlsx"):
    return client.post(reverse("report_import", args=[report.pk]), {"file": SimpleUploadedFile(name, data)})


def stored_imports(settings) -> list:
    folder = settings.MEDIA_ROOT / "private" / "imports"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


# Export -----------------------------------------------------------------------------------------


def test_the_export_has_the_form_2_layout(october, cm_editor):
    record(october, "ตลาดสด", 1, remark="ตรวจก่อนแผน", by=cm_editor, confirmed=True)
    sheet = sheet_of(export_workbook(october))

    assert sheet.title == "แบบฟอร์ม 2"
    assert sheet["A1"].value == TITLE.format(province="เชียงใหม่", month="ตุลาคม 2569")
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # ที่ | โครงการ/กิจกรรม | หน่วยนับ | this month (target, result) | since October (target, result) | % | หมายเหตุ
    assert {"A1:I1", "A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:G3", "H3:H4", "I3:I4"} <= merged
    assert [sheet.cell(3, c).value for c in (1, 2, 3, 8, 9)] == [
        "ที่",
        "โครงการ/กิจกรรม",
        "หน่วยนับ",
        "ร้อยละของเป้าหมายทั้งปี",
        "หมายเหตุ",
    ]
    assert (sheet["D3"].value, sheet["F3"].value) == ("เดือน ต.ค. 2569", "สะสม ต.ค. 2569 – ต.ค. 2569")
    assert [sheet.cell(4, c).value for c in range(4, 8)] == ["เป้าหมายเดือนนี้", "ผลเดือนนี้", "เป้าหมายสะสม", "ผลสะสม"]

    # Strategy and topic rows, activities "1) …", sub-items "- …", each row's key in a hidden column.
    strategy_3 = find_row(sheet, "ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมายอย่างมีประสิทธิภาพและประสิทธิผล", column=1)
    assert f"A{strategy_3}:I{strategy_3}" in merged
    topic = strategy_3 + 1
    # Numbered as the template prints its topics, from 5 (issue 14).
    assert (sheet.cell(topic, 1).value, sheet.cell(topic, NAME).value) == (5, "การตรวจตามคำสั่ง คสช. ๑๐๑/๒๕๕๗")
    intelligence = find_row(sheet, f"1) {INTELLIGENCE}")
    assert intelligence == topic + 1
    assert [sheet.cell(intelligence, c).value for c in range(3, 7)] == ["ครั้ง", 1, 0, 1]
    assert sheet.cell(intelligence, KEY).value == str(item(october, INTELLIGENCE).key)
    assert sheet.column_dimensions["J"].hidden
    joint, market = find_row(sheet, f"2) {JOINT}"), find_row(sheet, "- ตลาดสด")
    assert market == joint + 1
    assert [sheet.cell(market, c).value for c in (5, 9)] == [1, "ตรวจก่อนแผน"]
    # The activity shows its sub-items' sum, and every cumulative figure follows what is typed.
    assert sheet.cell(joint, RESULT).value == f"=SUM(E{joint + 1}:E{joint + 3})"
    assert sheet.cell(market, 7).value == f"=E{market}"
    assert sheet.cell(market, 8).value == f"=ROUND(G{market}*100/20,2)"

    # Yellow where results are typed (leaf rows), grey where they are not.
    for cell in (sheet.cell(market, RESULT), sheet.cell(market, REMARK), sheet.cell(intelligence, RESULT)):
        assert cell.fill.fgColor.rgb == "00FFF2CC" and not cell.protection.locked
    for cell in (sheet.cell(joint, RESULT), sheet.cell(joint, REMARK)):
        assert cell.fill.fgColor.rgb == "00E7E6E6" and cell.protection.locked

    # Below the table: the month's disbursement and the narratives, ready to be typed.
    disbursed = find_row(sheet, DISBURSED)
    assert disbursed > find_row(sheet, "2) สร้างช่องทางการแจ้งเบาะแสที่เกี่ยวข้องกับกระบวนการค้ามนุษย์ ผ่านกลุ่ม LINE")
    assert sheet.cell(disbursed, VALUE).value == 0
    assert sheet.cell(find_row(sheet, "งบประมาณที่ได้รับจัดสรรทั้งปี (บาท)"), VALUE).value == 100000
    assert find_row(sheet, KEY_RESULTS) == disbursed + 3 and find_row(sheet, PROBLEMS) == disbursed + 4
    assert f"C{disbursed + 3}:I{disbursed + 3}" in merged

    # Print and screen: Thai font, borders, wrapping, frozen header, A4 landscape.
    cell = sheet.cell(market, NAME)
    assert cell.font.name in {"TH Sarabun New", "Sarabun"}
    assert cell.alignment.wrap_text and cell.border.left.style == "thin"
    assert sheet["E4"].font.bold
    assert sheet.freeze_panes == "A5"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$3:$4"


def test_the_export_can_print_thai_digits(october, cm_editor):
    update_report(report=october, revision=october.revision, changes={"disbursed": Decimal("12500.5")}, by=cm_editor)
    record(october, INTELLIGENCE, 1, by=cm_editor)
    october.refresh_from_db()
    sheet = sheet_of(export_workbook(october, thai_digits=True))

    assert sheet["A1"].value.endswith("ประจำเดือน ตุลาคม ๒๕๖๙")
    assert sheet["D3"].value == "เดือน ต.ค. ๒๕๖๙"
    row = find_row(sheet, f"๑) {INTELLIGENCE}")
    assert [sheet.cell(row, c).value for c in range(4, 9)] == ["๑", "๑", "๑", "๑", "๑๐๐.๐๐"]
    assert sheet.cell(find_row(sheet, DISBURSED), VALUE).value == "๑๒,๕๐๐.๕๐"
    for line in sheet.iter_rows():
        for cell in line:
            if cell.value is not None and cell.column != KEY:  # the hidden keys stay as they are
                assert not isinstance(cell.value, int | float), cell.coordinate
                assert not any(d in str(cell.value) for d in "0123456789"), cell.coordinate


@pytest.mark.parametrize("thai_digits", [False, True])
def test_an_exported_report_reads_back_without_changes(october, november, cm_editor, thai_digits):
    record(october, INTELLIGENCE, 1, by=cm_editor)
    record(november, "ตลาดสด", 7, remark="ตรวจเพิ่มช่วงเทศกาล", by=cm_editor, confirmed=True)
    november.refresh_from_db()
    changes = {"disbursed": Decimal("2500.75"), "key_results": "ตรวจตลาด ๗ ครั้ง", "problems": "ฝนตก\nถนนขาด"}
    update_report(report=november, revision=november.revision, changes=changes, by=cm_editor)
    november.refresh_from_db()

    imported = parse_workbook(export_workbook(november, thai_digits=thai_digits), report=november)

    assert (imported.problems, imported.warnings) == ([], [])
    assert (imported.results, imported.fields) == ([], [])
    assert (imported.unchanged, imported.not_in_file) == (15, 0)


def test_text_typed_on_the_web_is_exported_as_text_never_as_a_formula(october, cm_editor):
    record(october, INTELLIGENCE, 1, remark='=HYPERLINK("http://example.com","คลิก")', by=cm_editor)
    october.refresh_from_db()
    update_report(report=october, revision=october.revision, changes={"problems": "=1+1"}, by=cm_editor)
    october.refresh_from_db()
    sheet = sheet_of(export_workbook(october))

    remark = sheet.cell(find_row(sheet, f"1) {INTELLIGENCE}"), REMARK)
    problems = sheet.cell(find_row(sheet, PROBLEMS), VALUE)
    assert (remark.data_type, problems.data_type) == ("s", "s")
    assert (remark.value, problems.value) == ('=HYPERLINK("http://example.com","คลิก")', "=1+1")
    imported = parse_workbook(export_workbook(october), report=october)
    assert (imported.results, imported.fields, imported.problems) == ([], [], [])


def test_the_export_page(client, october, cm_editor, central_viewer):
    response = signed_in(client, cm_editor).get(reverse("report_export_xlsx", args=[october.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="form2-50-2569-10.xlsx"' in response["Content-Disposition"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert sheet_of(response.content)["A1"].value.endswith("ตุลาคม 2569")
    thai = client.get(reverse("report_export_xlsx", args=[october.pk]), {"digits": "thai"})
    assert sheet_of(thai.content)["A1"].value.endswith("ตุลาคม ๒๕๖๙")
    client.logout()
    # The centre reads every province's reports.
    assert signed_in(client, central_viewer).get(reverse("report_export_xlsx", args=[october.pk])).status_code == 200


def test_the_export_reads_in_a_constant_number_of_queries(october, november, cm_editor):
    report = MonthlyReport.objects.select_related("plan__province", "plan__fiscal_year").get(pk=october.pk)
    with CaptureQueriesContext(connection) as before:
        export_workbook(report)
    for title in [INTELLIGENCE, EXPAND, REGISTER]:
        record(october, title, 1, by=cm_editor)
        record(november, title, 1, remark="ต่อเนื่อง", by=cm_editor, confirmed=True)
    with CaptureQueriesContext(connection) as after:
        export_workbook(report)
    # Plan version in force, strategies, topics, items, their agencies, the month's results,
    # cumulative results, the allocation, the other months' disbursement.
    assert len(before) == len(after) == 9


# Import: the whole journey ---------------------------------------------------------------------


def test_fill_in_the_export_then_preview_and_confirm(client, settings, october, cm_editor):
    record(october, EXPAND, 2, by=cm_editor)
    signed_in(client, cm_editor)
    exported = client.get(reverse("report_export_xlsx", args=[october.pk])).content
    data = filled(
        exported,
        {
            f"1) {INTELLIGENCE}": {RESULT: "๓", REMARK: "ร่วมกับฝ่ายปกครอง"},  # Thai digits
            f"1) {EXPAND}": {RESULT: "-"},  # "-" is zero: 2 → 0
            f"2) {REGISTER}": {RESULT: 1},
            DISBURSED: {VALUE: "๑๒,๕๐๐.๕๐"},
            KEY_RESULTS: {VALUE: "ตรวจร่วม ๓ ครั้ง"},
            PROBLEMS: {VALUE: "รถราชการไม่พอ"},
        },
    )

    response = upload(client, october, data)
    assert response.status_code == 302
    assert len(stored_imports(settings)) == 1
    preview = client.get(response.url)
    assert preview.status_code == 200
    imported = preview.context["imported"]
    assert (imported.problems, imported.warnings) == ([], [])
    assert {(c.title, c.old_result, c.new_result, c.new_remark) for c in imported.results} == {
        (INTELLIGENCE, 0, 3, "ร่วมกับฝ่ายปกครอง"),
        (EXPAND, 2, 0, ""),
        (REGISTER, 0, 1, ""),
    }
    assert {(f.name, f.old, f.new) for f in imported.fields} == {
        ("disbursed", Decimal("0"), Decimal("12500.50")),
        ("key_results", "", "ตรวจร่วม ๓ ครั้ง"),
        ("problems", "", "รถราชการไม่พอ"),
    }
    page = preview.content.decode()
    assert "0 → <strong>3</strong>" in page and "2 → <strong>0</strong>" in page
    assert "12,500.50" in page and "รถราชการไม่พอ" in page and 'name="fingerprint"' in page
    assert saved(october) == {EXPAND: (2, "")}  # nothing written yet

    confirm = client.post(response.url, {"fingerprint": imported.fingerprint, "confirm": "1"})
    assert confirm.status_code == 302
    assert confirm["Location"] == f"/reports/{october.pk}/"
    assert saved(october) == {INTELLIGENCE: (3, "ร่วมกับฝ่ายปกครอง"), EXPAND: (0, ""), REGISTER: (1, "")}
    report = MonthlyReport.objects.get(pk=october.pk)
    assert (report.disbursed, report.key_results, report.problems) == (
        Decimal("12500.50"),
        "ตรวจร่วม ๓ ครั้ง",
        "รถราชการไม่พอ",
    )
    assert ReportResult.objects.get(report=october, item_key=item(october, EXPAND).key).revision == 2
    assert stored_imports(settings) == [] and not client.session.get("report_imports")
    assert client.get(response.url).status_code == 404  # the upload is gone


def hand_made_workbook() -> bytes:
    """A workbook as an officer makes it: an instructions sheet first, a short two-row header with a
    column of its own, no keys, Thai digits, merged cells, blank rows and a "(เพิ่มเติมได้)" line."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "คำชี้แจง"
    workbook.active["A1"] = "กรอกรายงานในแผ่นงานถัดไป"
    sheet = workbook.create_sheet("รายงาน ต.ค.")
    sheet["A1"] = TITLE.format(province="เชียงใหม่", month="ตุลาคม พ.ศ. ๒๕๖๙")
    sheet.merge_cells("A1:F1")
    for column, text in {"A": "ลำดับ", "B": "โครงการ / กิจกรรม", "C": "ผู้รายงาน", "F": "หมายเหตุ"}.items():
        sheet[f"{column}3"] = text
        sheet.merge_cells(f"{column}3:{column}4")
    sheet["D3"], sheet["D4"], sheet["E4"] = "เดือนนี้", "เป้าหมาย", "ผล"
    sheet.merge_cells("D3:E3")
    rows = {
        5: {"A": "ยุทธศาสตร์ที่ ๓ : การบังคับใช้กฎหมายอย่างมีประสิทธิภาพและประสิทธิผล"},
        6: {"A": "๑", "B": "การตรวจตามคำสั่ง คสช. ๑๐๑/๒๕๕๗"},
        7: {"B": f"๑) {INTELLIGENCE}", "C": "วิไล", "D": "๑", "E": 2.0, "F": "ร่วมกับฝ่ายปกครอง"},
        # Row 8 is blank.
        9: {"B": f"๒)  {JOINT}", "E": "-"},
        10: {"B": "- ตลาดสด", "E": "-"},
        11: {"B": "– ตลาดนัด", "E": "๐"},
        12: {"B": "(เพิ่มเติมได้)"},
        13: {"A": "ยุทธศาสตร์ที่ 5 : การพัฒนาเครือข่ายและบริหารข้อมูล"},
        # The topic's row is left out: the activity is found by its name alone.
        14: {"B": f"2) {REGISTER}", "E": "1", "F": "ส่งสำเนาทะเบียนแล้ว"},
        17: {"B": "เบิกจ่ายเดือนนี้:", "C": 12500.5},
        18: {"B": "ปัญหาและอุปสรรค", "C": "ฝนตกหนัก"},
    }
    for row, cells in rows.items():
        for column, value in cells.items():
            sheet[f"{column}{row}"] = value
    for merged in ["A5:F5", "A13:F13", "F14:H14", "C18:F18"]:
        sheet.merge_cells(merged)
    return to_bytes(workbook)


def test_a_hand_made_workbook_is_read_and_imported(client, october, cm_editor):
    imported = parse_workbook(hand_made_workbook(), report=october)

    assert imported.problems == []
    assert imported.sheet == "รายงาน ต.ค."
    assert {(c.sheet_row, c.title, c.new_result, c.new_remark) for c in imported.results} == {
        (7, INTELLIGENCE, 2, "ร่วมกับฝ่ายปกครอง"),
        (14, REGISTER, 1, "ส่งสำเนาทะเบียนแล้ว"),
    }
    assert (imported.unchanged, imported.not_in_file) == (2, 11)  # ตลาดสด and ตลาดนัด stay 0
    assert {(f.name, f.new) for f in imported.fields} == {("disbursed", Decimal("12500.50")), ("problems", "ฝนตกหนัก")}
    (extra,) = imported.warnings  # the column the officer added
    assert (extra.sheet, extra.row, extra.column, extra.value) == ("รายงาน ต.ค.", 3, "C", "ผู้รายงาน")

    signed_in(client, cm_editor)
    response = upload(client, october, hand_made_workbook())
    fingerprint = client.get(response.url).context["imported"].fingerprint
    refused = client.post(response.url, {"fingerprint": fingerprint, "confirm": "1"}, follow=True)
    assert "read the warnings" in refused.content.decode()
    assert saved(october) == {}
    client.post(response.url, {"fingerprint": fingerprint, "confirm": "1", "accept_warnings": "1"})
    assert saved(october) == {INTELLIGENCE: (2, "ร่วมกับฝ่ายปกครอง"), REGISTER: (1, "ส่งสำเนาทะเบียนแล้ว")}
    report = MonthlyReport.objects.get(pk=october.pk)
    assert (report.disbursed, report.key_results, report.problems) == (Decimal("12500.50"), "", "ฝนตกหนัก")


def test_rows_are_matched_by_their_hidden_key_and_else_by_name(october):
    workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(october)))
    sheet = workbook[SHEET]
    renamed = find_row(sheet, f"1) {INTELLIGENCE}")
    sheet.cell(renamed, NAME).value = "1) หาข่าว (ชื่อที่พิมพ์ผิด)"  # the key still says which row it is
    sheet.cell(renamed, RESULT).value = 1
    keyless = find_row(sheet, f"2) {REGISTER}")
    sheet.cell(keyless, KEY).value = None
    sheet.cell(keyless, RESULT).value = 1
    foreign = find_row(sheet, f"1) {EXPAND}")
    sheet.cell(foreign, KEY).value = str(uuid.uuid4())  # a row of another plan
    sheet.cell(foreign, RESULT).value = 1

    imported = parse_workbook(to_bytes(workbook), report=october)

    assert imported.problems == []
    assert {(c.sheet_row, c.title, c.new_result) for c in imported.results} == {
        (renamed, INTELLIGENCE, 1),
        (keyless, REGISTER, 1),
        (foreign, EXPAND, 1),
    }
    (warning,) = imported.warnings
    assert (warning.row, warning.column) == (foreign, "J") and "not of this plan" in warning.reason


# Import: problems ------------------------------------------------------------------------------


def _put(sheet, text, column, value) -> int:
    row = find_row(sheet, text)
    sheet.cell(row, column).value = value
    return row


def _unknown_row(sheet) -> int:
    row = find_row(sheet, "3) รณรงค์/สร้างการรับรู้ให้สถานประกอบการให้นำ GLP/TLS ไปใช้")
    sheet.cell(row, NAME).value = "3) ตรวจโรงงานแปรรูปอาหารทะเล"
    sheet.cell(row, KEY).value = None
    sheet.cell(row, RESULT).value = 2
    return row


def _retitle(text):
    def change(sheet) -> int:
        sheet["A1"].value = text
        return 1

    return change


def _month_heading_without_title(sheet) -> int:
    sheet["A1"].value = None
    sheet["D3"].value = "เดือน พ.ย. ๒๕๖๙"
    return 3


def _keys_of_another_plan(sheet) -> int:
    """Another province's report of the same template: the same names, none of the same keys."""
    sheet["A1"].value = None
    rows = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, KEY).value and r > 4]
    for row in rows:
        sheet.cell(row, KEY).value = str(uuid.uuid4())
    return rows[0]


# kind: (change the sheet and return the row, column, value shown, words of the reason)
PROBLEM_KINDS = {
    "negative result": (lambda s: _put(s, f"1) {INTELLIGENCE}", RESULT, -1), "E", "-1", ["whole number from 0"]),
    "fractional result": (lambda s: _put(s, f"1) {INTELLIGENCE}", RESULT, 1.5), "E", "1.5", ["whole number from 0"]),
    "words for a result": (lambda s: _put(s, f"1) {INTELLIGENCE}", RESULT, "สองครั้ง"), "E", "สองครั้ง", ["whole number"]),
    "result on an activity with sub-items": (
        lambda s: _put(s, f"2) {JOINT}", RESULT, 5),
        "E",
        "5",
        ["has sub-items", "ตลาดสด"],
    ),
    "unknown row": (_unknown_row, "B", "3) ตรวจโรงงานแปรรูปอาหารทะเล", ["not in the approved plan"]),
    "over three times the target without a remark": (
        lambda s: _put(s, "- ตลาดสด", RESULT, 1),  # October's target is 0
        "E",
        "1",
        ["more than three times", "(0)", "remark"],
    ),
    "cumulative disbursement above the allocation": (
        lambda s: _put(s, DISBURSED, VALUE, 100000.01),
        "C",
        "100000.01",
        ["100,000.01", "100,000.00"],
    ),
    "another month": (
        _retitle(TITLE.format(province="เชียงใหม่", month="พฤศจิกายน 2569")),
        "A",
        "พฤศจิกายน",
        ["พฤศจิกายน 2569", "ตุลาคม 2569"],
    ),
    "another province": (
        _retitle(TITLE.format(province="สงขลา", month="ตุลาคม 2569")),
        "A",
        "สงขลา",
        ["สงขลา", "เชียงใหม่"],
    ),
    "another month named only over the columns": (
        _month_heading_without_title,
        "D",
        "พ.ย.",
        ["พ.ย. ๒๕๖๙", "ตุลาคม 2569"],
    ),
    "another plan's rows without a title": (_keys_of_another_plan, "J", "-", ["another province", "column J"]),
}


def test_a_workbook_without_its_title_is_read_with_a_warning_at_the_titles_cell(october):
    workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(october)))
    workbook[SHEET]["A1"].value = None
    result = parse_workbook(to_bytes(workbook), report=october)

    assert result.ok
    (warning,) = result.warnings
    assert (warning.sheet, warning.row, warning.column) == (SHEET, 1, "A")
    assert "ตุลาคม 2569" in warning.reason and "เชียงใหม่" in warning.reason


@pytest.mark.parametrize("kind", PROBLEM_KINDS)
def test_each_problem_is_located_and_nothing_is_saved(client, settings, october, cm_editor, kind):
    change, column, value, words = PROBLEM_KINDS[kind]
    record(october, EXPAND, 1, by=cm_editor)
    before = state_of(october)
    workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(october)))
    sheet = workbook[SHEET]
    # Good changes around the bad one: none of them may be saved either.
    _put(sheet, f"2) {REGISTER}", RESULT, 1)
    _put(sheet, f"1) {EXPAND}", RESULT, 0)
    _put(sheet, PROBLEMS, VALUE, "ไม่มี")
    if kind != "cumulative disbursement above the allocation":
        _put(sheet, DISBURSED, VALUE, 500)
    row = change(sheet)
    data = to_bytes(workbook)

    (problem,) = parse_workbook(data, report=october).problems
    assert (problem.sheet, problem.row, problem.column) == (SHEET, row, column)
    assert value in problem.value
    assert all(word in problem.reason for word in words), problem.reason

    signed_in(client, cm_editor)
    response = upload(client, october, data)
    preview = client.get(response.url)
    page = preview.content.decode()
    assert 'id="import-problems"' in page and 'name="fingerprint"' not in page
    assert f"<td>{row}</td>" in page and f"<td>{column}</td>" in page
    fingerprint = preview.context["imported"].fingerprint
    refused = client.post(response.url, {"fingerprint": fingerprint, "confirm": "1", "accept_warnings": "1"})
    assert refused.status_code == 302
    assert "nothing was imported" in client.get(refused.url).content.decode()
    assert state_of(october) == before


def test_a_result_over_three_times_the_target_needs_a_remark_and_a_confirmation(client, november, cm_editor):
    exported = export_workbook(november)  # November's target for each market is 2
    signed_in(client, cm_editor)

    # Without a remark: a problem, asking for one. Six (three times the target) passes as it is.
    data = filled(exported, {"- ตลาดสด": {RESULT: 7}, "- ตลาดนัด": {RESULT: 6}})
    preview = client.get(upload(client, november, data).url)
    imported = preview.context["imported"]
    (problem,) = imported.problems
    assert (problem.row, problem.column) == (find_row(sheet_of(data), "- ตลาดสด"), "E")
    assert "Explain it in the remark" in problem.reason
    assert imported.warnings == []

    # With a remark in the same row: a warning that must be ticked; then saved as confirmed.
    data = filled(exported, {"- ตลาดสด": {RESULT: "๗", REMARK: "ตรวจเพิ่มช่วงเทศกาล"}, "- ตลาดนัด": {RESULT: 6}})
    response = upload(client, november, data)
    preview = client.get(response.url)
    imported = preview.context["imported"]
    assert imported.problems == []
    (warning,) = imported.warnings
    assert warning.column == "E" and "more than three times" in warning.reason
    assert 'name="accept_warnings"' in preview.content.decode()
    refused = client.post(response.url, {"fingerprint": imported.fingerprint, "confirm": "1"}, follow=True)
    assert "read the warnings" in refused.content.decode()
    assert saved(november) == {}

    confirmed = client.post(response.url, {"fingerprint": imported.fingerprint, "confirm": "1", "accept_warnings": "1"})
    assert confirmed["Location"] == f"/reports/{november.pk}/"
    assert saved(november) == {"ตลาดสด": (7, "ตรวจเพิ่มช่วงเทศกาล"), "ตลาดนัด": (6, "")}


def test_a_cumulative_disbursement_above_the_allocation_is_refused_with_both_amounts(
    client, october, november, cm_editor
):
    update_report(report=november, revision=november.revision, changes={"disbursed": Decimal("60000")}, by=cm_editor)
    exported = export_workbook(october)
    signed_in(client, cm_editor)

    over = client.get(upload(client, october, filled(exported, {DISBURSED: {VALUE: "40,000.01"}})).url)
    (problem,) = over.context["imported"].problems
    assert "100,000.01 baht" in problem.reason and "100,000.00 baht" in problem.reason
    assert "100,000.01" in over.content.decode()

    response = upload(client, october, filled(exported, {DISBURSED: {VALUE: "40,000"}}))  # exactly the allocation
    imported = client.get(response.url).context["imported"]
    assert imported.problems == []
    client.post(response.url, {"fingerprint": imported.fingerprint, "confirm": "1"})
    assert MonthlyReport.objects.get(pk=october.pk).disbursed == Decimal("40000")


# Import: files that are refused --------------------------------------------------------------


@pytest.mark.parametrize("kind", [*REFUSED, "Form 1 instead of Form 2"])
def test_files_that_are_not_a_form_2_workbook_are_refused_and_nothing_is_saved(
    client, settings, october, cm_editor, kind
):
    if kind == "Form 1 instead of Form 2":
        data, code, message = export_form_1(october.plan.current_version), "no_header", "Form 2 header"
    else:
        make, code, message = REFUSED[kind]
        data = make(export_workbook(october))
    before = state_of(october)

    with pytest.raises(WorkbookRefused) as refused:
        parse_workbook(data, report=october)
    assert refused.value.code == code

    response = upload(signed_in(client, cm_editor), october, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state_of(october) == before
    assert stored_imports(settings) == []
    assert not client.session.get("report_imports")


# Import: when it may not happen ---------------------------------------------------------------


def _submitted(report, cm_approver, central_admin):
    submit_report(report=report, by=cm_approver)


def _accepted(report, cm_approver, central_admin):
    submit_report(report=report, by=cm_approver)
    accept_report(report=report, by=central_admin)


@pytest.mark.parametrize("lock", [_submitted, _accepted], ids=["submitted", "accepted"])
def test_a_submitted_or_accepted_report_refuses_imports(
    client, settings, october, cm_editor, cm_approver, central_admin, lock
):
    data = filled(export_workbook(october), {f"2) {REGISTER}": {RESULT: 1}})
    lock(october, cm_approver, central_admin)
    before = state_of(october)
    signed_in(client, cm_editor)
    url = reverse("report_import", args=[october.pk])

    assert "only a draft or a returned report can be imported into" in client.get(url).content.decode()
    response = upload(client, october, data)
    assert response.status_code == 400
    assert "only a draft or a returned report can be imported into" in response.content.decode()
    assert state_of(october) == before and stored_imports(settings) == []


def test_a_returned_report_can_be_corrected_by_import(client, october, cm_editor, cm_approver, central_admin):
    submit_report(report=october, by=cm_approver)
    return_report(report=october, by=central_admin, comment="กรุณาแก้ผลทะเบียนเครือข่าย")
    signed_in(client, cm_editor)
    response = upload(client, october, filled(export_workbook(october), {f"2) {REGISTER}": {RESULT: 1}}))
    imported = client.get(response.url).context["imported"]
    client.post(response.url, {"fingerprint": imported.fingerprint, "confirm": "1"})
    assert saved(october) == {REGISTER: (1, "")}


def test_a_report_submitted_after_the_preview_is_not_changed(client, october, cm_editor, cm_approver):
    signed_in(client, cm_editor)
    response = upload(client, october, filled(export_workbook(october), {f"2) {REGISTER}": {RESULT: 1}}))
    fingerprint = client.get(response.url).context["imported"].fingerprint
    submit_report(report=october, by=cm_approver)

    refused = client.post(response.url, {"fingerprint": fingerprint, "confirm": "1"}, follow=True)
    messages = [str(m) for m in refused.context["messages"]]
    assert len(messages) == 1 and "only a draft or a returned report can be imported into" in messages[0]
    assert saved(october) == {}


def test_a_change_to_the_report_after_the_preview_stops_the_confirmation(client, october, cm_editor, cm_approver):
    signed_in(client, cm_editor)
    data = filled(export_workbook(october), {f"2) {REGISTER}": {RESULT: 1}, DISBURSED: {VALUE: 800}})
    response = upload(client, october, data)
    fingerprint = client.get(response.url).context["imported"].fingerprint
    # Meanwhile Somchai types a result in the report's page.
    record(october, INTELLIGENCE, 1, by=cm_approver)
    before = state_of(october)

    refused = client.post(response.url, {"fingerprint": fingerprint, "confirm": "1"}, follow=True)
    assert "changed after you saw the preview" in refused.content.decode()
    assert state_of(october) == before
    assert refused.context["imported"].fingerprint != fingerprint  # the preview shows the report as it is now


def test_the_import_is_all_or_nothing(client, october, cm_editor, monkeypatch):
    def refuse(**kwargs):
        raise ReportError("The centre froze the disbursements.")

    signed_in(client, cm_editor)
    data = filled(
        export_workbook(october), {f"2) {REGISTER}": {RESULT: 1}, f"1) {EXPAND}": {RESULT: 1}, DISBURSED: {VALUE: 800}}
    )
    response = upload(client, october, data)
    fingerprint = client.get(response.url).context["imported"].fingerprint
    before = state_of(october)
    # The results are saved first; the disbursement, last, is refused.
    monkeypatch.setattr(views_excel, "update_report", refuse)

    refused = client.post(response.url, {"fingerprint": fingerprint, "confirm": "1"}, follow=True)
    assert "froze the disbursements" in refused.content.decode()
    assert state_of(october) == before


def test_cancelling_forgets_the_upload(client, settings, october, cm_editor):
    signed_in(client, cm_editor)
    response = upload(client, october, filled(export_workbook(october), {f"2) {REGISTER}": {RESULT: 1}}))
    assert client.post(response.url, {"cancel": "1"}).status_code == 302
    assert stored_imports(settings) == [] and saved(october) == {}
    assert client.get(response.url).status_code == 404


# Who may -------------------------------------------------------------------------------------------


def test_another_province_sees_neither_the_export_nor_the_import(client, october, cm_editor, sk_editor):
    data = filled(export_workbook(october), {f"2) {REGISTER}": {RESULT: 1}})
    pending = upload(signed_in(client, cm_editor), october, data)
    fingerprint = client.get(pending.url).context["imported"].fingerprint
    client.logout()
    signed_in(client, sk_editor)

    assert client.get(reverse("report_export_xlsx", args=[october.pk])).status_code == 404
    assert client.get(reverse("report_import", args=[october.pk])).status_code == 404
    assert upload(client, october, data).status_code == 404
    assert client.get(pending.url).status_code == 404
    assert client.post(pending.url, {"fingerprint": fingerprint, "confirm": "1"}).status_code == 404
    assert saved(october) == {}


def test_the_centre_exports_but_does_not_import(client, october, central_viewer):
    signed_in(client, central_viewer)
    assert client.get(reverse("report_export_xlsx", args=[october.pk])).status_code == 200
    assert client.get(reverse("report_import", args=[october.pk])).status_code == 403


def test_signing_in_is_required(client, october):
    for url in [reverse("report_export_xlsx", args=[october.pk]), reverse("report_import", args=[october.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
