import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from labourplan.accounts.permissions import Action, has_permission, require
from labourplan.lib import fiscal
from labourplan.lib.pages import run_action
from labourplan.lib.uploads import private_file_response
from labourplan.plans.access import get_plan_for_user
from labourplan.plans.models import Plan
from labourplan.reference.models import FiscalYear
from labourplan.reports import services
from labourplan.reports.access import get_evidence_for_user, get_report_for_user
from labourplan.reports.models import MonthlyReport, ReportState, timeliness
from labourplan.reports.table import load_report_table
from labourplan.submissions.views import lifecycle_context, review_views, submit_view


@login_required
def report_home(request):
    user = request.user
    if has_permission(user, Action.REVIEW):
        return redirect("report_review_queue")
    fiscal_year = FiscalYear.objects.current()
    if user.is_provincial:
        plan = Plan.objects.filter(province_id=user.province_id, fiscal_year=fiscal_year).first()
        if plan is None:
            messages.info(request, _("Monthly reports start once the year's action plan is sent to the governor."))
            return redirect("plan_list")
        return redirect("report_months", plan_pk=plan.pk)
    require(user, Action.VIEW)
    return redirect("report_review_queue")


@login_required
def report_months(request, plan_pk):
    """The twelve months of a plan's year: each report's state, deadline and timeliness."""
    plan = get_plan_for_user(request.user, plan_pk)
    reports = {r.month_index: r for r in plan.reports.all()}
    now = timezone.now()
    today = fiscal.bangkok_today(now)
    months = []
    for index, (year, month) in enumerate(plan.fiscal_year.months, start=1):
        report = reports.get(index)
        due = fiscal.report_due_date(year, month, due_day=plan.fiscal_year.report_due_day)
        months.append(
            {
                "index": index,
                "start": datetime.date(year, month, 1),
                "due": due,
                "report": report,
                "begun": datetime.date(year, month, 1) <= today,
                "timeliness": timeliness(
                    month_start=datetime.date(year, month, 1),
                    due_date=due,
                    first_submitted_at=report.first_submitted_at if report else None,
                    now=now,
                ),
            }
        )
    return render(
        request,
        "reports/report_months.html",
        {
            "plan": plan,
            "months": months,
            "approved": plan.version_in_force() is not None,
            "can_edit": has_permission(request.user, Action.EDIT, plan.province_id),
        },
    )


@login_required
def report_of_month(request, plan_pk, year, month):
    """The report of a calendar month (C.E.), from a task or a notice: the report itself when it
    exists, else that month's line of the year, where it is started."""
    plan = get_plan_for_user(request.user, plan_pk)
    if (year, month) not in plan.fiscal_year.months:
        raise Http404
    month_index = plan.fiscal_year.months.index((year, month)) + 1
    report = plan.reports.filter(month_index=month_index).first()
    if report is not None:
        return redirect("report_detail", pk=report.pk)
    return redirect(reverse("report_months", args=[plan.pk]) + f"#month-{month_index}")


@require_POST
@login_required
def report_open(request, plan_pk, month_index):
    plan = get_plan_for_user(request.user, plan_pk, action=Action.EDIT)
    try:
        report = services.open_report(plan=plan, month_index=month_index, by=request.user)
    except services.ReportError as exc:
        messages.error(request, exc.message)
        return redirect("report_months", plan_pk=plan.pk)
    return redirect("report_detail", pk=report.pk)


@login_required
def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    plan = report.plan
    year, month = report.calendar_month
    allocated = plan.allocations.aggregate(s=Sum("amount"))["s"] or 0
    disbursed_before = (
        MonthlyReport.objects.filter(plan=plan, month_index__lt=report.month_index).aggregate(s=Sum("disbursed"))["s"]
        or 0
    )
    strategies = load_report_table(report)
    evidence = list(report.evidence.all())
    context = lifecycle_context(
        request, report, services.LIFECYCLE, submit_template="reports/_submit.html", month_ended=report.has_ended()
    )
    if context["can_submit"] or context["can_edit"]:
        context["checks"] = _checks(report, strategies, evidence)
    return render(
        request,
        "reports/report_detail.html",
        {
            **context,
            "report": report,
            "plan": plan,
            "month_start": datetime.date(year, month, 1),
            "strategies": strategies,
            "timeliness": report.timeliness(),
            "reported_version": strategies.version,
            "allocated": allocated,
            "disbursed_to_date": disbursed_before + report.disbursed,
            "meetings": list(
                plan.meetings.filter(held_on__year=year, held_on__month=month).prefetch_related("agencies")
            ),
            "evidence": evidence,
        },
    )


def _checks(report, strategies, evidence) -> services.SubmissionChecks:
    """services.submission_checks, read from what the page has already loaded."""
    pending = [
        row.item
        for block in strategies
        for topic in block.topics
        for activity in topic.rows
        for row in [activity, *activity.sub_rows]
        if row.pending_result is not None
    ]
    return services.SubmissionChecks(
        pending=pending, no_narrative=not report.key_results.strip(), no_evidence=not evidence
    )


def _confirm_warnings(request, report):
    """An empty narrative or no evidence is sent only once the officer ticks that it is meant."""
    checks = services.submission_checks(report)
    if checks.warnings and not checks.blocking and not request.POST.get("confirm_warnings"):
        messages.error(request, _("The report has no key results or no evidence: tick the box to send it as it is."))
        return redirect(reverse("report_detail", args=[report.pk]) + "#lifecycle")
    return None


report_submit = submit_view(
    lifecycle=services.LIFECYCLE,
    get_for_user=get_report_for_user,
    submit=services.submit_report,
    success=gettext_lazy("The report was sent to the centre."),
    before=_confirm_warnings,
)
report_accept, report_return, report_reopen = review_views(
    lifecycle=services.LIFECYCLE, get_for_user=get_report_for_user
)


REVIEW_PAGE_SIZE = 50


@login_required
def review_queue(request):
    """Submitted reports waiting for the centre, oldest first."""
    require(request.user, Action.VIEW)
    waiting = MonthlyReport.objects.awaiting_review().select_related(
        "plan__province__region", "plan__fiscal_year", "submitted_by"
    )
    # A page at a time: after a deadline hundreds may wait, and the oldest are what to do first.
    page = Paginator(waiting, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/review_queue.html",
        {
            "reports": page.object_list,
            "page": page,
            "can_review": has_permission(request.user, Action.REVIEW),
            "state": ReportState,
        },
    )


@require_POST
@login_required
def evidence_add(request, pk):
    report = get_report_for_user(request.user, pk, action=Action.EDIT)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    else:
        run_action(
            request,
            lambda: services.add_evidence(
                report=report, file=upload, caption=request.POST.get("caption", ""), by=request.user
            ),
            _("Evidence attached."),
        )
    return redirect(reverse("report_detail", args=[report.pk]) + "#evidence")


@require_POST
@login_required
def evidence_delete(request, pk):
    evidence = get_evidence_for_user(request.user, pk, action=Action.EDIT)
    run_action(request, lambda: services.delete_evidence(evidence=evidence, by=request.user), _("Evidence removed."))
    return redirect(reverse("report_detail", args=[evidence.report_id]) + "#evidence")


@login_required
def evidence_file(request, pk):
    return private_file_response(get_evidence_for_user(request.user, pk).file)
