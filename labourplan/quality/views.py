"""The centre's list of questionable values, one value's follow-up, and the rules of a year."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labourplan.accounts.permissions import Action, has_permission, require, visible_provinces
from labourplan.lib.digits import to_arabic_digits
from labourplan.lib.pages import fiscal_year_asked
from labourplan.quality import services
from labourplan.quality.models import Finding, FindingState, RuleCode, Severity
from labourplan.quality.score import scores
from labourplan.reference.models import FiscalYear

PAGE_SIZE = 50


def filtered(request, fiscal_year):
    """The findings of the fiscal year the user may see, narrowed by ?province=, ?rule=, ?state=;
    also the filters as understood."""
    findings = Finding.objects.for_user(request.user).filter(fiscal_year=fiscal_year)
    chosen = {key: request.GET.get(key, "") for key in ("province", "rule", "state")}
    if chosen["province"]:
        findings = findings.filter(province__code=chosen["province"])
    if chosen["rule"] in RuleCode.values:
        findings = findings.filter(rule=chosen["rule"])
    else:
        chosen["rule"] = ""
    if chosen["state"] == "open":
        findings = findings.open_questions()
    elif chosen["state"] in FindingState.values:
        findings = findings.filter(state=chosen["state"])
    else:
        chosen["state"] = ""
    return findings.select_related("province", "fiscal_year"), chosen


@login_required
def finding_list(request):
    fiscal_year = fiscal_year_asked(request, FiscalYear.objects.all())
    findings, chosen = filtered(request, fiscal_year)
    page = Paginator(findings.order_by("province__name_th", "month_index", "rule", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = {k: v for k, v in chosen.items() if v}
    return render(
        request,
        "quality/finding_list.html",
        {
            "fiscal_year": fiscal_year,
            "fiscal_years": FiscalYear.objects.order_by("-year_be"),
            "page": page,
            "findings": page.object_list,
            "chosen": chosen,
            "query": "&".join(f"{k}={v}" for k, v in query.items()),
            "provinces": visible_provinces(request.user).regional().order_by("name_th"),
            "rules": RuleCode.choices,
            "states": [("open", _("Open questions")), *FindingState.choices],
            "may_run": has_permission(request.user, Action.ADMINISTER),
        },
    )


def get_finding_for_user(user, pk) -> Finding:
    finding = Finding.objects.for_user(user).select_related("province", "fiscal_year", "plan").filter(pk=pk).first()
    if finding is None:
        raise Http404
    return finding


@login_required
def finding_detail(request, pk):
    finding = get_finding_for_user(request.user, pk)
    steps = list(finding.history.select_related("history_user").order_by("history_date", "history_id"))
    return render(
        request,
        "quality/finding_detail.html",
        {
            "finding": finding,
            "steps": [s for s in steps if s.history_type == "~"],
            "may_review": has_permission(request.user, Action.REVIEW, finding.province_id),
            "may_answer": has_permission(request.user, Action.EDIT, finding.province_id)
            and finding.state in (FindingState.QUESTIONED, FindingState.ANSWERED),
        },
    )


def _revision(request) -> int:
    value = to_arabic_digits(request.POST.get("revision", ""))
    return int(value) if value.isdigit() else -1


def _step(request, pk, action, do):
    finding = get_finding_for_user(request.user, pk)
    require(request.user, action, finding.province_id)
    try:
        do(finding)
    except services.Conflict:
        messages.error(request, _("Someone else changed this question meanwhile; here it is as they left it."))
    except services.QualityError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("quality:detail", finding.pk)


@login_required
@require_POST
def finding_ask(request, pk):
    return _step(
        request,
        pk,
        Action.REVIEW,
        lambda f: services.ask(
            finding=f, revision=_revision(request), question=request.POST.get("text", ""), by=request.user
        ),
    )


@login_required
@require_POST
def finding_answer(request, pk):
    return _step(
        request,
        pk,
        Action.EDIT,
        lambda f: services.answer(
            finding=f, revision=_revision(request), text=request.POST.get("text", ""), by=request.user
        ),
    )


@login_required
@require_POST
def finding_close(request, pk):
    return _step(
        request,
        pk,
        Action.REVIEW,
        lambda f: services.close(
            finding=f, revision=_revision(request), comment=request.POST.get("text", ""), by=request.user
        ),
    )


@login_required
@require_POST
def run_checks(request):
    require(request.user, Action.ADMINISTER)
    fiscal_year = fiscal_year_asked(request, FiscalYear.objects.all())
    found = services.run_checks(fiscal_year=fiscal_year)
    messages.success(request, _("The checks found %(count)s questionable values.") % {"count": found})
    return redirect(f"{reverse('quality:list')}?fy={fiscal_year.year_be}")


@login_required
def score_list(request):
    """Each province's data-quality score for the fiscal year, with its parts (a province: its own)."""
    fiscal_year = fiscal_year_asked(request, FiscalYear.objects.all())
    provinces = visible_provinces(request.user).regional().select_related("region").order_by("region__order", "name_th")
    central = has_permission(request.user, Action.VIEW)
    by_province = scores(fiscal_year, province_ids=None if central else [request.user.province_id])
    return render(
        request,
        "quality/score_list.html",
        {
            "fiscal_year": fiscal_year,
            "fiscal_years": FiscalYear.objects.order_by("-year_be"),
            "rows": [(province, by_province.get(province.pk)) for province in provinces],
        },
    )


@login_required
def rule_list(request, year):
    """The rules of a fiscal year: the centre reads them, its administrators edit them."""
    require(request.user, Action.VIEW)
    fiscal_year = get_object_or_404(FiscalYear, year_be=year)
    rules = services.ensure_rules(fiscal_year)
    may_edit = has_permission(request.user, Action.ADMINISTER)
    if request.method == "POST":
        require(request.user, Action.ADMINISTER)
        rule = next((r for r in rules if str(r.pk) == request.POST.get("rule")), None)
        if rule is None:
            raise Http404
        try:
            threshold = Decimal(to_arabic_digits(request.POST.get("threshold", "")).replace(",", "").strip())
        except InvalidOperation:
            messages.error(request, _("The threshold must be a number, e.g. 3 or 1.5."))
            return redirect("quality:rules", year)
        try:
            services.update_rule(
                rule=rule,
                revision=_revision(request),
                by=request.user,
                enabled=request.POST.get("enabled") == "on",
                threshold=threshold,
                severity=request.POST.get("severity", ""),
                message=request.POST.get("message", ""),
            )
        except services.Conflict:
            messages.error(request, _("Someone else saved this rule meanwhile; reload to see their version."))
        except services.QualityError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("quality:rules", year)
    return render(
        request,
        "quality/rule_list.html",
        {"fiscal_year": fiscal_year, "rules": rules, "may_edit": may_edit, "severities": Severity.choices},
    )
