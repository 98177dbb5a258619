"""Evidence attached to a monthly report (photos, documents): added and removed only while the
report is being drafted, the way `services` changes everything else of the report."""

from pathlib import PurePath

from django.db import transaction
from django.utils.translation import gettext as _

from labourplan.accounts.permissions import Action, require
from labourplan.lib.uploads import SIGNATURES, validate_upload
from labourplan.reports.models import MonthlyReport, ReportEvidence
from labourplan.reports.services import ReportError

# The extension each accepted kind of file is stored under, whatever name it came with.
_EXTENSIONS = dict(SIGNATURES.values())


def _stamp(obj, by):
    obj._history_user = by  # simple_history's hook for who made the change outside a request


def _require_editable(report: MonthlyReport, by) -> None:
    require(by, Action.EDIT, report.plan.province_id)
    if not report.is_editable:
        raise ReportError(
            _("This report is %(state)s and locked; the centre can reopen it.") % {"state": report.get_state_display()}
        )


def _locked_report(report: MonthlyReport) -> MonthlyReport:
    # Locked so that a submission cannot slip in between the check and the upload.
    return MonthlyReport.objects.select_for_update(of=("self",)).select_related("plan").get(pk=report.pk)


def stored_name(upload, content_type: str) -> str:
    """The uploaded name with the extension of what the file really is: a PNG sent as "x.html"
    is stored, and later served, as "x.png"."""
    stem = PurePath(upload.name or "").stem.strip() or "evidence"
    return f"{stem}{_EXTENSIONS[content_type]}"


@transaction.atomic
def add_evidence(*, report: MonthlyReport, file, caption: str = "", by) -> ReportEvidence:
    report = _locked_report(report)
    _require_editable(report, by)
    content_type = validate_upload(file)
    evidence = ReportEvidence(report=report, caption=caption.strip(), uploaded_by=by)
    evidence.file.save(stored_name(file, content_type), file, save=False)
    _stamp(evidence, by)
    evidence.save()
    return evidence


@transaction.atomic
def delete_evidence(*, evidence: ReportEvidence, by) -> None:
    """The record goes; the file stays in private storage, where the history still points."""
    _require_editable(_locked_report(evidence.report), by)
    _stamp(evidence, by)
    evidence.delete()
