"""Form 3 pages: the province drafts and sends, the centre follows every province and reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labourplan.accounts.permissions import Action, has_permission, require
from labourplan.annual import services
from labourplan.annual.access import NONE_SENT, get_annual_report_for_user, national_reports
from labourplan.annual.documents import DOCX_CONTENT_TYPE, render_form3_docx, render_form3_pdf
from labourplan.annual.models import AnnualReport
from labourplan.lib import fiscal
from labourplan.lib.digits import parse_int
from labourplan.lib.pages import fiscal_year_asked, run_action
from labourplan.plans.access import get_plan_for_user
from labourplan.plans.models import Plan
from labourplan.reference.models import FiscalYear, Province, Strategy
from labourplan.reports.services import approved_version
from labourplan.submissions.views import lifecycle_context, review_views, submit_view


def _default_year() -> FiscalYear | None:
    """The year whose Form 3 is in season: the last one already ended, else the current one."""
    today = fiscal.bangkok_today()
    return FiscalYear.objects.filter(start_date__lte=today).exclude(end_date__gte=today).first() or (
        FiscalYear.objects.current()
    )


def _year_from(request) -> FiscalYear:
    return fiscal_year_asked(request, FiscalYear.objects.select_related("framework"), default=_default_year)


@login_required
def annual_home(request):
    """Provinces: their years and each Form 3. The centre: every province for a fiscal year."""
    user = request.user
    if not user.is_provincial:
        return overview(request)
    plans = (
        Plan.objects.filter(province_id=user.province_id)
        .select_related("fiscal_year", "province", "annual_report")
        .order_by("-fiscal_year__year_be")
    )
    now = timezone.now()
    years = [
        {
            "plan": plan,
            "report": getattr(plan, "annual_report", None),
            "approved": approved_version(plan) is not None,
            "timeliness": (
                plan.annual_report.timeliness(now)
                if hasattr(plan, "annual_report")
                else AnnualReport(plan=plan).timeliness(now)
            ),
        }
        for plan in plans
    ]
    return render(
        request,
        "annual/annual_home.html",
        {"years": years, "can_edit": has_permission(user, Action.EDIT, user.province_id)},
    )


def overview(request):
    """Which provinces have sent their Form 3 for a fiscal year (centre)."""
    require(request.user, Action.VIEW)
    fiscal_year = _year_from(request)
    reports = {
        r.plan.province_id: r
        for r in AnnualReport.objects.filter(plan__fiscal_year=fiscal_year).select_related("plan__fiscal_year")
    }
    now = timezone.now()
    rows = []
    for province in Province.objects.regional().select_related("region").order_by("region__order", "name_th"):
        report = reports.get(province.pk)
        if report is None:
            report = AnnualReport(plan=Plan(province=province, fiscal_year=fiscal_year))
            report.pk = None
        rows.append(
            {"province": province, "report": report if report.pk else None, "timeliness": report.timeliness(now)}
        )
    sent = sum(1 for r in reports.values() if r.is_sent)
    return render(
        request,
        "annual/overview.html",
        {
            "fiscal_year": fiscal_year,
            "years": FiscalYear.objects.order_by("-year_be"),
            "rows": rows,
            "sent": sent,
            "can_review": has_permission(request.user, Action.REVIEW),
        },
    )


@require_POST
@login_required
def annual_open(request, plan_pk):
    plan = get_plan_for_user(request.user, plan_pk, action=Action.EDIT)
    try:
        report = services.open_annual_report(plan=plan, by=request.user)
    except services.AnnualError as exc:
        messages.error(request, exc.message)
        return redirect("annual_home")
    return redirect("annual_detail", pk=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def annual_detail(request, pk):
    """The report; a POST saves every narrative of the page at once."""
    user = request.user
    report = get_annual_report_for_user(user, pk)
    province_id = report.plan.province_id
    context = lifecycle_context(request, report, services.LIFECYCLE)
    items = list(report.items.select_related("strategy").order_by("strategy__number", "order", "pk"))
    if request.method == "POST":
        require(user, Action.EDIT, province_id)
        try:
            revision = parse_int(request.POST.get("revision", ""))
        except ValueError:
            revision = -1
        changes = {name: request.POST.get(name, "") for name in services.NARRATIVE_FIELDS if name in request.POST}
        item_changes = {}
        for item in items:
            fields = {
                name: request.POST[f"item-{item.pk}-{name}"]
                for name in ("title", "narrative")
                if f"item-{item.pk}-{name}" in request.POST
            }
            if fields:
                item_changes[item.pk] = fields
        removed = [item for item in items if item.item_key is None and request.POST.get(f"item-{item.pk}-remove")]
        for item in removed:
            item_changes.pop(item.pk, None)
        added = request.POST.get("new-item-title", "").strip()
        try:
            with transaction.atomic():
                services.update_annual_report(
                    report=report, revision=revision, changes=changes, items=item_changes, by=user
                )
                for item in removed:
                    services.remove_annual_item(item=item, by=user)
                if added:
                    strategy = Strategy.objects.filter(
                        framework_id=report.plan.fiscal_year.framework_id, pk=request.POST.get("new-item-strategy")
                    ).first()
                    if strategy is None:
                        raise services.AnnualError(_("Choose the strategy of the new item."))
                    services.add_annual_item(report=report, strategy=strategy, title=added, by=user)
        except services.Conflict:
            messages.error(
                request,
                _("Someone saved this report after you opened it. Your changes were not saved: check and try again."),
            )
        except services.AnnualError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The annual report was saved."))
        return redirect("annual_detail", pk=report.pk)
    by_strategy: dict[int, list] = {}
    for item in items:
        item.rows = min(10, max(2, item.narrative.count("\n") + 2))
        by_strategy.setdefault(item.strategy_id, []).append(item)
    framework_strategies = Strategy.objects.filter(framework_id=report.plan.fiscal_year.framework_id).order_by("number")
    strategies = [{"strategy": s, "items": by_strategy.get(s.pk, [])} for s in framework_strategies]
    return render(
        request,
        "annual/annual_detail.html",
        {**context, "report": report, "plan": report.plan, "strategies": strategies, "timeliness": report.timeliness()},
    )


@require_POST
@login_required
def annual_refresh(request, pk):
    report = get_annual_report_for_user(request.user, pk, action=Action.EDIT)
    run_action(
        request,
        lambda: services.refresh_figures(report=report, by=request.user),
        _("Targets and results were taken again from the plan and the monthly reports; your texts were kept."),
    )
    return redirect("annual_detail", pk=report.pk)


annual_submit = submit_view(
    lifecycle=services.LIFECYCLE,
    get_for_user=get_annual_report_for_user,
    submit=services.submit_annual_report,
    success=gettext_lazy("The annual report was sent to the centre."),
)
annual_accept, annual_return, annual_reopen = review_views(
    lifecycle=services.LIFECYCLE, get_for_user=get_annual_report_for_user
)


# Documents ------------------------------------------------------------------------------------


def _document(content: bytes, *, kind: str, filename: str) -> HttpResponse:
    content_type = "application/pdf" if kind == "pdf" else DOCX_CONTENT_TYPE
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(kind != "pdf", f"{filename}.{kind}")},
    )


def _render(reports, request, kind: str) -> bytes:
    if kind not in {"pdf", "docx"}:
        raise Http404
    thai_digits = request.GET.get("digits") == "thai"
    if kind == "pdf":
        return render_form3_pdf(reports, thai_digits=thai_digits)
    return render_form3_docx(reports, thai_digits=thai_digits)


@require_GET
@login_required
@cache_control(private=True, max_age=0)
def annual_document(request, pk, kind):
    """Form 3 as PDF or Word; ?digits=thai prints Thai digits."""
    report = get_annual_report_for_user(request.user, pk)
    plan = report.plan
    return _document(
        _render([report], request, kind), kind=kind, filename=f"form3-{plan.province.code}-{plan.fiscal_year.year_be}"
    )


@require_GET
@login_required
@cache_control(private=True, max_age=0)
def national_document(request, kind):
    """Every Form 3 the centre has received for a fiscal year (?fy=), in one document, by province."""
    require(request.user, Action.VIEW)
    if kind not in {"pdf", "docx"}:
        raise Http404
    fiscal_year = _year_from(request)
    reports = list(national_reports(request.user, fiscal_year))
    if not reports:
        messages.info(request, NONE_SENT)
        return redirect(f"{reverse('annual_home')}?fy={fiscal_year.year_be}")
    return _document(_render(reports, request, kind), kind=kind, filename=f"form3-national-{fiscal_year.year_be}")
