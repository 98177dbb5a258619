import logging
import secrets

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from labourplan.lib.api import error_body
from labourplan.lib.uploads import private_storage

logger = logging.getLogger(__name__)


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_answers() -> None:
    key = f"healthz:{secrets.token_hex(8)}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _file_store_answers() -> None:
    """Write, read back and remove a small file where the uploads live (every server must share it)."""
    name = private_storage.save(f"healthz/{secrets.token_hex(8)}.txt", ContentFile(b"ok"))
    try:
        with private_storage.open(name) as stored:
            if stored.read() != b"ok":
                raise RuntimeError("the file store returned other bytes")
    finally:
        private_storage.delete(name)


HEALTH_CHECKS = {"database": _database_answers, "cache": _cache_answers, "files": _file_store_answers}


@never_cache
@require_GET
def healthz(request):
    """200 when the database, the cache and the file store all answer, 503 naming the one that does
    not: for load balancers and monitors (a server that cannot reach the shared files or cache must
    leave the pool as surely as one without its database)."""
    body, healthy = {}, True
    for part, check in HEALTH_CHECKS.items():
        try:
            check()
        except Exception:  # any failure of a part means unhealthy
            logger.exception("health check failed: %s", part)
            body[part], healthy = "unreachable", False
        else:
            body[part] = "ok"
    return JsonResponse({"status": "ok" if healthy else "error", **body}, status=200 if healthy else 503)


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
