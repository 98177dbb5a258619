import datetime
from decimal import Decimal

import pytest

from labourplan.evaluation.models import Scheme
from labourplan.evaluation.services import copy_scheme
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import MeetingKind, PlanItem
from labourplan.plans.services import add_meeting
from labourplan.reports.services import open_report, save_result, submit_report, update_report


@pytest.fixture
def scheme2570(fy2570, central_admin):
    """The FY 2562 criteria copied to FY 2570: round 1 is 1 Oct 2569 – 31 Mar 2570."""
    return copy_scheme(source=Scheme.objects.get(fiscal_year__year_be=2562), target=fy2570, by=central_admin)


def report_month(plan, *, month_index, result, disbursed, editor, approver, submitted_on, item=None):
    """Report `result` on the plan's first activity (or `item`) and `disbursed` baht, submitted on a date."""
    item = (
        item
        or PlanItem.objects.filter(topic__version=plan.current_version, parent=None)
        .order_by("topic__strategy__number", "topic__order", "order")
        .first()
    )
    report = open_report(plan=plan, month_index=month_index, by=editor, today=submitted_on)
    save_result(report=report, item=item, revision=0, result=result, by=editor, confirmed=True, remark="ตามแผน")
    report.refresh_from_db()
    update_report(report=report, revision=report.revision, changes={"disbursed": Decimal(disbursed)}, by=editor)
    report.refresh_from_db()
    at = datetime.datetime.combine(submitted_on, datetime.time(10), tzinfo=BANGKOK)
    return submit_report(report=report, by=approver, now=at)


def track(plan, *, held_on, by, kind=MeetingKind.TRACKING):
    return add_meeting(plan=plan, held_on=held_on, kind=kind, title="ประชุมติดตามแผน", by=by)
