"""Forms 1 and 2 as officers really save them: exported, typed into with Thai digits, opened and
saved again in LibreOffice Calc (which recalculates every formula, and an =SUM skips text), then
imported. Nothing may be refused and every value must come back exact.

LibreOffice is Debian's `libreoffice-calc` (installed by `make test` and `.ci/run`); each run has
its own user profile so that parallel runs do not share one.
"""

import io
import subprocess  # nosec B404: LibreOffice is run on files the test wrote
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from labourplan.plans.excel import WorkbookRefused
from labourplan.plans.excel import export_workbook as export_form_1
from labourplan.plans.excel import parse_workbook as parse_form_1
from labourplan.plans.table import load_table
from labourplan.reports.excel import export_workbook as export_form_2
from labourplan.reports.excel import parse_workbook as parse_form_2
from labourplan.reports.services import open_report
from tests.reports.test_excel import TODAY, saved

pytestmark = pytest.mark.django_db

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def saved_by_libreoffice(data: bytes, folder: Path, *, as_type: str = "xlsx:Calc Office Open XML") -> bytes:
    """The workbook after LibreOffice Calc opened it, recalculated it and saved it (as .xlsx unless asked)."""
    source, out = folder / "in" / "form.xlsx", folder / "out"
    source.parent.mkdir(parents=True)
    out.mkdir()
    source.write_bytes(data)
    subprocess.run(  # nosec B603 B607: a fixed command on our own files
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            as_type,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (saved,) = out.iterdir()
    return saved.read_bytes()


def to_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def thai(number: int) -> str:
    return str(number).translate(THAI)


# Form 1 -----------------------------------------------------------------------------------------


def typed_form_1(data: bytes, targets: dict[str, list[int]]) -> bytes:
    """Form 1 with the months of some rows retyped as Thai-digit text ("-" for zero), and their total
    too where it is typed (the Thai-digit export's totals are text: a spreadsheet cannot sum them)."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["แบบฟอร์ม 1"]
    for row in range(1, sheet.max_row + 1):
        label = str(sheet.cell(row, 3).value or "")
        for title, values in targets.items():
            if label.endswith(title):
                for offset, value in enumerate(values):
                    sheet.cell(row, 4 + offset).value = thai(value) if value else "-"
                total = sheet.cell(row, 16)
                if not str(total.value).startswith("="):
                    total.value = thai(sum(values))
    return to_bytes(workbook)


def plan_rows(version) -> dict[str, list[int]]:
    rows = {}
    for block in load_table(version).strategies:
        for topic in block.topics:
            for row in topic.rows:
                rows[row.item.title] = list(row.item.targets)
                for sub in row.sub_items:
                    rows[sub.item.title] = list(sub.item.targets)
    return rows


def imported_rows(topics) -> dict[str, list[int]]:
    rows = {}
    for topic in topics:
        for item in topic.items:
            rows[item.title] = list(item.targets)
            for sub in item.sub_items:
                rows[sub.title] = list(sub.targets)
    return rows


@pytest.mark.parametrize("thai_digits", [False, True], ids=["arabic-export", "thai-export"])
def test_form_1_saved_by_libreoffice_with_thai_digits_in_leaves_imports_exactly(cm_plan, tmp_path, thai_digits):
    version = cm_plan.current_version
    expected = plan_rows(version)
    # Sub-items of an activity (ตลาดสด, ตลาดนัด) and an activity without sub-items, retyped in Thai
    # digits with new values; their activity's =SUM and every row's total now skip that text.
    typed = {
        "ตลาดสด": [0, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0],
        "ตลาดนัด": [1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1],
        "จัดทำ/ปรับปรุงทะเบียนเครือข่ายให้เป็นปัจจุบัน": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    }
    expected.update(typed)
    data = typed_form_1(export_form_1(version, thai_digits=thai_digits), typed)

    resaved = saved_by_libreoffice(data, tmp_path)
    result = parse_form_1(resaved, fiscal_year=cm_plan.fiscal_year, province=cm_plan.province)

    assert result.problems == []
    assert result.warnings == []
    assert imported_rows(result.topics) == expected


def test_form_1_month_cells_holding_formulas_are_taken_by_value_with_a_notice(cm_plan, tmp_path):
    workbook = openpyxl.load_workbook(io.BytesIO(export_form_1(cm_plan.current_version)))
    sheet = workbook["แบบฟอร์ม 1"]
    row = next(r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 3).value).endswith("ตลาดสด"))
    sheet.cell(row, 5).value = "=1+2"  # พ.ย.
    sheet.cell(row, 15).value = f"=D{row}+4"  # ก.ย.: ต.ค. (0) + 4
    resaved = saved_by_libreoffice(to_bytes(workbook), tmp_path)

    result = parse_form_1(resaved, fiscal_year=cm_plan.fiscal_year, province=cm_plan.province)

    assert result.problems == []
    (notice,) = result.warnings
    assert (notice.sheet, notice.row, notice.column) == ("แบบฟอร์ม 1", row, "E")
    assert f"E{row}, O{row}" in notice.reason and "(3, 4)" in notice.reason
    assert imported_rows(result.topics)["ตลาดสด"] == [0, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 4]


# Form 2 -----------------------------------------------------------------------------------------


def typed_form_2(data: bytes, results: dict[str, object]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["แบบฟอร์ม 2"]
    for row in range(1, sheet.max_row + 1):
        label = str(sheet.cell(row, 2).value or "")
        for title, value in results.items():
            if label.endswith(title):
                sheet.cell(row, 5).value = value
    return to_bytes(workbook)


@pytest.mark.parametrize("thai_digits", [False, True], ids=["arabic-export", "thai-export"])
def test_form_2_saved_by_libreoffice_with_thai_digits_in_sub_items_imports_exactly(
    reporting_plan, cm_editor, tmp_path, thai_digits
):
    report = open_report(plan=reporting_plan, month_index=2, by=cm_editor, today=TODAY)
    typed = {
        "ตลาดสด": "๒",  # Thai-digit text: the activity's recalculated =SUM skips it
        "ตลาดนัด": "๓",
        "หาบเร่แผงลอย": 1,  # a number beside them
        "ส่งเสริมสถานประกอบการนำแนวปฏิบัติการใช้แรงงานที่ดีไปใช้ (GLP)": "๓",  # an activity without sub-items
    }
    data = typed_form_2(export_form_2(report, thai_digits=thai_digits), typed)

    resaved = saved_by_libreoffice(data, tmp_path)
    result = parse_form_2(resaved, report=report)

    assert result.problems == []
    assert result.warnings == []
    assert {c.title: c.new_result for c in result.results} == {
        "ตลาดสด": 2,
        "ตลาดนัด": 3,
        "หาบเร่แผงลอย": 1,
        "ส่งเสริมสถานประกอบการนำแนวปฏิบัติการใช้แรงงานที่ดีไปใช้ (GLP)": 3,
    }
    assert saved(report) == {}  # parsing writes nothing


def test_form_2_results_holding_formulas_are_taken_by_value_with_a_notice(reporting_plan, cm_editor, tmp_path):
    report = open_report(plan=reporting_plan, month_index=2, by=cm_editor, today=TODAY)
    data = typed_form_2(export_form_2(report), {"ตลาดสด": "=1+1", "ตลาดนัด": 1})
    resaved = saved_by_libreoffice(data, tmp_path)

    result = parse_form_2(resaved, report=report)

    assert result.problems == []
    (notice,) = result.warnings
    assert (notice.sheet, notice.column) == ("แบบฟอร์ม 2", "E") and "(2)" in notice.reason
    assert f"E{notice.row}" in notice.reason
    assert {c.title: c.new_result for c in result.results} == {"ตลาดสด": 2, "ตลาดนัด": 1}


@pytest.mark.parametrize(
    ("as_type", "code"),
    [("ods", "ods"), ("csv:Text - txt - csv (StarCalc):44,34,76", "csv"), ("xls:MS Excel 97", "old_format")],
    ids=["ods", "csv", "xls"],
)
def test_other_formats_saved_by_libreoffice_are_refused_saying_how_to_save_as_xlsx(cm_plan, tmp_path, as_type, code):
    data = saved_by_libreoffice(export_form_1(cm_plan.current_version), tmp_path, as_type=as_type)

    with pytest.raises(WorkbookRefused) as refused:
        parse_form_1(data, fiscal_year=cm_plan.fiscal_year)
    assert refused.value.code == code
    assert "Save As" in refused.value.message and ".xlsx" in refused.value.message
    with translation.override("th"), pytest.raises(WorkbookRefused) as in_thai:
        parse_form_1(data, fiscal_year=cm_plan.fiscal_year)
    assert "บันทึกเป็น" in in_thai.value.message and ".xlsx" in in_thai.value.message
