"""The settings area (the admin, "ตั้งค่าระบบ") reads in Thai: apps, models and django-axes's columns."""

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.django_db
THAI = re.compile(r"[\u0E00-\u0E7F]")


def test_every_app_and_model_of_the_settings_area_has_a_thai_name(central_admin):
    request = RequestFactory().get("/admin/")
    request.user = central_admin
    with translation.override("th"):
        apps = admin.site.get_app_list(request)
        names = [str(app["name"]) for app in apps] + [str(m["name"]) for app in apps for m in app["models"]]
    assert "axes" in {app["app_label"] for app in apps}
    assert [name for name in names if not THAI.search(name)] == []


def test_the_sign_in_lock_out_pages_read_in_thai(client, central_admin):
    client.force_login(central_admin)
    index = client.get("/admin/").content.decode()
    assert "ความพยายามเข้าสู่ระบบ" in index and "Access attempts" not in index
    listing = client.get("/admin/axes/accessattempt/").content.decode()
    for english in ("User Agent", "IP Address", "Attempt Time", "Failed Logins"):
        assert english not in listing
