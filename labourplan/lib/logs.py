"""Logs a machine can read: one JSON object a line (LOG_FORMAT=json, settings.py), each record
made during a request carrying that request's id, and the same id on the response and in
gunicorn's access log, so that one request's lines are found together.

The id is the proxy's (nginx sends its $request_id as X-Request-ID, deploy/nginx/labourplan.conf)
when it looks like one, else a new one."""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished, request_started

REQUEST_ID_HEADER = "X-Request-ID"
_request_id = contextvars.ContextVar("request_id", default="-")
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


def _request_started(sender, environ=None, **kwargs):
    """From the start of a request to its end (after Django has logged its response): the request's id."""
    given = (environ or {}).get("HTTP_X_REQUEST_ID", "")
    _request_id.set(given if _ACCEPTED.match(given) else uuid.uuid4().hex)


def _request_finished(sender, **kwargs):
    _request_id.set("-")


request_started.connect(_request_started, dispatch_uid="labourplan.lib.logs.started")
request_finished.connect(_request_finished, dispatch_uid="labourplan.lib.logs.finished")


class RequestIdMiddleware:
    """The request's id on the request (for views) and on the response (for the proxy's and
    gunicorn's access logs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _request_id.get() == "-":  # a request that did not come through a handler's start
            _request_id.set(uuid.uuid4().hex)
        request.request_id = _request_id.get()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True
