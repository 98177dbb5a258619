"""The partner-network register's pages. Personal data: outsiders get 404 (partners.access), every
change goes through services (kept by the history), every export is written to the audit trail."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labourplan.accounts.permissions import Action, has_permission, require
from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.lib import import_steps
from labourplan.lib.spreadsheet.files import WorkbookRefused
from labourplan.lib.uploads import private_storage
from labourplan.partners import services
from labourplan.partners.access import get_partner_for_user, get_register_province
from labourplan.partners.excel import (
    EXPORT_PURPOSE,
    XLSX_CONTENT_TYPE,
    RegisterImport,
    export_workbook,
    parse_workbook,
)
from labourplan.partners.forms import ImportForm, PartnerForm, SearchForm
from labourplan.partners.models import LawfulBasis, Partner
from labourplan.partners.pdf import render_register_pdf
from labourplan.reference.models import Province

SESSION_KEY = "partner_imports"


@login_required
def register_home(request):
    """A province's officers go to their register; the centre sees every province's count."""
    user = request.user
    if user.is_provincial:
        return redirect("partner_list", code=user.province.code)
    require(user, Action.VIEW)
    provinces = (
        Province.objects.regional()
        .select_related("region")
        .annotate(total=Count("partners"), active=Count("partners", filter=Q(partners__is_active=True)))
        .order_by("region__order", "name_th")
    )
    return render(request, "partners/register_home.html", {"provinces": provinces})


@login_required
def partner_list(request, code):
    province = get_register_province(request.user, code, with_total=True)
    form = SearchForm(request.GET or None)
    partners = Partner.objects.filter(province=province)
    search = ""
    if form.is_valid():
        search = " ".join(f"{k}={v}" for k, v in form.cleaned_data.items() if v)
        partners = partners.search(form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            partners = partners.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["status"]:
            partners = partners.filter(is_active=form.cleaned_data["status"] == "active")
    partners = list(partners.order_by("name", "pk"))
    services.record_read(
        request=request, province=province, via="search" if search else "list", rows=len(partners), search=search
    )
    return render(
        request,
        "partners/partner_list.html",
        {
            "province": province,
            "form": form,
            "partners": partners,
            "total": province.partner_total,
            "can_edit": has_permission(request.user, Action.EDIT, province),
        },
    )


def _form_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.FIELDS}


def _add_errors(form, exc: services.PartnerError) -> None:
    for name, message in exc.errors.items():
        form.add_error(name if name in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def partner_add(request, code):
    province = get_register_province(request.user, code, action=Action.EDIT)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_partner(province=province, data=_form_data(form), by=request.user)
        except services.PartnerError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The partner was added to the register."))
            return redirect("partner_list", code=province.code)
    return render(request, "partners/partner_form.html", {"province": province, "form": form, "partner": None})


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    partner = get_partner_for_user(request.user, pk)
    can_edit = has_permission(request.user, Action.EDIT, partner.province_id)
    initial = {name: getattr(partner, name) for name in services.FIELDS}
    form = PartnerForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(request.user, Action.EDIT, partner.province_id)
        if form.is_valid():
            try:
                services.update_partner(partner=partner, data=_form_data(form), by=request.user)
            except services.PartnerError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The partner was saved."))
                return redirect("partner_list", code=partner.province.code)
    if request.method == "GET":
        services.record_read(request=request, province=partner.province, via="page", rows=1, partner=partner)
    history = partner.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "partners/partner_form.html",
        {"province": partner.province, "form": form, "partner": partner, "can_edit": can_edit, "history": history},
    )


@require_POST
@login_required
def partner_delete(request, pk):
    partner = get_partner_for_user(request.user, pk, action=Action.EDIT)
    code = partner.province.code
    services.delete_partner(partner=partner, by=request.user)
    messages.success(request, _("The partner was removed from the register; the history keeps the record."))
    return redirect("partner_list", code=code)


# Exports: each one is written to the audit trail with its purpose -------------------------------


def _exported(request, province, *, file_format: str, count: int) -> None:
    record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        province=province,
        request=request,
        register="partners",
        format=file_format,
        rows=count,
        purpose=EXPORT_PURPOSE,
    )


def _download(content: bytes, *, content_type: str, ascii_name: str, thai_name: str, inline=False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(thai_name)}"
    add_never_cache_headers(response)  # personal data: never in a shared cache
    return response


@login_required
@require_GET
def register_xlsx(request, code):
    province = get_register_province(request.user, code)
    partners = list(Partner.objects.filter(province=province).order_by("name", "pk"))
    content = export_workbook(province, partners, exported_by=request.user, exported_at=timezone.now())
    _exported(request, province, file_format="xlsx", count=len(partners))
    return _download(
        content,
        content_type=XLSX_CONTENT_TYPE,
        ascii_name=f"partners-{province.code}.xlsx",
        thai_name=f"ทะเบียนภาคีเครือข่าย-{province.name_th}.xlsx",
    )


@login_required
@require_GET
def register_pdf(request, code):
    """The printable register volume (the เล่ม that activity 8.2 counts): active partners by type."""
    province = get_register_province(request.user, code)
    partners = list(Partner.objects.filter(province=province, is_active=True).order_by("kind", "name", "pk"))
    content = render_register_pdf(province, partners, exported_by=request.user, exported_at=timezone.now())
    _exported(request, province, file_format="pdf", count=len(partners))
    return _download(
        content,
        content_type="application/pdf",
        ascii_name=f"partners-{province.code}.pdf",
        thai_name=f"ทะเบียนภาคีเครือข่าย-{province.name_th}.pdf",
        inline=True,
    )


# Import: upload → preview → confirm ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request, code):
    province = get_register_province(request.user, code, action=Action.EDIT)
    return import_steps.upload_step(
        request,
        ImportForm(request.POST or None, request.FILES or None),
        check=parse_workbook,
        session_key=SESSION_KEY,
        owner=province.pk,
        preview=lambda token: reverse("partner_import_preview", kwargs={"code": province.code, "token": token}),
        template="partners/import_upload.html",
        context={"province": province},
    )


def _parse_stored(info) -> RegisterImport:
    with private_storage.open(info["path"], "rb") as stored:
        return parse_workbook(stored.read())


@login_required
@require_http_methods(["GET", "POST"])
def register_import_preview(request, code, token):
    province = get_register_province(request.user, code, action=Action.EDIT)
    cancelled = _("The import was cancelled; the register was not changed.")
    info = import_steps.kept_upload(request, SESSION_KEY, province.pk, token, cancelled=cancelled)
    if info is None:
        return redirect("partner_list", code=province.code)
    try:
        result = _parse_stored(info)
    except WorkbookRefused as exc:
        import_steps.refused_again(request, SESSION_KEY, token, exc)
        return redirect("partner_import", code=province.code)
    existing = {p.name.casefold(): p for p in Partner.objects.filter(province=province)}
    if request.method == "POST":
        if not result.ok:
            messages.error(request, _("The workbook has problems, so nothing was imported."))
            return redirect("partner_import_preview", code=province.code, token=token)
        added, updated, unchanged = services.import_partners(province=province, rows=result.rows, by=request.user)
        done = _(
            "The register was imported: %(added)s partners added, %(updated)s updated, %(unchanged)s unchanged."
        ) % {"added": added, "updated": updated, "unchanged": unchanged}
        import_steps.imported(request, SESSION_KEY, token, done)
        return redirect("partner_list", code=province.code)
    rows = []
    for data, number in zip(result.rows, result.row_numbers, strict=True):
        partner = existing.get(data["name"].strip().casefold())
        change = "add" if partner is None else "update" if services.differs(partner, data) else "unchanged"
        basis = data.get("lawful_basis") or (partner.lawful_basis if partner else LawfulBasis.PUBLIC_TASK)
        rows.append({**data, "row": number, "change": change, "lawful_basis_label": LawfulBasis(basis).label})
    return render(
        request,
        "partners/import_preview.html",
        {
            "province": province,
            "filename": info["filename"],
            "result": result,
            "rows": rows,
            "added": sum(1 for r in rows if r["change"] == "add"),
            "updated": sum(1 for r in rows if r["change"] == "update"),
            "unchanged": sum(1 for r in rows if r["change"] == "unchanged"),
        },
    )
