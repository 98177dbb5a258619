"""The centre maintains reference data and users in the admin, typing as Thai officers do."""

import datetime

import pytest

from labourplan.accounts.models import User
from labourplan.reference.models import FiscalYear, TemplateItem

pytestmark = pytest.mark.django_db


def _fiscal_year_form(fy, **changes):
    data = {
        "year_be": str(fy.year_be),
        "start_date": f"{fy.start_date.day}/{fy.start_date.month}/{fy.start_date.year + 543}",
        "end_date": f"{fy.end_date.day}/{fy.end_date.month}/{fy.end_date.year + 543}",
        "framework": str(fy.framework_id),
        "report_due_day": str(fy.report_due_day),
        "plan_due_date": "12/10/2570",
        "annual_report_due_date": "30/9/2571",
    }
    data.update(changes)
    return data


def test_fiscal_year_takes_thai_digits_and_be_dates(client, central_admin):
    client.force_login(central_admin)
    fy = FiscalYear.objects.get(year_be=2571)
    form = client.get(f"/admin/reference/fiscalyear/{fy.pk}/change/").content.decode()
    assert 'value="1/10/2570"' in form  # dates are shown the way they are typed: day/month/B.E.
    response = client.post(
        f"/admin/reference/fiscalyear/{fy.pk}/change/",
        _fiscal_year_form(fy, report_due_day="๗", plan_due_date="๑๕/๑๐/๒๕๗๐"),
    )
    assert response.status_code == 302, response.content.decode()
    fy.refresh_from_db()
    assert fy.report_due_day == 7
    assert fy.plan_due_date == datetime.date(2027, 10, 15)


def test_a_mistyped_date_is_explained_in_thai(client, central_admin):
    client.force_login(central_admin)
    fy = FiscalYear.objects.get(year_be=2571)
    response = client.post(
        f"/admin/reference/fiscalyear/{fy.pk}/change/", _fiscal_year_form(fy, plan_due_date="31/02/2570")
    )
    assert response.status_code == 200
    assert "วัน/เดือน/ปี พ.ศ." in response.content.decode()
    fy.refresh_from_db()
    assert fy.plan_due_date == datetime.date(2027, 10, 12)  # unchanged


def test_dates_must_match_the_fiscal_year(client, central_admin):
    client.force_login(central_admin)
    fy = FiscalYear.objects.get(year_be=2571)
    response = client.post(f"/admin/reference/fiscalyear/{fy.pk}/change/", _fiscal_year_form(fy, start_date="1/1/2570"))
    assert response.status_code == 200
    assert "1 ต.ค. 2570" in response.content.decode()


def test_centre_copies_last_years_template_from_the_admin(client, central_admin):
    client.force_login(central_admin)
    fy_2563 = FiscalYear.objects.get(year_be=2563)
    response = client.post(
        "/admin/reference/fiscalyear/",
        {"action": "copy_setup_from_previous_year", "_selected_action": [fy_2563.pk]},
        follow=True,
    )
    assert "18" in response.content.decode()
    assert TemplateItem.objects.filter(topic__fiscal_year=fy_2563).count() == 18


def test_copy_without_a_previous_template_says_why(client, central_admin):
    client.force_login(central_admin)
    fy_2571 = FiscalYear.objects.get(year_be=2571)  # 2570 has no template in a fresh database
    response = client.post(
        "/admin/reference/fiscalyear/",
        {"action": "copy_setup_from_previous_year", "_selected_action": [fy_2571.pk]},
        follow=True,
    )
    assert TemplateItem.objects.filter(topic__fiscal_year=fy_2571).count() == 0
    assert "ปีงบประมาณ พ.ศ. 2570" in response.content.decode()


def test_a_provincial_user_needs_a_province(client, central_admin, chiang_mai):
    client.force_login(central_admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "new.officer",
            "password1": "ลำพูน-2570-abc",
            "password2": "ลำพูน-2570-abc",
            "role": "provincial_editor",
            "province": "",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "ผู้ใช้ระดับจังหวัดต้องระบุจังหวัด" in response.content.decode()
    assert not User.objects.filter(username="new.officer").exists()
