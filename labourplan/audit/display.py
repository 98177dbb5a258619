"""How a change reads to a person, wherever one is shown (the audit trail, a plan's history): Thai
field labels, the choice's label rather than its code, names rather than ids, and dates in B.E.
in Bangkok time, to the minute."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labourplan.lib.fiscal import BANGKOK
from labourplan.lib.thaidate import format_date

# Fields declared without a verbose name: Django would show the column's name in English.
FIELD_LABELS = {
    "created_at": gettext_lazy("created at"),
    "updated_at": gettext_lazy("updated at"),
    "created_by": gettext_lazy("created by"),
    "submitted_by": gettext_lazy("submitted by"),
    "approved_recorded_by": gettext_lazy("approval recorded by"),
    "reviewed_by": gettext_lazy("reviewed by"),
    "uploaded_at": gettext_lazy("uploaded at"),
    "uploaded_by": gettext_lazy("uploaded by"),
}
NOTHING = "—"


def field_label(field: models.Field) -> str:
    if field.name in FIELD_LABELS and str(field.verbose_name) == field.name.replace("_", " "):
        return str(FIELD_LABELS[field.name])
    return str(field.verbose_name)


def user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def format_moment(value: datetime.datetime) -> str:
    """24 พ.ย. 2569 14:05 น. (Bangkok time, no seconds)."""
    local = timezone.localtime(value, BANGKOK) if timezone.is_aware(value) else value
    return f"{format_date(local.date())} {local:%H:%M} น."


def related_ids(records, fields) -> dict[type, set]:
    """The ids of related records named in `records`' foreign keys, by related model."""
    wanted: dict[type, set] = {}
    for record in records:
        for f in fields(record):
            if f.is_relation and f.many_to_one and getattr(record, f.attname) is not None:
                wanted.setdefault(f.related_model, set()).add(getattr(record, f.attname))
    return wanted


def display_value(field: models.Field, value, names: dict | None = None) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return NOTHING
    if field.is_relation and field.many_to_one:
        return (names or {}).get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return format_moment(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)
