"""Retention: `manage.py prune_audit` deletes audit events and record history older than
AUDIT_RETENTION_DAYS, but nothing from the start of a fiscal year whose evaluation is still open,
and never the newest version of a record."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.evaluation.models import Round
from labourplan.partners import services
from labourplan.partners.models import Partner, PartnerKind

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)


def at(year, month, day):
    return datetime.datetime(year, month, day, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def old_and_new(chiang_mai, cm_editor, settings):
    settings.AUDIT_RETENTION_DAYS = 365
    with time_machine.travel(at(2024, 1, 10), tick=False):
        record(action=AuditEvent.Action.SIGN_IN, user=cm_editor)
        changed = services.add_partner(
            province=chiang_mai, data={"name": "ก", "kind": PartnerKind.PRIVATE}, by=cm_editor
        )
        untouched = services.add_partner(
            province=chiang_mai, data={"name": "ข", "kind": PartnerKind.PRIVATE}, by=cm_editor
        )
    with time_machine.travel(at(2024, 2, 10), tick=False):
        services.update_partner(partner=changed, data={"area": "ฝาง"}, by=cm_editor)
    with time_machine.travel(at(2026, 6, 1), tick=False):
        record(action=AuditEvent.Action.SIGN_IN, user=cm_editor)
        services.update_partner(partner=changed, data={"area": "แม่อาย"}, by=cm_editor)
    return changed, untouched


def prune_command(*args) -> str:
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("prune_audit", *args, stdout=out)
    return out.getvalue()


def test_an_open_evaluation_keeps_everything_since_its_fiscal_year_began(old_and_new):
    assert Round.objects.filter(frozen_at__isnull=True, scheme__fiscal_year__year_be=2562).exists()
    output = prune_command()
    assert "kept from 2018-10-01" in output  # FY 2562's rounds are not frozen: its evaluation is open
    assert AuditEvent.objects.filter(action="sign_in").count() == 2
    assert Partner.history.count() == 4


def test_once_evaluations_are_frozen_what_is_older_than_the_retention_goes(old_and_new):
    changed, untouched = old_and_new
    Round.objects.update(frozen_at=NOW)
    assert "would delete" in prune_command("--dry-run")
    assert AuditEvent.objects.filter(action="sign_in").count() == 2  # a dry run deletes nothing

    output = prune_command()
    assert "kept from 2025-11-24" in output
    assert list(AuditEvent.objects.filter(action="sign_in").values_list("at", flat=True)) == [at(2026, 6, 1)]
    # The changed partner keeps its newest version only; the untouched one its only version.
    assert [h.area for h in Partner.history.filter(id=changed.pk)] == ["แม่อาย"]
    assert Partner.history.filter(id=untouched.pk).count() == 1
    pruned = AuditEvent.objects.get(username="prune_audit")
    assert (pruned.detail["events"], pruned.detail["partners.partner"]) == (1, 2)


def test_a_still_open_later_year_holds_the_cutoff_back_to_its_start(old_and_new):
    from labourplan.evaluation.models import Scheme
    from labourplan.reference.models import FiscalYear

    Round.objects.update(frozen_at=NOW)
    scheme = Scheme.objects.create(fiscal_year=FiscalYear.objects.get(year_be=2569), title="KPI 2569")
    Round.objects.create(
        scheme=scheme, number=1, starts_on=datetime.date(2025, 10, 1), ends_on=datetime.date(2026, 3, 31)
    )
    assert "kept from 2025-10-01" in prune_command()  # FY 2569 began on 1 October 2025
