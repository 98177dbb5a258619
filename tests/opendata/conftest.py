"""The country on 10 January 2570 (B.E.), as the dashboard's tests build it, seen by the public."""

import pytest
import time_machine

from labourplan.reference.models import Province
from tests.dashboard.conftest import (
    AS_OF,
    approved_plan,
    report,
    scheme2570,  # noqa: F401 (a fixture, shared)
)


@pytest.fixture
def on_as_of():
    with time_machine.travel(AS_OF, tick=False):
        yield AS_OF


@pytest.fixture
def country(fy2570_template):
    """Three provinces with approved plans, two months reported (one late in the second)."""
    provinces = Province.objects.regional().exclude(code="50").order_by("code")[:3]
    for number, province in enumerate(provinces):
        plan, approver = approved_plan(province, fy2570_template)
        report(plan, approver, 1, result=3, disbursed="5000")
        if number:
            report(plan, approver, 2, result=2, disbursed="7000")
    return fy2570_template
