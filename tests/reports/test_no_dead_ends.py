"""No dead ends: the province home's task opens the month's report itself, and a report the centre
returned shows as returned in the province's calendar."""

import datetime

import pytest
import time_machine

from labourplan.lib.fiscal import BANGKOK
from labourplan.reports import services
from tests.dashboard.conftest import report

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=BANGKOK)


@time_machine.travel(NOW, tick=False)
def test_the_task_opens_the_report_of_its_month(client, reporting_plan, cm_editor):
    client.force_login(cm_editor)
    html = client.get("/provinces/50/").content.decode()
    task = html[html.index('data-testid="next-report-task"') :]
    link = f"/reports/plan/{reporting_plan.pk}/2026-11/"  # November's report is the next one due
    assert f'href="{link}"' in task[: task.index("</li>")]
    # Not started yet: that month's line of the year, where it is started.
    assert client.get(link)["Location"] == f"/reports/plan/{reporting_plan.pk}/#month-2"
    november = services.open_report(plan=reporting_plan, month_index=2, by=cm_editor)
    assert client.get(link)["Location"] == f"/reports/{november.pk}/"  # then the report itself
    assert 'id="month-2"' in client.get(f"/reports/plan/{reporting_plan.pk}/").content.decode()


@pytest.mark.parametrize("month", ["2026-09", "2027-10", "2026-13", "2026-00"])
def test_a_month_outside_the_plans_year_is_not_found(client, reporting_plan, cm_editor, month):
    client.force_login(cm_editor)
    assert client.get(f"/reports/plan/{reporting_plan.pk}/{month}/").status_code == 404


def test_a_returned_report_shows_as_returned_in_the_provinces_calendar(
    client, reporting_plan, cm_editor, cm_approver, central_admin
):
    first = report(reporting_plan, cm_approver, 1)
    second = report(reporting_plan, cm_approver, 2)
    services.return_report(report=first, by=central_admin, comment="แนบภาพกิจกรรม")
    with time_machine.travel(NOW + datetime.timedelta(days=20), tick=False):
        client.force_login(cm_editor)
        html = client.get("/provinces/50/").content.decode()
    calendar = html[html.index('data-testid="province-reporting"') :]
    calendar = calendar[: calendar.index("</ul>")]
    october = calendar[calendar.index('data-month="1"') : calendar.index('data-month="2"')]
    november = calendar[calendar.index('data-month="2"') : calendar.index('data-month="3"')]
    assert 'data-testid="returned-month"' in october and "ส่งกลับ" in october
    assert 'data-testid="returned-month"' not in november
    services.submit_report(report=first, by=cm_approver)  # corrected and sent again: no longer marked
    with time_machine.travel(NOW + datetime.timedelta(days=20), tick=False):
        assert 'data-testid="returned-month"' not in client.get("/provinces/50/").content.decode()
    assert second.state == "submitted"
