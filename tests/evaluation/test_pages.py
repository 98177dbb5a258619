"""The evaluation's pages, export and API, as the province and the centre use them."""

import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from labourplan.evaluation.models import FrozenEvaluation, Round
from labourplan.evaluation.services import freeze_round, override_level, rounds_with_criteria
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import MeetingKind
from tests.conftest import PASSWORD
from tests.evaluation.conftest import report_month, track
from tests.evaluation.test_services import give_plan

D = datetime.date
pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 24, 10, tzinfo=BANGKOK)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def cm_with_data(scheme2570, reporting_plan, cm_editor, cm_approver):
    track(reporting_plan, held_on=D(2026, 9, 25), by=cm_editor, kind=MeetingKind.PLANNING)
    track(reporting_plan, held_on=D(2026, 10, 25), by=cm_editor)
    report_month(
        reporting_plan, month_index=1, result=1, disbursed="30000", editor=cm_editor, approver=cm_approver,
        submitted_on=D(2026, 11, 3),
    )  # fmt: skip
    return reporting_plan


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def province_url(code="50", **query):
    url = reverse("evaluation:province", args=[2570, code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_province_sees_its_level_the_gap_and_the_projection(client, cm_with_data, cm_editor):
    response = signed_in(client, cm_editor).get(province_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="level">3<' in page
    assert "ผลเบื้องต้น" in page
    # Level 4 asks 40 % of activities and of budget: 30,000 of 100,000 is disbursed.
    assert "เบิกจ่ายเพิ่มอีก 10,000.00 บาท ภายใน 31 มี.ค. 2570" in page
    assert 'data-testid="projection"' in page


def test_the_as_of_date_is_typed_in_buddhist_era_and_a_bad_one_is_explained(client, cm_with_data, cm_editor):
    signed_in(client, cm_editor)

    earlier = client.get(province_url(as_of="๓/๑๑/๒๕๖๙"))  # Thai digits, B.E.: 3 Nov 2569
    bad = client.get(province_url(as_of="31/02/2569"))

    assert 'data-testid="level">3<' in earlier.content.decode()
    assert "ตัวอย่างเช่น 24/11/2569" in bad.content.decode() or "วัน/เดือน/ปี" in bad.content.decode()


def test_another_province_is_refused(client, cm_with_data, sk_editor):
    assert signed_in(client, sk_editor).get(province_url()).status_code == 403


def test_the_centre_sees_every_province_and_filters_by_region(client, cm_with_data, central_viewer):
    signed_in(client, central_viewer)

    everyone = client.get(reverse("evaluation:round", args=[2570, 1]))
    north = client.get(reverse("evaluation:round", args=[2570, 1]) + "?region=north")

    assert everyone.content.decode().count("data-province=") == 76
    rows = north.content.decode().count("data-province=")
    assert 0 < rows < 76 and 'data-province="50" data-level="3"' in north.content.decode()


def test_a_province_may_not_open_the_round_view(client, cm_with_data, cm_editor):
    signed_in(client, cm_editor)
    assert client.get(reverse("evaluation:round", args=[2570, 1])).status_code == 403
    assert client.get(reverse("evaluation:export", args=[2570, 1])).status_code == 403


def round_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("evaluation:round", args=[2570, 1])).status_code == 200
    return len(queries)


def test_the_round_view_page_runs_a_fixed_number_of_queries(client, cm_with_data, central_viewer, fy2570_template):
    signed_in(client, central_viewer)
    few = round_page_queries(client)
    give_plan("90", fy2570_template)
    give_plan("20", fy2570_template)

    assert round_page_queries(client) == few


def test_the_round_export_reads_back_with_levels_and_keeps_user_text_as_text(
    client, cm_with_data, central_admin, chiang_mai
):
    with time_machine.travel(datetime.datetime(2027, 4, 6, 9, tzinfo=BANGKOK)):
        freeze_round(round_=rounds_with_criteria(cm_with_data.fiscal_year.evaluation_scheme)[0], by=central_admin)
    frozen = FrozenEvaluation.objects.get(province=chiang_mai)
    override_level(frozen=frozen, level=4, reason='=HYPERLINK("http://x")', by=central_admin)

    response = signed_in(client, central_admin).get(reverse("evaluation:export", args=[2570, 1]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headings = [c.value for c in sheet[4]]
    assert headings[:3] == ["ภาค", "จังหวัด", "ระดับ"]
    row = next(r for r in sheet.iter_rows(min_row=5, values_only=True) if r[1] == "เชียงใหม่")
    assert row[2:4] == (4, 2)  # computed: 2, since November to March were never reported
    assert row[9] == '=HYPERLINK("http://x")'
    cell = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == "เชียงใหม่")[9]
    assert cell.data_type == "s"  # text, not a formula
    assert sheet.max_row == 4 + 76


def test_the_centre_freezes_after_the_last_report_is_due_and_overrides_with_a_reason(
    client, cm_with_data, central_admin, central_viewer
):
    signed_in(client, central_viewer)
    assert client.post(reverse("evaluation:freeze", args=[2570, 1])).status_code == 403
    signed_in(client, central_admin)

    too_early = client.post(reverse("evaluation:freeze", args=[2570, 1]), follow=True)
    assert "5 เม.ย. 2570" in too_early.content.decode()
    with time_machine.travel(datetime.datetime(2027, 4, 6, 9, tzinfo=BANGKOK)):
        signed_in(client, central_admin)  # a session does not last until April
        client.post(reverse("evaluation:freeze", args=[2570, 1]))
        page = client.get(province_url(round=1)).content.decode()
        client.post(
            reverse("evaluation:override", args=[2570, "50", 1]), {"level": "5", "reason": "หลักฐานการเบิกจ่ายเพิ่มเติม"}
        )
        overridden = client.get(province_url(round=1)).content.decode()

    assert Round.objects.get(scheme__fiscal_year__year_be=2570, number=1).is_frozen
    assert 'data-testid="override-form"' in page
    assert 'data-testid="level">5<' in overridden
    assert "หลักฐานการเบิกจ่ายเพิ่มเติม" in overridden


def round_post(round_, rows, **dates):
    data = {
        "starts_on": dates.get("starts_on", "1/10/2569"),
        "ends_on": dates.get("ends_on", "31/3/2570"),
        "revision": str(round_.revision),
        "levels-TOTAL_FORMS": str(len(rows)),
        "levels-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"levels-{i}-{key}"] = value
    return data


def test_the_centre_edits_a_round_with_thai_digits_and_a_skipped_level_is_refused(client, scheme2570, central_admin):
    round_ = rounds_with_criteria(scheme2570)[0]
    url = reverse("evaluation:round_edit", args=[2570, 1])
    signed_in(client, central_admin)
    assert client.get(url).status_code == 200
    good = [
        {"number": "๑", "description": "รายงานทุกเดือน", "monthly_reports": "on"},
        {"number": "๒", "description": "ร้อยละ ๔๐", "activities_percent": "๔๐", "disbursed_percent": "40.5"},
    ]
    skipped = [good[0], {**good[1], "number": "3"}]

    refused = client.post(url, round_post(round_, skipped))
    saved = client.post(url, round_post(round_, good))

    assert "ขาดระดับ 2" in refused.content.decode()
    assert saved.status_code == 302
    levels = list(Round.objects.get(pk=round_.pk).levels.order_by("number"))
    assert [lv.number for lv in levels] == [1, 2]
    assert sorted((c.kind, str(c.threshold)) for c in levels[1].conditions.all()) == [
        ("activities_percent", "40.00"),
        ("disbursed_percent", "40.50"),
    ]


def test_only_the_administrator_edits_or_copies_criteria(client, scheme2570, central_viewer, cm_editor):
    for user in (central_viewer, cm_editor):
        signed_in(client, user)
        assert client.get(reverse("evaluation:round_edit", args=[2570, 1])).status_code == 403
        assert client.post(reverse("evaluation:criteria_copy"), {"source": 2570, "target": 2571}).status_code == 403
    assert client.get(reverse("evaluation:criteria_detail", args=[2570])).status_code == 200


def test_the_centre_copies_criteria_to_a_new_year(client, scheme2570, central_admin):
    signed_in(client, central_admin)

    response = client.post(reverse("evaluation:criteria_copy"), {"source": "2570", "target": "2571"}, follow=True)

    assert response.status_code == 200
    assert "1 ตุลาคม 2570" in response.content.decode()  # round 1 of FY 2571 starts on 1 Oct 2570


# --- the API ----------------------------------------------------------------------------------


def test_the_api_explains_as_the_page_does(client, cm_with_data, cm_editor):
    signed_in(client, cm_editor)

    body = client.get(reverse("api_evaluation_province", args=[2570, 1, "50"])).json()
    page = client.get(province_url(round=1)).content.decode()

    assert (body["level"], body["provisional"], body["activities_percent"]) == (3, True, "9.09")
    assert body["gap"] and all(item["text"] in page for item in body["gap"])
    assert [lv["met"] for lv in body["levels"]] == [True, True, True, False, False]


def test_the_api_as_of_a_date_and_its_errors(client, cm_with_data, cm_editor, sk_editor):
    signed_in(client, cm_editor)
    url = reverse("api_evaluation_province", args=[2570, 1, "50"])

    before = client.get(url, {"as_of": "2026-10-26"}).json()
    bad = client.get(url, {"as_of": "yesterday"})

    assert before["activities_percent"] == "0.00" and before["as_of"] == "2026-10-26"
    assert bad.status_code == 400 and "24/11/2569" in bad.content.decode()
    assert client.get(reverse("api_evaluation_round", args=[2570, 1])).status_code == 403
    signed_in(client, sk_editor)
    assert client.get(url).status_code == 403


def test_the_round_api_gives_the_distribution_and_every_province(client, cm_with_data, central_viewer):
    body = signed_in(client, central_viewer).get(reverse("api_evaluation_round", args=[2570, 1])).json()

    assert len(body["results"]) == 76
    assert sum(d["provinces"] for d in body["distribution"]) == 76
    assert next(r for r in body["results"] if r["province"]["code"] == "50")["level"] == 3


def test_the_fractional_score_shows_once_the_centre_turns_it_on(client, cm_with_data, central_admin):
    signed_in(client, central_admin)
    assert 'data-testid="score"' not in client.get(province_url()).content.decode()

    client.post(reverse("evaluation:criteria_detail", args=[2570]), {"title": "ตัวชี้วัดปี 2570", "show_score": "on"})

    # Level 3; toward level 4 the weaker figure is activities, 9.09 of 40 percent: 3 + 0.22.
    assert 'data-testid="score">3.22<' in client.get(province_url()).content.decode()
    assert '<td class="text-end">3.22</td>' in client.get(reverse("evaluation:round", args=[2570, 1])).content.decode()
    export = client.get(reverse("evaluation:export", args=[2570, 1]))
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert sheet.cell(row=4, column=11).value == "คะแนน"
    assert next(r for r in sheet.iter_rows(min_row=5, values_only=True) if r[1] == "เชียงใหม่")[10] == 3.22


def test_the_freeze_button_waits_disabled_with_the_day_it_starts_to_work(client, cm_with_data, central_admin):
    signed_in(client, central_admin)
    url = reverse("evaluation:round", args=[2570, 1])
    html = client.get(url).content.decode()
    button = html[html.index('data-testid="freeze"') - 80 : html.index('data-testid="freeze"') + 120]
    assert (
        "disabled" in button
        and "<form" not in html[html.index('data-testid="freeze"') - 300 : html.index('data-testid="freeze"')]
    )
    assert "6 เมษายน 2570" in html  # the last report is due on 5 April: it works from the 6th
    for moment, works in [
        (datetime.datetime(2027, 4, 5, 23, 59, tzinfo=BANGKOK), False),  # still the due date in Bangkok
        (datetime.datetime(2027, 4, 6, 0, 1, tzinfo=BANGKOK), True),
    ]:
        with time_machine.travel(moment):
            signed_in(client, central_admin)
            html = client.get(url).content.decode()
            assert ('data-testid="freeze-from"' not in html) == works
            assert (f'action="{reverse("evaluation:freeze", args=[2570, 1])}"' in html) == works


def test_a_provisional_result_says_why_it_cannot_be_overridden_yet(client, cm_with_data, central_admin, cm_editor):
    signed_in(client, central_admin)
    html = client.get(province_url(round=1)).content.decode()
    assert 'data-testid="override-form"' not in html
    note = html[html.index('data-testid="override-not-yet"') :]
    assert "5 เมษายน 2570" in note[:600] and "6 เมษายน 2570" in note[:600]
    signed_in(client, cm_editor)  # a province cannot override: no note for it
    assert 'data-testid="override-not-yet"' not in client.get(province_url(round=1)).content.decode()
