"""The data package validates with frictionless; the DCAT catalog parses with rdflib and carries
every field the Thai Government Data Catalog requires, from the centre's settings."""

import json

import pytest
from frictionless import Package, validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from labourplan.opendata.datasets import DATASETS
from labourplan.opendata.metadata import gdc_namespace
from labourplan.opendata.models import CatalogSettings

pytestmark = pytest.mark.django_db
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

# Required by the Thai GDC dataset schema (thai-gdc-dataset-metadata.md), and the statistical ones.
GDC_REQUIRED = (
    "data_type", "title", "name", "owner_org", "maintainer", "maintainer_email", "tag_string", "notes",
    "objective", "update_frequency_unit", "geo_coverage", "data_source", "data_format", "data_category",
    "license_id",
)  # fmt: skip
GDC_STATISTICAL = (
    "first_year_of_data", "last_year_of_data", "disaggregate", "unit_of_measure", "unit_of_multiplier",
    "calculation_method", "standard", "last_updated_date", "data_language",
)  # fmt: skip


def test_the_data_package_and_its_files_validate_with_frictionless(client, country, on_as_of, tmp_path):
    package = client.get("/open/datapackage.json")
    assert package.status_code == 200 and "public" in package["Cache-Control"] and package["ETag"]
    (tmp_path / "datapackage.json").write_bytes(package.content)
    described = json.loads(package.content)
    assert [r["name"] for r in described["resources"]] == list(DATASETS)
    for resource in described["resources"]:
        (tmp_path / resource["path"]).write_bytes(client.get(f"/open/{resource['path']}").content)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    rows = Package(str(tmp_path / "datapackage.json")).get_resource("plans").read_rows()
    assert {row["province_code"] for row in rows} >= {"50", "90"}
    assert all(row["fiscal_year_be"] == 2570 and row["fiscal_year_ce"] == 2027 for row in rows)


def test_every_field_has_a_thai_title_and_the_schema_matches_the_header(client, country, on_as_of):
    described = client.get("/open/datapackage.json").json()
    for resource in described["resources"]:
        names = [f["name"] for f in resource["schema"]["fields"]]
        header = client.get(f"/open/{resource['path']}").content.decode("utf-8-sig").splitlines()[0]
        assert header.split(",") == names
        assert all(any("\u0e00" <= c <= "\u0e7f" for c in f["title"]) for f in resource["schema"]["fields"])


def catalog_graph(client) -> Graph:
    response = client.get("/open/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return Graph().parse(data=response.content, format="json-ld")


def test_the_catalog_parses_as_dcat_and_carries_every_required_field(client, country, on_as_of):
    graph = catalog_graph(client)
    gdc = Namespace(gdc_namespace())
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    datasets = list(graph.objects(catalogs[0], DCAT.dataset))
    assert {str(graph.value(d, DCTERMS.identifier)) for d in datasets} == set(DATASETS)
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        titles = {t.language: str(t) for t in graph.objects(dataset, DCTERMS.title)}
        assert titles["th"] and titles["en"]
        for predicate in (DCTERMS.description, DCAT.keyword, DCTERMS.license, DCTERMS.accrualPeriodicity,
                          DCTERMS.spatial, DCTERMS.modified, DCTERMS.temporal, DCAT.landingPage):  # fmt: skip
            assert graph.value(dataset, predicate) is not None, predicate
        assert graph.value(graph.value(dataset, DCTERMS.publisher), FOAF.name) is not None
        contact = graph.value(dataset, DCAT.contactPoint)
        assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:opendata@mol.go.th")
        media = {str(graph.value(d, DCAT.mediaType)) for d in graph.objects(dataset, DCAT.distribution)}
        assert media == {"text/csv", "application/json"}
        downloads = [graph.value(d, DCAT.downloadURL) for d in graph.objects(dataset, DCAT.distribution)]
        assert any(str(url).endswith(".csv") for url in downloads if url)
        for name in GDC_REQUIRED + GDC_STATISTICAL:
            assert graph.value(dataset, gdc[name]) is not None, name
        assert graph.value(dataset, gdc.data_category) == Literal("ข้อมูลสาธารณะ")
        assert graph.value(dataset, gdc.data_type) == Literal("ข้อมูลสถิติ")
        assert graph.value(dataset, gdc.first_year_of_data) == Literal("2570")


def test_the_catalog_follows_the_centres_settings(client, country, on_as_of):
    settings_row = CatalogSettings.current()
    settings_row.maintainer_email = "data@example.go.th"
    settings_row.keywords = "ข้อมูลเปิด, แรงงาน"
    settings_row.save()
    graph = catalog_graph(client)
    dataset = next(graph.subjects(DCTERMS.identifier, Literal("plans")))
    assert graph.value(graph.value(dataset, DCAT.contactPoint), VCARD.hasEmail) == URIRef("mailto:data@example.go.th")
    assert {str(k) for k in graph.objects(dataset, DCAT.keyword)} == {"ข้อมูลเปิด", "แรงงาน"}


def test_the_centre_edits_the_catalog_settings_in_the_settings_area(client, central_admin):
    client.force_login(central_admin)
    page = client.get("/admin/opendata/catalogsettings/add/")
    assert page.status_code == 200
    assert "อีเมลผู้ติดต่อ" in page.content.decode()
