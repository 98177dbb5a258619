"""Form 1 in and out of Excel: the export, the blank template, and the import (upload → preview → confirm).

Between the preview and the confirmation the uploaded workbook waits in private storage under a
random token that only the uploader's session knows; the confirmation reads it again, so what is
written is exactly what the officer saw, checked once more against the plan as it is now.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from labourplan.accounts.permissions import Action, require
from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.lib import import_steps, pending_uploads
from labourplan.lib.spreadsheet.download import xlsx_response
from labourplan.lib.spreadsheet.files import MAX_FILE_BYTES, WorkbookRefused, read_upload
from labourplan.lib.uploads import private_storage
from labourplan.plans.access import get_plan_for_user, get_version_for_user
from labourplan.plans.excel import compare_rows, export_workbook, parse_workbook, template_workbook
from labourplan.plans.models import PlanVersion
from labourplan.plans.services import PlanError, create_plan, month_label, replace_rows
from labourplan.plans.views import plan_to_create
from labourplan.reference.models import FiscalYear

SESSION_KEY = "plan_imports"


@login_required
@require_GET
def plan_export_xlsx(request, plan_pk):
    """Form 1 of a plan's current version, or of ?version=<n>; ?digits=thai prints Thai digits."""
    plan = get_plan_for_user(request.user, plan_pk)
    number = request.GET.get("version")
    if number:
        if not number.isdigit():
            raise Http404
        version = get_object_or_404(plan.versions, number=int(number))
    elif plan.current_version is None:
        raise Http404
    else:
        version = plan.current_version
    version.plan = plan  # already fetched with its province and fiscal year
    content = export_workbook(version, thai_digits=request.GET.get("digits") == "thai")
    record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        obj=version,
        province=plan.province,
        request=request,
        format="xlsx",
    )
    year = plan.fiscal_year.year_be
    return xlsx_response(
        content,
        ascii_name=f"form1-{plan.province.code}-{year}-v{version.number}.xlsx",
        thai_name=f"แบบฟอร์ม1-{plan.province.name_th}-{year}-ฉบับที่{version.number}.xlsx",
    )


@login_required
@require_GET
def plan_template_xlsx(request, year_be):
    """The centre's blank Form 1 of a fiscal year: for anyone who may view their own province or all."""
    require(request.user, Action.VIEW, request.user.province_id)
    fiscal_year = get_object_or_404(FiscalYear.objects.select_related("framework"), year_be=year_be)
    content = template_workbook(fiscal_year, thai_digits=request.GET.get("digits") == "thai")
    return xlsx_response(
        content,
        ascii_name=f"form1-template-{year_be}.xlsx",
        thai_name=f"แบบฟอร์ม1-แม่แบบ-{year_be}.xlsx",
    )


# Import ---------------------------------------------------------------------------------------


class ImportForm(import_steps.workbook_form(gettext_lazy("Filled-in Form 1 workbook (.xlsx)"))):
    starting_point = forms.BooleanField(
        label=gettext_lazy("Use it as a starting point"),
        help_text=gettext_lazy(
            "Tick this only for the plan of another province or another fiscal year that you want to start "
            "from. Its twelve month columns are then taken by position (its first month becomes October of "
            "this fiscal year). Without it, such a file is refused."
        ),
        required=False,
    )


def _not_a_draft_message(version: PlanVersion) -> str:
    return _(
        "This version of the plan is %(state)s; only a draft can be imported into. "
        "After approval, start an amendment and import into it."
    ) % {"state": version.get_state_display()}


def _parse_stored(info: dict, version: PlanVersion):
    with private_storage.open(info["path"], "rb") as stored:
        return parse_workbook(
            stored,
            fiscal_year=version.plan.fiscal_year,
            province=version.plan.province,
            starting_point=info.get("options", {}).get("starting_point", False),
        )


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request, version_pk):
    """Step 1: upload a filled-in workbook. Nothing is written to the plan here."""
    version = get_version_for_user(request.user, version_pk, action=Action.EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = version.plan
    return import_steps.upload_step(
        request,
        form,
        check=lambda data: parse_workbook(
            data,
            fiscal_year=plan.fiscal_year,
            province=plan.province,
            starting_point=form.cleaned_data["starting_point"],
        ),
        session_key=SESSION_KEY,
        owner=version.pk,
        preview=lambda token: reverse("plan_import_preview", kwargs={"version_pk": version.pk, "token": token}),
        template="plans/excel/import_upload.html",
        context={"version": version, "plan": plan},
        refusal=None if version.is_editable else _not_a_draft_message(version),
        options=("starting_point",),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create_from_excel(request):
    """Create the province's plan from the officer's own Form 1 workbook.

    A file with problems creates nothing. Otherwise the plan is created (from the centre's template,
    which it keeps if the officer cancels the import) and the import's preview shows the file's rows
    as what they are: rows being added.
    """
    user = request.user
    province, fiscal_year, existing = plan_to_create(request)
    if existing:
        return redirect("plan_detail", pk=existing.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload, starting_point = form.cleaned_data["file"], form.cleaned_data["starting_point"]
        try:
            data = read_upload(upload)
            result = parse_workbook(data, fiscal_year=fiscal_year, province=province, starting_point=starting_point)
        except WorkbookRefused as exc:
            form.add_error("file", exc.message)
        else:
            if result.ok:
                source = "template" if fiscal_year.template_topics.exists() else "empty"
                try:
                    plan = create_plan(province=province, fiscal_year=fiscal_year, by=user, source=source)
                except PlanError as exc:
                    form.add_error(None, exc.message)
                else:
                    options = {"starting_point": starting_point}
                    version_pk = plan.current_version_id
                    token = pending_uploads.store(request, SESSION_KEY, version_pk, data, upload.name, options=options)
                    return redirect("plan_import_preview", version_pk=version_pk, token=token)
    return render(
        request,
        "plans/excel/create_upload.html",
        {
            "form": form,
            "result": result,
            "fiscal_year": fiscal_year,
            "province": province,
            "max_megabytes": MAX_FILE_BYTES // 1024 // 1024,
        },
        status=400 if request.method == "POST" else 200,
    )


class _ChangedSincePreview(Exception):
    pass


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_preview(request, version_pk, token):
    """Step 2: what the workbook would change, and every problem in it. Step 3: POST to confirm or cancel."""
    version = get_version_for_user(request.user, version_pk, action=Action.EDIT)
    cancelled = _("The import was cancelled; the plan was not changed.")
    info = import_steps.kept_upload(request, SESSION_KEY, version.pk, token, cancelled=cancelled)
    if info is None:
        return redirect("plan_import", version_pk=version.pk)
    here = reverse("plan_import_preview", kwargs={"version_pk": version.pk, "token": token})

    try:
        result = _parse_stored(info, version)
    except WorkbookRefused as exc:  # checked at upload already; only if the rules changed since
        import_steps.refused_again(request, SESSION_KEY, token, exc)
        return redirect("plan_import", version_pk=version.pk)

    if request.method == "POST":
        if not result.ok:
            messages.error(request, _("The workbook has problems, so nothing was imported."))
            return redirect(here)
        if result.warnings and not request.POST.get("accept_warnings"):
            messages.error(request, _("Tick the box to confirm that you have read the warnings."))
            return redirect(here)
        try:
            with transaction.atomic():
                locked = (
                    PlanVersion.objects.select_for_update(of=("self",))
                    .select_related("plan__province", "plan__fiscal_year")
                    .get(pk=version.pk)
                )
                changes = compare_rows(locked, result.topics)
                # A version that is no longer a draft is refused by replace_rows itself, with its reason.
                if locked.is_editable and changes.fingerprint != request.POST.get("fingerprint"):
                    raise _ChangedSincePreview
                replace_rows(version=locked, topics=changes.topics, by=request.user)
        except _ChangedSincePreview:
            messages.warning(
                request, _("The plan was changed after you saw the preview. Check the changes again before importing.")
            )
            return redirect(here)
        except PlanError as exc:
            messages.error(request, exc.message)
            return redirect(here)
        done = _(
            "The workbook was imported: %(added)s rows added, %(changed)s changed, %(removed)s removed, "
            "%(unchanged)s unchanged."
        ) % {
            "added": changes.added,
            "changed": changes.changed,
            "removed": changes.removed,
            "unchanged": changes.unchanged,
        }
        import_steps.imported(request, SESSION_KEY, token, done)
        return redirect("plan_detail", pk=version.plan_id)

    changes = compare_rows(version, result.topics) if result.ok and version.is_editable else None
    return render(
        request,
        "plans/excel/import_preview.html",
        {
            "version": version,
            "plan": version.plan,
            "filename": info["filename"],
            "result": result,
            "changes": changes,
            "refusal": None if version.is_editable else _not_a_draft_message(version),
            "month_first": month_label(version.plan.fiscal_year, 1),
            "month_last": month_label(version.plan.fiscal_year, 12),
        },
    )
