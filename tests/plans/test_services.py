import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from labourplan.plans import services
from labourplan.plans.compare import compare_versions
from labourplan.plans.history import plan_history
from labourplan.plans.models import PlanItem, PlanStatus, VersionState
from labourplan.plans.table import load_table

pytestmark = pytest.mark.django_db


def test_a_plan_from_the_template_carries_its_rows(cm_plan):
    table = load_table(cm_plan.current_version)
    activities = list(table.activities())
    assert [r.total for r in activities] == [1, 60, 10, 10, 10, 10, 20, 1, 1, 1, 1]
    assert [r.number for r in activities[:2]] == ["1)", "2)"]
    # Numbered as the template prints them (the FY 2562 form starts at 5), not from 1: issue 14.
    assert [b.number for s in table.strategies for b in s.topics] == [5, 6, 7, 8, 9]
    assert [r.item.title for r in table.warnings] == ["จัดทำสื่อประชาสัมพันธ์ สร้างการรับรู้เกี่ยวกับการค้ามนุษย์"]


def _item(plan, title):
    return PlanItem.objects.get(topic__version=plan.current_version, title=title)


def test_one_plan_per_province_and_year(cm_plan, cm_editor, chiang_mai, fy2570_template):
    with pytest.raises(services.PlanError, match=r"มีแผน|already"):
        services.create_plan(province=chiang_mai, fiscal_year=fy2570_template, by=cm_editor)


def test_another_province_cannot_create_or_edit(cm_plan, sk_editor, chiang_mai, fy2570_template):
    with pytest.raises(PermissionDenied):
        services.create_plan(province=chiang_mai, fiscal_year=fy2570_template, by=sk_editor)
    item = _item(cm_plan, "ตลาดสด")
    with pytest.raises(PermissionDenied):
        services.update_item(item=item, revision=item.revision, changes={"target_2": 9}, by=sk_editor)
    item.refresh_from_db()
    assert item.target_2 == 2


def test_update_a_row_and_the_second_save_on_an_old_revision_is_a_conflict(cm_plan, cm_editor, cm_approver):
    item = _item(cm_plan, "ตลาดสด")
    opened_at = item.revision
    saved = services.update_item(item=item, revision=opened_at, changes={"target_2": 3}, by=cm_editor)
    assert saved.revision == opened_at + 1
    with pytest.raises(services.Conflict) as conflict:
        services.update_item(item=item, revision=opened_at, changes={"target_2": 5}, by=cm_approver)
    assert conflict.value.current.target_2 == 3
    item.refresh_from_db()
    assert item.target_2 == 3  # the first save was not overwritten


def test_targets_must_be_whole_numbers_from_zero_and_the_message_names_the_month(cm_plan, cm_editor):
    item = _item(cm_plan, "ตลาดสด")
    with pytest.raises(services.PlanError) as error:
        services.update_item(item=item, revision=item.revision, changes={"target_3": -1}, by=cm_editor)
    assert "ธ.ค. 2569" in error.value.errors["target_3"]
    item.refresh_from_db()
    assert item.target_3 == 2


def test_a_plan_without_any_target_cannot_be_submitted(cm_plan, cm_editor, cm_approver):
    for item in PlanItem.objects.filter(topic__version=cm_plan.current_version):
        services.update_item(
            item=item, revision=item.revision, changes=dict.fromkeys(item.TARGET_FIELDS, 0), by=cm_editor
        )
    with pytest.raises(services.PlanError, match=r"อย่างน้อย|at least"):
        services.submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)


def test_only_the_approver_submits(cm_plan, cm_editor):
    with pytest.raises(PermissionDenied):
        services.submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_editor)


def test_life_cycle_draft_submitted_approved_amended(cm_plan, cm_editor, cm_approver, signed_pdf):
    assert cm_plan.status == PlanStatus.DRAFT
    version = services.submit_plan(
        version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver
    )
    cm_plan.refresh_from_db()
    assert cm_plan.status == PlanStatus.SUBMITTED
    item = _item(cm_plan, "ตลาดสด")
    with pytest.raises(services.PlanError):
        services.update_item(item=item, revision=item.revision, changes={"target_2": 1}, by=cm_editor)
    services.record_approval(
        version=version, approved_on=datetime.date(2026, 10, 20), document=signed_pdf, by=cm_approver
    )
    cm_plan.refresh_from_db()
    assert cm_plan.status == PlanStatus.APPROVED
    amendment = services.start_amendment(plan=cm_plan, reason="เพิ่มเป้าหมายตรวจตลาดสด", by=cm_editor)
    cm_plan.refresh_from_db()
    assert cm_plan.status == PlanStatus.AMENDED
    assert amendment.number == 2 and amendment.state == VersionState.DRAFT
    new_item = _item(cm_plan, "ตลาดสด")
    assert new_item.key == item.key and new_item.pk != item.pk
    services.update_item(item=new_item, revision=new_item.revision, changes={"target_2": 4}, by=cm_editor)
    # The approved version is untouched and readable; the comparison shows the change.
    old_item = PlanItem.objects.get(topic__version=version, key=item.key)
    assert old_item.target_2 == 2
    changes = compare_versions(version, amendment)
    assert [(c.kind, c.title, c.old_total, c.new_total) for c in changes] == [("changed", "ตลาดสด", 20, 22)]


def test_an_amendment_needs_a_reason_and_an_approved_plan(approved_cm_plan, cm_plan, cm_editor):
    with pytest.raises(services.PlanError):
        services.start_amendment(plan=approved_cm_plan, reason="  ", by=cm_editor)


def test_approval_needs_a_real_pdf_or_image(cm_plan, cm_approver):
    version = services.submit_plan(
        version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver
    )
    fake = SimpleUploadedFile("approval.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF"):
        services.record_approval(
            version=version, approved_on=datetime.date(2026, 10, 20), document=fake, by=cm_approver
        )
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED


def test_rows_are_added_moved_and_removed(cm_plan, cm_editor):
    table = load_table(cm_plan.current_version)
    topic = table.strategies[2].topics[0].topic  # strategy 3: inspections
    added = services.add_item(topic=topic, title="ตรวจแพปลา", by=cm_editor)
    services.move_item(item=added, offset=-5, by=cm_editor)
    titles = [r.item.title for r in load_table(cm_plan.current_version).strategies[2].topics[0].rows]
    assert titles[0] == "ตรวจแพปลา"
    services.delete_item(item=added, by=cm_editor)
    assert not PlanItem.objects.filter(pk=added.pk).exists()


def test_history_records_who_changed_what(cm_plan, cm_editor):
    item = _item(cm_plan, "ตลาดสด")
    services.update_item(item=item, revision=item.revision, changes={"target_2": 7}, by=cm_editor)
    entries = plan_history(cm_plan)
    assert entries[0].who == cm_editor
    assert entries[0].object_label == "ตลาดสด"
    assert any(old == "2" and new == "7" for _, old, new in entries[0].changes)  # as displayed


def test_plan_from_the_previous_year_copies_rows_not_budgets(approved_cm_plan, cm_editor, chiang_mai):
    from labourplan.reference.models import FiscalYear

    next_year = FiscalYear.objects.get(year_be=2571)
    plan = services.create_plan(province=chiang_mai, fiscal_year=next_year, by=cm_editor, source="previous")
    assert [r.total for r in load_table(plan.current_version).activities()] == [1, 60, 10, 10, 10, 10, 20, 1, 1, 1, 1]
