"""The lawful basis of each register entry travels with it: out to Excel, the PDF and the API, and
back in through the import (partners.excel). Wilai (Chiang Mai's editor) keeps the register."""

import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from labourplan.partners import services
from labourplan.partners.excel import LAWFUL_BASIS_TH, parse_workbook
from labourplan.partners.models import LawfulBasis, Partner
from tests.partners.test_register import HEADINGS, upload, workbook
from tests.plans.test_pdf import skeleton

pytestmark = pytest.mark.django_db

WITH_BASIS = [*HEADINGS, "ฐานทางกฎหมาย"]


@pytest.fixture
def register(chiang_mai, cm_editor):
    """One entry under each basis, with every field filled, so that a round trip has something to lose."""
    partners = []
    for n, basis in enumerate(LawfulBasis.values):
        partners.append(
            services.add_partner(
                province=chiang_mai,
                data={
                    "name": f"ภาคี {n} อำเภอฝาง",
                    "kind": ["government", "private", "civil_society", "community"][n],
                    "contact_person": f"ผู้ติดต่อ {n}",
                    "phone": f"08{n}-234-5678",
                    "email": f"p{n}@example.com",
                    "line_id": f"line{n}",
                    "area": "อำเภอฝาง",
                    "notes": f"บันทึก {n}",
                    "is_active": n != 2,
                    "lawful_basis": basis,
                },
                by=cm_editor,
            )
        )
    return partners


def _snapshot():
    fields = ["name", "kind", "contact_person", "phone", "email", "line_id", "area", "notes", "is_active"]
    return sorted(Partner.objects.values_list(*fields, "lawful_basis"))


def test_the_export_has_the_lawful_basis_column_in_thai(client, register, cm_editor):
    client.force_login(cm_editor)
    exported = client.get(reverse("partner_register_xlsx", args=["50"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    assert [sheet.cell(5, col).value for col in range(1, 12)] == WITH_BASIS
    by_name = {sheet.cell(r, 2).value: sheet.cell(r, 11).value for r in range(6, 6 + len(register))}
    assert by_name == {p.name: LAWFUL_BASIS_TH[p.lawful_basis] for p in register}
    assert by_name["ภาคี 1 อำเภอฝาง"] == "ความยินยอมของเจ้าของข้อมูล (มาตรา 19)"


def test_export_then_import_changes_nothing(client, register, cm_editor):
    client.force_login(cm_editor)
    before = _snapshot()
    histories = Partner.history.count()
    exported = client.get(reverse("partner_register_xlsx", args=["50"])).content
    result = parse_workbook(exported)
    assert result.ok and result.has_lawful_basis
    assert [row["lawful_basis"] for row in result.rows] == [p.lawful_basis for p in register]

    response = client.post(reverse("partner_import", args=["50"]), {"file": upload(exported)})
    preview = client.get(response.url)
    assert (preview.context["added"], preview.context["updated"], preview.context["unchanged"]) == (0, 0, 4)
    client.post(response.url, {"confirm": "1"})
    assert _snapshot() == before
    assert Partner.history.count() == histories


def test_a_changed_basis_in_the_file_is_an_update(client, register, cm_editor):
    client.force_login(cm_editor)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("partner_register_xlsx", args=["50"])).content))
    sheet = book.active
    row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(r, 2).value == register[0].name)
    sheet.cell(row, 11).value = "ความยินยอม"  # a short form of the consent label
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(reverse("partner_import", args=["50"]), {"file": upload(buffer.getvalue())})
    preview = client.get(response.url)
    assert (preview.context["added"], preview.context["updated"]) == (0, 1)
    client.post(response.url, {"confirm": "1"})
    register[0].refresh_from_db()
    assert register[0].lawful_basis == LawfulBasis.CONSENT


@pytest.mark.parametrize(
    ("typed", "basis"),
    [
        ("การปฏิบัติตามสัญญากับเจ้าของข้อมูล (มาตรา 24(3))", "contract"),  # the exported label
        ("ประโยชน์โดยชอบด้วยกฎหมาย (มาตรา ๒๔(๕))", "legitimate_interest"),  # Thai digits
        ("  ภารกิจเพื่อประโยชน์สาธารณะ ", "public_task"),
        ("consent", "consent"),  # the code
        ("Contract with the person (PDPA section 24(3))", "contract"),  # the English label
    ],
)
def test_the_import_reads_thai_labels_short_forms_and_codes(typed, basis):
    result = parse_workbook(
        workbook([1, "ภาคี ก", "ภาครัฐ", "", "", "", "", "", "", "ใช้งาน", typed], headings=WITH_BASIS)
    )
    assert result.ok, result.problems
    assert result.rows[0]["lawful_basis"] == basis


def test_an_unknown_basis_names_the_sheet_row_and_column_in_thai(client, cm_editor):
    data = workbook(
        [1, "ภาคี ก", "ภาครัฐ", "", "", "", "", "", "", "ใช้งาน", "ตามที่ผู้ใหญ่สั่ง"],
        [2, "ภาคี ข", "ภาครัฐ", "", "", "", "", "", "", "ใช้งาน", "ยินยอม และ สัญญา"],  # two bases: not guessed
        headings=WITH_BASIS,
    )
    result = parse_workbook(data)
    assert not result.ok
    assert {(p.sheet, p.row, p.column, p.value) for p in result.problems} == {
        ("ทะเบียน", 3, "K", "ตามที่ผู้ใหญ่สั่ง"),
        ("ทะเบียน", 4, "K", "ยินยอม และ สัญญา"),
    }

    client.force_login(cm_editor)
    response = client.post(reverse("partner_import", args=["50"]), {"file": upload(data)})
    page = client.get(response.url).content.decode()
    problems = page[page.index('id="import-problems"') :]
    first = problems[problems.index("<td>ทะเบียน</td>") : problems.index("</tr>", problems.index("<td>ทะเบียน</td>"))]
    assert "<td>3</td>" in first and "<td>K</td>" in first
    assert "ไม่รู้จักฐานทางกฎหมาย" in first and "ความยินยอมของเจ้าของข้อมูล (มาตรา 19)" in first
    client.post(response.url, {"confirm": "1"})
    assert Partner.objects.count() == 0


def test_a_file_without_the_column_keeps_each_basis_and_gives_new_entries_public_task(client, register, cm_editor):
    """Files exported before the column existed still import: nothing they do not say is changed."""
    client.force_login(cm_editor)
    consent = register[1]
    data = workbook(
        [1, consent.name, "ภาคเอกชน", "ผู้ติดต่อใหม่", "", "", "", "", "", "ใช้งาน"],
        [2, "มูลนิธิเพื่อแรงงาน", "NGOs", "", "", "", "", "", "", "ใช้งาน"],
    )
    result = parse_workbook(data)
    assert result.ok and not result.has_lawful_basis
    assert all("lawful_basis" not in row for row in result.rows)
    response = client.post(reverse("partner_import", args=["50"]), {"file": upload(data)})
    preview = client.get(response.url)
    assert 'id="no-lawful-basis-column"' in preview.content.decode()
    labels = {row["name"]: row["lawful_basis_label"] for row in preview.context["rows"]}
    assert labels == {consent.name: LawfulBasis.CONSENT.label, "มูลนิธิเพื่อแรงงาน": LawfulBasis.PUBLIC_TASK.label}
    client.post(response.url, {"confirm": "1"})
    consent.refresh_from_db()
    assert (consent.contact_person, consent.lawful_basis) == ("ผู้ติดต่อใหม่", LawfulBasis.CONSENT)
    assert Partner.objects.get(name="มูลนิธิเพื่อแรงงาน").lawful_basis == LawfulBasis.PUBLIC_TASK


def test_the_register_pdf_shows_each_basis(register, chiang_mai, cm_editor, tmp_path):
    from django.utils import timezone

    from labourplan.partners.pdf import render_register_pdf

    active = [p for p in register if p.is_active]
    pdf = render_register_pdf(chiang_mai, active, exported_by=cm_editor, exported_at=timezone.now())
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf)
    text = skeleton(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    assert skeleton("ฐานทางกฎหมาย") in text
    assert skeleton("ความยินยอมของเจ้าของข้อมูล") in text  # register[1]
    assert skeleton("การปฏิบัติตามสัญญากับเจ้าของข้อมูล") in text  # register[3]
    assert skeleton("ประโยชน์โดยชอบด้วยกฎหมาย") not in text  # register[2] is not active: not in the volume


def test_the_api_gives_the_basis_in_words_beside_the_code(register, cm_editor):
    api = APIClient()
    api.force_authenticate(cm_editor)
    body = api.get(f"/api/partners/{register[1].pk}/", HTTP_ACCEPT_LANGUAGE="th").json()
    assert (body["lawful_basis"], body["lawful_basis_display"]) == ("consent", "ความยินยอมของเจ้าของข้อมูล (มาตรา 19)")
    listed = api.get("/api/provinces/50/partners/").json()["results"]
    assert {p["lawful_basis_display"] for p in listed} == {LAWFUL_BASIS_TH[b] for b in LawfulBasis.values}
    refused = api.patch(f"/api/partners/{register[1].pk}/", {"lawful_basis_display": "x"}, format="json")
    assert refused.status_code == 400  # read only: nothing else to change


def test_the_schema_documents_the_display_as_read_only():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    partner = schema["components"]["schemas"]["Partner"]["properties"]
    assert partner["lawful_basis_display"]["readOnly"] is True
    assert partner["lawful_basis_display"]["type"] == "string"
    assert "enum" in partner["lawful_basis"] or "allOf" in partner["lawful_basis"]
