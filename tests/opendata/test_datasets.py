"""The open datasets: the dashboard's figures, only months that have ended, files a program can read."""

import csv
import io
from decimal import Decimal

import pytest

from labourplan.dashboard.national import national_picture
from labourplan.opendata.datasets import DATASETS
from labourplan.opendata.models import Publication
from labourplan.plans.services import create_plan

pytestmark = pytest.mark.django_db


def rows(client, name, **query):
    response = client.get(f"/api/open/{name}/", query)
    assert response.status_code == 200, response.content
    return response.json()["data"]


def test_the_figures_are_the_dashboards_for_the_same_year_and_date(client, country, on_as_of):
    picture = national_picture(fiscal_year=country)
    national = [r for r in rows(client, "area-months", fy=2570) if r["area_level"] == "country"]
    assert [r["month"] for r in national] == ["2026-10", "2026-11", "2026-12"]
    for r in national:
        tally = picture.reporting.by_month[r["month_index"] - 1]
        assert (r["reports_on_time"], r["reports_late"], r["reports_missing"], r["no_plan"]) == (
            tally.on_time,
            tally.late,
            tally.missing,
            tally.no_plan,
        )
        assert r["plans_approved"] == picture.plans_approved == 3
        assert r["provinces"] == picture.province_total
        assert Decimal(str(r["budget_disbursed"])) == picture.budget.disbursed[r["month_index"] - 1]
    assert Decimal(str(national[0]["budget_allocated"])) == picture.budget.allocated
    assert [r["budget_disbursed"] for r in national] == [15000, 14000, 0]

    activity = picture.main_activity
    code = f"{activity.topic_number}.{activity.number}"
    results = [
        r for r in rows(client, "activity-months", fy=2570) if r["area_code"] == "TH" and r["activity_code"] == code
    ]
    assert [r["result"] for r in results] == activity.national.results[:3]
    assert [r["target_cumulative"] for r in results] == activity.national.cumulative_targets[:3]

    plans = rows(client, "plans", fy=2570)
    assert sum(r["plan_approved"] for r in plans) == picture.plans_approved
    assert len(plans) == picture.province_total
    by_province = {r["province_code"]: r for r in rows(client, "province-months", fy=2570) if r["month_index"] == 2}
    for line in picture.lines:
        assert by_province[line.province.code]["report_status"] == line.reporting.cells[1].status


def test_only_months_that_have_ended_are_published(client, country, on_as_of):
    months = {r["month"] for r in rows(client, "province-months")}
    assert months == {"2026-10", "2026-11", "2026-12"}


def test_the_csv_is_utf8_with_a_bom_and_one_header_row_of_machine_names(client, country, on_as_of):
    response = client.get("/open/plans.csv?fy=2570")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == [f.name for f in DATASETS["plans"].fields]
    assert all(name.isascii() and name == name.lower() for name in table[0])
    chiang_rai = next(row for row in table[1:] if row[3] == "57")
    assert chiang_rai[:2] == ["2570", "2027"]
    assert "เชียงราย" in chiang_rai


def test_fiscal_years_are_given_in_be_or_thai_digits_and_unknown_ones_are_404(client, country, on_as_of):
    assert client.get("/open/plans.json?fy=๒๕๗๐").json()["data"][0]["fiscal_year_be"] == 2570
    assert client.get("/open/plans.json?fy=2590").status_code == 404
    assert client.get("/open/nothing.json").status_code == 404
    assert client.get("/api/open/plans/?fy=abc").status_code == 400


def test_a_withheld_year_is_published_nowhere(client, country, on_as_of):
    Publication.objects.create(fiscal_year=country, withheld=True)
    assert client.get("/api/open/plans/?fy=2570").status_code == 404
    assert all(r["fiscal_year_be"] != 2570 for r in rows(client, "plans"))


def test_answers_are_public_cacheable_with_an_etag(client, country, on_as_of):
    first = client.get("/api/open/area-months/")
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    again = client.get("/api/open/area-months/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    csv_file = client.get("/open/area-months.csv")
    assert client.get("/open/area-months.csv", headers={"If-None-Match": csv_file["ETag"]}).status_code == 304


def test_a_change_of_the_figures_changes_the_answer(client, country, on_as_of, cm_editor, chiang_mai):
    def chiang_mai_status():
        return {r["province_code"]: r["plan_status"] for r in rows(client, "plans", fy=2570)}["50"]

    assert chiang_mai_status() == "not_started"
    create_plan(province=chiang_mai, fiscal_year=country, by=cm_editor)
    assert chiang_mai_status() == "draft"


def test_a_cached_answer_costs_a_few_queries_whatever_the_number_of_provinces(
    client, country, on_as_of, django_assert_max_num_queries
):
    client.get("/api/open/province-months/")
    with django_assert_max_num_queries(8):
        client.get("/api/open/province-months/")


def test_too_many_requests_from_one_address_answer_429_in_thai_and_english(client, settings, country, on_as_of):
    settings.OPEN_DATA_RATE = "2/minute"
    for _ in range(2):
        assert client.get("/api/open/", REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.get("/api/open/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    body = refused.json()
    assert body["code"] == "throttled"
    assert "มากเกินไป" in body["message"] and "Too many requests" in body["message"]
    assert client.get("/api/open/", REMOTE_ADDR="203.0.113.8").status_code == 200
