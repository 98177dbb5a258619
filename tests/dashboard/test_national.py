"""The centre's national dashboard, its exports, and the province home."""

import csv
import datetime
import io
import re
import subprocess

import openpyxl
import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from labourplan.accounts.models import User
from labourplan.dashboard.national import compute_national_picture, national_picture, plan_rows
from labourplan.lib.fiscal import BANGKOK
from labourplan.plans.models import Plan, PlanItem
from labourplan.plans.services import add_item, record_approval, submit_plan
from labourplan.reference.models import Province
from labourplan.reports.services import return_report
from tests.dashboard.conftest import AS_OF, approved_plan, report
from tests.evaluation import test_services as evaluation_writes


@pytest.fixture(autouse=True)
def tenth_of_january():
    with time_machine.travel(AS_OF, tick=False):
        yield


# Who may see it ------------------------------------------------------------------------------


def test_a_province_user_gets_403_on_the_national_dashboard_and_its_exports(client, cm_editor, fy2570):
    client.force_login(cm_editor)
    assert client.get("/national/").status_code == 403
    assert client.get("/national/heatmap/").status_code == 403
    for fmt in ("xlsx", "csv", "pdf"):
        assert client.get(f"/national/export.{fmt}").status_code == 403
    assert client.get("/").status_code == 302  # home sends a province to its own page


def test_a_province_user_sees_only_its_own_province_home(client, sk_editor, chiang_mai, fy2570):
    client.force_login(sk_editor)
    assert client.get("/provinces/90/").status_code == 200
    assert client.get("/provinces/50/").status_code == 403


def test_signing_in_is_required(client, fy2570):
    assert client.get("/national/").status_code == 302


# The dashboard -------------------------------------------------------------------------------


def test_the_centre_sees_plans_reports_activities_and_levels(client, central_viewer, country, scheme2570):
    fiscal_year = country(2)
    client.force_login(central_viewer)
    html = client.get("/").content.decode()
    assert re.search(r'data-figure="plans-approved">2 จาก 76', html)
    # December 2569's report fell due on 5 January: nobody sent it
    assert "รายงานเดือนธันวาคม 2569" in html
    assert 'data-testid="province-table"' in html and html.count('<tr data-province="') == 76
    # the heatmap is fetched when its fold is opened: the page says where from
    heatmap_url = re.search(r'data-fragment="([^"]+)"', html).group(1).replace("&amp;", "&")
    heatmap = client.get(heatmap_url).content.decode()
    assert 'data-testid="heatmap"' in heatmap and heatmap.count('<tr data-province="') == 76
    assert 'data-testid="chart-activity"' in html and 'data-testid="chart-disbursement"' in html
    assert "<svg" in html and "<table" in html  # a table behind each chart
    assert 'data-testid="tile-map"' in html and html.count('class="lp-tile ') == 76
    picture = national_picture(fiscal_year=fiscal_year, as_of=AS_OF)
    assert sum(count for _level, count in picture.distribution) == 76
    assert picture.budget.allocated == 200000
    assert picture.budget.total_disbursed == 24000


def test_filters_by_region_plan_status_and_level(client, central_viewer, country, scheme2570):
    country(2)  # codes 11 and 12, both central
    client.force_login(central_viewer)
    html = client.get("/national/?region=central&status=approved").content.decode()
    rows = re.findall(r'<tr data-province="(\d\d)" data-region', html)
    assert sorted(rows) == ["11", "12"]
    html = client.get("/national/?region=north").content.decode()
    assert len(re.findall(r'<tr data-province="(\d\d)" data-region', html)) == 9
    html = client.get("/national/?level=0").content.decode()
    assert "11" not in re.findall(r'<tr data-province="(\d\d)" data-region', html)  # level 2: plan submitted


def test_the_heatmap_is_fetched_apart_and_follows_the_filters_but_not_the_chosen_activity(
    client, central_viewer, country, scheme2570
):
    country(2)
    client.force_login(central_viewer)
    html = client.get("/national/?region=north&activity=999").content.decode()
    assert 'data-testid="heatmap"' not in html  # the page is light: the heatmap comes on demand
    url = re.search(r'data-fragment="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "region=north" in url and "fy=2570" in url and "activity" not in url
    heatmap = client.get(url).content.decode()
    assert len(re.findall(r'<tr data-province="\d\d">', heatmap)) == 9
    assert "<html" not in heatmap  # a fragment, for the page's fold


def test_the_province_table_is_compact_and_keeps_its_figures(client, central_viewer, country, scheme2570):
    country(2)
    client.force_login(central_viewer)
    html = client.get("/national/").content.decode()
    row = re.search(r'<tr data-province="11".*?</tr>', html, re.S).group(0)
    assert 'data-sort-value="' in row and "%</td>" in row  # the percent written, the bar drawn by CSS
    assert 'role="progressbar"' not in row and "\n" not in row
    assert len(html.encode()) < 150_000


def test_activities_are_summed_across_provinces_by_their_template_row(country, fy2570):
    fiscal_year = country(3)
    picture = national_picture(fiscal_year=fiscal_year, as_of=AS_OF)
    with_results = [a for a in picture.activities if a.national.total_result]
    assert len(with_results) == 1
    activity = with_results[0]
    assert activity.national.results[:2] == [9, 6] and activity.national.provinces == 3
    assert activity.national.cumulative_results[:3] == [9, 15, 15]
    assert sum(t.provinces for t in activity.by_region.values()) == 3


def test_a_renamed_activity_stays_the_same_activity(country, fy2570, songkhla):
    from labourplan.plans.models import PlanItem
    from labourplan.plans.services import update_item

    plan, approver = approved_plan(songkhla, fy2570)
    fiscal_year = country(1)
    from labourplan.plans.services import start_amendment

    version = start_amendment(plan=plan, reason="ปรับชื่อกิจกรรม", by=approver)
    item = PlanItem.objects.filter(topic__version=version, parent=None).order_by("pk").first()
    update_item(item=item, revision=item.revision, changes={"title": "ตรวจร่วมแบบใหม่"}, by=approver)
    assert item.template_item_id is not None  # the amendment keeps the link to the template row
    picture = national_picture(fiscal_year=fiscal_year, as_of=AS_OF)
    assert picture.activity(item.template_item_id).national.provinces == 2


# Query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("provinces", [1, 4])
def test_the_dashboard_runs_the_same_queries_for_any_number_of_provinces(
    client, central_viewer, country, scheme2570, provinces, django_assert_num_queries
):
    country(provinces)
    client.force_login(central_viewer)
    client.get("/national/")  # warm the session and the sites cache
    cache.clear()
    with django_assert_num_queries(QUERIES["page"]):
        assert client.get("/national/").status_code == 200
    with django_assert_num_queries(QUERIES["page_cached"]):
        assert client.get("/national/").status_code == 200
    with django_assert_num_queries(QUERIES["heatmap"]):
        assert client.get("/national/heatmap/").status_code == 200
    with django_assert_num_queries(QUERIES["page_cached"]):
        assert client.get("/national/heatmap/").status_code == 200


@pytest.mark.parametrize("provinces", [1, 4])
def test_the_heatmap_and_the_figures_run_the_same_queries_for_any_number_of_provinces(
    country, scheme2570, provinces, django_assert_num_queries
):
    fiscal_year = country(provinces)
    with django_assert_num_queries(QUERIES["picture"]):
        national_picture(fiscal_year=fiscal_year, as_of=AS_OF)


@pytest.mark.parametrize("provinces", [1, 4])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_exports_run_the_same_queries_for_any_number_of_provinces(
    client, central_viewer, country, scheme2570, provinces, fmt, django_assert_num_queries
):
    country(provinces)
    client.force_login(central_viewer)
    client.get("/national/")
    cache.clear()
    with django_assert_num_queries(QUERIES["export"]):
        assert client.get(f"/national/export.{fmt}").status_code == 200


def test_more_months_reported_add_no_query(country, scheme2570, django_assert_num_queries):
    fiscal_year = country(2)
    from labourplan.plans.models import Plan

    for plan in Plan.objects.filter(fiscal_year=fiscal_year).select_related("province"):
        approver = plan.province.users.get()
        report(plan, approver, 3, result=1, disbursed="100")
    with django_assert_num_queries(QUERIES["picture"]):
        national_picture(fiscal_year=fiscal_year, as_of=AS_OF)


QUERIES = {
    # completeness 2 (provinces with their approval; first submissions), plans 1, allocations 1,
    # disbursements 1, activities 4 (versions in force, template rows, plan rows, results), the
    # criteria 4 (scheme, rounds, levels, conditions), the evaluation of the round 10 (provinces,
    # the criteria's stamp, the plans' tokens, seven for the engine's data), the data-quality
    # scores 3 (leaf rows in force, reports sent, findings: quality.score.plan_scores)
    "picture": 26,
    # + the picture's stamps 3 (criteria and frozen rounds, provinces, the plans' tokens), session
    # and user 2, the fiscal year (current) 1 + the calendar's 1, regions 1, fiscal years 1
    # + the fiscal year before at the same date 4 (that year, plans, reports sent, allocations:
    # dashboard.compare, read by the page only, not by the heatmap)
    "page": 39,
    # the page's body from the cache: session and user 2, the fiscal year 1, the picture's
    # stamps 3, instead of the picture's 26 queries and the rendering
    "page_cached": 6,
    # the heatmap fetched after the page: the picture comes from the cache; session and user 2,
    # the fiscal year 1, the picture's stamps 3, regions 1, fiscal years 1
    "heatmap": 8,
    # + the picture's stamps 3, session and user 2, the fiscal year 1, the plan rows 3 (versions,
    # rows, results), audit 1
    "export": 36,
    # + the province's data quality 5 (its open questions; the score's plan, leaf rows, reports, findings)
    "province_home": 32,
}


# Exports -------------------------------------------------------------------------------------


def test_the_workbook_has_a_summary_and_one_sheet_per_province_in_thai(client, central_viewer, country, scheme2570):
    country(1)
    client.force_login(central_viewer)
    response = client.get("/national/export.xlsx?fy=2570")
    assert response["Content-Disposition"].startswith('attachment; filename="national-2570.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "สรุปทั้งประเทศ" and len(workbook.sheetnames) == 77
    summary = workbook["สรุปทั้งประเทศ"]
    assert summary["A2"].value == "ข้อมูล ณ วันที่ 10 มกราคม 2570"
    assert [c.value for c in summary[4]][:4] == ["รหัสจังหวัด", "จังหวัด", "ภาค", "สถานะแผนปฏิบัติการ"]
    sheet = workbook["สมุทรปราการ"]
    assert sheet["C3"].value == "โครงการ/กิจกรรม" and sheet["E3"].value == "เป้าหมาย ต.ค. 2569"
    assert sheet.max_row > 10


def test_the_csv_is_one_line_per_province_row_and_month(client, central_viewer, country, fy2570):
    country(1)
    client.force_login(central_viewer)
    content = client.get("/national/export.csv?fy=2570").content
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ปีงบประมาณ", "รหัสจังหวัด", "จังหวัด"]
    lines = [r for r in rows[1:] if r[1] == "11"]
    assert len(lines) % 12 == 0 and lines[0][12] == "ต.ค. 2569"
    assert sum(int(r[14]) for r in lines) == 5


def test_item_numbers_stay_whole_when_a_spreadsheet_opens_the_csv(
    client, central_viewer, cm_plan, cm_editor, cm_approver, signed_pdf, tmp_path
):
    """LibreOffice Calc opens the CSV (converted to .xlsx, read back): "3.10" must not become 3.1."""
    topic = cm_plan.current_version.topics.order_by("pk").first()
    while topic.items.filter(parent=None).count() < 11:
        added = add_item(topic=topic, title=f"กิจกรรมเพิ่ม {topic.items.count()}", unit="ครั้ง", by=cm_editor)
        PlanItem.objects.filter(pk=added.pk).update(target_1=1)  # a plan is sent with a target on every row
    version = submit_plan(version=cm_plan.current_version, submitted_on=datetime.date(2026, 10, 10), by=cm_approver)
    record_approval(version=version, approved_on=datetime.date(2026, 10, 20), document=signed_pdf, by=cm_approver)
    client.force_login(central_viewer)
    path = tmp_path / "national.csv"
    path.write_bytes(client.get("/national/export.csv?fy=2570").content)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--infilter=CSV:44,34,76,1",
         "--convert-to", "xlsx", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheet = openpyxl.load_workbook(tmp_path / "national.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][5:7] == ("ประเด็นที่", "กิจกรรมที่")
    mine = [r for r in rows[1:] if str(r[1]) == "50" and r[11] == 1]  # Chiang Mai, first month
    printed = [
        f"{row.topic_number}.{row.activity_number}"
        for row in plan_rows(fiscal_year=cm_plan.fiscal_year, as_of=timezone.now())[cm_plan.province_id]
    ]
    assert [f"{r[5]}.{r[6]}" for r in mine] == printed
    assert all(isinstance(r[5], int) and isinstance(r[6], int) for r in mine)
    first = cm_plan.current_version.first_topic_number  # as the form prints it: the template's starts at 5
    assert first == 5 and printed[0] == "5.1"
    assert f"{first}.10" in printed and f"{first}.11" in printed


def test_the_pdf_prints_the_dashboard(client, central_viewer, country, scheme2570):
    country(1)
    client.force_login(central_viewer)
    response = client.get("/national/export.pdf?fy=2570")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_every_export_is_in_the_audit_trail(client, central_viewer, fy2570):
    from labourplan.audit.models import AuditEvent

    client.force_login(central_viewer)
    client.get("/national/export.csv?fy=2570")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.detail == {"format": "csv"} and event.user == central_viewer


# The province home ---------------------------------------------------------------------------


def test_the_province_home_lists_its_tasks_progress_and_level(
    client, cm_editor, reporting_plan, cm_approver, central_admin, scheme2570
):
    first = report(reporting_plan, cm_approver, 1, result=4, disbursed="20000")
    return_report(report=first, by=central_admin, comment="แนบภาพกิจกรรม")
    client.force_login(cm_editor)
    html = client.get("/provinces/50/").content.decode()
    assert 'data-testid="plan-task"' in html and "อนุมัติแล้ว" in html
    assert 'data-testid="returned-report"' in html and "แนบภาพกิจกรรม" in html
    assert 'data-testid="province-level"' in html
    assert 'data-testid="chart-activity"' in html and 'data-testid="chart-disbursement"' in html
    assert 'data-testid="activity-progress"' in html
    assert "สงขลา" not in html


@pytest.mark.parametrize("months", [1, 3])
def test_the_province_home_runs_the_same_queries_for_any_number_of_months(
    client, cm_editor, reporting_plan, cm_approver, scheme2570, months, django_assert_num_queries
):
    for month_index in range(1, months + 1):
        report(reporting_plan, cm_approver, month_index, result=1, disbursed="1000")
    client.force_login(cm_editor)
    client.get("/provinces/50/")
    # session, user, province, fiscal year, plan, its reports, its rows in force (4), its budget (2),
    # the criteria (4), the evaluation (8), the report notices, the Form 3 notice, the officers
    # and the data quality 5
    with django_assert_num_queries(QUERIES["province_home"]):
        assert client.get("/provinces/50/").status_code == 200


# The cache ----------------------------------------------------------------------------------


def freeze_and_override(plan, editor, approver):
    from labourplan.evaluation.models import FrozenEvaluation
    from labourplan.evaluation.services import freeze_round, override_level, rounds_with_criteria

    admin = User.objects.get(username="anong")
    round_ = rounds_with_criteria(plan.fiscal_year.evaluation_scheme)[0]
    freeze_round(round_=round_, by=admin, now=datetime.datetime(2027, 4, 6, 9, tzinfo=BANGKOK))
    frozen = FrozenEvaluation.objects.get(round=round_, province=plan.province)
    override_level(frozen=frozen, level=5, reason="ตรวจสอบหลักฐานแล้ว", by=admin)


WRITES = [*evaluation_writes.WRITES, freeze_and_override]


def recomputed_provinces(monkeypatch) -> dict[str, list[set[str]]]:
    """Records the provinces (codes) whose piece of the picture and whose evaluation are computed."""
    from labourplan.dashboard import national
    from labourplan.evaluation import services

    calls: dict[str, list[set[str]]] = {"pieces": [], "evaluations": []}
    codes = dict(Province.objects.values_list("pk", "code"))
    pieces, evaluate = national.province_pieces, services.evaluate_round

    def spy_pieces(**kwargs):
        calls["pieces"].append({codes[pk] for pk in kwargs["province_ids"]})
        return pieces(**kwargs)

    def spy_evaluate(**kwargs):
        calls["evaluations"].append({p.code for p in kwargs["provinces"]})
        return evaluate(**kwargs)

    monkeypatch.setattr(national, "province_pieces", spy_pieces)
    monkeypatch.setattr(services, "evaluate_round", spy_evaluate)
    return calls


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__ for w in WRITES])
def test_the_cached_picture_equals_a_fresh_computation_after_every_kind_of_write(
    scheme2570, fy2570_template, central_admin, write, monkeypatch
):
    evaluation_writes.give_plan("50", fy2570_template)
    evaluation_writes.give_plan("90", fy2570_template)
    plan = Plan.objects.get(province__code="50", fiscal_year=fy2570_template)
    editor, approver = User.objects.get(username="e50"), User.objects.get(username="a50")
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=BANGKOK), tick=False):  # November has ended
        before = national_picture(fiscal_year=fy2570_template)
        assert before == compute_national_picture(fiscal_year=fy2570_template, as_of=before.as_of)

        write(plan, editor, approver)
        recomputed = recomputed_provinces(monkeypatch)
        after = national_picture(fiscal_year=fy2570_template)
        monkeypatch.undo()
        assert after == compute_national_picture(fiscal_year=fy2570_template, as_of=after.as_of)
    assert after != before  # the write changed the figures, and the cache followed
    # Only what the write touched was computed again.
    if write is evaluation_writes.write_criteria:  # every province's level follows the criteria
        assert recomputed == {
            "pieces": [],
            "evaluations": [set(Province.objects.regional().values_list("code", flat=True))],
        }
    elif write is freeze_and_override:  # the frozen round is read from its snapshots
        assert recomputed == {"pieces": [], "evaluations": []}
    else:  # Chiang Mai's plan only; Songkhla's figures come from the cache
        assert recomputed == {"pieces": [{"50"}], "evaluations": [{"50"}]}


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__ for w in WRITES])
def test_the_cached_page_equals_a_fresh_rendering_after_every_kind_of_write(
    client, scheme2570, fy2570_template, central_admin, write
):
    evaluation_writes.give_plan("50", fy2570_template)
    plan = Plan.objects.get(province__code="50", fiscal_year=fy2570_template)
    editor, approver = User.objects.get(username="e50"), User.objects.get(username="a50")
    client.force_login(central_admin)
    url = "/national/?fy=2570&region=N"
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=BANGKOK), tick=False):  # November has ended
        before = client.get(url).context["content"]

        write(plan, editor, approver)

        after = client.get(url).context["content"]
        cache.clear()
        fresh = client.get(url).context["content"]
    assert after == fresh
    if write is not evaluation_writes.write_meeting:  # one more tracking meeting changes no figure shown
        assert after != before  # the write changed the page, and the cache followed
