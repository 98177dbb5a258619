"""Completeness and timeliness across provinces, as the centre watches it.

On 10 January 2570 (B.E.) October, November and December 2569 are due. Chiang Mai sent October
at 23:59 on its due date (on time), November at 00:30 on 6 December (late: still the 5th in UTC,
but the 6th in Bangkok) and December not at all (missing; it comes on 12 January). Songkhla sent
October and November early and December late; it tried to send January on the 9th and was
refused (a month is reported after it ends), so January is in progress for every province. The
other 74 regional provinces have not sent a plan to the governor.
"""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.services import create_plan, record_approval, submit_plan
from labourplan.reference.models import Province
from labourplan.reports.models import MonthlyReport
from labourplan.reports.monitoring import CellStatus, completeness
from labourplan.reports.services import ReportError, open_report, submit_report
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

AS_OF = datetime.datetime(2027, 1, 10, 10, 0, tzinfo=BANGKOK)
ON_TIME, LATE, MISSING, NOT_DUE, NO_PLAN = "on_time", "late", "missing", "not_due", "no_plan"
IN_PROGRESS = "in_progress"


def at(*args):
    return datetime.datetime(*args, tzinfo=BANGKOK)


def approved_plan(province, fiscal_year):
    """A province's plan approved by the governor, set up by its own approver as in real life."""
    approver = create_user(
        username=f"p{province.code}.approver", password=None, role=Role.PROVINCIAL_APPROVER, province=province
    )
    plan = create_plan(province=province, fiscal_year=fiscal_year, by=approver)
    version = submit_plan(version=plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=approver)
    document = SimpleUploadedFile("approval.pdf", PDF_BYTES, content_type="application/pdf")
    record_approval(version=version, approved_on=datetime.date(2026, 10, 20), document=document, by=approver)
    return plan, approver


def send(plan, month_index, moment, by):
    with time_machine.travel(moment, tick=False):
        report = open_report(plan=plan, month_index=month_index, by=by)
        submit_report(report=report, by=by)


@pytest.fixture
def scenario(reporting_plan, cm_approver, songkhla):
    send(reporting_plan, 1, at(2026, 11, 5, 23, 59), cm_approver)
    send(reporting_plan, 2, at(2026, 12, 6, 0, 30), cm_approver)
    send(reporting_plan, 3, at(2027, 1, 12, 9, 0), cm_approver)  # after AS_OF: unseen on the 10th
    sk_plan, sk_approver = approved_plan(songkhla, reporting_plan.fiscal_year)
    send(sk_plan, 1, at(2026, 11, 1, 9, 0), sk_approver)
    send(sk_plan, 2, at(2026, 12, 5, 10, 0), sk_approver)
    send(sk_plan, 3, at(2027, 1, 8, 9, 0), sk_approver)
    with pytest.raises(ReportError, match=r"ม\.ค\. 2570.*1 กุมภาพันธ์ 2570"):
        send(sk_plan, 4, at(2027, 1, 9, 9, 0), sk_approver)  # January has not ended: refused
    return reporting_plan.fiscal_year


def row_of(figures, code):
    return next(row for row in figures.rows if row.province.code == code)


def test_each_province_and_month_is_on_time_late_missing_not_due_or_without_a_plan(scenario):
    figures = completeness(fiscal_year=scenario, as_of=AS_OF)
    assert [c.status for c in row_of(figures, "50").cells] == [ON_TIME, LATE, MISSING, IN_PROGRESS] + [NOT_DUE] * 8
    assert [c.status for c in row_of(figures, "90").cells] == [ON_TIME, ON_TIME, LATE, IN_PROGRESS] + [NOT_DUE] * 8
    assert [c.status for c in row_of(figures, "20").cells] == [NO_PLAN] * 3 + [IN_PROGRESS] + [NOT_DUE] * 8
    assert row_of(figures, "50").has_plan and not row_of(figures, "20").has_plan
    assert row_of(figures, "50").cells[1].first_submitted_at == at(2026, 12, 6, 0, 30)
    assert len(figures.rows) == 76
    assert "10" not in {row.province.code for row in figures.rows}  # Bangkok is not expected to report


def test_province_counts_over_the_year(scenario):
    figures = completeness(fiscal_year=scenario, as_of=AS_OF)
    chiang_mai = row_of(figures, "50").tally
    assert (chiang_mai.expected, chiang_mai.submitted, chiang_mai.on_time, chiang_mai.late, chiang_mai.missing) == (
        3,
        2,
        1,
        1,
        1,
    )
    assert chiang_mai.completeness_rate == pytest.approx(200 / 3)
    assert chiang_mai.on_time_rate == pytest.approx(100 / 3)
    songkhla = row_of(figures, "90").tally
    # January is in progress on the 10th: expected from nobody, counted nowhere.
    assert (songkhla.expected, songkhla.on_time, songkhla.late, songkhla.not_due, songkhla.in_progress) == (
        3,
        2,
        1,
        8,
        1,
    )
    assert songkhla.completeness_rate == 100
    chonburi = row_of(figures, "20").tally
    assert (chonburi.expected, chonburi.submitted, chonburi.no_plan, chonburi.missing) == (3, 0, 3, 0)


def test_national_figures_and_rates(scenario):
    national = completeness(fiscal_year=scenario, as_of=AS_OF).national
    assert (national.expected, national.submitted, national.on_time, national.late) == (76 * 3, 5, 3, 2)
    assert (national.missing, national.no_plan, national.in_progress) == (1, 74 * 3, 76)
    assert national.completeness_rate == pytest.approx(100 * 5 / 228)
    assert national.on_time_rate + national.late_rate + national.missing_rate + national.no_plan_rate == (
        pytest.approx(100)
    )


def test_the_figures_are_those_of_the_as_of_moment(scenario):
    later = completeness(fiscal_year=scenario, as_of=at(2027, 1, 12, 12, 0))
    assert row_of(later, "50").cells[2].status == LATE
    # At 00:10 on 6 December November's report is missing: it comes twenty minutes later.
    midnight = completeness(fiscal_year=scenario, as_of=at(2026, 12, 6, 0, 10))
    assert [c.status for c in row_of(midnight, "50").cells[:3]] == [ON_TIME, MISSING, IN_PROGRESS]
    assert row_of(completeness(fiscal_year=scenario, as_of=at(2026, 12, 5, 23, 0)), "50").cells[1].status == NOT_DUE
    # On 2 November Songkhla's October report (sent on the 1st, before it is due) is expected from
    # its arrival; November is in progress everywhere.
    second = completeness(fiscal_year=scenario, as_of=at(2026, 11, 2, 9, 0))
    assert [c.status for c in row_of(second, "90").cells[:2]] == [ON_TIME, IN_PROGRESS]
    assert (second.national.expected, second.national.in_progress) == (1, 76)
    # Before the plan was sent to the governor (10 Oct) the province had no plan to report on.
    early = completeness(fiscal_year=scenario, as_of=at(2026, 10, 5, 9, 0))
    assert not row_of(early, "50").has_plan
    assert row_of(completeness(fiscal_year=scenario, as_of=at(2026, 10, 15, 9, 0)), "50").has_plan  # sent, not approved
    assert early.national.expected == 0 and early.national.completeness_rate is None  # nothing due yet


def test_a_province_without_any_report_but_with_a_plan_is_missing_not_planless(reporting_plan):
    figures = completeness(fiscal_year=reporting_plan.fiscal_year, as_of=AS_OF)
    assert [c.status for c in row_of(figures, "50").cells[:5]] == [MISSING, MISSING, MISSING, IN_PROGRESS, NOT_DUE]


def test_a_resubmission_keeps_the_time_of_the_first_submission(scenario, cm_approver, central_admin):
    from labourplan.reports.services import return_report

    october = MonthlyReport.objects.get(plan__province__code="50", month_index=1)
    return_report(report=october, by=central_admin, comment="แก้ไขตัวเลข")
    send_again_on = at(2026, 11, 20, 9, 0)
    with time_machine.travel(send_again_on, tick=False):
        submit_report(report=october, by=cm_approver)
    assert row_of(completeness(fiscal_year=scenario, as_of=AS_OF), "50").cells[0].status == ON_TIME


def test_the_figures_take_two_queries_however_many_provinces_have_plans(
    reporting_plan, cm_approver, django_assert_num_queries
):
    fiscal_year = reporting_plan.fiscal_year
    send(reporting_plan, 1, at(2026, 11, 3, 9, 0), cm_approver)
    others = [approved_plan(p, fiscal_year) for p in Province.objects.filter(code__in=["90", "20", "30", "40", "80"])]
    send(others[0][0], 1, at(2026, 11, 3, 9, 0), others[0][1])
    # the regional provinces with their plan's approval; the first submissions of the year's reports
    with django_assert_num_queries(2):
        figures = completeness(fiscal_year=fiscal_year, as_of=AS_OF)
        assert figures.national.submitted == 2


# The page ------------------------------------------------------------------------------------


def cells_of(html, code):
    row = re.search(rf'<tr data-province="{code}">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r'data-month="\d+"><span class="badge[^"]*" data-status="(\w+)"', row)


@time_machine.travel(AS_OF, tick=False)
def test_the_centre_sees_national_figures_and_the_province_by_month_table(client, central_viewer, scenario):
    client.force_login(central_viewer)
    response = client.get("/reports/completeness/?fy=2570")
    assert response.status_code == 200
    html = response.content.decode()
    national = re.search(r'data-testid="national-figures">(.*?)</dl>', html, re.S).group(1)
    assert 'data-figure="expected">228<' in national
    assert re.search(r'data-figure="submitted">5 <small class="fw-normal">\(2\.2%\)', national)
    assert re.search(r'data-figure="missing">1 ', national)
    assert cells_of(html, "50") == [ON_TIME, LATE, MISSING, IN_PROGRESS] + [NOT_DUE] * 8
    assert cells_of(html, "20") == [NO_PLAN] * 3 + [IN_PROGRESS] + [NOT_DUE] * 8
    assert len(re.findall(r'<tr data-province="\d\d">', html)) == 76
    # Every cell says its status in words, in the page's language, besides its colour.
    with translation.override("th"):
        late_label = str(CellStatus.LATE.label)
    late_cell = re.search(r'data-month="2"><span class="badge[^"]*" data-status="late"[^>]*>(.*?)</span></td>', html)
    assert late_label in late_cell.group(1)
    assert "ธันวาคม 2569" in html


@time_machine.travel(AS_OF, tick=False)
def test_the_region_filter_keeps_the_national_figures_and_adds_the_regions(client, central_admin, scenario):
    client.force_login(central_admin)
    html = client.get("/reports/completeness/?fy=2570&region=north").content.decode()
    assert cells_of(html, "50")
    assert '<tr data-province="90">' not in html
    assert len(re.findall(r'<tr data-province="\d\d">', html)) == 9
    assert re.search(r'data-testid="national-figures">.*?data-figure="expected">228<', html, re.S)
    region = re.search(r'data-testid="region-figures">(.*?)</dl>', html, re.S).group(1)
    assert 'data-figure="expected">27<' in region  # nine northern provinces, three months
    assert re.search(r'data-figure="on_time">1 ', region)


def test_provincial_users_are_refused_and_strangers_sent_to_sign_in(client, cm_approver, sk_editor):
    for user in (cm_approver, sk_editor):
        client.force_login(user)
        assert client.get("/reports/completeness/?fy=2570").status_code == 403
    client.logout()
    response = client.get("/reports/completeness/?fy=2570")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_fiscal_year_is_not_found(client, central_viewer):
    client.force_login(central_viewer)
    assert client.get("/reports/completeness/?fy=2400").status_code == 404


@time_machine.travel(AS_OF, tick=False)
def test_the_page_takes_the_same_number_of_queries_for_two_or_six_provinces_with_plans(
    client, central_viewer, reporting_plan, cm_approver
):
    client.force_login(central_viewer)
    fiscal_year = reporting_plan.fiscal_year
    provinces = list(Province.objects.filter(code__in=["90", "20", "30", "40", "80"]).order_by("code"))

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reports/completeness/?fy=2570").status_code == 200
        return len(queries)

    def add_plan(province):
        plan, approver = approved_plan(province, fiscal_year)
        send(plan, 1, at(2026, 11, 4, 9, 0), approver)
        send(plan, 2, at(2026, 12, 8, 9, 0), approver)

    send(reporting_plan, 1, at(2026, 11, 3, 9, 0), cm_approver)
    add_plan(provinces[0])
    with_two = page_queries()
    for province in provinces[1:]:
        add_plan(province)
    # session, user, fiscal year, regions, provinces with their plan's approval, first submissions,
    # the fiscal years of the selector
    assert with_two == page_queries() == 7
