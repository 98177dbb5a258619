"""Checks before the plan goes to the governor: rows without a target or a unit stop it (listed,
with a link to each row); an activity without a responsible agency is a warning to confirm."""

import datetime

import pytest

from labourplan.plans import services
from labourplan.plans.checks import plan_checklist
from labourplan.plans.models import PlanItem, VersionState
from labourplan.reference.models import Agency

pytestmark = pytest.mark.django_db
NO_AGENCY = "รณรงค์/สร้างการรับรู้ให้สถานประกอบการให้นำ GLP/TLS ไปใช้"  # as in the centre's own template


def row(plan, title):
    return PlanItem.objects.get(topic__version=plan.current_version, title__contains=title)


def change(plan, title, by, **changes):
    item = row(plan, title)
    return services.update_item(item=item, revision=item.revision, changes=changes, by=by)


def zero_targets():
    return {f"target_{i}": 0 for i in range(1, 13)}


def test_the_template_plan_has_only_the_agency_warning(cm_plan):
    checklist = plan_checklist(cm_plan.current_version)
    assert [(r.title, r.missing, r.blocking) for r in checklist] == [(NO_AGENCY, [], False)]
    assert "ไม่ระบุหน่วยงานรับผิดชอบ" in str(checklist[0])


def test_rows_without_target_or_unit_are_listed_and_stop_the_submission(cm_plan, cm_editor, cm_approver):
    change(cm_plan, "ตลาดสด", cm_editor, unit="")  # a sub-item
    change(cm_plan, "หาข่าว", cm_editor, unit=" ", **zero_targets())  # an activity: total 0 and no unit
    checklist = [r for r in plan_checklist(cm_plan.current_version) if r.blocking]
    assert [(r.number, len(r.missing)) for r in checklist] == [("1)", 2), ("2) -", 1)]
    assert "ไม่มีเป้าหมาย" in str(checklist[0]) and "ไม่มีหน่วยนับ" in str(checklist[0])
    with pytest.raises(services.PlanError, match="2"):
        services.submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)
    cm_plan.current_version.refresh_from_db()
    assert cm_plan.current_version.state == VersionState.DRAFT  # nothing written


def test_an_activity_with_total_0_is_refused_even_with_a_unit(cm_plan, cm_editor, cm_approver):
    change(cm_plan, "หาข่าว", cm_editor, **zero_targets())
    with pytest.raises(services.PlanError):
        services.submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)


def test_the_page_lists_what_is_missing_links_each_row_and_disables_the_button(client, cm_plan, cm_editor, cm_approver):
    change(cm_plan, "ตลาดสด", cm_editor, unit="")
    client.force_login(cm_approver)
    html = client.get(f"/plans/{cm_plan.pk}/").content.decode()
    checklist = html[html.index('id="plan-checklist"') :]
    checklist = checklist[: checklist.index("</div>")]
    key = row(cm_plan, "ตลาดสด").key
    assert f'href="#row-{key}"' in checklist and f'id="row-{key}"' in html
    assert 'data-blocking="1"' in checklist and 'data-blocking="0"' in checklist
    button = html[html.index('id="submit-plan"') - 80 : html.index('id="submit-plan"') + 40]
    assert "disabled" in button


def test_the_agency_warning_is_confirmed_then_the_plan_goes(client, cm_plan, cm_approver):
    client.force_login(cm_approver)
    version = cm_plan.current_version
    html = client.get(f"/plans/{cm_plan.pk}/").content.decode()
    assert 'name="confirm_warnings"' in html
    refused = client.post(f"/plans/versions/{version.pk}/submit/", {"submitted_on": "10/10/2569"}, follow=True)
    assert "หน่วยงานรับผิดชอบ" in refused.content.decode()
    version.refresh_from_db()
    assert version.state == VersionState.DRAFT
    client.post(f"/plans/versions/{version.pk}/submit/", {"submitted_on": "10/10/2569", "confirm_warnings": "1"})
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED


def test_with_every_agency_named_there_is_nothing_to_confirm(client, cm_plan, cm_editor, cm_approver):
    change(cm_plan, NO_AGENCY, cm_editor, agencies=[Agency.objects.filter(is_active=True).first()])
    assert plan_checklist(cm_plan.current_version) == []
    client.force_login(cm_approver)
    assert 'id="plan-checklist"' not in client.get(f"/plans/{cm_plan.pk}/").content.decode()
    version = cm_plan.current_version
    client.post(f"/plans/versions/{version.pk}/submit/", {"submitted_on": "10/10/2569"})
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED
