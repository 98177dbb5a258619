"""Every change to the partner-network register goes through here: pages, API, import and demo data."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labourplan.accounts.permissions import Action, require
from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.lib.errors import ServiceError
from labourplan.lib.history import stamp
from labourplan.partners.models import LawfulBasis, Partner, PartnerKind

FIELDS = ("name", "kind", "contact_person", "phone", "email", "line_id", "area", "notes", "is_active", "lawful_basis")


class PartnerError(ServiceError):
    """A rule of the register is broken; `errors` names the fields."""


def record_read(*, request, province, via: str, rows: int, partner: Partner | None = None, search: str = "") -> None:
    """The register is personal data: every read of it (list, search, one partner's page or
    record, page or API) is written to the audit trail, as its exports are."""
    detail = {"register": "partners", "via": via, "rows": rows}
    if search:
        detail["search"] = search[:200]
    record(action=AuditEvent.Action.READ, user=request.user, province=province, obj=partner, request=request, **detail)


def check(*, province, data: dict, partner: Partner | None = None) -> dict[str, str]:
    """What is wrong with `data` for a partner of `province`, by field (empty when nothing is)."""
    errors = {}
    name = data.get("name", partner.name if partner else "")
    if not (name or "").strip():
        errors["name"] = _("The partner's name is required.")
    elif len(name.strip()) > Partner._meta.get_field("name").max_length:
        errors["name"] = _("The name is longer than %(max)s characters.") % {"max": 300}
    else:
        same = Partner.objects.filter(province=province, name__iexact=name.strip())
        if partner is not None:
            same = same.exclude(pk=partner.pk)
        if same.exists():
            errors["name"] = _("The register already has a partner named “%(name)s”.") % {"name": name.strip()}
    kind = data.get("kind", partner.kind if partner else "")
    if kind not in PartnerKind.values:
        errors["kind"] = _("Choose a type: government, private sector, civil society / NGO or community.")
    if "lawful_basis" in data and data["lawful_basis"] not in LawfulBasis.values:
        errors["lawful_basis"] = _("Choose the lawful basis on which the office holds this entry.")
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("“%(value)s” is not an e-mail address.") % {"value": email}
    for field in ("contact_person", "phone", "line_id", "area"):
        value = data.get(field) or ""
        limit = Partner._meta.get_field(field).max_length
        if len(value.strip()) > limit:
            errors[field] = _("At most %(max)s characters.") % {"max": limit}
    return errors


def _apply(partner: Partner, data: dict) -> None:
    """Write `data` on the partner; whoever writes an entry confirms it (partners.rights)."""
    partner.confirmed_at = timezone.now()
    for field in FIELDS:
        if field in data:
            value = data[field]
            setattr(partner, field, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def add_partner(*, province, data: dict, by) -> Partner:
    require(by, Action.EDIT, province)
    errors = check(province=province, data=data)
    if errors:
        raise PartnerError(next(iter(errors.values())), errors=errors)
    partner = Partner(province=province, created_by=by)
    _apply(partner, data)
    stamp(partner, by)
    partner.save()
    return partner


@transaction.atomic
def update_partner(*, partner: Partner, data: dict, by) -> Partner:
    require(by, Action.EDIT, partner.province_id)
    errors = check(province=partner.province, data=data, partner=partner)
    if errors:
        raise PartnerError(next(iter(errors.values())), errors=errors)
    _apply(partner, data)
    stamp(partner, by)
    partner.save()
    return partner


@transaction.atomic
def delete_partner(*, partner: Partner, by) -> None:
    """The history keeps what was deleted and by whom."""
    require(by, Action.EDIT, partner.province_id)
    stamp(partner, by)
    partner.delete()


@transaction.atomic
def differs(partner: Partner, data: dict) -> bool:
    """Whether writing `data` would change the partner (what an import shows as unchanged, it leaves alone)."""
    for field in FIELDS:
        if field in data:
            value = data[field].strip() if isinstance(data[field], str) else data[field]
            if getattr(partner, field) != value:
                return True
    return False


def import_partners(*, province, rows: list[dict], by) -> tuple[int, int, int]:
    """Add the partners of an import, or update those of the same name. Returns (added, updated,
    unchanged): a row equal to the partner already registered is not saved again."""
    require(by, Action.EDIT, province)
    existing = {p.name.casefold(): p for p in Partner.objects.select_for_update().filter(province=province)}
    added = updated = unchanged = 0
    for data in rows:
        partner = existing.get(data["name"].strip().casefold())
        if partner is None:
            partner = Partner(province=province, created_by=by)
            added += 1
        elif not differs(partner, data):
            unchanged += 1
            continue
        else:
            updated += 1
        _apply(partner, data)
        stamp(partner, by)
        partner.save()
    return added, updated, unchanged
