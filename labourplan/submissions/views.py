"""The page actions of a form's life cycle: each a POST that runs the transition, says how it
went and goes back (a review to the page the reviewer came from, the review queue say). The
form's page includes `submissions/_lifecycle.html` with `lifecycle_context(...)`."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from labourplan.accounts.permissions import Action, has_permission
from labourplan.lib.pages import run_action, safe_next
from labourplan.submissions.services import Lifecycle


def lifecycle_context(request, submission, lifecycle: Lifecycle, **extra) -> dict:
    """What the include needs: the URLs of the form's transitions, who may do what, and where a
    review goes back to (`?next=`). `extra` adds the form's own (`submit_template`, `checks`, …)."""
    province_id = submission.plan.province_id
    user = request.user
    return {
        "submission": submission,
        "kind": lifecycle.kind,
        "urls": {
            action: reverse(lifecycle.url_name(action), args=[submission.pk])
            for action in ("submit", "accept", "return", "reopen")
        },
        "can_edit": has_permission(user, Action.EDIT, province_id) and submission.is_editable,
        "can_submit": has_permission(user, Action.SUBMIT, province_id) and submission.is_editable,
        "can_review": has_permission(user, Action.REVIEW, province_id),
        "next_url": safe_next(request, request.GET.get("next")),
        "submit_template": "submissions/_submit.html",
        **extra,
    }


def submit_view(*, lifecycle: Lifecycle, get_for_user: Callable, submit: Callable, success, before=None):
    """The province's "send" button. `before(request, submission)` may answer first (a
    confirmation the form asks for)."""

    @require_POST
    @login_required
    def view(request, pk):
        submission = get_for_user(request.user, pk, action=Action.SUBMIT)
        response = before(request, submission) if before else None
        if response is not None:
            return response
        run_action(request, lambda: submit(report=submission, by=request.user), success)
        return redirect(lifecycle.url_name("detail"), pk=submission.pk)

    return view


def review_views(*, lifecycle: Lifecycle, get_for_user: Callable):
    """The centre's accept, return (with a comment) and reopen (with a reason) buttons."""

    def review(transition, text_field: str, success):
        @require_POST
        @login_required
        def view(request, pk):
            submission = get_for_user(request.user, pk, action=Action.REVIEW)
            text = {text_field: request.POST.get(text_field, "")}
            run_action(request, lambda: transition(report=submission, by=request.user, **text), success)
            back = safe_next(request, request.POST.get("next"))
            return redirect(back or reverse(lifecycle.url_name("detail"), args=[submission.pk]))

        return view

    return (
        review(lifecycle.accept, "comment", _("The report was accepted.")),
        review(lifecycle.return_, "comment", _("The report was returned to the province with your comment.")),
        review(lifecycle.reopen, "reason", _("The report was reopened for the province to correct.")),
    )
