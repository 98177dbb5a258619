"""The benchmark's smoke run (issue 9): tiny scale, checks that it works and that every key page
runs the same number of queries whatever the number of provinces and fiscal years. No times."""

import pytest
from django.db import transaction

from bench.generate import Scale, generate
from bench.measure import measure
from labourplan.plans.models import Plan

pytestmark = pytest.mark.django_db


def queries_by_page() -> dict[str, int]:
    measurements = measure(repeat=1)
    assert all(m.status == 200 for m in measurements), [(m.page, m.status) for m in measurements]
    assert all(m.bytes > 0 and m.median_ms >= 0 and m.p95_ms >= m.median_ms for m in measurements)
    return {m.page: m.queries for m in measurements}


def test_key_pages_run_the_same_queries_at_every_scale():
    generate(Scale(years=1, provinces=3, activities=5), log=lambda _: None)
    small = queries_by_page()

    generate(Scale(years=3, provinces=9, activities=10), log=lambda _: None)
    large = queries_by_page()

    assert Plan.objects.count() == 3 * 9
    assert {page: large[page] for page in small} == small
    assert "Form 3 PDF" in large  # measured once a closed year exists
    assert set(small) >= {"national dashboard", "plan grid", "monthly report form", "round evaluation view"}


class Undo(Exception):
    pass


def targets_of(code: str) -> list[int]:
    items = Plan.objects.filter(province__code=code).order_by("versions__topics__items__pk")
    return list(items.values_list("versions__topics__items__target_1", flat=True))


def test_the_generator_is_repeatable_and_a_province_does_not_depend_on_the_others():
    with pytest.raises(Undo), transaction.atomic():
        generate(Scale(years=1, provinces=2, activities=10), log=lambda _: None)
        alone = targets_of("11")
        raise Undo
    assert not Plan.objects.exists()

    generate(Scale(years=1, provinces=5, activities=10), log=lambda _: None)

    assert targets_of("11") == alone and len(alone) >= 10
