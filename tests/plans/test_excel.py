"""Form 1 through Excel: Wilai (Chiang Mai's editor) downloads her plan, fills it in, and brings it back.

Every workbook here is a real file, written and read with openpyxl; nothing of ours is mocked.
"""

import io
import os
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from labourplan.plans.excel import (
    WorkbookRefused,
    export_workbook,
    parse_workbook,
)
from labourplan.plans.models import PlanItem, PlanVersion
from labourplan.plans.services import add_item, create_plan, rows_from_template, start_amendment, update_item
from labourplan.plans.table import load_table
from labourplan.reference.models import FiscalYear
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

MONTHS = ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Topic 5, activity 1 of the template.
INTELLIGENCE = "หาข่าว และกำหนดเป้าหมายการตรวจร่วมกับหน่วยงานด้านความมั่นคงและฝ่ายปกครองในพื้นที่ พร้อมทั้งจัดทำแผนตรวจตามการข่าว"


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English, so that translating them does not break the tests."""
    with translation.override("en"):
        yield


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    client.cookies["django_language"] = "en"
    return client


def rows_of_version(version) -> list:
    """The rows of a version in a shape that an import can be compared with."""
    result = []
    for block in load_table(version).strategies:
        for topic in block.topics:
            result.append(
                (
                    block.strategy.number,
                    topic.topic.title,
                    [
                        (
                            row.item.title,
                            row.item.unit,
                            sorted(a.abbreviation for a in row.item.agencies.all()),
                            row.item.targets,
                            [(s.item.title, s.item.unit, s.item.targets) for s in row.sub_items],
                        )
                        for row in topic.rows
                    ],
                )
            )
    return result


def rows_of_import(topics) -> list:
    return [
        (
            topic.strategy.number,
            topic.title,
            [
                (
                    item.title,
                    item.unit,
                    sorted(a.abbreviation for a in item.agencies),
                    list(item.targets),
                    [(s.title, s.unit, list(s.targets)) for s in item.sub_items],
                )
                for item in topic.items
            ],
        )
        for topic in topics
    ]


def sheet_of(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))["แบบฟอร์ม 1"]


def find_row(sheet, column: int, text: str) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, column).value == text:
            return row
    raise AssertionError(f"no row with {text!r}")


def to_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_extra_entry(data: bytes, name: str, content: bytes, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A copy of an .xlsx package with one more part in it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry.filename))
        target.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


def stored_imports(settings) -> list:
    folder = settings.MEDIA_ROOT / "private" / "imports"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


# Export -----------------------------------------------------------------------------------------


def test_the_export_has_the_official_form_1_layout(cm_plan):
    sheet = sheet_of(export_workbook(cm_plan.current_version))

    assert sheet.title == "แบบฟอร์ม 1"
    assert sheet["A1"].value == (
        "แผนปฏิบัติการป้องกันการใช้แรงงานบังคับและการค้ามนุษย์ด้านแรงงานจังหวัดเชียงใหม่ ประจำปีงบประมาณ พ.ศ. 2570"
    )
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # ที่ | ประเด็นกิจกรรม | โครงการ/กิจกรรม | เป้าหมาย over the twelve months | รวม | หน่วยนับ | หน่วยงานรับผิดชอบ
    assert {"A1:R1", "A2:A4", "B2:B4", "C2:C4", "D2:O2", "P2:P4", "Q2:Q4", "R2:R4"} <= merged
    assert [sheet.cell(2, c).value for c in (1, 2, 3, 4, 16, 17, 18)] == [
        "ที่",
        "ประเด็นกิจกรรม",
        "โครงการ/กิจกรรม",
        "เป้าหมาย",
        "รวม",
        "หน่วยนับ",
        "หน่วยงานรับผิดชอบ",
    ]
    # FY 2570: the B.E. calendar year 2569 over Oct–Dec and 2570 over Jan–Sep, the months below.
    assert {"D3:F3", "G3:O3"} <= merged
    assert (sheet["D3"].value, sheet["G3"].value) == ("2569", "2570")
    assert [sheet.cell(4, c).value for c in range(4, 16)] == MONTHS

    assert sheet["A5"].value.startswith("ยุทธศาสตร์ที่ 1 : การพัฒนากลไกเชิงนโยบาย")
    assert "A5:R5" in merged
    strategy_3 = find_row(sheet, 1, "ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมายอย่างมีประสิทธิภาพและประสิทธิผล")
    assert f"A{strategy_3}:R{strategy_3}" in merged

    # The topic's number (as the FY 2562 form prints it, from 5: issue 14) and title on its first
    # activity; activities "1)", sub-items "-".
    first = strategy_3 + 1
    assert (sheet.cell(first, 1).value, sheet.cell(first, 2).value) == (5, "การตรวจตามคำสั่ง คสช. ๑๐๑/๒๕๕๗")
    assert sheet.cell(first, 3).value.startswith("1) หาข่าว")
    joint = find_row(sheet, 3, "2) บูรณาการตรวจตามแผนที่กำหนดร่วมกัน")
    assert sheet.cell(joint, 1).value is None and sheet.cell(joint, 2).value is None
    assert [sheet.cell(joint, c).value for c in range(4, 16)] == [0, *[6] * 10, 0]
    assert sheet.cell(joint, 16).value == f"=SUM(D{joint}:O{joint})"  # the total is always computed
    assert (sheet.cell(joint, 17).value, sheet.cell(joint, 18).value) == ("ครั้ง", "สจจ.")
    assert sheet.cell(joint + 1, 3).value == "- ตลาดสด"
    assert sheet.cell(joint + 1, 16).value == f"=SUM(D{joint + 1}:O{joint + 1})"
    campaign = find_row(sheet, 3, "2) รณรงค์ ประชาสัมพันธ์ผ่านช่องทางอื่น ๆ")
    assert sheet.cell(campaign, 18).value == "สจจ./สสค."

    # Print and screen: Thai font, borders, wrapping, frozen header, A4 landscape.
    cell = sheet.cell(joint, 3)
    assert cell.font.name in {"TH Sarabun New", "Sarabun"}
    assert cell.alignment.wrap_text and cell.border.left.style == "thin"
    assert sheet["D2"].font.bold
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["D"].width
    assert sheet.freeze_panes == "A5"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$2:$4"


def test_the_export_can_print_thai_digits(cm_plan):
    sheet = sheet_of(export_workbook(cm_plan.current_version, thai_digits=True))

    assert sheet["A1"].value.endswith("ประจำปีงบประมาณ พ.ศ. ๒๕๗๐")
    assert (sheet["D3"].value, sheet["G3"].value) == ("๒๕๖๙", "๒๕๗๐")
    joint = find_row(sheet, 3, "๒) บูรณาการตรวจตามแผนที่กำหนดร่วมกัน")
    assert [sheet.cell(joint, c).value for c in range(4, 16)] == ["-", *["๖"] * 10, "-"]
    assert sheet.cell(joint, 16).value == "๖๐"
    assert find_row(sheet, 1, "ยุทธศาสตร์ที่ ๓ : การบังคับใช้กฎหมายอย่างมีประสิทธิภาพและประสิทธิผล")
    digits = "0123456789"
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            if cell.value is not None and cell.column != 2:  # topic titles may quote "GLP", "NGOs"…
                assert not isinstance(cell.value, int | float)
                assert not any(d in str(cell.value) for d in digits), cell.coordinate


@pytest.mark.parametrize("thai_digits", [False, True])
def test_an_exported_plan_reads_back_to_the_same_rows(cm_plan, thai_digits):
    version = cm_plan.current_version
    result = parse_workbook(
        export_workbook(version, thai_digits=thai_digits), fiscal_year=cm_plan.fiscal_year, province=cm_plan.province
    )

    assert result.problems == [] and result.warnings == []
    assert rows_of_import(result.topics) == rows_of_version(version)
    assert result.activity_count == 11 and result.sub_item_count == 7


def test_the_export_reads_the_plan_in_a_constant_number_of_queries(cm_plan, cm_editor):
    version = PlanVersion.objects.select_related("plan__province", "plan__fiscal_year").get(
        pk=cm_plan.current_version.pk
    )
    with CaptureQueriesContext(connection) as before:
        export_workbook(version)
    topic = version.topics.first()
    activity = add_item(topic=topic, title="กิจกรรมเพิ่ม", unit="ครั้ง", by=cm_editor)
    add_item(topic=topic, parent=activity, title="ย่อยเพิ่ม", by=cm_editor)
    with CaptureQueriesContext(connection) as after:
        export_workbook(version)
    # Strategies, topics, items, their agencies.
    assert len(before) == len(after) == 4


def test_the_export_page_sends_the_current_or_a_chosen_version(client, approved_cm_plan, cm_editor):
    start_amendment(plan=approved_cm_plan, reason="เพิ่มกิจกรรม", by=cm_editor)
    amendment = PlanVersion.objects.get(plan=approved_cm_plan, number=2)
    first_item = PlanItem.objects.filter(topic__version=amendment, parent=None).first()
    update_item(item=first_item, revision=first_item.revision, changes={"target_1": 9}, by=cm_editor)
    signed_in(client, cm_editor)
    url = reverse("plan_export_xlsx", args=[approved_cm_plan.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="form1-50-2570-v2.xlsx"' in response["Content-Disposition"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = sheet_of(response.content)
    assert sheet.cell(find_row(sheet, 3, f"1) {first_item.title}"), 4).value == 9

    approved = client.get(url, {"version": 1})
    assert 'filename="form1-50-2570-v1.xlsx"' in approved["Content-Disposition"]
    sheet = sheet_of(approved.content)
    assert sheet.cell(find_row(sheet, 3, f"1) {first_item.title}"), 4).value == 1

    thai = client.get(url, {"digits": "thai"})
    assert sheet_of(thai.content)["D3"].value == "๒๕๖๙"
    assert client.get(url, {"version": 7}).status_code == 404


def test_the_blank_template_carries_the_centres_rows(client, cm_editor, fy2570_template):
    response = signed_in(client, cm_editor).get(reverse("plan_template_xlsx", args=[2570]))

    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert 'filename="form1-template-2570.xlsx"' in response["Content-Disposition"]
    sheet = sheet_of(response.content)
    assert "จังหวัด.........." in sheet["A1"].value and sheet["A1"].value.endswith("พ.ศ. 2570")
    assert {"D2:O2", "D3:F3", "G3:O3"} <= {str(r) for r in sheet.merged_cells.ranges}
    first = find_row(sheet, 2, "การตรวจตามคำสั่ง คสช. ๑๐๑/๒๕๕๗")
    assert sheet.cell(first, 1).value == 5  # the centre's own topic numbers
    assert sum(1 for row in sheet.iter_rows(min_col=3, max_col=3) if row[0].value == "(เพิ่มเติมได้)") >= 5
    # What the province fills in reads back as the template's rows; the "(เพิ่มเติมได้)" lines are skipped.
    result = parse_workbook(response.content, fiscal_year=fy2570_template)
    assert result.problems == []
    assert rows_of_import(result.topics) == rows_of_import(rows_from_template(fy2570_template))

    assert client.get(reverse("plan_template_xlsx", args=[2400])).status_code == 404


# Import: reading a workbook --------------------------------------------------------------------


def hand_made_workbook() -> bytes:
    """A workbook as an officer makes it: an instructions sheet first, Thai digits, a notes column,
    merged cells, "-" for nothing, blank and "(เพิ่มเติมได้)" rows, and a total typed wrongly."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "คำชี้แจง"
    workbook.active["A1"] = "กรอกแผนในแผ่นงานถัดไป"
    sheet = workbook.create_sheet("แผน")
    sheet["A1"] = "แผนปฏิบัติการป้องกันการใช้แรงงานบังคับและการค้ามนุษย์ด้านแรงงานจังหวัดเชียงใหม่ ประจำปีงบประมาณ พ.ศ. ๒๕๗๐"
    sheet.merge_cells("A1:S1")
    # Row 3–5: the header, with a notes column before the months and รวม after หน่วยนับ.
    header = {
        "A": "ที่",
        "B": "ประเด็นกิจกรรม (สอดคล้องกับยุทธศาสตร์ฯ)",
        "C": "โครงการ / กิจกรรม",
        "D": "หมายเหตุ",
        "E": "เป้าหมาย",
        "Q": "หน่วยนับ",
        "R": "รวม",
        "S": "หน่วยงาน รับผิดชอบ",
    }
    for column, text in header.items():
        sheet[f"{column}3"] = text
        if column != "E":
            sheet.merge_cells(f"{column}3:{column}5")
    sheet.merge_cells("E3:P3")
    sheet["E4"], sheet["H4"] = "๒๕๖๙", "๒๕๗๐"
    sheet.merge_cells("E4:G4")
    sheet.merge_cells("H4:P4")
    for offset, month in enumerate(["ต.ค", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค", *MONTHS[6:]]):
        sheet.cell(5, 5 + offset, month)

    def line(row, cells, months):
        for column, value in cells.items():
            sheet[f"{column}{row}"] = value
        for offset, value in enumerate(months):
            sheet.cell(row, 5 + offset, value)

    sheet["A6"] = "ยุทธศาสตร์ที่ ๓ : การบังคับใช้กฎหมายอย่างมีประสิทธิภาพและประสิทธิผล"
    sheet.merge_cells("A6:S6")
    line(
        7,
        {"A": "๕", "B": "การตรวจตามคำสั่ง คสช. ๑๐๑/๒๕๕๗", "C": "๑) หาข่าวและกำหนดเป้าหมาย", "D": "ร่วมกับฝ่ายปกครอง"},
        ["๑", *["-"] * 11],
    )
    line(7, {"Q": "ครั้ง", "R": "๑", "S": "สจจ."}, [])
    sheet.merge_cells("B7:B10")  # the topic's title spans its rows
    line(8, {"C": "๒) บูรณาการตรวจตามแผน", "Q": "ครั้ง", "R": "๖๐", "S": "สจจ./สสค."}, ["-", *["๖"] * 11])
    line(9, {"C": "- ตลาดสด"}, [None, *[2] * 10, "-"])
    sheet.merge_cells("Q8:Q9")  # one unit for the activity and its sub-item
    # Row 10 is blank (but inside the topic's merged title); row 11 invites more rows.
    line(11, {"C": "(เพิ่มเติมได้)"}, [])
    sheet["A12"] = "ยุทธศาสตร์ที่ 5 : การพัฒนาเครือข่ายและบริหารข้อมูล"
    sheet.merge_cells("A12:S12")
    line(13, {"A": 6, "B": "ประเด็นใหม่ของจังหวัด", "C": "1) จัดเวทีเครือข่าย", "Q": "แห่ง", "S": "สจจ/สสค"}, [1.0, 1])
    sheet["R13"] = "=SUM(E13:P13)"  # a formula never calculated: nothing to compare
    sheet["A15"] = "หมายเหตุ ส่งแผนภายในวันที่ ๑๒ ต.ค."
    return to_bytes(workbook)


def test_a_hand_made_workbook_is_read_with_the_right_values(cm_plan):
    result = parse_workbook(hand_made_workbook(), fiscal_year=cm_plan.fiscal_year, province=cm_plan.province)

    assert result.problems == []
    assert result.sheet == "แผน"
    assert rows_of_import(result.topics) == [
        (
            3,
            "การตรวจตามคำสั่ง คสช. ๑๐๑/๒๕๕๗",
            [
                ("หาข่าวและกำหนดเป้าหมาย", "ครั้ง", ["สจจ."], [1, *[0] * 11], []),
                (
                    "บูรณาการตรวจตามแผน",
                    "ครั้ง",
                    ["สจจ.", "สสค."],
                    [0, *[6] * 11],
                    [("ตลาดสด", "ครั้ง", [0, *[2] * 10, 0])],
                ),
            ],
        ),
        (5, "ประเด็นใหม่ของจังหวัด", [("จัดเวทีเครือข่าย", "แห่ง", ["สจจ.", "สสค."], [1, 1, *[0] * 10], [])]),
    ]
    # The stated total of 60 disagrees with the months (66): reported with the row and both numbers.
    (total,) = [w for w in result.warnings if w.column == "R"]
    assert (total.sheet, total.row, total.value) == ("แผน", 8, "๖๐")
    assert "60" in total.reason and "66" in total.reason
    (extra,) = [w for w in result.warnings if w.column == "D"]
    assert extra.value == "หมายเหตุ"
    assert len(result.warnings) == 2


def test_a_workbook_of_another_year_or_province_is_refused(cm_plan, songkhla):
    # Changed rule (issue 14): this was read after warnings only, shifting Oct 2569 to Oct 2570.
    fy2571 = FiscalYear.objects.get(year_be=2571)
    data = export_workbook(cm_plan.current_version)
    result = parse_workbook(data, fiscal_year=fy2571, province=songkhla)

    assert not result.ok and not result.starting_point
    title_year, title_province, month_years = sorted(result.problems, key=lambda w: (w.row, w.reason))
    assert (title_year.row, title_year.column) == (title_province.row, title_province.column) == (1, "A")
    assert "fiscal year 2570" in title_year.reason and "2571" in title_year.reason
    assert "เชียงใหม่" in title_province.reason and "สงขลา" in title_province.reason
    assert (month_years.row, month_years.column, month_years.value) == (3, "D", "2569")
    assert all("starting point" in p.reason for p in result.problems)
    # Only the year, or only the province, is enough to refuse.
    assert not parse_workbook(data, fiscal_year=fy2571, province=cm_plan.province).ok
    only_province = parse_workbook(data, fiscal_year=cm_plan.fiscal_year, province=songkhla)
    assert [(p.row, p.column) for p in only_province.problems] == [(1, "A")]


def test_another_plans_workbook_chosen_as_a_starting_point_takes_its_months_by_position(cm_plan, songkhla):
    fy2571 = FiscalYear.objects.get(year_be=2571)
    data = export_workbook(cm_plan.current_version)
    result = parse_workbook(data, fiscal_year=fy2571, province=songkhla, starting_point=True)

    assert result.ok and result.starting_point
    assert len(result.warnings) == 3
    assert rows_of_import(result.topics) == rows_of_version(cm_plan.current_version)
    # This plan's own file is no starting point, whatever is ticked.
    assert not parse_workbook(data, fiscal_year=cm_plan.fiscal_year, starting_point=True).starting_point


def test_the_preview_says_plainly_that_a_starting_point_is_taken_by_position(client, cm_plan, cm_editor, sk_editor):
    signed_in(client, cm_editor)
    other = create_plan(province=sk_editor.province, fiscal_year=cm_plan.fiscal_year, by=sk_editor)
    data = export_workbook(other.current_version)
    url = reverse("plan_import", args=[cm_plan.current_version.pk])

    refused = client.post(url, {"file": SimpleUploadedFile("songkhla.xlsx", data)}, follow=True)
    assert "สงขลา" in refused.content.decode()
    assert refused.context["result"].problems and not refused.context["changes"]

    chosen = client.post(url, {"file": SimpleUploadedFile("songkhla.xlsx", data), "starting_point": "on"}, follow=True)
    page = chosen.content.decode()
    assert chosen.context["result"].ok and chosen.context["changes"]
    assert 'id="starting-point"' in page and "by position" in page
    assert "ต.ค. 2569" in page and "ก.ย. 2570" in page


def simple_workbook(rows: list[list]) -> bytes:
    """Form 1 with a one-row header (months in it), then `rows` from row 2."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ที่", "ประเด็นกิจกรรม", "โครงการ/กิจกรรม", *MONTHS, "รวม", "หน่วยนับ", "หน่วยงานรับผิดชอบ"])
    for row in rows:
        sheet.append(row)
    return to_bytes(workbook)


def months(*values) -> list:
    return [*values, *[None] * (12 - len(values))]


def test_each_problem_is_reported_with_its_sheet_row_column_and_value(cm_plan):
    data = simple_workbook(
        [
            ["ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมาย"],
            [1, "การตรวจ", "- ตลาดสดก่อนกิจกรรม", *months(1)],
            [None, None, "1) ตรวจร่วม", *months(-3, 1.5, "สอง"), None, "ครั้ง", "สจจ."],
            [None, None, "2) ประชาสัมพันธ์", *months(1), None, "ครั้ง", "สจจ./กรมเจ้าท่า"],
            ["ยุทธศาสตร์ที่ ๙ : ไม่มีในกรอบ"],
        ]
    )
    result = parse_workbook(data, fiscal_year=cm_plan.fiscal_year)

    # Every problem names its cell: the strategy heading too (it was reported without a column).
    found = {(p.row, p.column): p for p in result.problems}
    assert set(found) == {(3, "C"), (4, "D"), (4, "E"), (4, "F"), (5, "R"), (6, "A")}
    assert found[3, "C"].value == "- ตลาดสดก่อนกิจกรรม" and "before any activity" in found[3, "C"].reason
    assert found[4, "D"].value == "-3" and "whole number from 0" in found[4, "D"].reason
    assert "ต.ค. 2569" in found[4, "D"].reason
    assert found[4, "E"].value == "1.5" and "whole number" in found[4, "E"].reason
    assert found[4, "F"].value == "สอง"
    assert found[5, "R"].value == "สจจ./กรมเจ้าท่า" and "กรมเจ้าท่า" in found[5, "R"].reason
    assert "strategy 9" in found[6, "A"].reason
    assert all(p.sheet == "Sheet" for p in result.problems)


FULL_HEADER = ["ที่", "ประเด็นกิจกรรม", "โครงการ/กิจกรรม", *MONTHS, "รวม", "หน่วยนับ", "หน่วยงานรับผิดชอบ"]
FULL_ROW = [1, "การตรวจ", "1) ตรวจร่วม", *months(1, 2), 3, "ครั้ง", "สจจ."]


def without(row: list, heading: str) -> list:
    index = FULL_HEADER.index(heading)
    return row[:index] + row[index + 1 :]


@pytest.mark.parametrize("heading", ["หน่วยนับ", "หน่วยงานรับผิดชอบ", "ต.ค.", "ก.ย."])
def test_a_missing_required_column_refuses_the_file_naming_it(cm_plan, heading):
    # Changed rule (issue 14): a missing unit or agency column was a warning that blanked every row.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(without(FULL_HEADER, heading))
    sheet.append(["ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมาย"])
    sheet.append(without(FULL_ROW, heading))
    result = parse_workbook(to_bytes(workbook), fiscal_year=cm_plan.fiscal_year)

    assert not result.ok and result.topics == []
    (problem,) = result.problems
    assert (problem.sheet, problem.row) == ("Sheet", 1)
    assert heading in problem.reason


@pytest.mark.parametrize("heading", ["ที่", "รวม"])
def test_an_optional_column_may_be_missing(cm_plan, heading):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(without(FULL_HEADER, heading))
    sheet.append(["ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมาย"])
    sheet.append(without(FULL_ROW, heading))
    result = parse_workbook(to_bytes(workbook), fiscal_year=cm_plan.fiscal_year)

    assert result.ok and result.warnings == []
    ((_strategy, _topic, [(title, unit, agencies, targets, _subs)]),) = rows_of_import(result.topics)
    assert (title, unit, agencies, targets) == ("ตรวจร่วม", "ครั้ง", ["สจจ."], [1, 2, *[0] * 10])


def notices_workbook() -> bytes:
    return simple_workbook(
        [
            ["ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมาย"],
            [1, "การตรวจ", "1) ตรวจร่วม", *months(6, 6), None, "ครั้ง", "สจจ."],  # 12; sub-items 5
            [None, None, "- ตลาดสด", *months(2, 2), None, "ครั้ง"],
            [None, None, "- ตลาดนัด", *months(1), None, ""],  # no unit
            [None, None, "- หาบเร่แผงลอย", *months(), None, "ครั้ง"],  # no target
            [None, None, "2) ประชาสัมพันธ์", *months(1), None, "ครั้ง", ""],  # no agency
            [None, None, "3) ยังไม่กำหนด", *months(), None, "", "สสค."],  # no target, no unit
            [None, None, "4) ครบถ้วน", *months(1), None, "ครั้ง", "สสค."],
            [None, None, "5) ครบตามรายการย่อย", *months(1, 1), None, "ครั้ง", "สสค."],
            [None, None, "- ย่อย", *months(1, 1), None, "ครั้ง"],
        ]
    )


def test_the_preview_shows_what_the_plan_page_will_warn_about(client, cm_plan, cm_editor):
    result = parse_workbook(notices_workbook(), fiscal_year=cm_plan.fiscal_year)

    assert result.ok and result.warnings == []
    found = sorted((n.row, n.column, n.value) for n in result.notices)
    assert found == [
        (3, "P", "ตรวจร่วม"),  # sub-items 5, activity 12
        (5, "Q", "ตลาดนัด"),
        (6, "D", "หาบเร่แผงลอย"),
        (7, "R", "ประชาสัมพันธ์"),
        (8, "D", "ยังไม่กำหนด"),
        (8, "Q", "ยังไม่กำหนด"),
    ]
    mismatch = next(n for n in result.notices if n.row == 3)
    assert "add up to 5" in mismatch.reason and "12" in mismatch.reason
    assert all(n.sheet == "Sheet" for n in result.notices)

    signed_in(client, cm_editor)
    url = reverse("plan_import", args=[cm_plan.current_version.pk])
    preview = client.post(url, {"file": SimpleUploadedFile("plan.xlsx", notices_workbook())}, follow=True)
    page = preview.content.decode()
    assert 'id="import-notices"' in page and "add up to 5" in page
    # They are no warnings of the file: nothing to tick before importing.
    assert 'name="accept_warnings"' not in page and 'name="fingerprint"' in page


def test_a_topic_without_activities_is_named_by_its_cell(cm_plan):
    data = simple_workbook(
        [
            ["ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมาย"],
            [1, "การตรวจ", "1) ตรวจร่วม", *months(1), None, "ครั้ง", "สจจ."],
            [2, "หัวข้อที่ยังไม่มีกิจกรรม"],
        ]
    )
    result = parse_workbook(data, fiscal_year=cm_plan.fiscal_year)

    assert result.ok
    (warning,) = result.warnings
    assert (warning.sheet, warning.row, warning.column, warning.value) == ("Sheet", 4, "B", "หัวข้อที่ยังไม่มีกิจกรรม")


def test_a_workbook_with_a_header_but_no_rows_is_a_problem_not_an_empty_plan(cm_plan):
    result = parse_workbook(simple_workbook([]), fiscal_year=cm_plan.fiscal_year)
    assert not result.ok
    assert "empty the plan" in result.problems[0].reason
    # Named at the first cell where an activity was expected.
    assert (result.problems[0].sheet, result.problems[0].row, result.problems[0].column) == ("Sheet", 2, "C")


# Import: files that are refused --------------------------------------------------------------


def old_office_file(encrypted: bool) -> bytes:
    """The start of an OLE2 compound file, as Excel writes a password-protected workbook (or an old .xls)."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504
    stream = "EncryptionInfo" if encrypted else "Workbook"
    return header + stream.encode("utf-16-le") + b"\x00" * 1024


def csv_renamed() -> bytes:
    return "ที่,ประเด็นกิจกรรม,โครงการ/กิจกรรม\n1,การตรวจ,ตรวจร่วม\n".encode()


def ods_renamed() -> bytes:
    """An OpenDocument spreadsheet's package: its first entry, stored, names its type."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        package.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        package.writestr("META-INF/manifest.xml", "<manifest:manifest/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def macro_enabled(data: bytes) -> bytes:
    return with_extra_entry(data, "xl/vbaProject.bin", b'Attribute VB_Name = "Module1"\n' * 20)


def too_large(data: bytes) -> bytes:
    return with_extra_entry(data, "xl/media/image1.png", os.urandom(5 * 1024 * 1024 + 1), zipfile.ZIP_STORED)


def bomb_by_size(data: bytes) -> bytes:
    return with_extra_entry(data, "xl/worksheets/sheet2.xml", b"\x00" * (60 * 1024 * 1024))


def bomb_by_ratio(data: bytes) -> bytes:
    return with_extra_entry(data, "xl/sharedStrings2.xml", b" " * (10 * 1024 * 1024))


REFUSED = {
    "csv renamed .xlsx": (lambda data: csv_renamed(), "csv", "Save As → “Excel Workbook (*.xlsx)”"),
    "csv in Windows-874": (
        lambda data: "ที่,โครงการ/กิจกรรม\r\n1,ตรวจร่วม\r\n".encode("cp874"),
        "csv",
        "text file (.csv",
    ),
    "ods renamed .xlsx": (lambda data: ods_renamed(), "ods", "“Excel 2007-365 (.xlsx)”"),
    "random bytes": (lambda data: bytes(range(256)) * 8, "not_xlsx", "not an Excel workbook (.xlsx)"),
    "macro-enabled": (macro_enabled, "macros", "contains macros"),
    "encrypted": (lambda data: old_office_file(encrypted=True), "encrypted", "protected with a password"),
    "old .xls": (lambda data: old_office_file(encrypted=False), "old_format", "Save As → “Excel Workbook (*.xlsx)”"),
    "over 5 MB": (too_large, "too_large", "at most 5 MB"),
    "zip bomb (size)": (bomb_by_size, "bomb", "zip bomb"),
    "zip bomb (ratio)": (bomb_by_ratio, "bomb", "zip bomb"),
}


@pytest.mark.parametrize("kind", REFUSED)
def test_files_that_are_not_plain_xlsx_are_refused_and_nothing_is_saved(client, settings, cm_plan, cm_editor, kind):
    make, code, message = REFUSED[kind]
    version = cm_plan.current_version
    data = make(export_workbook(version))
    before = rows_of_version(version)

    with pytest.raises(WorkbookRefused) as refused:
        parse_workbook(data, fiscal_year=cm_plan.fiscal_year)
    assert refused.value.code == code

    response = signed_in(client, cm_editor).post(
        reverse("plan_import", args=[version.pk]), {"file": SimpleUploadedFile("แผน.xlsx", data)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert rows_of_version(version) == before
    assert PlanVersion.objects.get(pk=version.pk).revision == version.revision
    assert stored_imports(settings) == []
    assert not client.session.get("plan_imports")


# Import: the pages -----------------------------------------------------------------------------


def edited_export(version) -> bytes:
    """Wilai's edits to her exported plan: one target, one sub-item renamed, one emptied, a topic added."""
    sheet_book = openpyxl.load_workbook(io.BytesIO(export_workbook(version)))
    sheet = sheet_book["แบบฟอร์ม 1"]
    first = find_row(sheet, 3, f"1) {INTELLIGENCE}")
    sheet.cell(first, 4).value = 3  # Oct: 1 → 3
    sheet.cell(find_row(sheet, 3, "- ตลาดนัด"), 3).value = "- ตลาดนัดชุมชน"
    for cell in sheet[find_row(sheet, 3, "- หาบเร่แผงลอย")]:
        cell.value = None  # the row's contents deleted
    last = sheet.max_row + 1
    sheet.cell(last, 2).value = "ประชุมติดตามแผนรายไตรมาส"
    sheet.cell(last, 3).value = "1) ประชุมคณะทำงาน"
    for offset, value in enumerate([1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]):
        sheet.cell(last, 4 + offset).value = value
    sheet.cell(last, 17).value = "ครั้ง"
    sheet.cell(last, 18).value = "สรจ."
    return to_bytes(sheet_book)


def test_preview_then_confirm_replaces_the_rows_and_keeps_what_was_matched(client, settings, cm_plan, cm_editor):
    version = cm_plan.current_version
    first = PlanItem.objects.get(topic__version=version, title=INTELLIGENCE)
    update_item(item=first, revision=first.revision, changes={"budget": Decimal("12000.00")}, by=cm_editor)
    kept_key = PlanItem.objects.get(topic__version=version, title="บูรณาการตรวจตามแผนที่กำหนดร่วมกัน").key
    signed_in(client, cm_editor)

    upload = client.post(
        reverse("plan_import", args=[version.pk]), {"file": SimpleUploadedFile("แผน.xlsx", edited_export(version))}
    )
    assert upload.status_code == 302
    assert len(stored_imports(settings)) == 1
    preview = client.get(upload.url)
    assert preview.status_code == 200
    changes = preview.context["changes"]
    assert (changes.added, changes.changed, changes.removed) == (2, 2, 1)
    assert {(r.kind, r.title, r.old_total, r.new_total) for r in changes.rows} == {
        ("changed", INTELLIGENCE, 1, 3),
        ("changed", "ตลาดนัดชุมชน", 20, 20),
        ("removed", "หาบเร่แผงลอย", 20, None),
        ("added", "ประชุมติดตามแผนรายไตรมาส", None, None),
        ("added", "ประชุมคณะทำงาน", None, 4),
    }
    page = preview.content.decode()
    assert "ต.ค. 2569: 1 → 3" in page and 'name="fingerprint"' in page
    assert rows_of_version(version)[0][2][0][3][0] == 1  # nothing written yet

    confirm = client.post(upload.url, {"fingerprint": changes.fingerprint, "confirm": "1"})
    assert confirm.status_code == 302
    assert confirm.url == reverse("plan_detail", args=[cm_plan.pk])
    assert rows_of_import(preview.context["result"].topics) == rows_of_version(version)
    imported = PlanItem.objects.get(topic__version=version, title=INTELLIGENCE)
    assert (imported.target_1, imported.budget) == (3, Decimal("12000.00"))  # the budget is not in Form 1
    assert PlanItem.objects.get(topic__version=version, title="บูรณาการตรวจตามแผนที่กำหนดร่วมกัน").key == kept_key
    assert PlanVersion.objects.get(pk=version.pk).revision == version.revision + 1
    assert stored_imports(settings) == [] and not client.session.get("plan_imports")
    assert client.get(upload.url).status_code == 404  # the upload is gone


def test_a_change_to_the_plan_after_the_preview_stops_the_confirmation(client, cm_plan, cm_editor):
    version = cm_plan.current_version
    signed_in(client, cm_editor)
    upload = client.post(
        reverse("plan_import", args=[version.pk]), {"file": SimpleUploadedFile("แผน.xlsx", edited_export(version))}
    )
    fingerprint = client.get(upload.url).context["changes"].fingerprint
    # Meanwhile Somchai corrects one target in the grid.
    item = PlanItem.objects.get(topic__version=version, title="ตลาดสด")
    update_item(item=item, revision=item.revision, changes={"target_1": 4}, by=cm_editor)
    expected = rows_of_version(version)

    response = client.post(upload.url, {"fingerprint": fingerprint, "confirm": "1"}, follow=True)
    assert "changed after you saw the preview" in response.content.decode()
    assert rows_of_version(version) == expected
    assert response.context["changes"].fingerprint != fingerprint  # the preview shows the plan as it is now


def test_a_workbook_with_problems_cannot_be_confirmed(client, settings, cm_plan, cm_editor):
    version = cm_plan.current_version
    before = rows_of_version(version)
    data = simple_workbook(
        [["ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมาย"], [1, "การตรวจ", "1) ตรวจร่วม", *months(-2), None, "ครั้ง", "กรมX"]]
    )
    signed_in(client, cm_editor)
    upload = client.post(reverse("plan_import", args=[version.pk]), {"file": SimpleUploadedFile("แผน.xlsx", data)})
    preview = client.get(upload.url)

    page = preview.content.decode()
    assert 'id="import-problems"' in page and 'name="fingerprint"' not in page
    assert "<td>Sheet</td>" in page and "<td>3</td>" in page and "<td>R</td>" in page and "กรมX" in page
    response = client.post(upload.url, {"fingerprint": "anything", "confirm": "1"}, follow=True)
    assert "nothing was imported" in response.content.decode()
    assert rows_of_version(version) == before


def test_warnings_must_be_acknowledged_before_importing(client, cm_plan, cm_editor):
    version = cm_plan.current_version
    signed_in(client, cm_editor)
    data = simple_workbook(
        [["ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมาย"], [1, "การตรวจ", "1) ตรวจร่วม", *months(1, 1), 5, "ครั้ง", "สจจ."]]
    )
    upload = client.post(reverse("plan_import", args=[version.pk]), {"file": SimpleUploadedFile("แผน.xlsx", data)})
    fingerprint = client.get(upload.url).context["changes"].fingerprint

    refused = client.post(upload.url, {"fingerprint": fingerprint, "confirm": "1"}, follow=True)
    assert "read the warnings" in refused.content.decode()
    assert len(rows_of_version(version)) == 5

    client.post(upload.url, {"fingerprint": fingerprint, "confirm": "1", "accept_warnings": "1"})
    assert rows_of_version(version) == [(3, "การตรวจ", [("ตรวจร่วม", "ครั้ง", ["สจจ."], months(1, 1)[:2] + [0] * 10, [])])]


def test_cancelling_forgets_the_upload(client, settings, cm_plan, cm_editor):
    version = cm_plan.current_version
    signed_in(client, cm_editor)
    upload = client.post(
        reverse("plan_import", args=[version.pk]), {"file": SimpleUploadedFile("แผน.xlsx", edited_export(version))}
    )
    assert client.post(upload.url, {"cancel": "1"}).status_code == 302
    assert stored_imports(settings) == []
    assert client.get(upload.url).status_code == 404


def test_uploads_left_unconfirmed_are_removed_after_a_day(client, settings, cm_plan, cm_editor):
    folder = settings.MEDIA_ROOT / "private" / "imports" / "999"
    folder.mkdir(parents=True)
    (folder / "old.xlsx").write_bytes(b"left behind two days ago")
    (folder / "recent.xlsx").write_bytes(b"someone is still looking at the preview")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(folder / "old.xlsx", (two_days_ago, two_days_ago))

    signed_in(client, cm_editor).post(
        reverse("plan_import", args=[cm_plan.current_version.pk]),
        {"file": SimpleUploadedFile("แผน.xlsx", export_workbook(cm_plan.current_version))},
    )
    assert sorted(p.name for p in folder.iterdir()) == ["recent.xlsx"]


def test_importing_into_an_approved_version_is_refused(client, settings, approved_cm_plan, cm_editor):
    version = approved_cm_plan.current_version
    before = rows_of_version(version)
    signed_in(client, cm_editor)
    url = reverse("plan_import", args=[version.pk])

    assert "only a draft can be imported into" in client.get(url).content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("แผน.xlsx", edited_export(version))})
    assert response.status_code == 400
    assert "only a draft can be imported into" in response.content.decode()
    assert rows_of_version(version) == before and stored_imports(settings) == []


def test_a_version_that_stopped_being_a_draft_is_refused_by_the_service(client, cm_plan, cm_editor):
    version = cm_plan.current_version
    before = rows_of_version(version)
    signed_in(client, cm_editor)
    upload = client.post(
        reverse("plan_import", args=[version.pk]), {"file": SimpleUploadedFile("แผน.xlsx", edited_export(version))}
    )
    fingerprint = client.get(upload.url).context["changes"].fingerprint
    # Submitted behind the preview's back (a write that does not touch the revision).
    PlanVersion.objects.filter(pk=version.pk).update(state="submitted", submitted_on="2026-10-10")

    response = client.post(upload.url, {"fingerprint": fingerprint, "confirm": "1"}, follow=True)
    assert "can no longer be edited" in response.content.decode()
    assert rows_of_version(version) == before


def test_another_province_sees_neither_the_export_nor_the_import(client, cm_plan, cm_editor, sk_editor):
    version = cm_plan.current_version
    upload = signed_in(client, cm_editor).post(
        reverse("plan_import", args=[version.pk]), {"file": SimpleUploadedFile("แผน.xlsx", edited_export(version))}
    )
    client.logout()
    signed_in(client, sk_editor)

    assert client.get(reverse("plan_export_xlsx", args=[cm_plan.pk])).status_code == 404
    assert client.get(reverse("plan_import", args=[version.pk])).status_code == 404
    response = client.post(
        reverse("plan_import", args=[version.pk]), {"file": SimpleUploadedFile("แผน.xlsx", edited_export(version))}
    )
    assert response.status_code == 404
    assert client.get(upload.url).status_code == 404
    assert client.post(upload.url, {"confirm": "1"}).status_code == 404


def test_the_centre_exports_but_does_not_import(client, cm_plan, central_viewer):
    signed_in(client, central_viewer)
    assert client.get(reverse("plan_export_xlsx", args=[cm_plan.pk])).status_code == 200
    assert client.get(reverse("plan_template_xlsx", args=[2570])).status_code == 200
    assert client.get(reverse("plan_import", args=[cm_plan.current_version.pk])).status_code == 403


def test_signing_in_is_required(client, cm_plan):
    for url in [
        reverse("plan_export_xlsx", args=[cm_plan.pk]),
        reverse("plan_template_xlsx", args=[2570]),
        reverse("plan_import", args=[cm_plan.current_version.pk]),
    ]:
        assert client.get(url).status_code == 302


# A first import -------------------------------------------------------------------------------

# The rows of notices_workbook(): a topic, five activities and four sub-items of the officer's own.
OWN_ROWS = 10


def test_a_first_import_shows_the_files_rows_as_added_not_as_edits_of_the_template(client, cm_plan, cm_editor):
    version = cm_plan.current_version
    template_rows = PlanItem.objects.filter(topic__version=version).count()  # activities and sub-items
    signed_in(client, cm_editor)

    upload = client.post(
        reverse("plan_import", args=[version.pk]), {"file": SimpleUploadedFile("ของเรา.xlsx", notices_workbook())}
    )
    preview = client.get(upload.url)
    changes = preview.context["changes"]

    # Old rule: "การตรวจ" was the template's topic of strategy 3 renamed, its rows edits and deletions.
    assert changes.first_import
    assert (changes.added, changes.changed, changes.removed) == (OWN_ROWS, 0, 0)
    assert changes.left_out == template_rows
    assert {r.kind for r in changes.rows} == {"added"}
    assert 'id="first-import"' in preview.content.decode()

    client.post(upload.url, {"fingerprint": changes.fingerprint, "confirm": "1"})
    assert [t for (_s, t, _rows) in rows_of_version(version)] == ["การตรวจ"]


def test_an_import_into_a_plan_already_worked_on_shows_edits_and_removals(client, cm_plan, cm_editor):
    version = cm_plan.current_version
    first = PlanItem.objects.get(topic__version=version, title=INTELLIGENCE)
    update_item(item=first, revision=first.revision, changes={"unit": "เรื่อง"}, by=cm_editor)
    signed_in(client, cm_editor)

    upload = client.post(
        reverse("plan_import", args=[version.pk]), {"file": SimpleUploadedFile("ของเรา.xlsx", notices_workbook())}
    )
    changes = client.get(upload.url).context["changes"]

    assert not changes.first_import and changes.left_out == 0
    assert changes.removed > 0


def test_a_plan_is_created_from_the_officers_excel_file(client, sk_editor, fy2570_template):
    from labourplan.plans.models import Plan

    signed_in(client, sk_editor)
    page = client.get(reverse("plan_create") + "?fy=2570").content.decode()
    create_url = reverse("plan_create_from_excel") + "?fy=2570"
    assert create_url.replace("&", "&amp;") in page

    # A file with problems creates nothing.
    refused = client.post(create_url, {"file": SimpleUploadedFile("bad.xlsx", simple_workbook([]))})
    assert refused.status_code == 400 and 'id="import-problems"' in refused.content.decode()
    assert not Plan.objects.filter(province=sk_editor.province).exists()

    upload = client.post(create_url, {"file": SimpleUploadedFile("ของเรา.xlsx", notices_workbook())})
    plan = Plan.objects.get(province=sk_editor.province, fiscal_year=fy2570_template)
    preview = client.get(upload.url)
    changes = preview.context["changes"]
    assert changes.first_import and (changes.added, changes.changed, changes.removed) == (OWN_ROWS, 0, 0)

    client.post(upload.url, {"fingerprint": changes.fingerprint, "confirm": "1"})
    ((strategy, topic, rows),) = rows_of_version(plan.current_version)
    assert (strategy, topic, len(rows)) == (3, "การตรวจ", 5)
    # Once the plan exists, the page leads to it.
    assert client.get(create_url).url == reverse("plan_detail", args=[plan.pk])


def test_a_plan_is_created_from_excel_even_without_a_template(client, sk_editor, fy2570):
    from labourplan.plans.models import Plan

    signed_in(client, sk_editor)
    upload = client.post(
        reverse("plan_create_from_excel") + "?fy=2570", {"file": SimpleUploadedFile("ของเรา.xlsx", notices_workbook())}
    )
    plan = Plan.objects.get(province=sk_editor.province, fiscal_year=fy2570)
    changes = client.get(upload.url).context["changes"]
    assert changes.first_import and changes.added == OWN_ROWS and changes.left_out == 0
    assert rows_of_version(plan.current_version) == []


# Topic numbers as printed ---------------------------------------------------------------------


def numbered_workbook(*numbers) -> bytes:
    rows = [["ยุทธศาสตร์ที่ 3 : การบังคับใช้กฎหมาย"]]
    for index, number in enumerate(numbers, start=1):
        rows.append([number, f"หัวข้อ {index}", "1) ตรวจร่วม", *months(1), None, "ครั้ง", "สจจ."])
    return simple_workbook(rows)


@pytest.mark.parametrize(("numbers", "first"), [((5, 6, 7), 5), (("๑๒", "๑๓"), 12), (("3.", 4), 3), ((None, None), 1)])
def test_an_import_keeps_the_files_topic_numbers(cm_plan, cm_editor, numbers, first):
    version = cm_plan.current_version
    result = parse_workbook(numbered_workbook(*numbers), fiscal_year=cm_plan.fiscal_year)
    assert result.ok and result.warnings == []
    from labourplan.plans.services import replace_rows

    replace_rows(version=version, topics=result.topics, by=cm_editor)
    version.refresh_from_db()
    table = load_table(version)
    assert [t.number for s in table.strategies for t in s.topics] == [first + i for i in range(len(numbers))]
    sheet = sheet_of(export_workbook(version))
    assert sheet.cell(find_row(sheet, 2, "หัวข้อ 1"), 1).value == first
    # Read back, the export keeps them again.
    again = parse_workbook(export_workbook(version), fiscal_year=cm_plan.fiscal_year)
    assert [t.number for t in again.topics] == [first + i for i in range(len(numbers))]


def test_topic_numbers_out_of_order_are_said_at_their_cell(cm_plan):
    result = parse_workbook(numbered_workbook(5, 7, 6), fiscal_year=cm_plan.fiscal_year)
    assert result.ok
    assert [(w.row, w.column, w.value) for w in result.warnings] == [(4, "A", "7"), (5, "A", "6")]
    assert "from 5" in result.warnings[0].reason and "number 6" in result.warnings[0].reason


def test_an_amendment_keeps_the_topic_numbers(approved_cm_plan, cm_editor):
    amendment = start_amendment(plan=approved_cm_plan, reason="ปรับแผน", by=cm_editor)
    assert [t.number for s in load_table(amendment).strategies for t in s.topics] == [5, 6, 7, 8, 9]
