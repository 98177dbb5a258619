"""The rights of the people in the partner register (PDPA B.E. 2562, sections 30–33): on a
person's request the province gives them everything held about them (PDF and JSON), corrects it
(the entry's own page), or erases it. Erasure leaves no trace of the personal data: the entry, its
history and its name in the audit trail go; one audit entry says that an erasure happened.
Entries nobody has confirmed for PARTNER_REVIEW_AFTER_DAYS are flagged for review."""

from django.db import transaction
from django.utils import timezone

from labourplan.accounts.permissions import Action, require
from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.partners.models import Partner

OBJECT_TYPE = Partner._meta.label_lower
SUBJECT_FIELDS = ("name", "kind", "contact_person", "phone", "email", "line_id", "area", "notes", "is_active")
ERASED = "[ลบตามคำขอของเจ้าของข้อมูล]"


def subject_record(partner: Partner) -> dict:
    """Everything held about the entry: its data, every version the history keeps, and every read
    or export of it in the audit trail."""
    versions = partner.history.select_related("history_user").order_by("history_date", "history_id")
    events = AuditEvent.objects.filter(object_type=OBJECT_TYPE, object_id=str(partner.pk)).order_by("at", "id")
    return {
        "entry": {
            "id": partner.pk,
            "province": partner.province.name_th,
            **{field: getattr(partner, field) for field in SUBJECT_FIELDS},
            "lawful_basis": partner.get_lawful_basis_display(),
            "created_at": partner.created_at.isoformat(),
            "updated_at": partner.updated_at.isoformat(),
            "confirmed_at": partner.confirmed_at.isoformat(),
        },
        "history": [
            {
                "at": version.history_date.isoformat(),
                "by": str(version.history_user or ""),
                "change": version.get_history_type_display(),
                **{field: getattr(version, field) for field in SUBJECT_FIELDS},
            }
            for version in versions
        ],
        "uses": [
            {"at": event.at.isoformat(), "by": event.username, "action": event.get_action_display()} for event in events
        ],
    }


@transaction.atomic
def confirm_partner(*, partner: Partner, by) -> Partner:
    """The office checked the entry: still right."""
    require(by, Action.EDIT, partner.province_id)
    partner.confirmed_at = timezone.now()
    partner._history_user = by
    partner.save(update_fields=["confirmed_at", "updated_at"])
    return partner


@transaction.atomic
def erase_partner(*, partner: Partner, by, request=None) -> None:
    """Erase the entry on its person's request: the entry, every version of it, its name in the
    audit trail and in searches recorded there. One audit entry, without personal data, remains."""
    require(by, Action.EDIT, partner.province_id)
    pk, province = partner.pk, partner.province
    words = {w.casefold() for w in (partner.name, partner.contact_person, partner.email, partner.phone) if w}
    partner.delete()
    Partner.history.filter(id=pk).delete()  # the deletion's own version too
    AuditEvent.objects.filter(object_type=OBJECT_TYPE, object_id=str(pk)).update(object_repr=ERASED)
    searched = AuditEvent.objects.filter(province=province, action=AuditEvent.Action.READ, detail__has_key="search")
    for event in searched.only("pk", "detail"):
        if any(word in event.detail["search"].casefold() for word in words):
            event.detail["search"] = ERASED
            event.save(update_fields=["detail"])
    record(
        action=AuditEvent.Action.DELETE,
        user=by,
        province=province,
        request=request,
        register="partners",
        erasure="data_subject_request",
        entry=pk,
    )
