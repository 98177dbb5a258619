"""The evaluation's API as a client developer meets it: counts and amounts are fields, not only
words in a sentence; kinds are enums of the schema; the fiscal year's era is documented.

Chiang Mai sent October's report late (on 10 November) and has not sent November's yet."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from labourplan.evaluation.models import ConditionKind
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import MeetingKind
from tests.evaluation.conftest import report_month, track

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2027, 1, 20, 10, tzinfo=BANGKOK), tick=False):
        yield


@pytest.fixture
def late_october(scheme2570, reporting_plan, cm_editor, cm_approver):
    track(reporting_plan, held_on=D(2026, 9, 25), by=cm_editor, kind=MeetingKind.PLANNING)
    track(reporting_plan, held_on=D(2026, 10, 25), by=cm_editor)
    report_month(
        reporting_plan, month_index=1, result=1, disbursed="30000", editor=cm_editor, approver=cm_approver,
        submitted_on=D(2026, 11, 10),
    )  # fmt: skip
    return reporting_plan


def evaluation(user, **query):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(reverse("api_evaluation_province", args=[2570, 1, "50"]), query)
    assert response.status_code == 200, response.content
    return response.json()


def test_late_and_missing_reports_are_counted_in_fields(late_october, cm_editor):
    body = evaluation(cm_editor, as_of="2026-11-24")
    assert body["reports"] == {
        "due": 1, "submitted": 1, "late": 1, "missing": 0, "late_months": ["ต.ค. 2569"], "missing_months": [],
    }  # fmt: skip
    reports_conditions = [c for lv in body["levels"] for c in lv["conditions"] if c["kind"] == "monthly_reports"]
    assert reports_conditions and all(c["reports"] == body["reports"] for c in reports_conditions)
    assert all(
        c["reports"] is None for lv in body["levels"] for c in lv["conditions"] if c["kind"] != "monthly_reports"
    )

    later = evaluation(cm_editor, as_of="2027-01-20")["reports"]
    assert (later["due"], later["submitted"], later["late"], later["missing"]) == (3, 1, 1, 2)
    assert later["missing_months"] == ["พ.ย. 2569", "ธ.ค. 2569"]


def test_gap_steps_carry_their_activity_unit_and_amount_and_money_is_in_baht(late_october, cm_editor):
    gap = {g["kind"]: g for g in evaluation(cm_editor, as_of="2026-11-24")["gap"]}
    activities = gap["activities_percent"]
    assert activities["steps"], activities
    for step in activities["steps"]:
        assert set(step) == {"activity", "title", "unit", "amount", "text"}
        assert isinstance(step["amount"], int) and step["amount"] > 0 and step["unit"]
        assert step["activity"] in step["text"] and f"{step['amount']:,}" in step["text"]
    assert activities["amount_baht"] is None and activities["threshold"] == "40.00"

    money = gap["disbursed_percent"]
    # 40 % of 100,000 baht allocated, 30,000 disbursed: 10,000 baht more.
    assert (money["amount_baht"], money["threshold"], money["value"], money["steps"]) == (
        "10000.00",
        "40.00",
        "30.00",
        [],
    )
    assert "10,000.00" in money["text"]


def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_condition_and_gap_kinds_are_enums_of_the_schema():
    components = schema()["components"]["schemas"]
    assert components["ConditionKindEnum"]["enum"] == list(ConditionKind.values)
    for name in ("Condition", "Gap", "ProjectionLine"):
        assert components[name]["properties"]["kind"] == {"$ref": "#/components/schemas/ConditionKindEnum"}, name
    step = components["GapStep"]["properties"]
    assert step["amount"]["type"] == "integer" and step["unit"]["type"] == "string"
    report_counts = components["ReportsFigures"]["properties"]
    assert {report_counts[n]["type"] for n in ("due", "submitted", "late", "missing")} == {"integer"}


def test_every_fiscal_year_of_the_schema_says_its_era():
    """Fields, query parameters and the path's {year}: B.E., and an A.D. year is out of bounds."""
    document = schema()
    found = []
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in ("fiscal_year", "year"):
                    found.append((path, parameter["name"], parameter.get("description", "")))
    for name, component in document["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            if field == "fiscal_year":
                found.append((name, field, spec.get("description", "")))
                numbers = [s for s in spec.get("oneOf", [spec]) if s.get("type") == "integer"]
                if any("minimum" in s for s in numbers):
                    assert all(s["minimum"] > 2100 for s in numbers), (name, spec)  # 2026 (A.D.) is refused
    assert len(found) >= 10
    assert all("B.E." in description and "2570" in description for _, _, description in found), found


def test_a_year_in_ad_is_refused_with_the_era_in_the_message(cm_editor):
    client = APIClient()
    client.force_authenticate(cm_editor)
    response = client.get("/api/plans/", {"fiscal_year": 2026})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["fiscal_year"]
    assert client.get("/api/plans/", {"fiscal_year": "๒๕๗๐"}).status_code == 200
