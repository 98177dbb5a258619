import pytest

from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_and_the_province_of_the_object(cm_editor, cm_plan):
    event = record(action=AuditEvent.Action.EXPORT, user=cm_editor, obj=cm_plan, purpose="รายงานผู้บริหาร")

    event.refresh_from_db()
    assert (event.username, event.province, event.object_type) == ("wilai", cm_editor.province, "plans.plan")
    assert event.object_id == str(cm_plan.pk)
    assert event.detail == {"purpose": "รายงานผู้บริหาร"}


def test_record_of_a_failed_sign_in_keeps_the_name_typed(client):
    from django.contrib.auth.models import AnonymousUser

    event = record(action=AuditEvent.Action.SIGN_IN_FAILED, user=AnonymousUser(), username="nobody")

    assert event.user is None and event.username == "nobody"
