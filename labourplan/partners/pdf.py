"""The printable register volume (เล่มทะเบียนภาคีเครือข่าย): A4 landscape, Sarabun, the PDPA notice
on every page."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint.urls import path2url

from labourplan.partners.excel import KIND_TH, LAWFUL_BASIS_TH, PDPA_NOTICE, TITLE, exported_line
from labourplan.partners.models import PartnerKind
from labourplan.plans.pdf import FONT_FILES, html_to_pdf

STYLESHEET = "css/print-register.css"


def render_register_pdf(province, partners, *, exported_by, exported_at) -> bytes:
    groups = []
    for kind in PartnerKind.values:
        members = [{"partner": p, "lawful_basis": LAWFUL_BASIS_TH[p.lawful_basis]} for p in partners if p.kind == kind]
        if members:
            groups.append({"label": KIND_TH[kind], "members": members})
    html = render_to_string(
        "partners/register_pdf.html",
        {
            "title": TITLE.format(province=province.name_th),
            "notice": PDPA_NOTICE,
            "exported": exported_line(exported_by, exported_at),
            "groups": groups,
            "count": len(partners),
            "font_files": {weight: path2url(str(path)) for weight, path in FONT_FILES.items()},
        },
    )
    return html_to_pdf(html, stylesheets=[Path(finders.find(STYLESHEET))])
