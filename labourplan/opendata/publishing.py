"""The public files, built once per state of the figures and kept in the cache: a request costs
the stamps' few queries while nothing changes (figures.publication_key)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag

from labourplan.lib import fiscal
from labourplan.opendata.datasets import DATASETS, Dataset, to_csv, to_json
from labourplan.opendata.figures import publication_key, published_years, year_figures
from labourplan.opendata.metadata import catalog_graph, data_package
from labourplan.opendata.models import CatalogSettings
from labourplan.reference.models import FiscalYear


@dataclass
class Published:
    """A dataset's public content for some years."""

    dataset: Dataset
    csv: bytes
    json: dict
    last_updated: str


def dataset_or_404(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise Http404 from None


def years_asked(fy: int | None) -> list[FiscalYear]:
    """Every published year, or the one asked for (404 when it is not published)."""
    years = published_years()
    if fy is None:
        return years
    chosen = [year for year in years if year.year_be == fy]
    if not chosen:
        raise Http404
    return chosen


def published(dataset: Dataset, *, fy: int | None = None) -> Published:
    years = years_asked(fy)
    key = f"open:{dataset.name}:{fy}:{publication_key(years)}"
    content = cache.get(key)
    if content is None:
        figures = [year_figures(year) for year in years]
        rows = dataset.rows(figures)
        last_updated = fiscal.bangkok_today().isoformat()
        content = Published(
            dataset=dataset,
            csv=to_csv(dataset, rows),
            json=to_json(dataset, rows, last_updated=last_updated),
            last_updated=last_updated,
        )
        cache.set(key, content, settings.OPEN_DATA_CACHE_SECONDS)
    return content


def catalog_documents() -> tuple[bytes, bytes]:
    """The data package and the DCAT catalog, as bytes, kept while nothing public changes."""
    years = published_years()
    key = f"open:catalog:{publication_key(years)}"
    documents = cache.get(key)
    if documents is None:
        catalog = CatalogSettings.current()
        today = fiscal.bangkok_today()
        documents = (
            json_bytes(data_package(catalog, created=timezone.now())),
            json_bytes(catalog_graph(catalog, years, today=today)),
        )
        cache.set(key, documents, settings.OPEN_DATA_CACHE_SECONDS)
    return documents


def etag_of(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def public_response(request, content: bytes, content_type: str, **headers) -> HttpResponse:
    """A public answer a proxy may keep: Cache-Control, an ETag, 304 to a matching If-None-Match."""
    etag = etag_of(content)
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type=content_type, headers=headers)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.OPEN_DATA_MAX_AGE)
    return response


def json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
