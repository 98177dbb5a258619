"""The data-quality score on the national dashboard and the province home, and its open questions."""

import re
from decimal import Decimal

import pytest
import time_machine

from labourplan.plans import stamps
from labourplan.plans.models import Plan
from labourplan.quality import services as quality
from labourplan.quality.models import Finding, FindingState
from labourplan.quality.score import scores
from tests.dashboard.conftest import AS_OF, report


@pytest.fixture(autouse=True)
def tenth_of_january():
    with time_machine.travel(AS_OF, tick=False):
        yield


def question(plan, month_index, *, state=FindingState.QUESTIONED, rule="high_month"):
    return Finding.objects.create(
        fiscal_year=plan.fiscal_year,
        province=plan.province,
        plan=plan,
        month_index=month_index,
        rule=rule,
        severity="warning",
        value=Decimal(40),
        reference=Decimal(4),
        detail="สูงกว่าเป้าหมายมาก",
        state=state,
        question="ตัวเลขนี้ถูกต้องหรือไม่" if state != FindingState.FOUND else "",
    )


def quality_cell(html: str, code: str) -> str:
    row = re.search(rf'<tr data-province="{code}".*?</tr>', html, re.S).group(0)
    return re.search(r'data-testid="quality-score">(.*?)</td>', row, re.S).group(1)


def test_the_dashboard_shows_each_provinces_score_with_its_parts_and_follows_its_questions(
    client, central_viewer, country, scheme2570
):
    fiscal_year = country(1)
    plan = Plan.objects.get(fiscal_year=fiscal_year)
    client.force_login(central_viewer)
    cell = quality_cell(client.get("/national/?fy=2570").content.decode(), plan.province.code)
    before = scores(fiscal_year)[plan.province_id]
    # Two of the three months ended are in (October and November), both on time; no question.
    assert (before.completeness, before.timeliness, before.open_questions) == (Decimal("66.7"), Decimal("66.7"), 0)
    assert f">{before.total}</a>" in cell
    assert "66.7%" in cell and "100.0%" in cell  # sent, on time, passing
    # A question of the centre renews the province's data token: the cached page follows it.
    question(plan, 1)
    after = scores(fiscal_year)[plan.province_id]
    assert after.open_questions == 1 and after.passing < 100 and after.total < before.total - 5
    cell = quality_cell(client.get("/national/?fy=2570").content.decode(), plan.province.code)
    assert f">{after.total}</a>" in cell
    assert f"?fy=2570&amp;province={plan.province.code}" in cell


def test_a_run_of_the_checks_renews_the_tokens_of_the_plans_whose_findings_changed(country, scheme2570):
    fiscal_year = country(2)
    spiked, quiet = Plan.objects.filter(fiscal_year=fiscal_year).select_related("province").order_by("pk")
    report(spiked, spiked.province.users.get(), 3, result=900, disbursed="1000")
    ids = [spiked.province_id, quiet.province_id]
    quality.run_checks(fiscal_year=fiscal_year)  # what the reports sent so far show
    tokens = stamps.tokens(fiscal_year=fiscal_year, province_ids=ids)
    quality.run_checks(fiscal_year=fiscal_year)  # nothing new: no token changes
    assert stamps.tokens(fiscal_year=fiscal_year, province_ids=ids) == tokens
    Finding.objects.filter(plan=spiked).delete()
    tokens = stamps.tokens(fiscal_year=fiscal_year, province_ids=ids)
    assert quality.run_checks(fiscal_year=fiscal_year) > 0
    assert Finding.objects.filter(plan=spiked, month_index=3).exists()
    now = stamps.tokens(fiscal_year=fiscal_year, province_ids=ids)
    assert now[spiked.province_id] != tokens[spiked.province_id]
    assert now[quiet.province_id] == tokens[quiet.province_id]


def test_the_province_home_lists_its_open_questions_and_its_score(client, cm_editor, reporting_plan, cm_approver):
    report(reporting_plan, cm_approver, 1, result=1, disbursed="1000")
    asked = [question(reporting_plan, month) for month in range(1, 7)]
    unasked = question(reporting_plan, 7, state=FindingState.FOUND)  # the centre's working list only
    client.force_login(cm_editor)
    html = client.get("/provinces/50/").content.decode()
    section = re.search(r'<section class="card my-3" id="province-quality".*?</section>', html, re.S).group(0)
    assert 'data-testid="quality-score"' in section
    links = re.findall(r'href="/quality/(\d+)/"', section)
    assert links == [str(f.pk) for f in asked[:5]]  # a short list, the rest behind one link
    assert str(unasked.pk) not in links
    assert "/quality/?fy=2570&amp;province=50&amp;state=open" in section
    assert "ทั้งหมด 6" in section
