import datetime
from decimal import Decimal

import pytest

from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import PlanItem
from labourplan.plans.services import add_allocation, create_plan, submit_plan
from labourplan.reference.models import Province
from labourplan.reports import services as reports

SENT_ON = datetime.datetime(2027, 9, 3, 10, tzinfo=BANGKOK)


def leaf_items(plan):
    return list(
        PlanItem.objects.filter(topic__version=plan.current_version, sub_items__isnull=True).order_by(
            *PlanItem.PLAN_ORDER
        )
    )


def report_months(plan, by, monthly_results, *, disbursed=Decimal(1000), narrative="ตรวจตลาดสด"):
    """Send months 1…n of `plan`: month m's results are `monthly_results[m-1]` (one figure for
    every leaf row, or a list per row); each month disburses `disbursed`."""
    items = leaf_items(plan)
    for index, results in enumerate(monthly_results, start=1):
        report = reports.open_report(plan=plan, month_index=index, by=by, today=SENT_ON.date())
        values = results if isinstance(results, list) else [results] * len(items)
        for item, value in zip(items, values, strict=False):
            reports.save_result(
                report=report, item=item, revision=0, result=value, remark="ตามจริง", by=by, confirmed=True
            )
        report.refresh_from_db()
        report = reports.update_report(
            report=report, revision=report.revision, changes={"disbursed": disbursed, "key_results": narrative}, by=by
        )
        reports.submit_report(report=report, by=by, now=SENT_ON)


@pytest.fixture
def province_plan(fy2570_template):
    """A province's sent plan with 100,000 baht allocated, and its approver."""

    def make(code):
        province = Province.objects.get(code=code)
        approver = create_user(
            username=f"approver{code}", password=None, role=Role.PROVINCIAL_APPROVER, province=province
        )
        plan = create_plan(province=province, fiscal_year=fy2570_template, by=approver)
        submit_plan(version=plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=approver)
        plan.refresh_from_db()
        add_allocation(plan=plan, amount=Decimal(100000), received_on=datetime.date(2026, 10, 25), by=approver)
        return plan, approver

    return make
