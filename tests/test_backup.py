"""Backup and restore: demo-like data (plans of two provinces, a report with results that the
centre accepted, an open report, evidence, minutes and the signed approval as files, users,
tokens, history and audit trail) is backed up, the database emptied, and the backup restored:
every monitoring figure, every row and every uploaded file is as before.

(The full demo, `load_demo`, takes minutes to load on a CI machine: too slow for every run.)"""

import datetime
import hashlib
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from labourplan.accounts.models import User
from labourplan.audit.models import AuditEvent
from labourplan.plans.models import PlanItem
from labourplan.reference.models import FiscalYear
from labourplan.reports.models import ReportResult
from labourplan.reports.monitoring import completeness

pytestmark = pytest.mark.django_db

AS_OF = datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)


def quiet():
    return open(os.devnull, "w")


def figures() -> dict:
    """What the centre's monitoring and dashboard show, every evaluation, and every row of every model."""
    from labourplan.dashboard.national import compute_national_picture
    from labourplan.evaluation.models import Scheme
    from labourplan.evaluation.services import evaluate_round, rounds_with_criteria
    from labourplan.reference.models import Province

    shown = {fy.year_be: completeness(fiscal_year=fy, as_of=AS_OF) for fy in FiscalYear.objects.all()}
    provinces = list(Province.objects.regional().order_by("pk"))
    evaluations = {
        (scheme.fiscal_year.year_be, round_.number): evaluate_round(
            round_=round_, as_of=AS_OF.date(), provinces=provinces
        )
        for scheme in Scheme.objects.select_related("fiscal_year")
        for round_ in rounds_with_criteria(scheme)
    }
    dashboards = {
        fy.year_be: compute_national_picture(fiscal_year=fy, as_of=AS_OF)
        for fy in FiscalYear.objects.filter(year_be=2570)
    }
    rows = {
        model._meta.label_lower: sorted(map(repr, model._default_manager.values_list()))
        for model in apps.get_models()
        if model._meta.label_lower not in ("sessions.session", "contenttypes.contenttype", "auth.permission")
    }
    return {"completeness": shown, "rows": rows, "evaluations": evaluations, "dashboards": dashboards}


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def demo_like(world, approved_cm_plan, cm_editor, cm_approver, central_admin, sk_editor, songkhla, fy2570_template):
    from labourplan.plans.services import create_plan
    from labourplan.reports.models import MonthlyReport
    from labourplan.reports.services import accept_report, open_report, save_result, submit_report, update_report

    report = MonthlyReport.objects.get(pk=world["report"])
    item = PlanItem.objects.get(pk=world["item"])
    leaf = item.sub_items.order_by("pk").first() or item
    save_result(report=report, item=leaf, revision=0, result=3, remark="ตรวจ 3 แห่ง", by=cm_editor)
    report = MonthlyReport.objects.get(pk=report.pk)
    update_report(report=report, revision=report.revision, changes={"disbursed": Decimal("800.50")}, by=cm_editor)
    report = submit_report(report=MonthlyReport.objects.get(pk=report.pk), by=cm_approver)
    accept_report(report=report, by=central_admin, comment="ครบถ้วน")
    open_report(plan=approved_cm_plan, month_index=2, by=cm_editor, today=datetime.date(2026, 11, 24))
    create_plan(province=songkhla, fiscal_year=fy2570_template, by=sk_editor)
    from labourplan.evaluation.models import Scheme
    from labourplan.evaluation.services import copy_scheme

    copy_scheme(source=Scheme.objects.get(fiscal_year__year_be=2562), target=fy2570_template, by=central_admin)
    AuditEvent.objects.create(action="sign_in", username="anong")
    # A gap in the ids: a restore that numbered rows afresh would show.
    User.objects.create_user(username="gone", role="central_viewer").delete()
    User.objects.create_user(username="late", role="central_viewer")


def test_the_demo_like_data_survives_a_backup_and_a_restore_into_an_empty_database(settings, tmp_path, demo_like):
    before, before_files = figures(), files(settings.MEDIA_ROOT)
    assert ReportResult.objects.exists() and before_files  # the demo has results and uploaded files

    call_command("backup", tmp_path / "backup", stdout=quiet())
    if connection.vendor == "postgresql":
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE within the test's transaction
    call_command("flush", interactive=False, verbosity=0)
    (settings.MEDIA_ROOT / "stray.pdf").write_bytes(b"not in the backup")
    assert not User.objects.exists()

    call_command("restore", tmp_path / "backup", "--yes", stdout=quiet())

    after = figures()
    for year, shown in before["completeness"].items():
        again = after["completeness"][year]
        assert again.national == shown.national, year
        assert again.months == shown.months, year
        for row, row_again in zip(shown.rows, again.rows, strict=True):
            assert row_again == row, (year, row.province.code, row, row_again)
    assert after["completeness"] == before["completeness"]
    for label, rows in before["rows"].items():
        assert after["rows"][label] == rows, label
    assert files(settings.MEDIA_ROOT) == before_files
    assert after["evaluations"] == before["evaluations"] and len(before["evaluations"]) == 4
    assert after["dashboards"] == before["dashboards"]


def test_backing_up_into_a_folder_in_use_is_refused(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "x").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", tmp_path / "old", stdout=quiet())


def test_a_restore_that_fails_leaves_the_database_as_it_was(settings, tmp_path, cm_editor):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", tmp_path / "backup", stdout=quiet())
    manifest = tmp_path / "backup" / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"accounts.user": 1', '"accounts.user": 2'))
    create = User.objects.create_user(username="after-backup", role="central_viewer")

    with pytest.raises(CommandError, match="differ"):
        call_command("restore", tmp_path / "backup", "--yes", stdout=quiet())

    assert set(User.objects.values_list("username", flat=True)) == {"wilai", create.username}


def test_a_restore_without_a_terminal_and_without_yes_refuses_with_a_message(tmp_path, cm_editor):
    """Cron, a pipe or CI cannot answer the question: the command says so, with no traceback,
    and restores nothing (even when "yes" comes down the pipe: only --yes says it for a script)."""
    import subprocess
    import sys

    for stdin in (subprocess.DEVNULL, b"yes\n"):
        done = subprocess.run(
            [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
            cwd=Path(__file__).resolve().parents[1],
            input=stdin if isinstance(stdin, bytes) else None,
            stdin=stdin if not isinstance(stdin, bytes) else None,
            capture_output=True,
            text=False,
            timeout=120,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "labourplan.settings"},
        )
        stderr = done.stderr.decode()
        assert done.returncode == 1, stderr
        assert "Traceback" not in stderr
        assert "CommandError: Nothing restored: there is no terminal to confirm on" in stderr
        assert "--yes" in stderr


def test_a_restore_asked_in_process_without_a_terminal_changes_nothing(tmp_path, cm_editor, monkeypatch):
    import io

    call_command("backup", tmp_path / "backup", stdout=quiet())
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    with pytest.raises(CommandError, match="no terminal"):
        call_command("restore", tmp_path / "backup", stdout=quiet())
    assert User.objects.filter(username="wilai").exists()
