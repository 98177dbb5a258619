"""The national workbook and PDF as background jobs (labourplan.jobs): the same files, rules and
audit entries as /national/export.xlsx and .pdf, made by the worker with their progress."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labourplan.accounts.permissions import Action, has_permission
from labourplan.dashboard import exports
from labourplan.dashboard.national import national_picture
from labourplan.dashboard.views import national_pdf_charts
from labourplan.jobs.kinds import Kind, register

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _centre(user) -> bool:
    return has_permission(user, Action.VIEW)  # as national_export: the centre's people


def build_workbook(*, fiscal_year, user, options, progress) -> bytes:
    progress(5, _("Reading the national figures"))
    picture = national_picture(fiscal_year=fiscal_year)

    def sheet(done: int, total: int) -> None:
        progress(20 + 75 * done // max(total, 1), _("Writing the provinces' sheets (%(done)s of %(total)s)") % {
            "done": done, "total": total})  # fmt: skip

    return exports.national_workbook(picture, progress=sheet)


def build_pdf(*, fiscal_year, user, options, progress) -> bytes:
    progress(5, _("Reading the national figures"))
    picture = national_picture(fiscal_year=fiscal_year)
    progress(25, _("Drawing the charts"))
    charts = national_pdf_charts(picture)
    progress(40, _("Laying out the pages"))
    return exports.national_pdf(picture, charts=charts)


def register_kinds() -> None:
    common = {"allowed": _centre, "audited": True, "filename_stem": "national-{year}"}
    register(Kind(name="national-xlsx", title=gettext_lazy("National workbook (.xlsx)"), extension="xlsx",
                  content_type=XLSX, build=build_workbook, **common))  # fmt: skip
    register(Kind(name="national-pdf", title=gettext_lazy("National dashboard (PDF)"), extension="pdf",
                  content_type="application/pdf", build=build_pdf, **common))  # fmt: skip
