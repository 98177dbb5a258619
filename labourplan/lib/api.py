"""What every app's REST API shares: one error body, and the schema that documents it.

Every error of the API answers the same shape, built by `exception_handler` (DRF's
EXCEPTION_HANDLER):

    {"code": "invalid" | "rule" | "confirm_required" | "forbidden" | "csrf_failed" | "not_found"
             | "conflict" | "not_authenticated" | "authentication_failed" | "parse_error"
             | "server_error" | …,
     "message": "… (Thai)", "errors": {field: [messages]}, ("current": {…} for a conflict)}

Services raise `lib.errors.ServiceError` (or an app's subclass) and `lib.errors.Conflict`; an
app tells how to show the record of a conflict with `register_conflict_serializer`.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from labourplan.lib.errors import Conflict, ServiceError

# The code of a PermissionDenied raised for a missing or stale CSRF token (not a question of role).
CSRF_FAILED = "csrf_failed"
# Refusals whose message (Thai, from the view) says why, rather than "your role does not allow it".
_OWN_REFUSALS = {"session_required", "recent_second_factor_required"}

_conflict_serializers: dict[type, type[serializers.Serializer]] = {}


def register_conflict_serializer(model: type, serializer_class: type[serializers.Serializer]) -> None:
    """A Conflict about a `model` record sends it back as `current`, shown by `serializer_class`."""
    _conflict_serializers[model] = serializer_class


def _non_field_key() -> str:
    return api_settings.NON_FIELD_ERRORS_KEY


def _messages(value) -> list[str]:
    """DRF nests errors (by list index, by nested field); a client wants plain messages."""
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    if isinstance(value, list | tuple):
        return [m for v in value for m in _messages(v)]
    return [str(value)]


def _error_lists(errors: dict) -> dict[str, list[str]]:
    """{field: [messages]} from DRF's details or a ServiceError's {field or "__all__": message}."""
    return {(_non_field_key() if field == "__all__" else str(field)): _messages(v) for field, v in errors.items()}


def error_body(code: str, message, errors: dict | None = None, **extra) -> dict:
    return {"code": code, "message": str(message), "errors": errors or {}, **extra}


def _conflict_current(current):
    serializer_class = _conflict_serializers.get(type(current))
    return serializer_class(current, context={"now": timezone.now()}).data if serializer_class else None


def exception_handler(exc, context):
    """Every error of the API in one shape, with a message a person can read."""
    if isinstance(exc, Conflict):
        set_rollback()
        body = error_body(
            exc.code,
            _("Someone else saved this first: here are the saved values. Apply your change to them and save again."),
            current=_conflict_current(exc.current),
        )
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ServiceError):
        set_rollback()
        return Response(error_body(exc.code, exc.message, _error_lists(exc.errors)), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {_non_field_key(): exc.messages}
        exc = exceptions.ValidationError(errors)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)  # headers (WWW-Authenticate, Retry-After), rollback
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {_non_field_key(): exc.detail}
        errors = _error_lists(detail)
        first = next((messages[0] for messages in errors.values() if messages), _("Some values are not valid."))
        response.data = error_body("invalid", first, errors)
    elif isinstance(exc, exceptions.NotAuthenticated):
        response.data = error_body("not_authenticated", _("Sign in first."))
    elif isinstance(exc, exceptions.AuthenticationFailed):
        response.data = error_body("authentication_failed", _("The API token is not valid, or was revoked."))
    elif isinstance(exc, exceptions.PermissionDenied) and getattr(exc.detail, "code", None) == CSRF_FAILED:
        response.data = error_body(
            "csrf_failed",
            _(
                "The request was refused because its CSRF security token is missing or out of date. "
                "Reload the page and try again."
            ),
        )
    elif isinstance(exc, exceptions.PermissionDenied) and getattr(exc.detail, "code", None) in _OWN_REFUSALS:
        response.data = error_body(exc.detail.code, exc.detail)  # a refusal that says its own reason
    elif isinstance(exc, exceptions.PermissionDenied):
        response.data = error_body("forbidden", _("Your role does not allow this action."))
    elif isinstance(exc, exceptions.NotFound):
        response.data = error_body("not_found", _("Not found, or not yours to see."))
    elif isinstance(exc, exceptions.MethodNotAllowed):
        response.data = error_body("method_not_allowed", _("This address does not accept that method."))
    elif isinstance(exc, exceptions.ParseError):
        response.data = error_body("parse_error", _("The request body could not be read."))
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        response.data = error_body("unsupported_media_type", _("Send JSON, or a form for uploads."))
    elif isinstance(exc, exceptions.NotAcceptable):
        response.data = error_body("not_acceptable", _("This address answers in JSON only."))
    else:
        response.data = error_body(exc.default_code, exc.detail)
    return response


# The schema (drf-spectacular) -----------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """The body of every error."""

    code = serializers.CharField(help_text="invalid, rule, confirm_required, forbidden, not_found, conflict, …")
    message = serializers.CharField(help_text="For people, in the user's language (Thai first).")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    current = serializers.JSONField(required=False, allow_null=True, help_text="A conflict's saved record.")


_ERRORS = {
    "400": OpenApiResponse(ErrorSerializer, description="Invalid input, or a rule of the form refused it."),
    "401": OpenApiResponse(ErrorSerializer, description="Not signed in, or the token is not valid."),
    "403": OpenApiResponse(ErrorSerializer, description="The role does not allow this action."),
    "404": OpenApiResponse(ErrorSerializer, description="Not found, or outside the user's province."),
    "405": OpenApiResponse(ErrorSerializer, description="Method not allowed."),
    "406": OpenApiResponse(ErrorSerializer, description="Not acceptable."),
    "409": OpenApiResponse(ErrorSerializer, description="Someone saved first; `current` is the saved record."),
    "413": OpenApiResponse(ErrorSerializer, description="The request is too large."),
    "415": OpenApiResponse(ErrorSerializer, description="Unsupported media type."),
}


class AutoSchema(SpectacularAutoSchema):
    """Documents the shared error body on every operation, next to its own answers."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in _ERRORS.items():
            if code == "409" and self.method not in ("PUT", "PATCH"):
                continue
            responses.setdefault(code, self._get_response_for_code(response, code, direction=direction))
        return responses
