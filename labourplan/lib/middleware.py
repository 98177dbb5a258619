import json

from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuse a request whose announced body is larger than settings.MAX_REQUEST_BYTES with 413,
    before anything reads it. (Django's own limits only count form fields kept in memory; files
    are streamed to disk whatever their size.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return self._too_large(request)
        return self.get_response(request)

    def _too_large(self, request):
        limit = filesizeformat(settings.MAX_REQUEST_BYTES)
        message = _("The request is too large: at most %(limit)s may be sent at once.") % {"limit": limit}
        if request.path.startswith("/api/"):
            body = json.dumps({"code": "too_large", "message": message, "errors": {}}, ensure_ascii=False)
            return HttpResponse(body, status=413, content_type="application/json")
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are in Thai unless the person chose English with the footer's switch (remembered in
    the language cookie): a browser set to English is not a choice. The API still follows
    `Accept-Language`, which a program sends on purpose."""

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(language) if language else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
