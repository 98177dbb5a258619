"""The public page: no sign-in, Thai first, the dashboard's charts and tables, only ended months;
a withheld year is absent; the provinces' levels only of a frozen round the centre made public."""

import datetime

import pytest

from labourplan.evaluation.models import Round
from labourplan.evaluation.services import freeze_round
from labourplan.lib.fiscal import BANGKOK
from labourplan.opendata.models import Publication

pytestmark = pytest.mark.django_db


def test_anyone_reads_the_page_in_thai_without_signing_in(client, country, on_as_of):
    page = client.get("/open/")
    assert page.status_code == 200
    text = page.content.decode()
    assert '<html lang="th"' in text
    assert "ข้อมูลเปิด" in text and "ปีงบประมาณ พ.ศ. 2570" in text and "ดาวน์โหลดข้อมูล" in text
    assert "Download the data" not in text
    assert 'data-testid="chart-disbursement"' in text and 'data-testid="chart-activity"' in text
    assert "ธ.ค. 2569" in text and "ม.ค. 2570" not in text.split('data-area="TH"')[1].split("</table>")[0]
    assert 'data-testid="last-updated"' in text and "10 มกราคม 2570" in text
    assert "/open/plans.csv" in text and "/open/datapackage.json" in text
    assert "public" in page["Cache-Control"]
    assert client.get("/open/", headers={"If-None-Match": page["ETag"]}).status_code == 304


def test_the_language_switch_gives_english(client, country, on_as_of):
    client.post("/i18n/setlang/", {"language": "en", "next": "/open/"})
    text = client.get("/open/").content.decode()
    assert "Open data" in text and "Fiscal year B.E. 2570" in text


def test_the_headline_figures_are_the_datasets(client, country, on_as_of):
    text = client.get("/open/?fy=2570").content.decode()
    assert 'data-figure="plans-approved">3 จาก 76' in text
    assert 'data-figure="disbursed-percent">9.67%' in text  # 29,000 of 300,000 baht


def test_a_withheld_year_is_not_shown(client, country, on_as_of):
    Publication.objects.create(fiscal_year=country, withheld=True)
    assert client.get("/open/?fy=2570").status_code == 404
    assert "ปีงบประมาณ พ.ศ. 2570" not in client.get("/open/").content.decode()


def test_levels_are_public_only_for_a_frozen_round_the_centre_chose(
    client, country, on_as_of, scheme2570, central_admin
):
    text = client.get("/open/").content.decode()
    assert 'data-testid="levels-not-public"' in text and 'data-testid="tile-map"' not in text
    round_ = Round.objects.get(scheme=scheme2570, number=1)
    publication = Publication(fiscal_year=country, levels_round=round_)
    with pytest.raises(Exception, match="ปิดผลแล้ว"):
        publication.full_clean()
    freeze_round(round_=round_, by=central_admin, now=datetime.datetime(2027, 4, 6, 9, tzinfo=BANGKOK))
    round_.refresh_from_db()
    publication.full_clean()
    publication.save()
    text = client.get("/open/").content.decode()
    assert 'data-testid="tile-map"' in text
    assert 'href="/provinces/' not in text and "/evaluation/" not in text
    levels = client.get("/api/open/province-levels/?fy=2570").json()["data"]
    assert len(levels) == 76 and {row["round"] for row in levels} == {1}
    Publication.objects.filter(fiscal_year=country).update(levels_round=None)
    assert client.get("/api/open/province-levels/?fy=2570").json()["data"] == []


def test_the_page_from_the_cache_costs_a_few_queries(client, country, on_as_of, django_assert_max_num_queries):
    client.get("/open/")
    # published years, the year's stamp (3), the centre's choices and catalog settings
    with django_assert_max_num_queries(6):
        assert client.get("/open/").status_code == 200
