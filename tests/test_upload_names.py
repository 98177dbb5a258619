"""Thai file names come back whole: a file is stored under a safe name of its own folder and
downloaded again under the officer's name, vowels and tone marks included (RFC 5987 filename*).

Wilai attaches evidence and minutes, Somchai the signed approval, each named in Thai as the
office names its files."""

import datetime
import unicodedata
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from labourplan.lib.uploads import private_storage, stored_name
from labourplan.plans.services import add_meeting, record_approval, submit_plan
from labourplan.reports.services import add_evidence, open_report
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

NAMES = [
    "บันทึกการประชุม ครั้งที่ ๑.pdf",
    "หนังสืออนุมัติ ผู้ว่าราชการจังหวัด.pdf",
    "ภาพกิจกรรม ตรวจแรงงานประมง (ฉบับแก้ไข).pdf",
    "รายงานผล/เดือน..ตุลาคม.pdf",  # a slash and dots the storage must not take for a path
]


def pdf(name):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def served_name(response) -> str:
    disposition = response["Content-Disposition"]
    assert "filename*=utf-8''" in disposition, disposition
    return unquote(disposition.split("filename*=utf-8''", 1)[1].split(";")[0])


def expected(name: str) -> str:
    """The name as typed; of a path, its last part (as a browser sends it)."""
    return unicodedata.normalize("NFC", name.rsplit("/", 1)[-1])


@pytest.mark.parametrize("name", NAMES)
def test_evidence_comes_back_under_its_thai_name(reporting_plan, cm_editor, name):
    report = open_report(plan=reporting_plan, month_index=1, by=cm_editor, today=datetime.date(2026, 11, 24))
    evidence = add_evidence(report=report, file=pdf(name), by=cm_editor)
    client = APIClient()
    client.force_login(cm_editor)
    for url in (reverse("report_evidence_file", args=[evidence.pk]), f"/api/evidence/{evidence.pk}/file"):
        response = client.get(url)
        assert response.status_code == 200
        assert served_name(response) == expected(name)
        assert b"".join(response.streaming_content) == PDF_BYTES
    # Stored in a folder of its own, under a name with no path in it.
    folder, stored = evidence.file.name.rsplit("/", 2)[-2:]
    assert len(folder) == 8 and "/" not in stored and private_storage.exists(evidence.file.name)


def test_minutes_and_a_signed_approval_come_back_under_their_thai_names(cm_plan, cm_editor, cm_approver):
    meeting = add_meeting(
        plan=cm_plan,
        held_on=datetime.date(2026, 10, 5),
        kind="committee",
        title="ประชุมคณะทำงาน",
        minutes=pdf(NAMES[0]),
        by=cm_editor,
    )
    version = submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)
    record_approval(version=version, approved_on=datetime.date(2026, 10, 20), document=pdf(NAMES[1]), by=cm_approver)
    client = APIClient()
    client.force_login(cm_editor)
    minutes = client.get(reverse("meeting_minutes", args=[meeting.pk]))
    assert served_name(minutes) == "บันทึกการประชุม ครั้งที่ ๑.pdf"
    approval = client.get(reverse("version_document", args=[version.pk]))
    assert served_name(approval) == "หนังสืออนุมัติ ผู้ว่าราชการจังหวัด.pdf"


def test_two_files_of_the_same_name_keep_it_and_their_own_content(reporting_plan, cm_editor):
    report = open_report(plan=reporting_plan, month_index=1, by=cm_editor, today=datetime.date(2026, 11, 24))
    first = add_evidence(report=report, file=pdf("ภาพถ่าย.pdf"), by=cm_editor)
    second = add_evidence(report=report, file=pdf("ภาพถ่าย.pdf"), by=cm_editor)
    assert first.file.name != second.file.name
    assert first.file.name.endswith("/ภาพถ่าย.pdf") and second.file.name.endswith("/ภาพถ่าย.pdf")


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("...pdf", "file.pdf"),
        ("เอกสาร\x00<script>.html", "เอกสาร__script_.pdf"),
        ("ก" * 80 + ".pdf", "ก" * 50 + ".pdf"),
    ],
)
def test_a_hostile_name_is_made_safe(name, kept):
    token, stored = stored_name(pdf(name)).split("/")
    assert (len(token), stored) == (8, kept)
    assert private_storage.get_valid_name(stored) == stored
