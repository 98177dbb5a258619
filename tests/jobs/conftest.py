import io
import subprocess

import openpyxl
import pytest

from labourplan.annual import services as annual_services


@pytest.fixture
def immediate_tasks(settings):
    """Jobs run inside the request that queues them (django-tasks' immediate backend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def sent_annual(approved_cm_plan, cm_editor, cm_approver):
    """Chiang Mai's Form 3 for FY 2570, written and sent to the centre."""
    report = annual_services.open_annual_report(plan=approved_cm_plan, by=cm_editor)
    annual_services.update_annual_report(
        report=report, revision=report.revision, changes={"executive_summary": "สรุปเชียงใหม่"}, by=cm_editor
    )
    annual_services.submit_annual_report(report=report, by=cm_approver)
    return report


def workbook_sheets(content: bytes) -> list[str]:
    return openpyxl.load_workbook(io.BytesIO(content), read_only=True).sheetnames


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "file.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
