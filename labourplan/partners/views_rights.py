"""A person's rights over their entry in the register (partners.rights): what is held about them
as PDF or JSON (each export audited with its purpose), "still right", and erasure."""

import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from weasyprint.urls import path2url

from labourplan.accounts.permissions import Action
from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.partners import rights
from labourplan.partners.access import get_partner_for_user
from labourplan.partners.excel import PDPA_NOTICE, exported_line
from labourplan.partners.pdf import STYLESHEET
from labourplan.partners.views import _download
from labourplan.plans.pdf import FONT_FILES, html_to_pdf

PURPOSE = "คำขอของเจ้าของข้อมูลส่วนบุคคล (ขอเข้าถึงข้อมูล)"


def _subject_export(request, pk, file_format):
    partner = get_partner_for_user(request.user, pk)
    held = rights.subject_record(partner)
    record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        obj=partner,
        request=request,
        register="partners",
        format=file_format,
        rows=1,
        purpose=PURPOSE,
    )
    return partner, held


@login_required
@require_GET
def subject_json(request, pk):
    partner, held = _subject_export(request, pk, "json")
    content = json.dumps({"notice": PDPA_NOTICE, **held}, ensure_ascii=False, indent=2).encode()
    return _download(
        content,
        content_type="application/json",
        ascii_name=f"partner-{partner.pk}.json",
        thai_name=f"ข้อมูลที่เก็บไว้-{partner.pk}.json",
    )


@login_required
@require_GET
def subject_pdf(request, pk):
    partner, held = _subject_export(request, pk, "pdf")
    html = render_to_string(
        "partners/subject_pdf.html",
        {
            "title": f"ข้อมูลส่วนบุคคลที่เก็บไว้ในทะเบียนภาคีเครือข่าย {partner.province.name_th}",
            "notice": PDPA_NOTICE,
            "exported": exported_line(request.user, timezone.now()),
            "held": held,
            "font_files": {weight: path2url(str(path)) for weight, path in FONT_FILES.items()},
        },
    )
    content = html_to_pdf(html, stylesheets=[Path(finders.find(STYLESHEET))])
    return _download(
        content,
        content_type="application/pdf",
        ascii_name=f"partner-{partner.pk}.pdf",
        thai_name=f"ข้อมูลที่เก็บไว้-{partner.pk}.pdf",
        inline=True,
    )


@login_required
@require_POST
def confirm(request, pk):
    partner = get_partner_for_user(request.user, pk, action=Action.EDIT)
    rights.confirm_partner(partner=partner, by=request.user)
    messages.success(request, _("The entry is confirmed as still right."))
    return redirect("partner_edit", pk=partner.pk)


@login_required
@require_POST
def erase(request, pk):
    partner = get_partner_for_user(request.user, pk, action=Action.EDIT)
    code = partner.province.code
    rights.erase_partner(partner=partner, by=request.user, request=request)
    messages.success(request, _("The entry and its history were erased; the audit trail keeps only that it was."))
    return redirect("partner_list", code=code)
