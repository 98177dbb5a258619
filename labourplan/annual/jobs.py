"""Form 3's national volume as background jobs (labourplan.jobs): the same documents and rules as
/annual/national.pdf and .docx, made by the worker with their progress."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labourplan.accounts.permissions import Action, has_permission
from labourplan.annual.access import NONE_SENT, national_reports
from labourplan.annual.documents import DOCX_CONTENT_TYPE, render_form3_docx, render_form3_pdf
from labourplan.annual.services import AnnualError
from labourplan.jobs.kinds import Kind, register


def _centre(user) -> bool:
    return has_permission(user, Action.VIEW)  # as national_document: the centre's people


def _unavailable(user, fiscal_year) -> str:
    return "" if national_reports(user, fiscal_year).exists() else str(NONE_SENT)


def _reports(user, fiscal_year, progress) -> list:
    progress(5, _("Reading the annual reports"))
    reports = list(national_reports(user, fiscal_year))
    if not reports:
        raise AnnualError(str(NONE_SENT))
    return reports


def build_pdf(*, fiscal_year, user, options, progress) -> bytes:
    reports = _reports(user, fiscal_year, progress)
    progress(20, _("Laying out the pages of %(count)s provinces") % {"count": len(reports)})
    return render_form3_pdf(reports, thai_digits=options.get("digits") == "thai")


def build_docx(*, fiscal_year, user, options, progress) -> bytes:
    reports = _reports(user, fiscal_year, progress)

    def written(done: int, total: int) -> None:
        progress(20 + 75 * done // max(total, 1), _("Writing the provinces' reports (%(done)s of %(total)s)") % {
            "done": done, "total": total})  # fmt: skip

    return render_form3_docx(reports, thai_digits=options.get("digits") == "thai", progress=written)


def register_kinds() -> None:
    common = {"allowed": _centre, "unavailable": _unavailable, "options": ("digits",),
              "filename_stem": "form3-national-{year}"}  # fmt: skip
    register(Kind(name="form3-national-pdf", title=gettext_lazy("Form 3, national volume (PDF)"), extension="pdf",
                  content_type="application/pdf", build=build_pdf, **common))  # fmt: skip
    register(Kind(name="form3-national-docx", title=gettext_lazy("Form 3, national volume (Word)"),
                  extension="docx", content_type=DOCX_CONTENT_TYPE, build=build_docx, **common))  # fmt: skip
