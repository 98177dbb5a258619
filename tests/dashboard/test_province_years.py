"""A province across fiscal years, beside its region and the nation."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.dashboard import years
from labourplan.dashboard.activities import KEY_ACTIVITIES
from labourplan.dashboard.national import compute_national_picture, plan_rows
from labourplan.dashboard.years import across_years
from labourplan.evaluation.models import FrozenEvaluation, Round
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import Allocation, Plan, PlanItem, PlanVersion, VersionState
from labourplan.plans.services import create_plan
from labourplan.quality.score import scores
from labourplan.reference.models import FiscalYear, MonthlyTargets, Province
from labourplan.reference.services import copy_fiscal_year_setup
from labourplan.reports.models import MonthlyReport
from tests.dashboard.conftest import AS_OF, approved_plan, first_activity, report


@pytest.fixture(autouse=True)
def tenth_of_january():
    with time_machine.travel(AS_OF, tick=False):
        yield


SENT = datetime.datetime(2026, 11, 3, 9, tzinfo=BANGKOK)


def bare_plan(code, year_be, by, *, allocated, disbursed):
    """A plan with an allocation and one monthly report sent, written directly (no rows)."""
    plan = Plan.objects.create(
        province=Province.objects.get(code=code), fiscal_year=FiscalYear.objects.get(year_be=year_be), created_by=by
    )
    Allocation.objects.create(
        plan=plan, amount=Decimal(allocated), received_on=datetime.date(2026, 10, 1), created_by=by
    )
    MonthlyReport.objects.create(plan=plan, month_index=1, disbursed=Decimal(disbursed), first_submitted_at=SENT)
    return plan


def test_the_province_beside_its_region_and_the_nation(reporting_plan, cm_approver, central_admin, scheme2570):
    report(reporting_plan, cm_approver, 1, result=4, disbursed="1000")
    bare_plan("51", 2570, central_admin, allocated="200000", disbursed="50000")  # Lamphun, the north
    bare_plan("90", 2570, central_admin, allocated="100000", disbursed="0")  # Songkhla, the south
    bare_plan("50", 2569, central_admin, allocated="80000", disbursed="8000")
    first = Round.objects.get(scheme=scheme2570, number=1)
    second = Round.objects.get(scheme=scheme2570, number=2)
    cm, lamphun = Province.objects.get(code="50"), Province.objects.get(code="51")
    FrozenEvaluation.objects.create(round=first, province=cm, computed_level=2, snapshot={})
    FrozenEvaluation.objects.create(round=second, province=cm, computed_level=3, snapshot={})  # the latest counts
    FrozenEvaluation.objects.create(
        round=second, province=lamphun, computed_level=2, override_level=5, override_reason="ตามหลักฐาน", snapshot={}
    )

    lines = across_years(cm)

    assert [line.fiscal_year.year_be for line in lines] == [2570, 2569]
    this, last = lines
    assert this.province.level == 3 and this.region.level == 4 and this.nation.level == 4
    assert this.province.disbursed_percent == Decimal("1.0")  # 1,000 of 100,000
    assert this.region.disbursed_percent == Decimal("17.0")  # 51,000 of 300,000
    assert this.nation.disbursed_percent == Decimal("12.8")  # 51,000 of 400,000
    assert this.province.result == 4 and this.province.target > 0
    assert this.region.result == 4 and this.region.target == this.province.target  # Lamphun has no rows
    assert (this.province.reports, this.nation.provinces, this.nation.reports_per_province) == (1, 3, 1)
    assert last.province.disbursed_percent == Decimal("10.0") and last.province.level is None
    assert last.province.results_percent is None  # no plan rows that year
    # Its key activities: the largest national targets first, the province beside the region and the nation.
    assert len(this.activities) == KEY_ACTIVITIES and last.activities == []  # no template in 2569
    targets = [a.nation.annual_target for a in this.activities]
    assert targets == sorted(targets, reverse=True) and targets[0] > 0
    assert all(a.province.annual_target == a.nation.annual_target for a in this.activities)  # the only rows


def test_a_key_activity_counts_the_results_sent_of_its_rows(reporting_plan, cm_approver, monkeypatch):
    report(reporting_plan, cm_approver, 1, result=4, disbursed="1000")
    report(reporting_plan, cm_approver, 2, result=3, disbursed="1000")
    monkeypatch.setattr(years, "KEY_ACTIVITIES", 1000)  # every activity
    (line,) = years.across_years(reporting_plan.province)
    reported = first_activity(reporting_plan)
    targets = sum(getattr(reported, name) for name in MonthlyTargets.TARGET_FIELDS)
    (activity,) = [a for a in line.activities if a.figures.template_item_id == reported.template_item_id]
    assert (activity.province.total_result, activity.province.annual_target) == (7, targets)
    assert sum(a.province.total_result for a in line.activities) == 7
    assert activity.province.percent == pytest.approx(100 * 7 / targets)


def test_the_key_activities_are_the_dashboards_figures(reporting_plan, cm_approver, monkeypatch):
    """The province, its region and the nation: the same percents as the national picture and the
    province's own plan rows of that year, and the first key activity is the dashboard's main one."""
    report(reporting_plan, cm_approver, 1, result=4, disbursed="1000")
    fiscal_year, province = reporting_plan.fiscal_year, reporting_plan.province
    for code, result in (("51", 3), ("90", 7)):  # Lamphun in the north, Songkhla in the south
        plan, approver = approved_plan(Province.objects.get(code=code), fiscal_year)
        report(plan, approver, 1, result=result)
    picture = compute_national_picture(fiscal_year=fiscal_year, as_of=timezone.now())
    own_rows = {row.key: row for row in plan_rows(fiscal_year=fiscal_year, as_of=timezone.now())[province.pk]}
    rows_by_template = dict(
        PlanItem.objects.filter(topic__version=reporting_plan.current_version, parent=None).values_list(
            "template_item_id", "key"
        )
    )

    (line,) = across_years(province)
    assert line.activities[0].figures.template_item_id == picture.main_activity.template_item_id
    monkeypatch.setattr(years, "KEY_ACTIVITIES", 1000)  # every activity
    (line,) = across_years(province)

    assert len(line.activities) == len(picture.activities)
    for activity in line.activities:
        on_dashboard = picture.activity(activity.figures.template_item_id)
        assert activity.nation.percent == on_dashboard.national.percent
        assert activity.region.percent == on_dashboard.by_region[province.region_id].percent
        own = own_rows[str(rows_by_template[activity.figures.template_item_id])]
        assert activity.province.percent == own.percent
    reported = [a for a in line.activities if a.province.total_result]
    assert reported, "Chiang Mai reported on one of them"
    activity = reported[0]
    assert 0 < activity.province.total_result < activity.region.total_result < activity.nation.total_result
    assert activity.province.percent != activity.nation.percent


def test_the_page_shows_the_key_activities_beside_the_region_and_the_nation(
    client, reporting_plan, cm_editor, cm_approver
):
    report(reporting_plan, cm_approver, 1, result=4, disbursed="1000")
    client.force_login(cm_editor)
    html = client.get("/provinces/50/years/").content.decode()
    assert "กิจกรรมหลัก: ผลเทียบเป้าหมาย" in html and "ภาคเหนือ" in html
    table = html.split('data-testid="key-activities"')[1].split("</table>")[0]
    assert table.count('<tr data-year="2570" data-activity=') == KEY_ACTIVITIES
    for who in ("province", "region", "nation"):
        assert table.count(f'data-who="{who}"') == KEY_ACTIVITIES


def test_the_provinces_data_quality_score_of_each_year_is_the_dashboards(
    client, reporting_plan, cm_editor, cm_approver, central_admin
):
    report(reporting_plan, cm_approver, 1, result=4, disbursed="1000")  # sent on time
    report(reporting_plan, cm_approver, 2, result=3, submitted=datetime.datetime(2026, 12, 20, 9, tzinfo=BANGKOK))
    bare_plan("50", 2569, central_admin, allocated="1000", disbursed="10")  # a report of 2569 too
    bare_plan("51", 2570, central_admin, allocated="1000", disbursed="10")

    this, last = across_years(reporting_plan.province)

    for line in (this, last):
        assert (
            line.quality
            == scores(line.fiscal_year, province_ids=[reporting_plan.province_id])[reporting_plan.province_id]
        )
    # October to December have ended: two reports sent of three, November's late
    assert (this.quality.completeness, this.quality.timeliness) == (Decimal("66.7"), Decimal("33.3"))
    assert last.quality.completeness == Decimal("8.3")  # one month of twelve
    client.force_login(cm_editor)
    html = client.get("/provinces/50/years/").content.decode()
    assert html.count('data-testid="quality-score"') == 2 and "ส่ง 66.7%" in html


def test_a_province_without_a_plan_that_year_says_so(client, cm_editor, central_admin):
    bare_plan("90", 2568, central_admin, allocated="1000", disbursed="10")
    client.force_login(cm_editor)
    html = client.get("/provinces/50/years/").content.decode()
    assert 'data-year="2568" data-who="province"' in html
    assert "ยังไม่มีแผนของปีงบประมาณนี้" in html and "เปรียบเทียบรายปีงบประมาณ" in html


def test_a_province_sees_only_its_own(client, sk_editor, chiang_mai):
    client.force_login(sk_editor)
    assert client.get("/provinces/50/years/").status_code == 403


@pytest.mark.parametrize(("years", "provinces"), [(2, 1), (4, 3)])
def test_the_page_runs_the_same_queries_for_any_number_of_fiscal_years_and_provinces(
    client, reporting_plan, cm_editor, cm_approver, country, years, provinces, django_assert_num_queries
):
    report(reporting_plan, cm_approver, 1, result=4, disbursed="1000")
    country(provinces)  # provinces with plans in force and reports sent in 2570
    editors = [
        create_user(
            username=f"y{code}", password=None, role=Role.PROVINCIAL_EDITOR, province=Province.objects.get(code=code)
        )
        for code in ("50", "51", "90")
    ]
    for year_be in range(2570 - years + 1, 2570):  # earlier years, with their template and plans in force
        fiscal_year = FiscalYear.objects.get(year_be=year_be)
        copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=fiscal_year)
        for editor in editors:
            plan = create_plan(province=editor.province, fiscal_year=fiscal_year, by=editor)
            sent = datetime.date(year_be - 544, 10, 10)
            PlanVersion.objects.filter(plan=plan).update(state=VersionState.SUBMITTED, submitted_on=sent)
    client.force_login(cm_editor)
    client.get("/provinces/50/years/")
    # session, user, the province with its region, then the fiscal years, plans, allocations,
    # reports sent, targets in force, results, frozen rounds; the key activities: the template's
    # activities, the rows in force, the results of the key activities' rows; the province's
    # data-quality scores: its rows in force, reports sent, findings; and the officer's own
    # province (the page's header)
    with django_assert_num_queries(17):
        response = client.get("/provinces/50/years/")
    html = response.content.decode()
    assert html.count('data-who="nation"') == years * (1 + KEY_ACTIVITIES)
