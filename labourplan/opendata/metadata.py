"""What describes the open datasets to programs: a Frictionless data package (the schema of every
file) and a DCAT catalog in JSON-LD (what CKAN's DCAT harvester reads), carrying the Thai
Government Data Catalog fields from the centre's settings (models.CatalogSettings)."""

from __future__ import annotations

import datetime

from django.conf import settings

from labourplan.lib import fiscal
from labourplan.opendata.datasets import DATASETS, Dataset
from labourplan.opendata.models import CatalogSettings, UpdateFrequency
from labourplan.reference.models import FiscalYear

PACKAGE_NAME = "labourplan-open-data"
DATA_TYPE = "ข้อมูลสถิติ"
DATA_CATEGORY = "ข้อมูลสาธารณะ"
DATA_FORMATS = ["CSV", "JSON"]
DATA_LANGUAGES = ["ไทย", "อังกฤษ"]
UNIT_OF_MULTIPLIER = "หน่วย"
CALCULATION_METHOD = (
    "รวมจากแผนปฏิบัติการ (แบบ 1) ที่มีผลบังคับใช้และรายงานประจำเดือน (แบบ 2) ที่จังหวัดส่งแล้ว "
    "เฉพาะเดือนที่สิ้นสุดแล้ว ตัวเลขเดียวกับแดชบอร์ดระดับประเทศของศูนย์ฯ"
)
STANDARD = "Frictionless Data Package / Table Schema; DCAT"
# The Dublin Core frequencies of the catalog's update units (DCAT's dct:accrualPeriodicity).
FREQUENCIES = {
    UpdateFrequency.YEAR: "annual",
    UpdateFrequency.HALF_YEAR: "semiannual",
    UpdateFrequency.QUARTER: "quarterly",
    UpdateFrequency.MONTH: "monthly",
    UpdateFrequency.WEEK: "weekly",
    UpdateFrequency.DAY: "daily",
}


def site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def data_package(catalog: CatalogSettings, *, created: datetime.datetime) -> dict:
    """A tabular data package whose resources are the CSV files beside it (/open/<name>.csv)."""
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "ข้อมูลเปิด: แผนปฏิบัติการจังหวัดด้านแรงงานบังคับและการค้ามนุษย์ด้านแรงงาน",
        "description": catalog.description,
        "homepage": site("/open/"),
        "keywords": catalog.keyword_list,
        "licenses": [
            {"name": catalog.license_id, "path": catalog.license_url, "title": catalog.get_license_id_display()}
        ],
        "sources": [{"title": catalog.data_source}],
        "contributors": [{"title": catalog.maintainer, "email": catalog.maintainer_email, "role": "publisher"}],
        "created": created.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resources": [resource(dataset) for dataset in DATASETS.values()],
    }


def resource(dataset: Dataset) -> dict:
    fields = []
    for field in dataset.fields:
        described = {"name": field.name, "type": field.type, "title": field.title_th, "description": field.title_en}
        if field.enum:
            described["constraints"] = {"enum": list(field.enum)}
        fields.append(described)
    return {
        "profile": "tabular-data-resource",
        "name": dataset.name,
        "path": f"{dataset.name}.csv",
        "title": dataset.title_th,
        "description": f"{dataset.description_th}\n\n{dataset.title_en}",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "schema": {"fields": fields, "primaryKey": list(dataset.primary_key), "missingValues": [""]},
    }


CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def gdc_namespace() -> str:
    """The Thai GDC fields as properties, named as the catalog's CKAN schema names them."""
    return site("/open/thai-gdc#")


def _text(th: str, en: str | None = None) -> list[dict]:
    values = [{"@value": th, "@language": "th"}]
    return [*values, {"@value": en, "@language": "en"}] if en else values


def _date(value: datetime.date | str) -> dict:
    return {"@value": str(value), "@type": "xsd:date"}


def catalog_graph(catalog: CatalogSettings, years: list[FiscalYear], *, today: datetime.date) -> dict:
    """The DCAT catalog of every open dataset, in JSON-LD (its context inline: nothing to fetch)."""
    publisher = {"@type": "foaf:Organization", "foaf:name": catalog.publisher}
    contact = {
        "@type": "vcard:Organization",
        "vcard:fn": catalog.maintainer,
        "vcard:hasEmail": {"@id": f"mailto:{catalog.maintainer_email}"},
    }
    temporal = _temporal(years, today)
    last_updated = today.isoformat()
    return {
        "@context": {**CONTEXT, "gdc": gdc_namespace()},
        "@id": site("/open/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": _text("ข้อมูลเปิด ระบบรายงานแผนปฏิบัติการจังหวัด กระทรวงแรงงาน", "Labourplan open data"),
        "dct:description": _text(catalog.description),
        "dct:publisher": publisher,
        "dct:language": [{"@id": "http://id.loc.gov/vocabulary/iso639-1/th"}],
        "dct:modified": _date(last_updated),
        "foaf:homepage": {"@id": site("/open/")},
        "dcat:dataset": [
            _dataset(dataset, catalog, publisher, contact, temporal, years, last_updated)
            for dataset in DATASETS.values()
        ],
    }


def _temporal(years: list[FiscalYear], today: datetime.date) -> dict | None:
    """From the first published fiscal year's start to the end of the last month ended."""
    if not years:
        return None
    latest = max(years, key=lambda fy: fy.year_be)
    ended = fiscal.months_ended(latest.year_be, today=today)
    year, month = latest.months[max(ended, 1) - 1]
    end = fiscal.sending_opens_on(year, month) - datetime.timedelta(days=1)
    return {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": _date(min(fy.start_date for fy in years)),
        "dcat:endDate": _date(end),
    }


def _dataset(dataset, catalog, publisher, contact, temporal, years, last_updated) -> dict:
    frequency = FREQUENCIES.get(catalog.update_frequency_unit, "irregular")
    years_be = sorted(fy.year_be for fy in years)
    node = {
        "@id": site(f"/open/#{dataset.name}"),
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.name,
        "dct:title": _text(dataset.title_th, dataset.title_en),
        "dct:description": _text(dataset.description_th),
        "dcat:keyword": catalog.keyword_list,
        "dct:publisher": publisher,
        "dcat:contactPoint": contact,
        "dct:license": {"@id": catalog.license_url} if catalog.license_url else catalog.license_id,
        "dct:accrualPeriodicity": {"@id": f"http://purl.org/cld/freq/{frequency}"},
        "dct:spatial": _text("ประเทศไทย", "Thailand"),
        "dct:modified": _date(last_updated),
        "dct:language": [{"@id": "http://id.loc.gov/vocabulary/iso639-1/th"}],
        "dcat:landingPage": {"@id": site("/open/")},
        "dcat:distribution": [
            _distribution(f"/open/{dataset.name}.csv", "text/csv", "CSV", catalog),
            _distribution(f"/open/{dataset.name}.json", "application/json", "JSON", catalog),
            _distribution(f"/api/open/{dataset.name}/", "application/json", "JSON", catalog, api=True),
        ],
        # The Thai Government Data Catalog's own fields (thai-gdc-dataset-metadata.md).
        "gdc:data_type": DATA_TYPE,
        "gdc:title": dataset.title_th,
        "gdc:name": dataset.name,
        "gdc:owner_org": catalog.publisher,
        "gdc:allow_harvest": True,
        "gdc:maintainer": catalog.maintainer,
        "gdc:maintainer_email": catalog.maintainer_email,
        "gdc:tag_string": ",".join(catalog.keyword_list),
        "gdc:notes": dataset.description_th,
        "gdc:objective": [part.strip() for part in catalog.objective.split(",") if part.strip()],
        "gdc:update_frequency_unit": catalog.update_frequency_unit,
        "gdc:update_frequency_interval": catalog.update_frequency_interval,
        "gdc:geo_coverage": catalog.geo_coverage,
        "gdc:data_source": catalog.data_source,
        "gdc:data_format": DATA_FORMATS,
        "gdc:data_category": DATA_CATEGORY,
        "gdc:license_id": catalog.license_id,
        "gdc:data_language": DATA_LANGUAGES,
        "gdc:last_updated_date": _date(last_updated),
        "gdc:disaggregate": dataset.disaggregate,
        "gdc:unit_of_measure": dataset.unit_of_measure,
        "gdc:unit_of_multiplier": UNIT_OF_MULTIPLIER,
        "gdc:calculation_method": CALCULATION_METHOD,
        "gdc:standard": STANDARD,
    }
    if temporal:
        node["dct:temporal"] = temporal
    if years_be:
        node["gdc:first_year_of_data"] = str(years_be[0])
        node["gdc:last_year_of_data"] = str(years_be[-1])
    if catalog.accessible_condition:
        node["gdc:accessible_condition"] = catalog.accessible_condition
    if catalog.more_info_url:
        node["gdc:url"] = catalog.more_info_url
    return node


def _distribution(path: str, media_type: str, fmt: str, catalog: CatalogSettings, *, api: bool = False) -> dict:
    url = {"@id": site(path)}
    node = {
        "@type": "dcat:Distribution",
        "dcat:accessURL": url,
        "dcat:mediaType": media_type,
        "dct:format": fmt,
        "dct:title": "API" if api else fmt,
    }
    if not api:
        node["dcat:downloadURL"] = url
    if catalog.license_url:
        node["dct:license"] = {"@id": catalog.license_url}
    return node
