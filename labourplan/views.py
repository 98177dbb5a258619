from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from labourplan.lib.api import error_body


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not: for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 — any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception):
    """Django's 404 page, except under /api/, where a program gets the API's error body."""
    if request.path.startswith("/api/"):
        body = error_body("not_found", _("Not found, or not yours to see."))
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Django's 500 page, except under /api/, where a program gets the API's error body."""
    if request.path.startswith("/api/"):
        body = error_body(
            "server_error", _("Something went wrong on the server. Try again; if it goes on, tell the centre.")
        )
        return JsonResponse(body, status=500, json_dumps_params={"ensure_ascii": False})
    return defaults.server_error(request)


def bad_request(request, exception):
    """Django's 400 page (a request it refuses before any view, such as an unknown host), except
    under /api/, where a program gets the API's error body."""
    if request.path.startswith("/api/"):
        body = error_body("bad_request", _("The request could not be understood."))
        return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    return defaults.bad_request(request, exception)
