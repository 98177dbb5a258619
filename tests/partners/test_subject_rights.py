"""The people in the register and their rights (PDPA): Nang Buakham, the contact of Fang's village
health volunteers, asks Chiang Mai what it holds about her, has it corrected, then erased. The
erased entry is gone from pages, API, exports and history; the audit trail keeps only that an
erasure happened. Entries nobody has confirmed for a year are flagged for review."""

import datetime
import io
import json
import subprocess

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from labourplan.audit.models import AuditEvent
from labourplan.partners import services
from labourplan.partners.models import LawfulBasis, Partner, PartnerKind

pytestmark = pytest.mark.django_db

NAME, CONTACT, PHONE = "ชมรม อสม. อำเภอฝาง", "นางบัวคำ ใจดี", "081-234-5678"


@pytest.fixture
def volunteers(chiang_mai, cm_editor):
    return services.add_partner(
        province=chiang_mai,
        data={"name": NAME, "kind": PartnerKind.COMMUNITY, "contact_person": CONTACT, "phone": PHONE},
        by=cm_editor,
    )


def test_a_lawful_basis_is_recorded_per_entry(client, volunteers, cm_editor):
    assert volunteers.lawful_basis == LawfulBasis.PUBLIC_TASK  # the usual basis of an office's register
    client.force_login(cm_editor)
    data = {"name": NAME, "kind": PartnerKind.COMMUNITY, "contact_person": CONTACT, "lawful_basis": "consent"}
    assert client.post(reverse("partner_edit", args=[volunteers.pk]), data).status_code == 302
    volunteers.refresh_from_db()
    assert volunteers.lawful_basis == LawfulBasis.CONSENT
    page = client.get(reverse("partner_edit", args=[volunteers.pk])).content.decode()
    assert "ความยินยอม" in page
    api = APIClient()
    api.force_authenticate(cm_editor)
    assert api.get(f"/api/partners/{volunteers.pk}/").json()["lawful_basis"] == "consent"
    wrong = api.patch(f"/api/partners/{volunteers.pk}/", {"lawful_basis": "because"}, format="json")
    assert wrong.status_code == 400


def test_the_province_exports_everything_held_about_the_person(client, volunteers, cm_editor, tmp_path):
    services.update_partner(partner=volunteers, data={"phone": "089-999-0000"}, by=cm_editor)
    client.force_login(cm_editor)
    client.get(reverse("partner_edit", args=[volunteers.pk]))  # a read, in the audit trail

    held = json.loads(client.get(reverse("partner_subject_json", args=[volunteers.pk])).content)
    assert held["entry"]["contact_person"] == CONTACT and held["entry"]["phone"] == "089-999-0000"
    assert [v["phone"] for v in held["history"]] == [PHONE, "089-999-0000"]  # the earlier phone too
    assert any(use["by"] == "wilai" for use in held["uses"])
    assert "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล" in held["notice"]

    pdf = client.get(reverse("partner_subject_pdf", args=[volunteers.pk]))
    path = tmp_path / "held.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "นางบัวคำ" in text and PHONE in text and "089-999-0000" in text
    exports = AuditEvent.objects.filter(action="export", object_id=str(volunteers.pk))
    assert sorted(exports.values_list("detail__format", flat=True)) == ["json", "pdf"]
    assert all("เจ้าของข้อมูล" in e.detail["purpose"] for e in exports)


def test_outsiders_get_404_and_the_centre_reads_but_does_not_erase(client, volunteers, sk_editor, central_viewer):
    client.force_login(sk_editor)
    assert client.get(reverse("partner_subject_json", args=[volunteers.pk])).status_code == 404
    assert client.post(reverse("partner_erase", args=[volunteers.pk])).status_code == 404
    client.force_login(central_viewer)
    assert client.get(reverse("partner_subject_json", args=[volunteers.pk])).status_code == 200
    assert client.post(reverse("partner_erase", args=[volunteers.pk])).status_code == 403
    assert Partner.objects.filter(pk=volunteers.pk).exists()


def test_erasure_leaves_nothing_of_the_person_but_the_fact_of_it(client, volunteers, cm_editor, central_admin):
    pk = volunteers.pk
    client.force_login(cm_editor)
    client.get(reverse("partner_list", args=["50"]), {"q": CONTACT})  # a search naming her, in the trail
    client.get(reverse("partner_edit", args=[pk]))
    response = client.post(reverse("partner_erase", args=[pk]))
    assert response.status_code == 302

    assert not Partner.objects.filter(pk=pk).exists()
    assert not Partner.history.filter(id=pk).exists()
    # Pages, API, exports: nothing.
    assert client.get(reverse("partner_edit", args=[pk])).status_code == 404
    listing = client.get(reverse("partner_list", args=["50"])).content.decode()
    assert NAME not in listing and CONTACT not in listing
    api = APIClient()
    api.force_authenticate(cm_editor)
    assert api.get(f"/api/partners/{pk}/").status_code == 404
    assert CONTACT not in api.get("/api/provinces/50/partners/").content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("partner_register_xlsx", args=["50"])).content))
    assert all(CONTACT not in str(cell.value) for row in sheet.active.iter_rows() for cell in row)
    # The audit trail: no name, no search naming her; one entry saying an erasure happened.
    for event in AuditEvent.objects.all():
        flat = json.dumps([event.object_repr, event.detail], ensure_ascii=False)
        assert NAME not in flat and CONTACT not in flat and PHONE not in flat
    erasure = AuditEvent.objects.get(detail__erasure="data_subject_request")
    assert (erasure.username, erasure.province.code, erasure.detail["entry"]) == ("wilai", "50", pk)
    client.force_login(central_admin)
    trail = client.get("/audit/").content.decode()
    assert NAME not in trail and CONTACT not in trail


def test_entries_not_confirmed_for_a_year_are_flagged_for_review(client, volunteers, cm_editor, settings):
    settings.PARTNER_REVIEW_AFTER_DAYS = 365
    client.force_login(cm_editor)
    assert 'data-testid="due-for-review"' not in client.get(reverse("partner_list", args=["50"])).content.decode()
    later = volunteers.confirmed_at + datetime.timedelta(days=366)
    with time_machine.travel(later, tick=False):
        assert list(Partner.objects.due_for_review()) == [volunteers]
        client.force_login(cm_editor)  # a year later: a new session
        assert 'data-testid="due-for-review"' in client.get(reverse("partner_list", args=["50"])).content.decode()
        assert client.post(reverse("partner_confirm", args=[volunteers.pk])).status_code == 302
        assert not Partner.objects.due_for_review().exists()
    settings.PARTNER_REVIEW_AFTER_DAYS = 30  # the setting decides
    with time_machine.travel(later + datetime.timedelta(days=31), tick=False):
        assert list(Partner.objects.due_for_review()) == [volunteers]
