"""Every query parameter the schema documents does something: the same request with and without
it answers differently (the documentation promises no filter that the code ignores).

Anong at the centre reads Chiang Mai's and Songkhla's plans, reports, Forms 3 and registers."""

import datetime

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from labourplan.annual.services import open_annual_report
from labourplan.partners.services import add_partner
from labourplan.plans.services import start_amendment
from labourplan.reference.models import FiscalYear, Province
from labourplan.reports.services import open_report
from tests.reports.test_api import approved_plan_for

pytestmark = pytest.mark.django_db

# (path, parameter) -> (the address with ids, a value that must change the answer)
EFFECTS = {
    ("/api/annual-reports/", "fiscal_year"): ("/api/annual-reports/", "2571"),
    ("/api/annual-reports/", "province"): ("/api/annual-reports/", "90"),
    ("/api/annual-reports/", "state"): ("/api/annual-reports/", "submitted"),
    ("/api/annual-reports/", "limit"): ("/api/annual-reports/", "1"),
    ("/api/annual-reports/", "offset"): ("/api/annual-reports/", "1"),
    ("/api/plans/", "fiscal_year"): ("/api/plans/", "2571"),
    ("/api/plans/", "province"): ("/api/plans/", "90"),
    ("/api/plans/", "limit"): ("/api/plans/", "1"),
    ("/api/plans/", "offset"): ("/api/plans/", "1"),
    ("/api/plans/{pk}/", "version"): ("/api/plans/{plan}/", "1"),
    ("/api/reports/", "fiscal_year"): ("/api/reports/", "2571"),
    ("/api/reports/", "province"): ("/api/reports/", "90"),
    ("/api/reports/", "month"): ("/api/reports/", "2"),
    ("/api/reports/", "state"): ("/api/reports/", "submitted"),
    ("/api/reports/", "limit"): ("/api/reports/", "1"),
    ("/api/reports/", "offset"): ("/api/reports/", "1"),
    ("/api/provinces/{code}/partners/", "q"): ("/api/provinces/50/partners/", "นอกระบบ"),
    ("/api/provinces/{code}/partners/", "kind"): ("/api/provinces/50/partners/", "government"),
    ("/api/provinces/{code}/partners/", "active"): ("/api/provinces/50/partners/", "false"),
    ("/api/provinces/{code}/partners/", "limit"): ("/api/provinces/50/partners/", "1"),
    ("/api/provinces/{code}/partners/", "offset"): ("/api/provinces/50/partners/", "1"),
    ("/api/quality/findings/", "fiscal_year"): ("/api/quality/findings/", "2571"),
    ("/api/quality/findings/", "province"): ("/api/quality/findings/", "90"),
    ("/api/quality/findings/", "rule"): ("/api/quality/findings/", "high_month"),
    ("/api/quality/findings/", "state"): ("/api/quality/findings/", "closed"),
    ("/api/quality/findings/", "limit"): ("/api/quality/findings/", "1"),
    ("/api/quality/findings/", "offset"): ("/api/quality/findings/", "1"),
    ("/api/open/{name}/", "fy"): ("/api/open/plans/", "2570"),
    ("/api/evaluations/{year}/rounds/{number}/", "as_of"): ("/api/evaluations/2562/rounds/1/", "2018-10-01"),
    ("/api/evaluations/{year}/rounds/{number}/", "region"): ("/api/evaluations/2562/rounds/1/", "{other_region}"),
    ("/api/evaluations/{year}/rounds/{number}/provinces/{code}/", "as_of"): (
        "/api/evaluations/2562/rounds/1/provinces/50/",
        "2018-10-01",
    ),
}


def documented_query_parameters() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method == "get"
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }


def test_every_documented_query_parameter_is_tried():
    assert documented_query_parameters() == set(EFFECTS)


@pytest.fixture
def two_of_everything(world, cm_editor, cm_approver, fy2570_template):
    """A second plan (Songkhla's), report, Form 3 and partner, and a second version of Chiang Mai's plan."""
    from labourplan.plans.models import Plan

    plan, sk_editor, _approver = approved_plan_for("90", fy2570_template, "songkhla")
    open_annual_report(plan=plan, by=sk_editor)
    cm_plan = Plan.objects.get(pk=world["plan"])
    open_report(plan=cm_plan, month_index=2, by=cm_editor, today=datetime.date(2026, 11, 24))
    add_partner(province=cm_plan.province, data={"name": "ชมรมแรงงานนอกระบบ", "kind": "community"}, by=cm_editor)
    start_amendment(plan=cm_plan, reason="เพิ่มกิจกรรม", by=cm_editor)
    other_region = Province.objects.exclude(region=cm_plan.province.region).first().region.code
    # A plan of the fiscal year before, so that the open data has two published years to choose from.
    Plan.objects.create(province=plan.province, fiscal_year=FiscalYear.objects.get(year_be=2569), created_by=sk_editor)
    return {**world, "other_region": other_region}


@pytest.mark.parametrize(("path", "parameter"), sorted(EFFECTS))
def test_a_documented_parameter_changes_the_answer(two_of_everything, central_admin, path, parameter):
    client = APIClient()
    client.force_authenticate(central_admin)
    address, value = EFFECTS[(path, parameter)]
    address = address.format(**two_of_everything)
    value = value.format(**two_of_everything)
    without = client.get(address)
    with_it = client.get(address, {parameter: value})
    assert (without.status_code, with_it.status_code) == (200, 200), with_it.content[:300]
    assert without.json() != with_it.json(), f"?{parameter}={value} changes nothing at {address}"
