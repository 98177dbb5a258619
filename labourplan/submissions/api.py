"""The API's endpoints of a form's life cycle: POST …/submit/, …/accept/, …/return/, …/reopen/.
Each fetches the form as the user may act on it (404 outside the province, 403 for a role without
the action), runs the transition and answers the form as `respond` shows it. The request bodies
are each form's own serializers, so that the published schema names them as before."""

from collections.abc import Callable

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.views import APIView

from labourplan.accounts.permissions import Action
from labourplan.submissions.services import Lifecycle


def _data(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def opened(respond: Callable, submission, *, existed: bool, url_name: str):
    """The answer to "open the form": the existing one (200), or the one just created (201, with
    its address in Location)."""
    if existed:
        return respond(submission)
    headers = {"Location": reverse(url_name, args=[submission.pk])}
    return respond(submission, status=status.HTTP_201_CREATED, headers=headers)


def transition_endpoints(
    *,
    lifecycle: Lifecycle,
    get_for_user: Callable,
    submit: Callable,
    respond: Callable,
    response,
    accept_request,
    return_request,
    reopen_request,
) -> tuple[type[APIView], type[APIView], type[APIView], type[APIView]]:
    """The four views, in the order submit, accept, return, reopen. `submit` is the form's own
    (its rules before sending); `response` is the serializer `respond(submission)` answers with."""

    class SubmitView(APIView):
        @extend_schema(request=None, responses=response)
        def post(self, request, pk):
            return respond(submit(report=get_for_user(request.user, pk, action=Action.SUBMIT), by=request.user))

    def review(transition, serializer_class):
        class ReviewView(APIView):
            @extend_schema(request=serializer_class, responses=response)
            def post(self, request, pk):
                submission = get_for_user(request.user, pk, action=Action.REVIEW)
                data = _data(serializer_class, request)
                return respond(transition(report=submission, by=request.user, **data))

        return ReviewView

    return (
        SubmitView,
        review(lifecycle.accept, accept_request),
        review(lifecycle.return_, return_request),
        review(lifecycle.reopen, reopen_request),
    )
