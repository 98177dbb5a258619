"""The data-quality score's arithmetic, and its parts as counted from a province's reports."""

import datetime
from decimal import Decimal

import pytest

from labourplan.quality import services
from labourplan.quality.models import Finding
from labourplan.quality.score import score, scores
from tests.quality.conftest import leaf_items, report_months


def test_the_score_is_the_mean_of_three_shares_less_five_points_an_open_question():
    s = score(months_due=10, sent=8, on_time=6, values=80, questioned=4, open_questions=1)
    assert (s.completeness, s.timeliness, s.passing, s.open_questions) == (80, 60, 95, 1)
    assert s.total == Decimal("73.3")  # (80 + 60 + 95) / 3 = 78.33 − 5
    assert score(months_due=10, sent=0, on_time=0, values=0, questioned=0, open_questions=30).total == 0
    # Nothing due yet: nothing is missing.
    assert score(months_due=0, sent=0, on_time=0, values=0, questioned=0, open_questions=0).total == 100
    # Questions on the same value count once; more questioned than values stays at 0 %.
    assert score(months_due=1, sent=1, on_time=1, values=2, questioned=5, open_questions=0).passing == 0


@pytest.mark.django_db
def test_a_provinces_parts_are_counted_from_its_reports_and_questions(
    province_plan, central_admin, django_assert_num_queries
):
    plan, approver = province_plan("50")
    report_months(plan, approver, [1, 2, [40, 1], 1])  # all sent on 3 Sep 2027: late
    services.run_checks(fiscal_year=plan.fiscal_year)
    spike = Finding.objects.get(plan=plan, rule="high_month")
    services.ask(finding=spike, revision=spike.revision, question="จริงหรือ", by=central_admin)
    # By 10 January October to December have ended; January's report is not counted yet.
    ended = Finding.objects.filter(plan=plan, month_index__lte=3)
    questioned = len(set(ended.values_list("month_index", "item_key")))
    values = 3 * (len(leaf_items(plan)) + 1)
    with django_assert_num_queries(4):
        result = scores(plan.fiscal_year, today=datetime.date(2027, 1, 10))[plan.province_id]
    assert (result.completeness, result.timeliness, result.open_questions) == (100, 0, 1)
    assert result == score(months_due=3, sent=3, on_time=0, values=values, questioned=questioned, open_questions=1)
    assert 0 < result.passing < 100 and result.total == ((100 + result.passing) / 3 - 5).quantize(Decimal("0.1"))
