"""The public pages and files under /open/: no sign-in, cacheable by a proxy."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseNotModified
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from labourplan.lib import fiscal
from labourplan.lib.digits import to_arabic_digits
from labourplan.opendata.datasets import DATASETS
from labourplan.opendata.figures import publication_key, published_years, year_figures
from labourplan.opendata.page import page_context
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


@require_GET
def open_page(request):
    """The public page: the national figures of a published fiscal year (the latest by default),
    charts, map and tables, in Thai first. Its body is rendered once per state of the figures
    and language; a proxy may keep it, and a matching If-None-Match costs a few queries."""
    years = published_years()
    asked = fiscal_year_asked(request)
    chosen = next((year for year in years if year.year_be == asked), None) if asked else (years[0] if years else None)
    if asked and chosen is None:
        raise Http404
    # The page shows one year: its figures' stamp and the list of years key it, so that old years
    # cost nothing here.
    listed = ",".join(str(year.year_be) for year in years)
    key = f"open-page:{publication_key([chosen] if chosen else [])}:{listed}:{get_language()}"
    etag = f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        content = cache.get(key)
        if content is None:
            context = {"years": years, "chosen": chosen, "datasets": DATASETS.values()}
            if chosen is not None:
                context.update(page_context(year_figures(chosen)))
            context["today"] = fiscal.bangkok_today()
            content = render_to_string("opendata/_page.html", context, request=request)
            cache.set(key, content, settings.OPEN_DATA_CACHE_SECONDS)
        response = render(request, "opendata/page.html", {"content": content})
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.OPEN_DATA_MAX_AGE)
    return response
