"""The public pages and files under /open/: no sign-in, cacheable by a proxy."""

from django.http import Http404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from labourplan.lib.digits import to_arabic_digits
from labourplan.opendata.publishing import (
    catalog_documents,
    dataset_or_404,
    json_bytes,
    public_response,
    published,
)


def fiscal_year_asked(request) -> int | None:
    """?fy=2570 (B.E.; Thai digits accepted); every published year without it. 404 otherwise."""
    text = to_arabic_digits(request.GET.get("fy", "")).strip()
    if not text:
        return None
    if not text.isdigit():
        raise Http404
    return int(text)


@require_GET
def dataset_file(request, name, fmt):
    dataset = dataset_or_404(name)
    if fmt not in ("csv", "json"):
        raise Http404
    content = published(dataset, fy=fiscal_year_asked(request))
    filename = f"{dataset.name}.{fmt}"
    disposition = {"Content-Disposition": content_disposition_header(False, filename)}
    if fmt == "csv":
        return public_response(request, content.csv, "text/csv; charset=utf-8", **disposition)
    return public_response(request, json_bytes(content.json), "application/json", **disposition)


@require_GET
def datapackage(request):
    """The Frictionless data package: every file's schema, with Thai titles."""
    package, _catalog = catalog_documents()
    return public_response(request, package, "application/json")


@require_GET
def catalog(request):
    """The DCAT catalog in JSON-LD with the Thai Government Data Catalog fields."""
    _package, graph = catalog_documents()
    return public_response(request, graph, "application/ld+json")
