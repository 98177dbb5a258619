"""Pages of the KPI evaluation: a province's result, the centre's round view, the criteria."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from labourplan.accounts.permissions import Action, get_province_for_user, has_permission, require
from labourplan.audit.models import AuditEvent
from labourplan.audit.services import record
from labourplan.evaluation import services
from labourplan.evaluation.excel import round_workbook
from labourplan.evaluation.explain import explain, level_descriptions
from labourplan.evaluation.forms import (
    AsOfForm,
    CopySchemeForm,
    LevelForm,
    LevelFormSet,
    OverrideForm,
    RoundDatesForm,
    SchemeForm,
)
from labourplan.evaluation.models import FrozenEvaluation, Scheme
from labourplan.lib.fiscal import bangkok_today
from labourplan.lib.spreadsheet.download import xlsx_response
from labourplan.reference.models import FiscalYear, Region


def _scheme(year: int) -> tuple[Scheme, list]:
    scheme = get_object_or_404(Scheme.objects.select_related("fiscal_year"), fiscal_year__year_be=year)
    return scheme, services.rounds_with_criteria(scheme)


def _round(rounds, number: int | str | None, today):
    if number is not None and str(number).isdigit():
        for round_ in rounds:
            if round_.number == int(number):
                return round_
        raise Http404
    round_ = services.current_round(rounds, today)
    if round_ is None:
        raise Http404
    return round_


def _as_of(request, today):
    form = AsOfForm(request.GET or None)
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    return form, as_of or today


@login_required
@require_GET
def evaluation_home(request):
    """The centre goes to the current round of every province; a province to its own result."""
    today = bangkok_today()
    fiscal_year = (
        FiscalYear.objects.filter(evaluation_scheme__isnull=False, start_date__lte=today).order_by("-year_be").first()
    )
    if fiscal_year is None:
        return redirect("evaluation:criteria")
    if has_permission(request.user, Action.VIEW):
        rounds = _scheme(fiscal_year.year_be)[1]
        return redirect("evaluation:round", fiscal_year.year_be, services.current_round(rounds, today).number)
    if request.user.is_provincial:
        return redirect("evaluation:province", fiscal_year.year_be, request.user.province.code)
    raise Http404


@login_required
@require_GET
def province_evaluation(request, year, code):
    province = get_province_for_user(request.user, code)
    scheme, rounds = _scheme(year)
    today = bangkok_today()
    round_ = _round(rounds, request.GET.get("round"), today)
    as_of_form, as_of = _as_of(request, today)
    result = services.province_result(round_=round_, province=province, as_of=as_of)
    reviewer = has_permission(request.user, Action.REVIEW)
    may_override = result.frozen is not None and reviewer
    # A provisional result cannot be overridden: the page says why, and from when it can.
    not_yet = None if result.frozen is not None or not reviewer else services.last_report_due(round_)
    return render(
        request,
        "evaluation/province.html",
        {
            "province": province,
            "scheme": scheme,
            "rounds": rounds,
            "round": round_,
            "as_of_form": as_of_form,
            "result": result,
            "explanation": explain(result, descriptions=level_descriptions(round_), show_score=scheme.show_score),
            "override_form": OverrideForm(max_level=result.evaluation.max_level) if may_override else None,
            "override_not_yet": not_yet,
            "freezable_from": not_yet + datetime.timedelta(days=1) if not_yet else None,
        },
    )


@login_required
@require_POST
def override(request, year, code, number):
    province = get_province_for_user(request.user, code)
    require(request.user, Action.REVIEW)
    rounds = _scheme(year)[1]
    round_ = _round(rounds, number, bangkok_today())
    frozen = get_object_or_404(FrozenEvaluation, round=round_, province=province)
    form = OverrideForm(request.POST, max_level=len(round_.levels.all()))
    target = reverse("evaluation:province", args=[year, code]) + f"?round={round_.number}"
    if not form.is_valid():
        messages.error(request, _("Give the reason for the override."))
        return redirect(target)
    try:
        services.override_level(
            frozen=frozen, level=form.cleaned_data["level"], reason=form.cleaned_data["reason"], by=request.user
        )
    except services.SchemeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The level that counts is recorded, beside the computed one."))
    return redirect(target)


@login_required
@require_GET
def round_page(request, year, number):
    """Every province's level in a round, the distribution of levels, by region."""
    require(request.user, Action.VIEW)
    scheme, rounds = _scheme(year)
    today = bangkok_today()
    round_ = _round(rounds, number, today)
    regions = list(Region.objects.order_by("order"))
    region = next((r for r in regions if r.code == request.GET.get("region")), None)
    as_of_form, as_of = _as_of(request, today)
    view = services.round_view(round_=round_, as_of=as_of, region_id=region.pk if region else None)
    may_freeze = not round_.is_frozen and has_permission(request.user, Action.REVIEW)
    due = services.last_report_due(round_)
    return render(
        request,
        "evaluation/round.html",
        {
            "scheme": scheme,
            "rounds": rounds,
            "round": round_,
            "view": view,
            "regions": regions,
            "region": region,
            "as_of_form": as_of_form,
            "may_freeze": may_freeze,
            "freeze_works": today > due,  # else the button shows, disabled, with the day it starts to work
            "freezable_from": due + datetime.timedelta(days=1),
            "last_report_due": due,
            "fiscal_years": Scheme.objects.select_related("fiscal_year").order_by("-fiscal_year__year_be"),
        },
    )


@login_required
@require_GET
def round_export(request, year, number):
    require(request.user, Action.VIEW)
    rounds = _scheme(year)[1]
    today = bangkok_today()
    round_ = _round(rounds, number, today)
    regions = {r.code: r for r in Region.objects.all()}
    region = regions.get(request.GET.get("region", ""))
    as_of = _as_of(request, today)[1]
    view = services.round_view(round_=round_, as_of=as_of, region_id=region.pk if region else None)
    record(action=AuditEvent.Action.EXPORT, user=request.user, obj=round_, request=request, format="xlsx")
    return xlsx_response(
        round_workbook(view, region=region),
        ascii_name=f"kpi-{year}-round{round_.number}.xlsx",
        thai_name=f"ผลการประเมินตัวชี้วัด-{year}-รอบที่{round_.number}.xlsx",
    )


@login_required
@require_POST
def freeze(request, year, number):
    require(request.user, Action.REVIEW)
    rounds = _scheme(year)[1]
    round_ = _round(rounds, number, bangkok_today())
    try:
        services.freeze_round(round_=round_, by=request.user)
    except services.SchemeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(round)s is frozen: its results no longer change with the data.") % {"round": round_}
        )
    return redirect("evaluation:round", year, round_.number)


# --- the criteria -----------------------------------------------------------------------------


@login_required
def criteria_list(request):
    """The criteria are no secret: every signed-in officer may read them."""
    schemes = list(Scheme.objects.select_related("fiscal_year").order_by("-fiscal_year__year_be"))
    without = FiscalYear.objects.filter(evaluation_scheme__isnull=True).order_by("year_be")
    copy_form = None
    if has_permission(request.user, Action.ADMINISTER):
        copy_form = CopySchemeForm(sources=[s.fiscal_year for s in schemes], targets=without)
    return render(request, "evaluation/criteria_list.html", {"schemes": schemes, "copy_form": copy_form})


@login_required
@require_POST
def criteria_copy(request):
    require(request.user, Action.ADMINISTER)
    form = CopySchemeForm(
        request.POST,
        sources=[s.fiscal_year for s in Scheme.objects.select_related("fiscal_year")],
        targets=FiscalYear.objects.filter(evaluation_scheme__isnull=True),
    )
    if not form.is_valid():
        messages.error(request, _("Choose a fiscal year with criteria and one without."))
        return redirect("evaluation:criteria")
    source = get_object_or_404(Scheme, fiscal_year__year_be=form.cleaned_data["source"])
    target = get_object_or_404(FiscalYear, year_be=form.cleaned_data["target"])
    try:
        services.copy_scheme(source=source, target=target, by=request.user)
    except services.SchemeError as error:
        messages.error(request, error.message)
        return redirect("evaluation:criteria")
    messages.success(request, _("The criteria were copied to %(fy)s; check the round dates.") % {"fy": target})
    return redirect("evaluation:criteria_detail", target.year_be)


@login_required
def criteria_detail(request, year):
    scheme, rounds = _scheme(year)
    may_edit = has_permission(request.user, Action.ADMINISTER)
    form = SchemeForm(initial={"title": scheme.title, "show_score": scheme.show_score})
    if request.method == "POST":
        require(request.user, Action.ADMINISTER)
        form = SchemeForm(request.POST)
        if form.is_valid():
            services.update_scheme(scheme=scheme, by=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("evaluation:criteria_detail", year)
    return render(
        request,
        "evaluation/criteria_detail.html",
        {
            "scheme": scheme,
            "rounds": [(r, services.round_spec(r)) for r in rounds],
            "form": form if may_edit else None,
            "may_edit": may_edit,
        },
    )


@login_required
def round_edit(request, year, number):
    """The centre edits a round as the seed prints it: one row per level."""
    require(request.user, Action.ADMINISTER)
    scheme, rounds = _scheme(year)
    round_ = _round(rounds, number, bangkok_today())
    if round_.is_frozen:
        messages.error(request, _("%(round)s is frozen; its criteria can no longer change.") % {"round": round_})
        return redirect("evaluation:criteria_detail", year)
    errors = []
    if request.method == "POST":
        dates = RoundDatesForm(request.POST)
        formset = LevelFormSet(request.POST, prefix="levels")
        if dates.is_valid() and formset.is_valid():
            levels = [
                form.to_spec()
                for form in formset.forms
                if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            try:
                services.save_round(
                    round_=round_,
                    revision=dates.cleaned_data["revision"],
                    starts_on=dates.cleaned_data["starts_on"],
                    ends_on=dates.cleaned_data["ends_on"],
                    levels=levels,
                    by=request.user,
                )
            except services.Conflict:
                errors.append(_("Someone else saved this round meanwhile; reload to see their version."))
            except services.SchemeError as error:
                errors.extend(error.errors["__all__"].split("\n"))
            else:
                messages.success(request, _("%(round)s saved.") % {"round": round_})
                return redirect("evaluation:criteria_detail", year)
    else:
        spec = services.round_spec(round_)
        dates = RoundDatesForm(
            initial={"starts_on": round_.starts_on, "ends_on": round_.ends_on, "revision": round_.revision}
        )
        formset = LevelFormSet(prefix="levels", initial=[LevelForm.initial_for(level) for level in spec.levels])
    return render(
        request,
        "evaluation/round_edit.html",
        {"scheme": scheme, "round": round_, "dates": dates, "formset": formset, "errors": errors},
    )
