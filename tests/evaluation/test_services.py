"""The criteria as data, the query layer that feeds the engine, freezing and overriding."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from labourplan.accounts.models import Role, User
from labourplan.accounts.services import create_user
from labourplan.evaluation import engine
from labourplan.evaluation.models import FrozenEvaluation, Round, Scheme
from labourplan.evaluation.services import (
    SchemeError,
    copy_scheme,
    evaluate_round,
    freeze_round,
    override_level,
    province_result,
    round_spec,
    round_view,
    rounds_with_criteria,
    save_round,
)
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import MeetingKind, Plan, PlanItem
from labourplan.plans.services import (
    add_allocation,
    create_plan,
    delete_meeting,
    record_approval,
    start_amendment,
    submit_plan,
    update_item,
)
from labourplan.reference.models import FiscalYear, Province
from labourplan.reports import services as reports_services
from labourplan.reports.services import save_result, update_report
from tests.conftest import PASSWORD, PDF_BYTES
from tests.evaluation.conftest import report_month, track

D = datetime.date
pytestmark = pytest.mark.django_db


def first_round(scheme) -> Round:
    return rounds_with_criteria(scheme)[0]


def test_the_fy_2562_criteria_ship_with_the_product():
    rounds = rounds_with_criteria(Scheme.objects.get(fiscal_year__year_be=2562))

    assert [(r.starts_on, r.ends_on) for r in rounds] == [
        (D(2018, 10, 1), D(2019, 3, 31)),
        (D(2019, 4, 1), D(2019, 9, 30)),
    ]
    level_5 = round_spec(rounds[1]).levels[4]
    assert [(c.kind, c.threshold) for c in level_5.conditions] == [
        (engine.ACTIVITIES_PERCENT, Decimal("85.00")),
        (engine.DISBURSED_PERCENT, Decimal("96.00")),
    ]


def test_copying_criteria_moves_the_rounds_to_the_new_year(scheme2570, central_admin):
    rounds = rounds_with_criteria(scheme2570)

    assert [(r.starts_on, r.ends_on) for r in rounds] == [
        (D(2026, 10, 1), D(2027, 3, 31)),
        (D(2027, 4, 1), D(2027, 9, 30)),
    ]
    source = rounds_with_criteria(Scheme.objects.get(fiscal_year__year_be=2562))
    assert [round_spec(r).levels for r in rounds] == [round_spec(r).levels for r in source]
    with pytest.raises(SchemeError, match="มีเกณฑ์ตัวชี้วัดอยู่แล้ว"):
        copy_scheme(source=scheme2570, target=scheme2570.fiscal_year, by=central_admin)


def levels_with(*thresholds: tuple[int, str, str]) -> list[engine.LevelSpec]:
    base = [engine.LevelSpec(1, "รายงานทุกเดือน", (engine.ConditionSpec(engine.MONTHLY_REPORTS),))]
    return base + [
        engine.LevelSpec(
            number,
            f"ระดับ {number}",
            (
                engine.ConditionSpec(engine.ACTIVITIES_PERCENT, Decimal(activities)),
                engine.ConditionSpec(engine.DISBURSED_PERCENT, Decimal(disbursed)),
            ),
        )
        for number, activities, disbursed in thresholds
    ]


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        (levels_with((2, "40", "40"), (4, "45", "50")), "ขาดระดับ 3"),
        (levels_with((2, "40", "40"), (2, "45", "50")), "ระดับ 2 ซ้ำ"),
        (levels_with((2, "45", "50"), (3, "40", "60")), "ต่ำกว่าระดับ 2"),
        (levels_with((2, "40", "40"), (3, "45", "39.99")), "ต่ำกว่าระดับ 2"),
        (levels_with((2, "40", "140")), "ระหว่าง 0 ถึง 100"),
        ([engine.LevelSpec(1, "ไม่มีเงื่อนไข", ())], "ไม่มีเงื่อนไข"),
    ],
    ids=["a skipped level", "a repeated level", "activities go down", "disbursement goes down", "over 100", "empty"],
)
def test_the_criteria_refuse_skipped_levels_and_falling_thresholds(scheme2570, central_admin, levels, message):
    round_ = first_round(scheme2570)
    before = round_spec(round_)

    with pytest.raises(SchemeError, match=message):
        save_round(
            round_=round_, revision=round_.revision, starts_on=round_.starts_on, ends_on=round_.ends_on, levels=levels,
            by=central_admin,
        )  # fmt: skip

    assert round_spec(first_round(scheme2570)) == before  # nothing half-written


def test_the_centre_edits_a_round_and_a_stale_edit_is_refused(scheme2570, central_admin, cm_editor):
    round_ = first_round(scheme2570)
    levels = levels_with((2, "40", "40"), (3, "40", "50"))

    saved = save_round(
        round_=round_, revision=round_.revision, starts_on=D(2026, 10, 1), ends_on=D(2027, 2, 28), levels=levels,
        by=central_admin,
    )  # fmt: skip

    assert round_spec(first_round(scheme2570)).levels == tuple(levels)
    assert saved.ends_on == D(2027, 2, 28)
    with pytest.raises(SchemeError, match="ทับ"):
        save_round(
            round_=saved, revision=saved.revision, starts_on=D(2026, 10, 1), ends_on=D(2027, 4, 30), levels=levels,
            by=central_admin,
        )  # fmt: skip
    from labourplan.plans.services import Conflict

    with pytest.raises(Conflict):
        save_round(
            round_=saved, revision=1, starts_on=D(2026, 10, 1), ends_on=D(2027, 2, 28), levels=levels, by=central_admin
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        save_round(
            round_=saved, revision=saved.revision, starts_on=D(2026, 10, 1), ends_on=D(2027, 2, 28), levels=levels,
            by=cm_editor,
        )  # fmt: skip


def test_the_query_layer_feeds_the_engine_from_the_plan_reports_and_meetings(
    scheme2570, reporting_plan, cm_editor, cm_approver, chiang_mai
):
    track(reporting_plan, held_on=D(2026, 9, 25), by=cm_editor, kind=MeetingKind.PLANNING)
    track(reporting_plan, held_on=D(2026, 10, 15), by=cm_editor)  # before the approval of 20 October
    report_month(
        reporting_plan, month_index=1, result=1, disbursed="30000", editor=cm_editor, approver=cm_approver,
        submitted_on=D(2026, 11, 3),
    )  # fmt: skip

    result = province_result(round_=first_round(scheme2570), province=chiang_mai, as_of=D(2026, 11, 24))

    evaluation = result.evaluation
    assert evaluation.provisional is True
    # The first of the template's 11 activities (target 1) is done in full: 1/11.
    assert (evaluation.activities_percent, evaluation.disbursed_percent) == (Decimal("9.09"), Decimal("30.00"))
    assert evaluation.level == 2  # the only tracking meeting came before the approval
    meeting = next(c for c in evaluation.conditions if c.kind == engine.TRACKING_MEETING)
    assert meeting.figures["before_approval"] == 1

    track(reporting_plan, held_on=D(2026, 11, 20), by=cm_editor)
    assert province_result(round_=first_round(scheme2570), province=chiang_mai, as_of=D(2026, 11, 24)).level == 3


def give_plan(code: str, fiscal_year) -> None:
    """A province with an approved plan, an allocation, meetings and October's report."""
    province = Province.objects.get(code=code)
    editor = create_user(username=f"e{code}", password=PASSWORD, role=Role.PROVINCIAL_EDITOR, province=province)
    approver = create_user(username=f"a{code}", password=PASSWORD, role=Role.PROVINCIAL_APPROVER, province=province)
    plan = create_plan(province=province, fiscal_year=fiscal_year, by=editor)
    version = submit_plan(version=plan.current_version, submitted_on=D(2026, 10, 10), by=approver)
    pdf = SimpleUploadedFile("approval.pdf", PDF_BYTES, content_type="application/pdf")
    record_approval(version=version, approved_on=D(2026, 10, 20), document=pdf, by=approver)
    plan.refresh_from_db()
    add_allocation(plan=plan, amount=Decimal("100000"), received_on=D(2026, 10, 25), by=editor)
    track(plan, held_on=D(2026, 9, 25), by=editor, kind=MeetingKind.PLANNING)
    track(plan, held_on=D(2026, 10, 25), by=editor)
    report_month(
        plan, month_index=1, result=1, disbursed="1000", editor=editor, approver=approver, submitted_on=D(2026, 11, 3)
    )


def test_the_round_view_runs_the_same_queries_for_one_province_or_many(
    scheme2570, django_assert_num_queries, fy2570_template
):
    give_plan("50", fy2570_template)
    round_ = first_round(scheme2570)
    # Provinces, the criteria's stamp, the plans' tokens, then plans, versions, items, allocations,
    # reports, results, meetings.
    with django_assert_num_queries(10):
        one = round_view(round_=round_, as_of=D(2026, 11, 24))
    give_plan("90", fy2570_template)
    give_plan("20", fy2570_template)

    with django_assert_num_queries(10):
        three = round_view(round_=round_, as_of=D(2026, 11, 24))
    with django_assert_num_queries(3):  # nothing changed since: provinces and the stamps only
        again = round_view(round_=round_, as_of=D(2026, 11, 24))

    assert len(one.results) == len(three.results) == Province.objects.regional().count()
    assert [r.evaluation for r in again.results] == [r.evaluation for r in three.results]
    assert dict(three.distribution)[3] == 3
    assert dict(three.distribution)[0] == len(three.results) - 3


def test_a_frozen_round_no_longer_follows_the_data_and_an_override_keeps_the_computed_level(
    scheme2570, reporting_plan, cm_editor, cm_approver, central_admin, chiang_mai
):
    round_ = first_round(scheme2570)
    track(reporting_plan, held_on=D(2026, 9, 25), by=cm_editor, kind=MeetingKind.PLANNING)
    with pytest.raises(SchemeError, match=r"5 เม\.ย\. 2570"):
        freeze_round(round_=round_, by=central_admin, now=datetime.datetime(2027, 4, 5, 20, tzinfo=BANGKOK))

    freeze_round(round_=round_, by=central_admin, now=datetime.datetime(2027, 4, 6, 9, tzinfo=BANGKOK))

    round_ = first_round(scheme2570)
    frozen = FrozenEvaluation.objects.get(round=round_, province=chiang_mai)
    assert frozen.computed_level == 2
    track(reporting_plan, held_on=D(2026, 11, 20), by=cm_editor)  # would lift the live level to 3 …
    assert province_result(round_=round_, province=chiang_mai).level == 2  # … but the round is frozen
    assert next(r for r in round_view(round_=round_).results if r.province == chiang_mai).level == 2
    with pytest.raises(SchemeError, match="เหตุผล"):
        override_level(frozen=frozen, level=3, reason=" ", by=central_admin)

    override_level(frozen=frozen, level=3, reason="บันทึกการประชุมล่าช้า ตรวจสอบแล้ว", by=central_admin)

    result = province_result(round_=round_, province=chiang_mai)
    assert (result.level, result.computed_level, result.overridden) == (3, 2, True)
    assert result.frozen.overridden_by == central_admin
    assert result.frozen.history.first().history_user == central_admin
    with pytest.raises(SchemeError, match="แช่แข็ง"):
        freeze_round(round_=round_, by=central_admin, now=datetime.datetime(2027, 4, 7, tzinfo=BANGKOK))


def test_only_the_centre_freezes_and_overrides(scheme2570, cm_approver, central_viewer):
    from django.core.exceptions import PermissionDenied

    round_ = first_round(scheme2570)
    for user in (cm_approver, central_viewer):
        with pytest.raises(PermissionDenied), time_machine.travel(datetime.datetime(2027, 5, 1, tzinfo=BANGKOK)):
            freeze_round(round_=round_, by=user)
    assert not Round.objects.get(pk=round_.pk).is_frozen


def test_copy_to_a_year_keeps_fiscal_year_bounds():
    fy = FiscalYear.objects.get(year_be=2571)
    scheme = copy_scheme(
        source=Scheme.objects.get(fiscal_year__year_be=2562),
        target=fy,
        by=create_user(username="root", password=PASSWORD, role=Role.CENTRAL_ADMIN),
    )
    assert [r.starts_on for r in rounds_with_criteria(scheme)] == [D(2027, 10, 1), D(2028, 4, 1)]


def fresh(round_, as_of):
    provinces = list(Province.objects.regional().order_by("pk"))
    return evaluate_round(round_=round_, as_of=as_of, provinces=provinces)


def cached(round_, as_of):
    return {r.province.pk: r.evaluation for r in round_view(round_=round_, as_of=as_of).results}


def returned_october(plan):
    """October's report sent back by the centre: the province may correct it."""
    report = plan.reports.get(month_index=1)
    reports_services.return_report(report=report, by=User.objects.get(username="anong"), comment="แก้ไขตัวเลข")
    report.refresh_from_db()
    return report


def write_result(plan, editor, approver):
    report = returned_october(plan)
    leaves = PlanItem.objects.filter(topic__version=plan.current_version, sub_items__isnull=True)
    item = leaves.exclude(target_1=0).order_by("pk")[1]
    save_result(report=report, item=item, revision=0, result=7, by=editor, confirmed=True, remark="เพิ่ม")


def write_disbursement(plan, editor, approver):
    report = returned_october(plan)
    update_report(report=report, revision=report.revision, changes={"disbursed": Decimal("45000")}, by=editor)


def write_second_month(plan, editor, approver):
    report_month(plan, month_index=2, result=1, disbursed="5000", editor=editor, approver=approver,
                 submitted_on=D(2026, 12, 1))  # fmt: skip  # November is sent once it has ended


def write_meeting(plan, editor, approver):
    track(plan, held_on=D(2026, 11, 20), by=editor)


def delete_meeting_(plan, editor, approver):
    delete_meeting(meeting=plan.meetings.filter(kind=MeetingKind.TRACKING).first(), by=editor)


def write_allocation(plan, editor, approver):
    add_allocation(plan=plan, amount=Decimal("50000"), received_on=D(2026, 11, 20), by=editor)


def write_target(plan, editor, approver):
    amendment = start_amendment(plan=plan, reason="ปรับเป้าหมาย", by=editor)
    item = PlanItem.objects.filter(topic__version=amendment, parent=None).order_by("pk").first()
    update_item(item=item, revision=item.revision, changes={"target_1": 5}, by=editor)
    version = submit_plan(version=amendment, submitted_on=D(2026, 11, 21), by=approver)
    pdf = SimpleUploadedFile("approval.pdf", PDF_BYTES, content_type="application/pdf")
    record_approval(version=version, approved_on=D(2026, 11, 22), document=pdf, by=approver)


def write_criteria(plan, editor, approver):
    round_ = rounds_with_criteria(plan.fiscal_year.evaluation_scheme)[0]
    save_round(round_=round_, revision=round_.revision, starts_on=round_.starts_on, ends_on=round_.ends_on,
               levels=levels_with((2, "1", "1"), (3, "5", "40")), by=User.objects.get(username="anong"))  # fmt: skip


WRITES = [
    write_result,
    write_disbursement,
    write_second_month,
    write_meeting,
    delete_meeting_,
    write_allocation,
    write_target,
    write_criteria,
]


@pytest.mark.parametrize("write", WRITES)
def test_the_cached_round_view_equals_a_fresh_computation_after_every_kind_of_write(
    scheme2570, fy2570_template, central_admin, write
):
    give_plan("50", fy2570_template)
    plan = Plan.objects.get(province__code="50", fiscal_year=fy2570_template)
    editor, approver = User.objects.get(username="e50"), User.objects.get(username="a50")
    as_of = D(2026, 12, 2)  # November has ended: its report can be in
    before = cached(first_round(scheme2570), as_of)
    assert before == fresh(first_round(scheme2570), as_of)

    write(plan, editor, approver)

    after = cached(first_round(scheme2570), as_of)
    assert after == fresh(first_round(scheme2570), as_of)
    assert after != before  # the write did change the evaluation, and the cache followed
