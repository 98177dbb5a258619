import pytest

from labourplan.plans.table import load_table

pytestmark = pytest.mark.django_db


def test_a_plan_from_the_template_carries_its_rows(cm_plan):
    table = load_table(cm_plan.current_version)
    activities = list(table.activities())
    assert [r.total for r in activities] == [1, 60, 10, 10, 10, 10, 20, 1, 1, 1, 1]
    assert [r.number for r in activities[:2]] == ["1)", "2)"]
    assert [b.number for s in table.strategies for b in s.topics] == [1, 2, 3, 4, 5]
    assert [r.item.title for r in table.warnings] == ["จัดทำสื่อประชาสัมพันธ์ สร้างการรับรู้เกี่ยวกับการค้ามนุษย์"]
