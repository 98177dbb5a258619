"""Fixed people, one per role, as the stories in the tests tell them.

- Anong administers the centre (ศปคร.); Preecha is an executive who only reads.
- In Chiang Mai, Wilai drafts the reports and Somchai, the provincial labour officer, submits them.
- Hassan drafts for Songkhla and must see nothing of Chiang Mai's.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.plans.services import add_allocation, create_plan
from labourplan.reference.models import FiscalYear, Province

PASSWORD = "correct-horse-battery-2570"


@pytest.fixture
def chiang_mai(db):
    return Province.objects.get(code="50")


@pytest.fixture
def songkhla(db):
    return Province.objects.get(code="90")


@pytest.fixture
def central_admin(db):
    return create_user(username="anong", password=PASSWORD, role=Role.CENTRAL_ADMIN, first_name="อนงค์")


@pytest.fixture
def central_viewer(db):
    return create_user(username="preecha", password=PASSWORD, role=Role.CENTRAL_VIEWER, first_name="ปรีชา")


@pytest.fixture
def cm_editor(chiang_mai):
    return create_user(
        username="wilai", password=PASSWORD, role=Role.PROVINCIAL_EDITOR, province=chiang_mai, first_name="วิไล"
    )


@pytest.fixture
def cm_approver(chiang_mai):
    return create_user(
        username="somchai", password=PASSWORD, role=Role.PROVINCIAL_APPROVER, province=chiang_mai, first_name="สมชาย"
    )


@pytest.fixture
def sk_editor(songkhla):
    return create_user(
        username="hassan", password=PASSWORD, role=Role.PROVINCIAL_EDITOR, province=songkhla, first_name="ฮาซัน"
    )


# The smallest real PDF: enough for content sniffing and for a browser to open.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def committed_reference_data(transactional_db):
    """For tests whose data must be committed (a live server, concurrent threads): the database
    is flushed after each of them, so the reference data that migrations load is loaded again."""
    from django.apps import apps

    from labourplan.evaluation.seed import load_scheme_2562
    from labourplan.reference.seed import load_all

    load_all(apps)
    load_scheme_2562(apps)


@pytest.fixture(autouse=True)
def fresh_cache():
    """A test's database starts over, and ids may be handed out again: so must the cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def two_factor_optional(settings):
    """Tests sign central users in with force_login: the second factor they would owe is switched
    off here. tests/test_two_factor.py switches it on and tests the rule itself."""
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def lenient_session_limits(settings):
    """Tests sign in and then travel in time (deadlines, months): the idle timeout and absolute
    lifetime would sign them out. tests/test_sessions.py applies the real limits and tests them."""
    settings.SESSION_IDLE_MINUTES = 10 * 365 * 24 * 60
    settings.SESSION_ABSOLUTE_HOURS = 10 * 365 * 24
    settings.SESSION_COOKIE_AGE = 1_209_600  # Django's default, as before the limits


@pytest.fixture
def fy2570(db):
    return FiscalYear.objects.get(year_be=2570)


@pytest.fixture
def fy2570_template(fy2570):
    """The centre publishes FY 2570's template (a copy of FY 2562's), as the demo does."""
    from labourplan.reference.services import copy_fiscal_year_setup

    copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=fy2570)
    return fy2570


@pytest.fixture
def cm_plan(cm_editor, chiang_mai, fy2570_template):
    """Chiang Mai's FY 2570 plan, freshly created from the template by its editor."""
    return create_plan(province=chiang_mai, fiscal_year=fy2570_template, by=cm_editor)


@pytest.fixture
def signed_pdf():
    return SimpleUploadedFile("approval.pdf", PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def approved_cm_plan(cm_plan, cm_approver, signed_pdf):
    from labourplan.plans.services import record_approval, submit_plan

    version = submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)
    record_approval(version=version, approved_on=datetime.date(2026, 10, 20), document=signed_pdf, by=cm_approver)
    cm_plan.refresh_from_db()
    return cm_plan


@pytest.fixture
def reporting_plan(approved_cm_plan, cm_editor):
    """Chiang Mai's approved FY 2570 plan with 100,000 baht allocated."""
    add_allocation(
        plan=approved_cm_plan, amount=Decimal("100000"), received_on=datetime.date(2026, 10, 25), by=cm_editor
    )
    return approved_cm_plan


@pytest.fixture
def world(approved_cm_plan, cm_editor, cm_approver, central_admin, central_viewer, sk_editor):
    """One of each Chiang Mai object (their ids, by name), and Wilai's API token: for tests that
    go through every URL or operation (the permission matrix, the API fuzzing, backups)."""
    import uuid

    from labourplan.accounts.services import create_api_token
    from labourplan.plans.models import PlanItem
    from labourplan.plans.services import add_meeting
    from labourplan.reports.services import add_evidence, open_report

    plan = approved_cm_plan
    version = plan.current_version
    item = PlanItem.objects.filter(topic__version=version, parent=None).order_by("pk").first()
    allocation = add_allocation(plan=plan, amount=Decimal(1000), received_on=datetime.date(2026, 10, 25), by=cm_editor)
    minutes = SimpleUploadedFile("minutes.pdf", PDF_BYTES, content_type="application/pdf")
    meeting = add_meeting(
        plan=plan, held_on=datetime.date(2026, 10, 5), kind="committee", title="ประชุม", by=cm_editor, minutes=minutes
    )
    report = open_report(plan=plan, month_index=1, by=cm_editor, today=datetime.date(2026, 11, 24))
    evidence = add_evidence(
        report=report, file=SimpleUploadedFile("photo.pdf", PDF_BYTES, content_type="application/pdf"), by=cm_editor
    )
    token, _key = create_api_token(user=cm_editor, name="script")
    from labourplan.notifications.services import notify

    [notification] = notify(recipients=[cm_editor], kind="report_returned", subject="ส่งกลับ", body="", path="/reports/")
    from labourplan.annual.services import add_annual_item, open_annual_report
    from labourplan.partners.models import PartnerKind
    from labourplan.partners.services import add_partner

    annual = open_annual_report(plan=plan, by=cm_editor)
    annual_item = add_annual_item(report=annual, strategy=item.topic.strategy, title="งานเพิ่มเติม", by=cm_editor)
    partner = add_partner(
        province=plan.province, data={"name": "มูลนิธิเพื่อแรงงาน", "kind": PartnerKind.values[0]}, by=cm_editor
    )
    from labourplan.quality.models import Finding

    finding = Finding.objects.create(
        fiscal_year=plan.fiscal_year, province=plan.province, plan=plan, month_index=1, rule="no_evidence",
        severity="info", value=Decimal(3), detail="ผล 3 รายการ ไม่มีหลักฐาน", state="questioned", question="หลักฐาน?",
    )  # fmt: skip
    Finding.objects.create(
        fiscal_year=plan.fiscal_year, province=plan.province, plan=plan, month_index=1, rule="empty_narrative",
        severity="info", value=Decimal(0), detail="ไม่ได้บรรยายผล",
    )  # fmt: skip
    from labourplan.jobs.models import ExportJob, JobState
    from labourplan.lib.uploads import private_storage

    # Preecha's national workbook, made (its file a small stand-in).
    stored = private_storage.save("exports/world/national-2570.xlsx", SimpleUploadedFile("x.xlsx", b"PK\x03\x04"))
    job = ExportJob.objects.create(
        requested_by=central_viewer, kind="national-xlsx", fiscal_year=plan.fiscal_year, state=JobState.DONE,
        progress=100, file=stored, filename="national-2570.xlsx",
    )  # fmt: skip
    return {
        "job": job.pk,
        "finding": finding.pk,
        "annual": annual.pk,
        "annual_item": annual_item.pk,
        "partner": partner.pk,
        "person": cm_editor.pk,
        "plan": plan.pk,
        "version": version.pk,
        "topic": item.topic_id,
        "item": item.pk,
        "item_key": item.key,
        "allocation": allocation.pk,
        "meeting": meeting.pk,
        "report": report.pk,
        "evidence": evidence.pk,
        "token": token.pk,
        "notification": notification.pk,
        "upload": uuid.uuid4().hex,
    }
