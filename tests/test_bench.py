"""The benchmark's smoke run (issue 9): tiny scale, checks that it works and that every key page
runs the same number of queries whatever the number of provinces and fiscal years. No times.
And the floor: the one SQL query that the dashboard is compared with computes the same figures."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction

from bench.floor import FLOOR_PAGE, floor_figures, picture_figures
from bench.generate import Scale, generate
from bench.measure import CHECKS_PAGE, measure
from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.dashboard.national import compute_national_picture
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import Plan, PlanItem
from labourplan.plans.services import add_item, create_plan, record_approval, start_amendment, submit_plan, update_item
from labourplan.reference.models import Province
from labourplan.reports.services import open_report, save_result, submit_report, update_report
from tests.dashboard.conftest import approved_plan, first_activity

pytestmark = pytest.mark.django_db


def queries_by_page() -> dict[str, int]:
    measurements = measure(repeat=1)
    assert all(m.status == 200 for m in measurements), [(m.page, m.status) for m in measurements]
    assert all(m.bytes > 0 and m.median_ms >= 0 and m.p95_ms >= m.median_ms for m in measurements)
    return {m.page: m.queries for m in measurements}


def test_key_pages_run_the_same_queries_at_every_scale():
    generate(Scale(years=1, provinces=3, activities=5), log=lambda _: None)
    small = queries_by_page()

    generate(Scale(years=3, provinces=9, activities=10), log=lambda _: None)
    large = queries_by_page()

    assert Plan.objects.count() == 3 * 9
    assert {page: large[page] for page in small} == small
    assert "Form 3 PDF" in large  # measured once a closed year exists
    assert set(small) >= {"national dashboard", "plan grid", "monthly report form", "round evaluation view", FLOOR_PAGE}
    assert small[FLOOR_PAGE] == 1
    # The checks of a whole fiscal year: the same queries for 3 provinces and 1 year as for 9 and 3.
    assert CHECKS_PAGE in small


def test_a_long_run_counts_only_the_pages_own_queries(monkeypatch):
    """A request made after the session's last use is old enough to be written again (once a
    minute; here once a second, and the run waits longer) counts the same queries as the first."""
    import time

    from django.test import Client

    from labourplan.accounts import sessions

    generate(Scale(years=1, provinces=3, activities=5), log=lambda _: None)
    only = {"reporting heatmap", "plan grid"}
    quick = {m.page: m.queries for m in measure(repeat=1, only=only)}

    monkeypatch.setattr(sessions, "SEEN_EVERY", 1)
    get = Client.get

    def slowly(self, *args, **kwargs):
        time.sleep(1.1)  # real time passes between two requests of the same person
        return get(self, *args, **kwargs)

    monkeypatch.setattr(Client, "get", slowly)
    slow = {m.page: m.queries for m in measure(repeat=1, only=only)}
    assert slow == quick and set(quick) == only


class Undo(Exception):
    pass


def targets_of(code: str) -> list[int]:
    items = Plan.objects.filter(province__code=code).order_by("versions__topics__items__pk")
    return list(items.values_list("versions__topics__items__target_1", flat=True))


def test_the_generator_is_repeatable_and_a_province_does_not_depend_on_the_others():
    with pytest.raises(Undo), transaction.atomic():
        generate(Scale(years=1, provinces=2, activities=10), log=lambda _: None)
        alone = targets_of("11")
        raise Undo
    assert not Plan.objects.exists()

    generate(Scale(years=1, provinces=5, activities=10), log=lambda _: None)

    assert targets_of("11") == alone and len(alone) >= 10


def send(plan, by, month_index, at: datetime.datetime, *, disbursed: str) -> None:
    """A month's report sent at `at`: a result on the first activity and on the first sub-item."""
    with time_machine.travel(at, tick=False):
        report = open_report(plan=plan, month_index=month_index, by=by)
        sub_item = PlanItem.objects.filter(topic__version=plan.current_version).exclude(parent=None).order_by("pk")[0]
        for item, result in [(first_activity(plan), 3), (sub_item, 2)]:
            save_result(report=report, item=item, revision=0, result=result, by=by, confirmed=True, remark="ตามจริง")
        report.refresh_from_db()
        update_report(report=report, revision=report.revision, changes={"disbursed": Decimal(disbursed)}, by=by)
        report.refresh_from_db()
        submit_report(report=report, by=by)


def in_bangkok(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BANGKOK)


def test_the_floor_query_computes_the_figures_of_the_dashboard(fy2570_template, signed_pdf):
    """Generated provinces (Bangkok among them, outside the regional administration) and provinces
    that plan from the template: a report on time to the last minute of its due date, one late by
    ten minutes, one sent after the moment looked at; amendments approved and in draft, a draft
    plan, a plan approved after the moment looked at."""
    generate(Scale(years=1, provinces=3, activities=5), log=lambda _: None)  # Bangkok, 11 and 12: up to November
    fiscal_year = fy2570_template
    tenth_of_january = in_bangkok(2027, 1, 10, 10)
    generated = floor_figures(fiscal_year=fiscal_year, as_of=tenth_of_january).activities
    provinces = (Province.objects.get(code=code) for code in ["50", "90", "30", "20", "40"])
    on_time, late, after, draft, approved_later = provinces
    approvers = {}
    for province, december in [
        (on_time, in_bangkok(2027, 1, 5, 23, 30)),  # December's report is due on 5 January
        (late, in_bangkok(2027, 1, 6, 0, 10)),
        (after, in_bangkok(2027, 1, 12, 9)),
    ]:
        plan, approvers[province] = approved_plan(province, fiscal_year)
        approver = approvers[province]
        send(plan, approver, 1, in_bangkok(2026, 11, 3, 9), disbursed="4000.10")
        send(plan, approver, 3, december, disbursed="2500.25")
    # 90 amends its plan: its first activity gets a sub-item, so the results typed on the activity no longer count
    plan = Plan.objects.get(province=late, fiscal_year=fiscal_year)
    activity = first_activity(plan)
    version = start_amendment(plan=plan, reason="แยกรายการย่อย", by=approvers[late])
    activity = PlanItem.objects.get(topic__version=version, key=activity.key)
    sub = add_item(topic=activity.topic, parent=activity, title="รายการย่อยใหม่", unit="ครั้ง", by=approvers[late])
    update_item(item=sub, revision=sub.revision, changes={"target_4": 1}, by=approvers[late])  # no plan goes without
    submit_plan(version=version, submitted_on=datetime.date(2027, 1, 8), by=approvers[late])
    record_approval(version=version, approved_on=datetime.date(2027, 1, 9), document=signed_pdf, by=approvers[late])
    # 30 starts an amendment and leaves it in draft; 20 has a draft plan; 40's is approved after the tenth
    start_amendment(
        plan=Plan.objects.get(province=after, fiscal_year=fiscal_year), reason="ปรับแผน", by=approvers[after]
    )
    editor = create_user(username="p20.editor", password=None, role=Role.PROVINCIAL_EDITOR, province=draft)
    create_plan(province=draft, fiscal_year=fiscal_year, by=editor)
    officer = create_user(
        username="p40.approver", password=None, role=Role.PROVINCIAL_APPROVER, province=approved_later
    )
    version = create_plan(province=approved_later, fiscal_year=fiscal_year, by=officer).current_version
    submit_plan(version=version, submitted_on=datetime.date(2027, 1, 8), by=officer)
    record_approval(version=version, approved_on=datetime.date(2027, 1, 12), document=signed_pdf, by=officer)

    figures = floor_figures(fiscal_year=fiscal_year, as_of=tenth_of_january)

    assert figures == picture_figures(compute_national_picture(fiscal_year=fiscal_year, as_of=tenth_of_january))
    assert figures.plans_approved == 6  # 50, 90 and 30 (amended), 40, 11, 12; not Bangkok, not the draft
    # 30, 11, 12 and 40 missing: 40 sent its plan to the governor on 8 January, and reports do not
    # wait for the approval (12 January)
    assert figures.latest_month == 3 and figures.latest_month_tally == (1, 1, 4, 70)
    # five reports seen (Oct of three provinces, Dec of two): 3 on an activity (not counted for 90 any more),
    # 2 on a sub-item of another, over what the generated provinces reported on the template's rows
    added = [result - generated.get(row, (0, 0))[1] for row, (_target, result) in figures.activities.items()]
    assert sorted(n for n in added if n) == [3 * 3, 2 * 5]
    for moment in [in_bangkok(2026, 10, 20, 9), in_bangkok(2026, 11, 24, 10), in_bangkok(2027, 1, 13, 9)]:
        picture = compute_national_picture(fiscal_year=fiscal_year, as_of=moment)
        assert floor_figures(fiscal_year=fiscal_year, as_of=moment) == picture_figures(picture)
