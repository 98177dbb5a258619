"""Everywhere a person reads a change: names not ids, Thai states and field labels, B.E. dates in
Bangkok time without microseconds."""

import datetime
import re

import pytest
import time_machine

from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.history import plan_history
from labourplan.plans.services import submit_plan
from labourplan.reports import services as reports

pytestmark = pytest.mark.django_db
RAW_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2}|\+00:00|\.\d{6}")


def _version_change(client, plan):
    entries = client.get("/audit/", {"object_type": "plans.planversion"}).context["page"].object_list
    return next(e for e in entries if e.action == "change")


def test_the_audit_trail_shows_names_thai_states_and_be_dates(client, central_admin, cm_plan, cm_approver):
    submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)
    client.force_login(central_admin)
    change = _version_change(client, cm_plan)
    shown = {c.field: (c.before, c.after) for c in change.changes}
    assert shown["สถานะ"] == ("ร่าง", "เสนอผู้ว่าราชการจังหวัดแล้ว")
    assert "draft" not in str(shown) and "submitted" not in str(shown)
    assert ("—", "สมชาย") in shown.values()  # the person, not "— → 1"
    assert ("—", "10 ต.ค. 2569") in shown.values()
    assert all(re.search(r"[\u0E00-\u0E7F]", label) for label in shown)  # Thai labels, no field names
    html = client.get("/audit/", {"object_type": "plans.planversion"}).content.decode()
    assert "สมชาย" in html and not RAW_MOMENT.search(html[html.index("<tbody") :])


def test_a_moment_reads_in_bangkok_time_to_the_minute(client, central_admin, reporting_plan, cm_editor, cm_approver):
    report = reports.open_report(plan=reporting_plan, month_index=1, by=cm_editor, today=datetime.date(2026, 11, 2))
    # 23:30:15.123456 UTC on 2 Nov is 06:30 on 3 Nov in Bangkok
    moment = datetime.datetime(2026, 11, 2, 23, 30, 15, 123456, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        reports.submit_report(report=report, by=cm_approver)
    client.force_login(central_admin)
    entries = client.get("/audit/", {"object_type": "reports.monthlyreport"}).context["page"].object_list
    change = next(e for e in entries if e.action == "change")
    shown = {c.field: c.after for c in change.changes}
    assert "3 พ.ย. 2569 06:30 น." in shown.values()
    assert "สมชาย" in shown.values()
    assert not any(RAW_MOMENT.search(v) for v in shown.values())
    assert moment.astimezone(BANGKOK).hour == 6


def test_the_plan_history_shows_thai_states_and_be_dates(client, cm_plan, cm_approver):
    submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)
    entry = next(e for e in plan_history(cm_plan) if e.changes)
    changes = {label: (old, new) for label, old, new in entry.changes}
    assert changes["สถานะ"] == ("ร่าง", "เสนอผู้ว่าราชการจังหวัดแล้ว")
    assert any(new == "10 ต.ค. 2569" for _, new in changes.values())
    client.force_login(cm_approver)
    html = client.get(f"/plans/{cm_plan.pk}/history/").content.decode()
    assert "draft" not in html and "→ submitted" not in html and "2026-10-10" not in html
