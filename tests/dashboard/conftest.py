"""The country as the centre sees it on 10 January 2570 (B.E.): Chiang Mai reports, and as many
other provinces as a test asks for have approved plans with results and spending."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import MeetingKind, PlanItem
from labourplan.plans.services import add_allocation, add_meeting, create_plan, record_approval, submit_plan
from labourplan.reference.models import Province
from labourplan.reports.services import open_report, save_result, submit_report, update_report
from tests.conftest import PDF_BYTES

AS_OF = datetime.datetime(2027, 1, 10, 10, 0, tzinfo=BANGKOK)


def approved_plan(province, fiscal_year, *, amount=Decimal("100000")):
    approver = create_user(
        username=f"p{province.code}.approver", password=None, role=Role.PROVINCIAL_APPROVER, province=province
    )
    plan = create_plan(province=province, fiscal_year=fiscal_year, by=approver)
    add_meeting(
        plan=plan, held_on=datetime.date(2026, 10, 5), kind=MeetingKind.PLANNING, title="ประชุมจัดทำแผน", by=approver
    )
    version = submit_plan(version=plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=approver)
    document = SimpleUploadedFile("approval.pdf", PDF_BYTES, content_type="application/pdf")
    record_approval(version=version, approved_on=datetime.date(2026, 10, 20), document=document, by=approver)
    add_allocation(plan=plan, amount=amount, received_on=datetime.date(2026, 10, 25), by=approver)
    return plan, approver


def first_activity(plan):
    return (
        PlanItem.objects.filter(topic__version=plan.current_version, parent=None, sub_items=None)
        .order_by("topic__strategy__number", "topic__order", "order")
        .first()
    )


def report(plan, by, month_index, *, result=1, disbursed="1000", submitted=None, remark="ดำเนินการเพิ่มตามสถานการณ์"):
    """A month's report with `result` on the plan's first activity without sub-items, sent at `submitted`."""
    year, month = divmod(9 + month_index, 12)  # sent on the 3rd of the following month
    submitted = submitted or datetime.datetime(2026 + year, month + 1, 3, 9, 0, tzinfo=BANGKOK)
    with time_machine.travel(submitted, tick=False):
        monthly = open_report(plan=plan, month_index=month_index, by=by)
        save_result(
            report=monthly, item=first_activity(plan), revision=0, result=result, by=by, confirmed=True, remark=remark
        )
        monthly.refresh_from_db()
        update_report(report=monthly, revision=monthly.revision, changes={"disbursed": Decimal(disbursed)}, by=by)
        monthly.refresh_from_db()
        return submit_report(report=monthly, by=by)


@pytest.fixture
def country(fy2570_template):
    """Return a function that gives `n` provinces approved plans and two months of reports."""

    def build(n):
        provinces = Province.objects.regional().exclude(code="50").order_by("code")[:n]
        for province in provinces:
            plan, approver = approved_plan(province, fy2570_template)
            report(plan, approver, 1, result=3, disbursed="5000")
            report(plan, approver, 2, result=2, disbursed="7000")
        return fy2570_template

    return build


@pytest.fixture
def scheme2570(fy2570, central_admin):
    """The FY 2562 criteria copied to FY 2570: round 1 is 1 Oct 2569 – 31 Mar 2570."""
    from labourplan.evaluation.models import Scheme
    from labourplan.evaluation.services import copy_scheme

    return copy_scheme(source=Scheme.objects.get(fiscal_year__year_be=2562), target=fy2570, by=central_admin)
