"""A workbook sent to the browser as a download."""

from urllib.parse import quote

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, *, ascii_name: str, thai_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    # RFC 6266: a plain name for old clients, the Thai one (RFC 5987) for every current browser.
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(thai_name)}"
    response["Content-Length"] = str(len(content))
    add_never_cache_headers(response)  # a province's plan, a report, a register are not for shared caches
    return response
