import datetime
from decimal import Decimal

import pytest

from labourplan.plans.models import PlanItem
from labourplan.plans.services import add_allocation
from labourplan.reports import services as reports

INSPECTIONS = "บูรณาการตรวจตามแผนที่กำหนดร่วมกัน"
REGISTER = "จัดทำ/ปรับปรุงทะเบียนเครือข่ายให้เป็นปัจจุบัน"


def leaf(plan, title) -> PlanItem:
    return PlanItem.objects.get(topic__version=plan.current_version, title=title)


@pytest.fixture
def year_of_results(approved_cm_plan, cm_editor):
    return report_a_quarter(approved_cm_plan, cm_editor)


def report_a_quarter(plan, cm_editor):
    """Chiang Mai's approved FY 2570 plan with October to December reported: 2 + 2 fresh-market
    inspections, 2 flea markets, and the register volume done in October."""
    add_allocation(plan=plan, amount=Decimal("100000"), received_on=datetime.date(2026, 10, 25), by=cm_editor)
    today = datetime.date(2027, 1, 1)
    october, november, december = (
        reports.open_report(plan=plan, month_index=m, by=cm_editor, today=today) for m in (1, 2, 3)
    )
    for report, title, result in [
        (november, "ตลาดสด", 2),
        (december, "ตลาดสด", 2),
        (november, "ตลาดนัด", 2),
        (october, REGISTER, 1),
    ]:
        reports.save_result(report=report, item=leaf(plan, title), revision=0, result=result, by=cm_editor)
    return plan
