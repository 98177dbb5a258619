import datetime
import re

import pytest
import time_machine

from labourplan.lib.fiscal import BANGKOK

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 11, 24, 10, 0, tzinfo=BANGKOK), tick=False)
def test_province_home_shows_the_next_report_and_its_countdown(client, cm_editor, cm_approver):
    client.force_login(cm_editor)
    html = client.get("/provinces/50/").content.decode()
    assert "ปีงบประมาณ พ.ศ. 2570" in html
    # On 24 Nov 2569 the next report due is November's, due 5 Dec 2569, in 11 days.
    assert "พฤศจิกายน 2569" in html
    assert "5 ธันวาคม 2569" in html
    assert "อีก 11 วัน" in html
    assert "สมชาย" in html  # the province's approver is listed among its officers


@time_machine.travel(datetime.datetime(2026, 12, 5, 23, 59, 30, tzinfo=BANGKOK), tick=False)
def test_on_the_5th_the_previous_months_report_is_due_today(client, cm_editor):
    client.force_login(cm_editor)
    html = client.get("/provinces/50/").content.decode()
    assert "พฤศจิกายน 2569" in html
    assert "ครบกำหนดวันนี้" in html


@time_machine.travel(datetime.datetime(2026, 12, 6, 0, 30, tzinfo=BANGKOK), tick=False)
def test_half_past_midnight_on_the_6th_moves_on_to_the_next_month(client, cm_editor):
    # 00:30 on the 6th in Bangkok is still the 5th in UTC: the page must follow Bangkok.
    client.force_login(cm_editor)
    html = client.get("/provinces/50/").content.decode()
    assert "ธันวาคม 2569" in html
    assert "5 มกราคม 2570" in html


@time_machine.travel(datetime.datetime(2026, 11, 24, 10, 0, tzinfo=BANGKOK), tick=False)
def test_central_home_is_the_national_dashboard(client, central_viewer, django_assert_max_num_queries):
    client.force_login(central_viewer)
    # the national dashboard: its query count is asserted, for any number of provinces, in tests/dashboard
    with django_assert_max_num_queries(30):
        html = client.get("/").content.decode()
    assert "0 จาก 76" in html  # plans approved
    # the province table; the heatmap's 76 rows are fetched when its fold is opened
    assert html.count('<tr data-province="') == 76 and 'data-fragment="/national/heatmap/?' in html
    assert "ภาคตะวันออกเฉียงเหนือ" in html


def test_province_list_is_grouped_by_region_with_a_constant_number_of_queries(
    client, central_viewer, django_assert_num_queries
):
    client.force_login(central_viewer)
    # session, user, count of regional provinces, regions, their provinces
    with django_assert_num_queries(5):
        html = client.get("/provinces/").content.decode()
    assert len(re.findall(r'href="/provinces/\d\d/"', html)) == 77
    assert "ไม่อยู่ในราชการส่วนภูมิภาค" in html
