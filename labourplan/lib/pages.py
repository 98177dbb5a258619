"""What every app's pages do alike: read the fiscal year asked for, run a service for a form's
button and say how it went, and go back only to a page of this site."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from labourplan.lib.digits import parse_int
from labourplan.lib.errors import ServiceError

FISCAL_YEAR_PARAMETER = "fy"
OLD_FISCAL_YEAR_PARAMETERS = ("year",)  # Form 3's links and bookmarks before ?fy= was everywhere


def fiscal_year_asked(request, fiscal_years: QuerySet, *, default: Callable | None = None):
    """The fiscal year of `?fy=2570` (B.E., Thai digits too; `?year=` as older links say) among
    `fiscal_years`; without one, `default()` (the current fiscal year unless told otherwise).
    A year that is not there, or not a number, answers 404; so does no default."""
    names = (FISCAL_YEAR_PARAMETER, *OLD_FISCAL_YEAR_PARAMETERS)
    asked = next((request.GET[name].strip() for name in names if request.GET.get(name, "").strip()), "")
    if asked:
        try:
            year_be = parse_int(asked)
        except ValueError:
            raise Http404 from None
        return get_object_or_404(fiscal_years, year_be=year_be)
    fiscal_year = default() if default else fiscal_years.current()
    if fiscal_year is None:
        raise Http404
    return fiscal_year


def run_action(request, action: Callable, success: str):
    """Run a form's service: its success message, or the refusal's (a ServiceError, or a
    ValidationError such as an upload's). What it returned (True if nothing true), or None if refused."""
    try:
        result = action()
    except ServiceError as exc:
        messages.error(request, exc.message)
        return None
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None
    messages.success(request, success)
    return result or True


def safe_next(request, value: str | None) -> str:
    """A page of this site to go back to (the review queue, …), never another site."""
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False):
        return value
    return ""
