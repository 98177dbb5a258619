"""What the officer typed is kept: the agencies of a row in the order typed ("สสค./สจจ." stays so,
not sorted into "สจจ./สสค.") in every output: the grid, the Excel export, the PDF and the API,
whether the row came from an Excel import, the API (the grid) or an amendment.
"""

import io

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from labourplan.plans.excel import export_workbook, parse_workbook
from labourplan.plans.models import PlanItem
from labourplan.plans.pdf import render_form1_pdf
from labourplan.plans.services import replace_rows, start_amendment
from tests.plans.test_excel import MONTHS, months, to_bytes
from tests.plans.test_pdf import pdf_text

pytestmark = pytest.mark.django_db


def workbook_with_agencies(*typed: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ที่", "ประเด็นกิจกรรม", "โครงการ/กิจกรรม", *MONTHS, "รวม", "หน่วยนับ", "หน่วยงานรับผิดชอบ"])
    sheet.append(["ยุทธศาสตร์ที่ 4 : การเฝ้าระวัง"])
    for index, agencies in enumerate(typed, start=1):
        number = 1 if index == 1 else None
        sheet.append([number, "ส่งเสริม GLP", f"{index}) กิจกรรม {index}", *months(1), None, "แห่ง", agencies])
    return to_bytes(workbook)


def outputs(client, version, tmp_path) -> dict[str, str]:
    """Each row's agencies as every output shows them: {title: "a/b"} per output."""
    sheet = openpyxl.load_workbook(io.BytesIO(export_workbook(version)))["แบบฟอร์ม 1"]
    excel = {
        str(sheet.cell(r, 3).value).split(") ", 1)[1]: sheet.cell(r, 18).value
        for r in range(1, sheet.max_row + 1)
        if str(sheet.cell(r, 3).value).startswith(("1) ", "2) ", "3) "))
    }
    plan = client.get(f"/api/plans/{version.plan_id}/").json()
    api = {}
    for topic in plan["topics"]:
        for item in topic["activities"]:
            api[item["title"]] = "/".join(item["agencies"])
    grid = client.get(reverse("plan_detail", args=[version.plan_id])).content.decode()
    pdf = pdf_text(render_form1_pdf(version), tmp_path)
    return {"excel": excel, "api": api, "grid": grid, "pdf": pdf}


@pytest.mark.parametrize(
    "typed",
    [("สสค./สจจ.", "สจจ./สสค.", "สสค."), ("สสค. / สจจ.", "สสค.,สจจ.", "สจจ.")],
    ids=["slashes", "spaces-and-commas"],
)
def test_agencies_imported_from_excel_keep_the_order_typed_everywhere(cm_plan, cm_editor, tmp_path, typed):
    version = cm_plan.current_version
    result = parse_workbook(workbook_with_agencies(*typed), fiscal_year=cm_plan.fiscal_year)
    assert result.ok, result.problems
    replace_rows(version=version, topics=result.topics, by=cm_editor)
    client = APIClient()
    client.force_login(cm_editor)

    expected = {"กิจกรรม 1": "สสค./สจจ.", "กิจกรรม 2": typed[1].replace(" ", "").replace(",", "/"), "กิจกรรม 3": typed[2]}
    found = outputs(client, version, tmp_path)
    assert found["excel"] == expected
    assert {title: found["api"][title] for title in expected} == expected
    assert 'value="สสค./สจจ."' in found["grid"]
    assert "สสค./สจจ." in found["pdf"]
    # An amendment copies the rows with their order.
    amendment_rows = parse_workbook(export_workbook(version), fiscal_year=cm_plan.fiscal_year).topics
    assert [a.abbreviation for a in amendment_rows[0].items[0].agencies] == ["สสค.", "สจจ."]


def test_agencies_changed_through_the_api_keep_the_order_sent_and_an_amendment_keeps_it(
    cm_plan, cm_editor, cm_approver, signed_pdf
):
    from labourplan.plans.services import record_approval, submit_plan

    item = PlanItem.objects.filter(topic__version=cm_plan.current_version, parent=None).first()
    client = APIClient()
    client.force_login(cm_editor)
    response = client.patch(
        f"/api/items/{item.pk}/", {"revision": item.revision, "agencies": "สสค./สจจ."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["agencies"] == ["สสค.", "สจจ."]
    response = client.patch(
        f"/api/items/{item.pk}/", {"revision": item.revision + 1, "agencies": ["สจจ.", "สสค."]}, format="json"
    )
    assert response.json()["agencies"] == ["สจจ.", "สสค."]
    client.patch(f"/api/items/{item.pk}/", {"revision": item.revision + 2, "agencies": "สสค./สจจ."}, format="json")

    import datetime

    version = submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)
    record_approval(version=version, approved_on=datetime.date(2026, 10, 20), document=signed_pdf, by=cm_approver)
    amendment = start_amendment(plan=cm_plan, reason="เพิ่มกิจกรรม", by=cm_editor)
    copied = PlanItem.objects.get(topic__version=amendment, key=item.key)
    assert [a.abbreviation for a in copied.ordered_agencies] == ["สสค.", "สจจ."]
