import datetime
from decimal import Decimal

import pytest

from labourplan.plans.services import add_allocation


@pytest.fixture
def reporting_plan(approved_cm_plan, cm_editor):
    """Chiang Mai's approved FY 2570 plan with 100,000 baht allocated."""
    add_allocation(
        plan=approved_cm_plan, amount=Decimal("100000"), received_on=datetime.date(2026, 10, 25), by=cm_editor
    )
    return approved_cm_plan
