from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labourplan.accounts.permissions import Action, has_permission, require, visible_provinces
from labourplan.lib.pages import fiscal_year_asked, run_action
from labourplan.lib.uploads import private_file_response
from labourplan.plans import services
from labourplan.plans.access import (
    get_allocation_for_user,
    get_item_for_user,
    get_meeting_for_user,
    get_plan_for_user,
    get_topic_for_user,
    get_version_for_user,
)
from labourplan.plans.checks import plan_checklist
from labourplan.plans.compare import compare_versions
from labourplan.plans.forms import (
    AllocationForm,
    AmendmentForm,
    ApprovalForm,
    CreatePlanForm,
    ItemForm,
    MeetingForm,
    SubmitForm,
    TopicForm,
)
from labourplan.plans.history import plan_history
from labourplan.plans.models import Plan, PlanStatus
from labourplan.plans.table import load_table
from labourplan.reference.models import COMMON_UNITS, Agency, FiscalYear, Province


@login_required
def plan_list(request):
    """The centre's view of every province's plan status for a fiscal year; a province's own entry."""
    user = request.user
    fiscal_year = fiscal_year_asked(request, FiscalYear.objects)
    if user.is_provincial:
        plan = Plan.objects.filter(province_id=user.province_id, fiscal_year=fiscal_year).first()
        if plan:
            return redirect("plan_detail", pk=plan.pk)
        return redirect(f"{reverse('plan_create')}?fy={fiscal_year.year_be}")
    require(user, Action.VIEW)
    plans = {p.province_id: p for p in Plan.objects.filter(fiscal_year=fiscal_year).select_related("current_version")}
    rows = [
        {"province": province, "plan": plans.get(province.pk)}
        for province in visible_provinces(user).regional().select_related("region").order_by("region__order", "name_th")
    ]
    counts = dict.fromkeys(PlanStatus.values, 0)
    for row in rows:
        counts[row["plan"].status if row["plan"] else PlanStatus.NOT_STARTED] += 1
    status_filter = request.GET.get("status")
    if status_filter in PlanStatus.values:
        rows = [r for r in rows if (r["plan"].status if r["plan"] else PlanStatus.NOT_STARTED) == status_filter]
    return render(
        request,
        "plans/plan_list.html",
        {
            "fiscal_year": fiscal_year,
            "fiscal_years": FiscalYear.objects.order_by("-year_be"),
            "rows": rows,
            "counts": [(PlanStatus(s), n) for s, n in counts.items()],
            "status_filter": status_filter,
        },
    )


def plan_to_create(request):
    """(province, fiscal year, the plan if it exists already) for an officer creating the year's plan,
    from the template or from a workbook. The centre gets 403: a plan is written by its province."""
    user = request.user
    fiscal_year = fiscal_year_asked(request, FiscalYear.objects)
    if not user.is_provincial:
        raise PermissionDenied
    province = Province.objects.get(pk=user.province_id)
    require(user, Action.EDIT, province)
    return province, fiscal_year, Plan.objects.filter(province=province, fiscal_year=fiscal_year).first()


@login_required
def plan_create(request):
    user = request.user
    province, fiscal_year, existing = plan_to_create(request)
    if existing:
        return redirect("plan_detail", pk=existing.pk)
    form = CreatePlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                province=province, fiscal_year=fiscal_year, by=user, source=form.cleaned_data["source"]
            )
        except services.PlanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The plan was created. Fill in the monthly targets."))
            return redirect("plan_detail", pk=plan.pk)
    return render(request, "plans/plan_create.html", {"form": form, "fiscal_year": fiscal_year, "province": province})


@login_required
def plan_detail(request, pk):
    plan = get_plan_for_user(request.user, pk)
    versions = list(plan.versions.select_related("submitted_by", "approved_recorded_by").order_by("number"))
    shown = next(v for v in versions if v.pk == plan.current_version_id)
    if request.GET.get("version", "").isdigit():
        shown = next((v for v in versions if v.number == int(request.GET["version"])), None)
        if shown is None:
            raise Http404
    allocations = list(plan.allocations.all())
    user = request.user
    can_edit = (
        has_permission(user, Action.EDIT, plan.province_id) and shown.is_editable and shown == plan.current_version
    )
    can_submit = has_permission(user, Action.SUBMIT, plan.province_id) and shown == plan.current_version
    can_manage = has_permission(user, Action.EDIT, plan.province_id)
    table = load_table(shown)
    checking = shown.state == "draft" and shown == plan.current_version and (can_submit or can_edit)
    checklist = plan_checklist(shown, table) if checking else []
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "version": shown,
            "versions": versions,
            "table": table,
            "checklist": checklist,
            "checklist_blocks": any(row.blocking for row in checklist),
            "headings": plan.fiscal_year.month_headings(),
            "can_edit": can_edit,
            "can_submit": can_submit,
            "can_manage": can_manage,
            "can_amend": can_manage and shown == plan.current_version and shown.state == "approved",
            "allocations": allocations,
            "allocated_total": sum(a.amount for a in allocations),
            "meetings": list(plan.meetings.prefetch_related("agencies")),
            "agencies": list(Agency.objects.filter(is_active=True)),
            "units": COMMON_UNITS,
            "submit_form": SubmitForm(),
            "approval_form": ApprovalForm(),
            "amendment_form": AmendmentForm(),
            "allocation_form": AllocationForm(),
            "meeting_form": MeetingForm(),
            "topic_form": TopicForm(framework=plan.fiscal_year.framework),
            "problems": services.submission_problems(shown) if can_submit and shown.state == "draft" else [],
            "entries": plan_history(plan, limit=8),
        },
    )


@login_required
def plan_history_view(request, pk):
    plan = get_plan_for_user(request.user, pk)
    return render(request, "plans/plan_history.html", {"plan": plan, "entries": plan_history(plan)})


@login_required
def plan_compare(request, pk):
    plan = get_plan_for_user(request.user, pk)
    versions = {v.number: v for v in plan.versions.all()}
    try:
        old, new = versions[int(request.GET.get("a", 1))], versions[int(request.GET.get("b", max(versions)))]
    except (KeyError, ValueError):
        raise Http404 from None
    return render(
        request,
        "plans/plan_compare.html",
        {"plan": plan, "old": old, "new": new, "changes": compare_versions(old, new), "versions": versions.values()},
    )


def _back(plan, anchor=""):
    return redirect(reverse("plan_detail", args=[plan.pk]) + anchor)


def _form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@require_POST
@login_required
def version_submit(request, pk):
    version = get_version_for_user(request.user, pk, action=Action.SUBMIT)
    form = SubmitForm(request.POST)
    checklist = plan_checklist(version)
    if not any(row.blocking for row in checklist) and checklist and not request.POST.get("confirm_warnings"):
        messages.error(
            request, _("Some activities name no responsible agency: tick the box to submit the plan as it is.")
        )
    elif form.is_valid():
        run_action(
            request,
            lambda: services.submit_plan(
                version=version, submitted_on=form.cleaned_data["submitted_on"], by=request.user
            ),
            _("The plan was submitted to the governor."),
        )
    else:
        _form_errors(request, form)
    return _back(version.plan)


@require_POST
@login_required
def version_withdraw(request, pk):
    version = get_version_for_user(request.user, pk, action=Action.SUBMIT)
    run_action(
        request, lambda: services.return_to_draft(version=version, by=request.user), _("The plan is a draft again.")
    )
    return _back(version.plan)


@require_POST
@login_required
def version_approve(request, pk):
    version = get_version_for_user(request.user, pk, action=Action.SUBMIT)
    form = ApprovalForm(request.POST, request.FILES)
    if form.is_valid():
        run_action(
            request,
            lambda: services.record_approval(
                version=version,
                approved_on=form.cleaned_data["approved_on"],
                document=form.cleaned_data["document"],
                by=request.user,
            ),
            _("The governor's approval was recorded. The plan is in force."),
        )
    else:
        _form_errors(request, form)
    return _back(version.plan)


@require_POST
@login_required
def plan_amend(request, pk):
    plan = get_plan_for_user(request.user, pk, action=Action.EDIT)
    form = AmendmentForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: services.start_amendment(plan=plan, reason=form.cleaned_data["reason"], by=request.user),
            _("An amendment was started. The approved plan stays readable in the version list."),
        )
    else:
        _form_errors(request, form)
    return _back(plan)


@login_required
def version_document(request, pk):
    version = get_version_for_user(request.user, pk)
    if not version.approval_document:
        raise Http404
    return private_file_response(version.approval_document)


@require_POST
@login_required
def topic_add(request, pk):
    version = get_version_for_user(request.user, pk, action=Action.EDIT)
    form = TopicForm(request.POST, framework=version.plan.fiscal_year.framework)
    if form.is_valid():
        run_action(
            request,
            lambda: services.add_topic(
                version=version,
                strategy=form.cleaned_data["strategy"],
                title=form.cleaned_data["title"],
                by=request.user,
            ),
            _("Topic added."),
        )
    else:
        _form_errors(request, form)
    return _back(version.plan, "#grid")


@require_POST
@login_required
def topic_action(request, pk):
    topic = get_topic_for_user(request.user, pk)
    action = request.POST.get("action")
    if action == "delete":
        run_action(request, lambda: services.delete_topic(topic=topic, by=request.user), _("Topic removed."))
    elif action in {"up", "down"}:
        run_action(
            request,
            lambda: services.move_topic(topic=topic, offset=-1 if action == "up" else 1, by=request.user),
            _("Topic moved."),
        )
    elif action == "rename":
        revision = request.POST.get("revision", "")
        try:
            services.update_topic(
                topic=topic, revision=int(revision), title=request.POST.get("title", ""), by=request.user
            )
        except services.Conflict as conflict:
            messages.error(
                request,
                _("Someone renamed this topic first, to “%(title)s”. Check it and rename again if needed.")
                % {"title": conflict.current.title},
            )
        except (services.PlanError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("The topic needs a name.")))
        else:
            messages.success(request, _("Topic renamed."))
    elif action == "add_item":
        form = ItemForm(request.POST)
        if form.is_valid():
            run_action(
                request,
                lambda: services.add_item(topic=topic, title=form.cleaned_data["title"], by=request.user),
                _("Activity added."),
            )
        else:
            _form_errors(request, form)
    return _back(topic.version.plan, "#grid")


@require_POST
@login_required
def item_action(request, pk):
    item = get_item_for_user(request.user, pk)
    plan = item.topic.version.plan
    action = request.POST.get("action")
    if action == "delete":
        run_action(request, lambda: services.delete_item(item=item, by=request.user), _("Row removed."))
    elif action in {"up", "down"}:
        run_action(
            request,
            lambda: services.move_item(item=item, offset=-1 if action == "up" else 1, by=request.user),
            _("Row moved."),
        )
    elif action == "add_sub_item":
        form = ItemForm(request.POST)
        if form.is_valid():
            run_action(
                request,
                lambda: services.add_item(
                    topic=item.topic, parent=item, title=form.cleaned_data["title"], unit=item.unit, by=request.user
                ),
                _("Sub-item added."),
            )
        else:
            _form_errors(request, form)
    return _back(plan, "#grid")


@require_POST
@login_required
def allocation_add(request, pk):
    plan = get_plan_for_user(request.user, pk, action=Action.EDIT)
    form = AllocationForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: services.add_allocation(plan=plan, by=request.user, **form.cleaned_data),
            _("Allocation recorded."),
        )
    else:
        _form_errors(request, form)
    return _back(plan, "#budget")


@require_POST
@login_required
def allocation_delete(request, pk):
    allocation = get_allocation_for_user(request.user, pk)
    run_action(
        request, lambda: services.delete_allocation(allocation=allocation, by=request.user), _("Allocation removed.")
    )
    return _back(allocation.plan, "#budget")


@require_POST
@login_required
def meeting_add(request, pk):
    plan = get_plan_for_user(request.user, pk, action=Action.EDIT)
    form = MeetingForm(request.POST, request.FILES)
    if form.is_valid():
        run_action(
            request,
            lambda: services.add_meeting(plan=plan, by=request.user, **form.cleaned_data),
            _("Meeting recorded."),
        )
    else:
        _form_errors(request, form)
    return _back(plan, "#meetings")


@require_POST
@login_required
def meeting_delete(request, pk):
    meeting = get_meeting_for_user(request.user, pk, action=Action.EDIT)
    run_action(request, lambda: services.delete_meeting(meeting=meeting, by=request.user), _("Meeting removed."))
    return _back(meeting.plan, "#meetings")


@login_required
def meeting_minutes(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    if not meeting.minutes:
        raise Http404
    return private_file_response(meeting.minutes)
