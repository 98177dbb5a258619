import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labourplan.plans.services import create_plan
from labourplan.reference.models import FiscalYear

# The smallest real PDF: enough for content sniffing and for a browser to open.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
