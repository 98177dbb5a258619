"""The audit trail as the centre reads it: AuditEvents (sign-ins, exports, tokens) and the record
histories kept by django-simple-history, in one list, newest first.

One UNION query pages through all of them; the page's entries are then completed with a fixed
number of queries (two per kind of record on the page), whatever the page size or the data.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Case, CharField, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast

from labourplan.audit.display import display_value, field_label, related_ids, user_name
from labourplan.audit.models import AuditEvent
from labourplan.lib.fiscal import BANGKOK
from labourplan.reference.models import Province

# Records whose history the trail shows: model label → the path from a historical row to the
# province id (None: the record has no province). Add a line when a model gets a history.
AUDITED_HISTORIES: dict[str, str | None] = {
    "plans.plan": "province_id",
    "plans.planversion": "plan__province_id",
    "plans.plantopic": "version__plan__province_id",
    "plans.planitem": "topic__version__plan__province_id",
    "plans.allocation": "plan__province_id",
    "plans.meeting": "plan__province_id",
    "reports.monthlyreport": "plan__province_id",
    "reports.reportresult": "report__plan__province_id",
    "reports.reportevidence": "report__plan__province_id",
    "accounts.user": "province_id",
    "evaluation.scheme": None,
    "evaluation.round": None,
    "evaluation.level": None,
    "evaluation.condition": None,
    "evaluation.frozenevaluation": "province_id",
    "annual.annualreport": "plan__province_id",
    "annual.annualitem": "report__plan__province_id",
    "partners.partner": "province_id",
    "quality.rule": None,
    "quality.finding": "province_id",
}

EVENTS = "events"
_HISTORY_ACTIONS = {"+": AuditEvent.Action.CREATE, "~": AuditEvent.Action.CHANGE, "-": AuditEvent.Action.DELETE}
_COLUMNS = ["e_at", "e_user", "e_username", "e_action", "e_province", "e_type", "e_object", "e_source"]
# Bookkeeping columns that say nothing to a reader.
_HIDDEN_FIELDS = {"id", "revision", "key", "order", "position", "agency_order"}  # the agencies show as such


def _char(value) -> Value:
    return Value(value, output_field=CharField())


def _events(filters: "TrailFilters"):
    qs = AuditEvent.objects.all()
    if filters.province:
        qs = qs.filter(province=filters.province)
    if filters.user:
        qs = qs.filter(user=filters.user)
    if filters.date_from:
        qs = qs.filter(at__gte=filters.start)
    if filters.date_to:
        qs = qs.filter(at__lt=filters.end)
    return (
        qs.annotate(
            e_at=F("at"),
            e_user=F("user_id"),
            e_username=F("username"),
            e_action=F("action"),
            e_province=F("province_id"),
            e_type=_char(EVENTS),
            e_object=F("object_repr"),
            e_source=F("id"),
        )
        .order_by()
        .values(*_COLUMNS)
    )


def _history(label: str, province_path: str | None, filters: "TrailFilters"):
    model = apps.get_model(label)
    qs = model.history.all()
    province = F(province_path) if province_path else Value(None, output_field=IntegerField())
    if filters.province:
        if not province_path:
            return None
        qs = qs.filter(**{province_path: filters.province.pk})
    if filters.user:
        qs = qs.filter(history_user_id=filters.user.pk)
    if filters.date_from:
        qs = qs.filter(history_date__gte=filters.start)
    if filters.date_to:
        qs = qs.filter(history_date__lt=filters.end)
    action = Case(
        *(When(history_type=code, then=_char(str(action))) for code, action in _HISTORY_ACTIONS.items()),
        output_field=CharField(),
    )
    return (
        qs.annotate(
            e_at=F("history_date"),
            e_user=F("history_user_id"),
            e_username=_char(""),
            e_action=action,
            e_province=Cast(province, IntegerField()),
            e_type=_char(label),
            e_object=Cast("id", CharField()),
            e_source=F("history_id"),
        )
        .order_by()
        .values(*_COLUMNS)
    )


@dataclass
class TrailFilters:
    province: Province | None = None
    user: object | None = None
    object_type: str = ""  # EVENTS, a label of AUDITED_HISTORIES, or "" for everything
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date_from, datetime.time.min, tzinfo=BANGKOK)

    @property
    def end(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=BANGKOK)


def trail_queryset(filters: TrailFilters):
    parts = []
    if filters.object_type in ("", EVENTS):
        parts.append(_events(filters))
    for label, province_path in AUDITED_HISTORIES.items():
        if filters.object_type in ("", label):
            part = _history(label, province_path, filters)
            if part is not None:
                parts.append(part)
    if not parts:
        return AuditEvent.objects.none().values(*_COLUMNS)
    first, *rest = parts
    return (first.union(*rest, all=True) if rest else first).order_by("-e_at", "-e_source")


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    at: datetime.datetime
    username: str
    action: str
    action_display: str
    province: Province | None
    object_type: str
    object_type_display: str
    object: str
    changes: list[Change] = field(default_factory=list)
    detail: dict = field(default_factory=dict)
    ip_address: str | None = None


def _shown_fields(record):
    # the historical model's fields: excluded fields are not there
    return [
        f for f in record._meta.concrete_fields if f.name not in _HIDDEN_FIELDS and not f.name.startswith("history_")
    ]


def _changes(record, previous, names=None) -> list[Change]:
    """Before → after of each field a person would recognise (the whole record when created), as
    a person reads them: names, not ids; labels, not codes; B.E. dates in Bangkok time."""
    changes = []
    for f in _shown_fields(record):
        if f.is_relation and f.related_model not in (get_user_model(), Province):
            continue  # a link to the plan, topic, report…: the entry already names its record
        after = getattr(record, f.attname)
        before = getattr(previous, f.attname) if previous is not None else None
        if previous is not None and before == after:
            continue
        if previous is None and (record.history_type == "-" or after in (None, "", 0)):
            continue  # a new record: only what was filled in
        changes.append(Change(field_label(f), display_value(f, before, names), display_value(f, after, names)))
    return changes


def page_of_entries(filters: TrailFilters, page_number, per_page: int = 50):
    """A page of the trail (Django's Page, whose object_list are Entries)."""
    page = Paginator(trail_queryset(filters), per_page).get_page(page_number)
    rows = list(page.object_list)

    events = {}
    event_ids = [r["e_source"] for r in rows if r["e_type"] == EVENTS]
    if event_ids:
        events = AuditEvent.objects.in_bulk(event_ids)

    histories = {}  # (label, history_id) → (record, previous record)
    for label in {r["e_type"] for r in rows} - {EVENTS}:
        history_model = apps.get_model(label).history.model
        ids = [r["e_source"] for r in rows if r["e_type"] == label]
        previous = history_model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        records = history_model.objects.filter(history_id__in=ids).annotate(
            previous_id=Subquery(previous.order_by("-history_date", "-history_id").values("history_id")[:1])
        )
        records = list(records)
        previous_records = history_model.objects.in_bulk([r.previous_id for r in records if r.previous_id])
        for record in records:
            histories[label, record.history_id] = (record, previous_records.get(record.previous_id))

    # People and provinces named in the changes come with the page's own users and provinces.
    user_model = get_user_model()
    named = related_ids([r for pair in histories.values() for r in pair if r is not None], _shown_fields)
    user_ids = {r["e_user"] for r in rows if r["e_user"] and r["e_type"] != EVENTS} | named.get(user_model, set())
    users = user_model.objects.in_bulk(user_ids) if user_ids else {}
    province_ids = {r["e_province"] for r in rows if r["e_province"]} | named.get(Province, set())
    provinces = Province.objects.in_bulk(province_ids) if province_ids else {}
    names = {(user_model, pk): user_name(u) for pk, u in users.items()}
    names |= {(Province, pk): p.name_th for pk, p in provinces.items()}
    actions = dict(AuditEvent.Action.choices)

    entries = []
    for r in rows:
        common = {
            "at": r["e_at"],
            "action": r["e_action"],
            "action_display": actions.get(r["e_action"], r["e_action"]),
            "province": provinces.get(r["e_province"]),
            "object_type": r["e_type"],
        }
        if r["e_type"] == EVENTS:
            event = events[r["e_source"]]
            entries.append(
                Entry(
                    **common,
                    username=event.username,
                    object_type_display=_type_display(event.object_type) if event.object_type else "",
                    object=event.object_repr,
                    detail=event.detail,
                    ip_address=event.ip_address,
                )
            )
            continue
        model = apps.get_model(r["e_type"])
        record, previous = histories[r["e_type"], r["e_source"]]
        user = users.get(r["e_user"])
        entries.append(
            Entry(
                **common,
                username=user.get_username() if user else "",
                object_type_display=str(model._meta.verbose_name),
                object=_label(record),
                changes=_changes(record, previous, names),
            )
        )
    page.object_list = entries
    return page


def _label(record) -> str:
    """A name read from the record's own columns (its __str__ could follow relations: a query each)."""
    for name in ("title", "username", "caption", "name"):
        value = getattr(record, name, "")
        if value:
            return f"#{record.id} {value}"[:120]
    return f"#{record.id}"


def _type_display(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except LookupError:
        return label


def object_type_choices() -> list[tuple[str, str]]:
    return [(label, _type_display(label)) for label in AUDITED_HISTORIES]
