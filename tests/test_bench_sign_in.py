"""The benchmark measures pages, not redirects: central users sign in with their second factor
given (as TWO_FACTOR_REQUIRED asks of them), a measured page that does not answer 200 stops the
run with a message, and the ten-times-breadth data set's synthetic reporting units are written
with made-up codes while the two-digit rule still holds for every other province."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from bench.generate import Scale, generate, synthetic_codes
from bench.measure import NotAnswered, check_answer, measure, sign_in
from labourplan.plans.models import Plan
from labourplan.reference.models import Province, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def test_central_users_are_measured_on_their_pages_not_on_the_second_factor_step(two_factor_required):
    generate(Scale(years=1, provinces=2, activities=3), log=lambda _: None)

    measured = {m.page: m for m in measure(repeat=1, only={"national dashboard", "round evaluation view"})}

    assert set(measured) == {"national dashboard", "round evaluation view"}
    assert all(m.status == 200 and m.bytes > 10_000 for m in measured.values())


def test_without_the_second_factor_the_page_is_a_redirect_and_the_bench_stops(two_factor_required):
    generate(Scale(years=1, provinces=2, activities=3), log=lambda _: None)
    from labourplan.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench.centre"))  # the password step only
    response = client.get("/national/")
    with pytest.raises(NotAnswered, match=r"'national dashboard' \(/national/.*answered 302 → /accounts/two-factor/"):
        check_answer("national dashboard", "/national/", "bench.centre", response)

    sign_in(client, "bench.centre")
    check_answer("national dashboard", "/national/", "bench.centre", client.get("/national/"))


def test_the_ten_times_breadth_set_adds_synthetic_reporting_units_and_keeps_the_code_rule():
    generate(Scale(years=1, provinces=80, activities=2), log=lambda _: None)

    synthetic = Province.objects.exclude(code__regex=r"^[1-9][0-9]$").order_by("code")
    assert list(synthetic.values_list("code", flat=True)) == ["A0", "A1", "A2"] == synthetic_codes(3)
    assert all(p.name_th.startswith("หน่วยสมมติ") and p.in_regional_administration for p in synthetic)
    assert Plan.objects.count() == 80
    generate(Scale(years=1, provinces=80, activities=2), log=lambda _: None)  # again: nothing more
    assert Province.objects.count() == 80 and Plan.objects.count() == 80

    # The check constraint is back for every new row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Province.objects.create(code="B7", name_th="ผิดรูปแบบ", name_en="Wrong", region=Region.objects.first())
