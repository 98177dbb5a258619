"""Form 2 in and out of Excel: a month's report as a workbook, and the import (upload → preview → confirm).

As for Form 1, the uploaded workbook waits in private storage under a random token that only the
uploader's session knows. The confirmation reads it again inside one transaction, with the report
locked: what is written is what the officer saw, all of it or nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from labourplan.accounts.permissions import Action
from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.lib import import_steps
from labourplan.lib.spreadsheet.download import xlsx_response
from labourplan.lib.spreadsheet.files import WorkbookRefused
from labourplan.lib.thaidate import month_name
from labourplan.lib.uploads import private_storage
from labourplan.reports.access import get_report_for_user
from labourplan.reports.excel import ReportImport, export_workbook, parse_workbook
from labourplan.reports.models import MonthlyReport
from labourplan.reports.services import Conflict, ReportError, save_result, update_report

SESSION_KEY = "report_imports"  # not Form 1's: a plan version and a report may share a pk


def _report_page(report: MonthlyReport) -> str:
    return reverse("report_detail", kwargs={"pk": report.pk})


@login_required
@require_GET
def report_export_xlsx(request, report_pk):
    """Form 2 of one month; ?digits=thai prints Thai digits. Anyone who may see the province may download it."""
    report = get_report_for_user(request.user, report_pk, action=Action.VIEW)
    content = export_workbook(report, thai_digits=request.GET.get("digits") == "thai")
    plan = report.plan
    record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        obj=report,
        province=plan.province,
        request=request,
        format="xlsx",
    )
    year, month = report.calendar_month
    return xlsx_response(
        content,
        ascii_name=f"form2-{plan.province.code}-{year + 543}-{month:02d}.xlsx",
        thai_name=f"แบบฟอร์ม2-{plan.province.name_th}-{month_name(month)}-{year + 543}.xlsx",
    )


# Import ---------------------------------------------------------------------------------------


ImportForm = import_steps.workbook_form(gettext_lazy("Filled-in Form 2 workbook (.xlsx)"))


def _locked_message(report: MonthlyReport) -> str:
    return _(
        "This report is %(state)s; only a draft or a returned report can be imported into. "
        "The centre can return it for correction."
    ) % {"state": report.get_state_display()}


@login_required
@require_http_methods(["GET", "POST"])
def report_import(request, report_pk):
    """Step 1: upload a filled-in workbook. Nothing is written to the report here."""
    report = get_report_for_user(request.user, report_pk, action=Action.EDIT)
    return import_steps.upload_step(
        request,
        ImportForm(request.POST or None, request.FILES or None),
        check=lambda data: parse_workbook(data, report=report),
        session_key=SESSION_KEY,
        owner=report.pk,
        preview=lambda token: reverse("report_import_preview", kwargs={"report_pk": report.pk, "token": token}),
        template="reports/excel/import_upload.html",
        context={"report": report, "report_page": _report_page(report)},
        refusal=None if report.is_editable else _locked_message(report),
    )


class _NotApplied(Exception):
    """The confirmation stopped before anything was kept; `message` says why, `level` how loudly."""

    def __init__(self, message: str, level=messages.ERROR):
        super().__init__(message)
        self.message, self.level = message, level


def _apply(*, report: MonthlyReport, data: bytes, fingerprint: str, accept_warnings: bool, by) -> ReportImport:
    """Write the whole workbook into the report in one transaction, or nothing.

    The workbook is read again with the report locked, so every revision given to the services is
    the one current inside the transaction; any refusal by a service undoes what came before it.
    """
    with transaction.atomic():
        locked = (
            MonthlyReport.objects.select_for_update(of=("self",))
            .select_related("plan__province", "plan__fiscal_year")
            .get(pk=report.pk)
        )
        if not locked.is_editable:
            raise _NotApplied(_locked_message(locked))
        imported = parse_workbook(data, report=locked)
        if imported.fingerprint != fingerprint:
            raise _NotApplied(
                _("The report was changed after you saw the preview. Check the changes again before importing."),
                messages.WARNING,
            )
        if not imported.ok:
            raise _NotApplied(_("The workbook has problems, so nothing was imported."))
        if imported.warnings and not accept_warnings:
            raise _NotApplied(_("Tick the box to confirm that you have read the warnings."))
        for change in imported.results:
            save_result(
                report=locked,
                item=change.item,
                revision=change.revision,
                result=change.new_result,
                remark=change.new_remark,
                by=by,
                confirmed=change.over_three_times,  # the officer ticked the box for these warnings
            )
        if imported.fields:
            # Each save_result moved the report's revision on: take it as it is now.
            revision = MonthlyReport.objects.values_list("revision", flat=True).get(pk=locked.pk)
            update_report(report=locked, revision=revision, changes=imported.field_changes, by=by)
    return imported


@login_required
@require_http_methods(["GET", "POST"])
def report_import_preview(request, report_pk, token):
    """Step 2: what the workbook would change, and every problem in it. Step 3: POST to confirm or cancel."""
    report = get_report_for_user(request.user, report_pk, action=Action.EDIT)
    cancelled = _("The import was cancelled; the report was not changed.")
    info = import_steps.kept_upload(request, SESSION_KEY, report.pk, token, cancelled=cancelled)
    if info is None:
        return redirect("report_import", report_pk=report.pk)
    here = reverse("report_import_preview", kwargs={"report_pk": report.pk, "token": token})

    with private_storage.open(info["path"], "rb") as stored:
        data = stored.read()
    try:
        if request.method == "POST":
            try:
                imported = _apply(
                    report=report,
                    data=data,
                    fingerprint=request.POST.get("fingerprint", ""),
                    accept_warnings=bool(request.POST.get("accept_warnings")),
                    by=request.user,
                )
            except _NotApplied as exc:
                messages.add_message(request, exc.level, exc.message)
                return redirect(here)
            except Conflict:
                messages.warning(
                    request,
                    _("The report was changed after you saw the preview. Check the changes again before importing."),
                )
                return redirect(here)
            except ReportError as exc:
                messages.error(request, exc.message)
                return redirect(here)
            done = _("The workbook was imported: %(results)s results and %(fields)s other entries changed.") % {
                "results": len(imported.results),
                "fields": len(imported.fields),
            }
            import_steps.imported(request, SESSION_KEY, token, done)
            return redirect(_report_page(report))
        imported = parse_workbook(data, report=report)
    except WorkbookRefused as exc:  # checked at upload already; only if the rules changed since
        import_steps.refused_again(request, SESSION_KEY, token, exc)
        return redirect("report_import", report_pk=report.pk)

    return render(
        request,
        "reports/excel/import_preview.html",
        {
            "report": report,
            "filename": info["filename"],
            "imported": imported,
            "refusal": None if report.is_editable else _locked_message(report),
            "report_page": _report_page(report),
        },
    )
