"""The partner-network register: personal data that only Chiang Mai's own officers and the centre
may see. Wilai keeps Chiang Mai's register; Anong and Preecha at the centre read it; Hassan
(Songkhla) must not even learn that it exists."""

import io
import subprocess

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from labourplan.audit.models import AuditEvent
from labourplan.partners import services
from labourplan.partners.excel import PDPA_NOTICE, parse_workbook
from labourplan.partners.models import Partner, PartnerKind
from tests.plans.test_pdf import assert_in_order

pytestmark = pytest.mark.django_db

HEADINGS = ["ลำดับ", "ชื่อภาคีเครือข่าย", "ประเภท", "ผู้ติดต่อ", "โทรศัพท์", "อีเมล", "LINE ID", "พื้นที่", "หมายเหตุ", "สถานะ"]


@pytest.fixture
def volunteers(chiang_mai, cm_editor):
    return services.add_partner(
        province=chiang_mai,
        data={
            "name": "ชมรม อสม. อำเภอฝาง",
            "kind": PartnerKind.COMMUNITY,
            "contact_person": "นางบัวคำ ใจดี",
            "phone": "081-234-5678",
            "line_id": "buakham.fang",
            "area": "อำเภอฝาง",
        },
        by=cm_editor,
    )


def workbook(*rows, headings=HEADINGS, title="ทะเบียน") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["ทะเบียนภาคีเครือข่าย จังหวัดเชียงใหม่"])
    sheet.append(headings)
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(data: bytes, name="register.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# Access -------------------------------------------------------------------------------------------


def test_the_province_and_the_centre_see_the_register_others_get_404(
    client, volunteers, cm_editor, central_viewer, sk_editor
):
    pages = [
        reverse("partner_list", args=["50"]),
        reverse("partner_edit", args=[volunteers.pk]),
        reverse("partner_register_xlsx", args=["50"]),
        reverse("partner_register_pdf", args=["50"]),
    ]
    for user in (cm_editor, central_viewer):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)
    client.force_login(sk_editor)
    for url in [*pages, reverse("partner_add", args=["50"]), reverse("partner_import", args=["50"])]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("partner_delete", args=[volunteers.pk])).status_code == 404
    assert Partner.objects.filter(pk=volunteers.pk).exists()
    assert client.get(reverse("partner_home")).status_code == 302  # to Songkhla's own register
    assert AuditEvent.objects.filter(user=sk_editor).exclude(action="sign_in").count() == 0  # a sign-in is no read


def test_the_centre_reads_but_does_not_write(client, volunteers, central_viewer, central_admin):
    for user in (central_viewer, central_admin):
        client.force_login(user)
        assert client.get(reverse("partner_add", args=["50"])).status_code == 403
        assert (
            client.post(reverse("partner_edit", args=[volunteers.pk]), {"name": "x", "kind": "private"}).status_code
            == 403
        )
    page = client.get(reverse("partner_home")).content.decode()
    assert 'data-province="50"' in page


def test_the_api_follows_the_same_rule(volunteers, cm_editor, central_viewer, sk_editor):
    outsider = APIClient()
    outsider.force_authenticate(sk_editor)
    assert outsider.get("/api/provinces/50/partners/").status_code == 404
    assert outsider.get(f"/api/partners/{volunteers.pk}/").status_code == 404
    assert outsider.patch(f"/api/partners/{volunteers.pk}/", {"phone": "1"}, format="json").status_code == 404
    assert (
        outsider.post("/api/provinces/50/partners/", {"name": "x", "kind": "private"}, format="json").status_code == 404
    )
    viewer = APIClient()
    viewer.force_authenticate(central_viewer)
    body = viewer.get("/api/provinces/50/partners/", {"q": "ฝาง"}).json()
    assert [p["name"] for p in body["results"]] == [volunteers.name] and body["notice"] == PDPA_NOTICE
    assert (
        viewer.post("/api/provinces/50/partners/", {"name": "x", "kind": "private"}, format="json").status_code == 403
    )
    editor = APIClient()
    editor.force_authenticate(cm_editor)
    created = editor.post(
        "/api/provinces/50/partners/",
        {"name": "บริษัท เอ จำกัด", "kind": "private", "email": "a@example.com"},
        format="json",
    )
    assert created.status_code == 201
    duplicate = editor.post("/api/provinces/50/partners/", {"name": "บริษัท เอ จำกัด", "kind": "private"}, format="json")
    assert duplicate.status_code == 400
    changed = editor.patch(f"/api/partners/{created.json()['id']}/", {"is_active": False}, format="json")
    assert changed.json()["is_active"] is False
    assert editor.delete(f"/api/partners/{created.json()['id']}/").status_code == 204
    assert AuditEvent.objects.filter(
        user=central_viewer, action=AuditEvent.Action.EXPORT, detail__format="api"
    ).exists()


# Changes are recorded ----------------------------------------------------------------------------------


def test_every_change_is_kept_with_who_made_it(client, volunteers, cm_editor, cm_approver):
    client.force_login(cm_approver)
    response = client.post(
        reverse("partner_edit", args=[volunteers.pk]),
        {"name": volunteers.name, "kind": "community", "phone": "089-999-0000", "is_active": ""},
    )
    assert response.status_code == 302
    volunteers.refresh_from_db()
    assert (volunteers.phone, volunteers.is_active) == ("089-999-0000", False)
    history = list(volunteers.history.order_by("history_date"))
    assert [(h.history_user, h.phone) for h in history] == [(cm_editor, "081-234-5678"), (cm_approver, "089-999-0000")]
    client.post(reverse("partner_delete", args=[volunteers.pk]))
    assert Partner.history.filter(id=volunteers.pk, history_type="-", history_user=cm_approver).exists()


def test_search_by_name_contact_or_area_and_filter_by_type(client, volunteers, chiang_mai, cm_editor):
    services.add_partner(province=chiang_mai, data={"name": "สถานีตำรวจภูธรเมือง", "kind": "government"}, by=cm_editor)
    client.force_login(cm_editor)
    url = reverse("partner_list", args=["50"])
    assert client.get(url, {"q": "บัวคำ"}).context["partners"] == [volunteers]
    assert [p.name for p in client.get(url, {"kind": "government"}).context["partners"]] == ["สถานีตำรวจภูธรเมือง"]
    assert client.get(url, {"status": "inactive"}).context["partners"] == []


# Reads are recorded: the register is personal data ---------------------------------------------------


def reads(user):
    return list(
        AuditEvent.objects.filter(user=user, action=AuditEvent.Action.READ)
        .order_by("pk")
        .values_list("detail__via", "detail__rows", "object_id", "province__code")
    )


def test_every_read_of_the_register_is_written_to_the_audit_trail(
    client, volunteers, chiang_mai, cm_editor, central_viewer
):
    """Preecha at the centre opens Chiang Mai's register, searches it, opens a partner's page,
    then reads the partner through the API: four reads, four entries naming what was read."""
    services.add_partner(province=chiang_mai, data={"name": "สถานีตำรวจภูธรฝาง", "kind": "government"}, by=cm_editor)
    client.force_login(central_viewer)
    assert client.get(reverse("partner_list", args=["50"])).status_code == 200
    assert client.get(reverse("partner_list", args=["50"]), {"q": "บัวคำ", "kind": "community"}).status_code == 200
    assert client.get(reverse("partner_edit", args=[volunteers.pk])).status_code == 200
    api = APIClient()
    api.force_authenticate(central_viewer)
    assert api.get(f"/api/partners/{volunteers.pk}/").status_code == 200

    partner = str(volunteers.pk)
    assert reads(central_viewer) == [
        ("list", 2, "", "50"),
        ("search", 1, "", "50"),
        ("page", 1, partner, "50"),
        ("api", 1, partner, "50"),
    ]
    search = AuditEvent.objects.get(action=AuditEvent.Action.READ, detail__via="search")
    assert "บัวคำ" in search.detail["search"] and search.ip_address == "127.0.0.1"


def test_a_refused_read_writes_nothing_as_read(client, volunteers, sk_editor):
    client.force_login(sk_editor)
    assert client.get(reverse("partner_list", args=["50"])).status_code == 404
    assert client.get(reverse("partner_edit", args=[volunteers.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(sk_editor)
    assert api.get(f"/api/partners/{volunteers.pk}/").status_code == 404
    assert reads(sk_editor) == []


# Exports are recorded and carry their purpose -------------------------------------------------------------


def test_an_export_writes_an_audit_entry_and_carries_the_pdpa_notice(client, volunteers, central_viewer, tmp_path):
    client.force_login(central_viewer)
    response = client.get(reverse("partner_register_xlsx", args=["50"]))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.user, event.province.code, event.detail["format"], event.detail["rows"]) == (
        central_viewer,
        "50",
        "xlsx",
        1,
    )
    assert "ป้องกันและแก้ไขปัญหาการค้ามนุษย์" in event.detail["purpose"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == PDPA_NOTICE
    assert volunteers.name in [c.value for c in sheet["B"]]

    pdf = client.get(reverse("partner_register_pdf", args=["50"]))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, detail__format="pdf").count() == 1
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert_in_order(text, ["ทะเบียนภาคีเครือข่าย", "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล", "ชุมชน", volunteers.name])


# Import -----------------------------------------------------------------------------------------------------


def test_import_errors_name_the_sheet_row_and_column():
    result = parse_workbook(
        workbook(
            [1, "ชมรม อสม. ฝาง", "ชุมชน", "บัวคำ", "081", "bua@example.com", "", "ฝาง", "", "ใช้งาน"],
            [2, "", "ภาครัฐ", "", "", "", "", "", "", ""],
            [3, "บริษัท บี", "สหกรณ์", "", "", "ไม่ใช่อีเมล", "", "", "", "ใช้งาน"],
            [4, "ชมรม อสม. ฝาง", "ชุมชน", "", "", "", "", "", "", "พักไว้"],
        )
    )
    assert not result.ok
    found = {(p.sheet, p.row, p.column) for p in result.problems}
    assert found == {
        ("ทะเบียน", 4, "B"),  # no name
        ("ทะเบียน", 5, "C"),  # unknown type
        ("ทะเบียน", 5, "F"),  # not an e-mail address
        ("ทะเบียน", 6, "B"),  # the same name as row 3
        ("ทะเบียน", 6, "J"),  # unknown status
    }
    duplicate = next(p for p in result.problems if (p.row, p.column) == (6, "B"))
    assert "3" in duplicate.reason


def test_a_sheet_without_the_header_and_a_file_that_is_not_a_workbook(client, cm_editor):
    result = parse_workbook(workbook(["ก", "ข"], headings=["ชื่อ", "โทร"]))
    assert not result.ok and "ชื่อภาคีเครือข่าย" in result.problems[0].reason
    client.force_login(cm_editor)
    response = client.post(reverse("partner_import", args=["50"]), {"file": upload(b"name,kind\n", "x.xlsx")})
    assert response.status_code == 400
    assert ".xlsx" in response.context["form"].errors["file"][0]


def test_import_preview_then_confirm_adds_and_updates(client, volunteers, cm_editor):
    client.force_login(cm_editor)
    data = workbook(
        [1, "ชมรม อสม. อำเภอฝาง", "ชุมชน", "นางบัวคำ ใจดี", "081-000-0000", "", "", "อำเภอฝาง", "", "ใช้งาน"],
        [2, "มูลนิธิเพื่อแรงงาน", "NGOs", "นายสมหมาย", "", "", "", "เมือง", "", ""],
    )
    response = client.post(reverse("partner_import", args=["50"]), {"file": upload(data)})
    assert response.status_code == 302
    preview = client.get(response.url)
    assert (preview.context["added"], preview.context["updated"]) == (1, 1)
    assert Partner.objects.count() == 1  # nothing written before the confirmation
    done = client.post(response.url, {"confirm": "1"})
    assert done.status_code == 302
    assert Partner.objects.get(name="มูลนิธิเพื่อแรงงาน").kind == PartnerKind.CIVIL_SOCIETY
    volunteers.refresh_from_db()
    assert volunteers.phone == "081-000-0000"


def test_a_workbook_with_problems_is_never_imported(client, cm_editor):
    client.force_login(cm_editor)
    data = workbook([1, "", "ภาครัฐ", "", "", "", "", "", "", ""])
    response = client.post(reverse("partner_import", args=["50"]), {"file": upload(data)})
    preview = client.get(response.url)
    assert 'id="import-problems"' in preview.content.decode()
    client.post(response.url, {"confirm": "1"})
    assert Partner.objects.count() == 0


def test_the_export_reads_back_through_the_import(client, volunteers, cm_editor):
    client.force_login(cm_editor)
    exported = client.get(reverse("partner_register_xlsx", args=["50"])).content
    result = parse_workbook(exported)
    assert result.ok and result.rows[0]["name"] == volunteers.name and result.rows[0]["kind"] == "community"


def test_a_re_import_reports_unchanged_rows_as_unchanged_and_leaves_them_alone(client, volunteers, cm_editor):
    client.force_login(cm_editor)
    services.add_partner(
        province=volunteers.province, data={"name": "สถานีตำรวจภูธรเมือง", "kind": "government"}, by=cm_editor
    )
    exported = client.get(reverse("partner_register_xlsx", args=["50"])).content
    book = openpyxl.load_workbook(io.BytesIO(exported))
    sheet = book.active
    police = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "สถานีตำรวจภูธรเมือง")
    sheet.cell(police, 5).value = "053-000-000"  # one partner changed
    sheet.append([3, "มูลนิธิเพื่อแรงงาน", "NGOs", "", "", "", "", "", "", "ใช้งาน"])  # one new
    buffer = io.BytesIO()
    book.save(buffer)
    histories = Partner.history.count()

    response = client.post(reverse("partner_import", args=["50"]), {"file": upload(buffer.getvalue())})
    preview = client.get(response.url)
    # Old rule: every partner already in the register showed as "Update", even with nothing to change.
    assert (preview.context["added"], preview.context["updated"], preview.context["unchanged"]) == (1, 1, 1)
    changes = {row["name"]: row["change"] for row in preview.context["rows"]}
    assert changes == {volunteers.name: "unchanged", "สถานีตำรวจภูธรเมือง": "update", "มูลนิธิเพื่อแรงงาน": "add"}
    assert 'data-change="unchanged"' in preview.content.decode()

    client.cookies["django_language"] = "en"
    done = client.post(response.url, {"confirm": "1"}, follow=True)
    assert "1 partners added, 1 updated, 1 unchanged" in done.content.decode()
    assert Partner.history.count() == histories + 2  # the unchanged partner was not saved again
    volunteers.refresh_from_db()
    assert volunteers.phone == "081-234-5678"


def test_the_register_page_takes_a_fixed_number_of_queries(
    client, volunteers, chiang_mai, cm_editor, django_assert_num_queries
):
    for n in range(5):
        services.add_partner(province=chiang_mai, data={"name": f"ภาคี {n}", "kind": "private"}, by=cm_editor)
    client.force_login(cm_editor)
    # session, user, the user's province (menu), the register's province with its partners' count,
    # partners, the audit entry of the read
    with django_assert_num_queries(6):
        client.get(reverse("partner_list", args=["50"]), {"q": "ภาคี"})


def test_the_register_pdf_reads_back_every_thai_word_with_sara_am_whole(volunteers, chiang_mai, cm_editor, tmp_path):
    """The register PDF shares Form 1's font setup, so its text layer keeps "อำเภอ", "บัวคำ" whole."""
    from django.utils import timezone

    from labourplan.partners.pdf import render_register_pdf

    pdf = render_register_pdf(chiang_mai, [volunteers], exported_by=cm_editor, exported_at=timezone.now())
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "อำเภอฝาง" in text and "นางบัวคำ" in text and "ทำลาย" in text  # the PDPA notice's "ให้ทำลาย"
    assert "\u0e4d" not in text
