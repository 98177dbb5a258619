import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from labourplan.reference.models import Agency, FiscalYear, Province, Region, Strategy, TemplateItem, TemplateTopic
from labourplan.reference.services import SetupCopyError, copy_fiscal_year_setup

pytestmark = pytest.mark.django_db


def test_76_provinces_of_the_regional_administration_and_bangkok_apart():
    assert Province.objects.count() == 77
    assert Province.objects.regional().count() == 76
    bangkok = Province.objects.get(code="10")
    assert bangkok.name_th == "กรุงเทพมหานคร"
    assert not bangkok.in_regional_administration


@pytest.mark.parametrize(
    ("code", "name_th", "name_en", "region"),
    [
        ("50", "เชียงใหม่", "Chiang Mai", "north"),
        ("90", "สงขลา", "Songkhla", "south"),
        ("38", "บึงกาฬ", "Bueng Kan", "northeast"),
        ("20", "ชลบุรี", "Chon Buri", "east"),
        ("63", "ตาก", "Tak", "west"),
        ("65", "พิษณุโลก", "Phitsanulok", "central"),
    ],
)
def test_provinces_carry_official_codes_names_and_region(code, name_th, name_en, region):
    province = Province.objects.select_related("region").get(code=code)
    assert (province.name_th, province.name_en, province.region.code) == (name_th, name_en, region)


def test_codes_are_two_digits_and_unique():
    codes = list(Province.objects.values_list("code", flat=True))
    assert len(set(codes)) == 77
    assert all(len(code) == 2 and code.isdigit() for code in codes)


def test_six_regions_with_their_province_counts():
    counts = {r.code: r.provinces.count() for r in Region.objects.all()}
    assert counts == {"north": 9, "northeast": 20, "central": 22, "east": 7, "west": 5, "south": 14}


def test_agencies_of_the_seed_are_there():
    assert {"สรจ.", "สจจ.", "สสค.", "สพร.", "สนพ.", "สปส."} <= set(
        Agency.objects.values_list("abbreviation", flat=True)
    )


def test_fiscal_years_carry_dates_and_deadlines():
    fy = FiscalYear.objects.get(year_be=2562)
    assert (fy.start_date, fy.end_date) == (datetime.date(2018, 10, 1), datetime.date(2019, 9, 30))
    assert fy.plan_due_date == datetime.date(2018, 10, 12)
    assert fy.annual_report_due_date == datetime.date(2019, 9, 30)
    assert fy.report_due_date(2018, 12) == datetime.date(2019, 1, 5)
    assert FiscalYear.objects.for_date(datetime.date(2026, 11, 24)).year_be == 2570


def test_month_headings_show_the_be_year_over_each_group():
    headings = FiscalYear.objects.get(year_be=2562).month_headings()
    assert [h["label"] for h in headings[:4]] == ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค."]
    assert {h["year_be"] for h in headings[:3]} == {2561}
    assert {h["year_be"] for h in headings[3:]} == {2562}


def test_a_fiscal_year_with_dates_that_do_not_match_its_year_is_refused():
    fy = FiscalYear.objects.get(year_be=2570)
    fy.start_date = datetime.date(2026, 1, 1)
    with pytest.raises(ValidationError, match=re.escape("1 ต.ค. 2569")):
        fy.full_clean()


def test_five_strategies_of_the_2559_2563_framework():
    names = list(Strategy.objects.filter(framework__first_year_be=2559).values_list("number", "name_th"))
    assert [n for n, _ in names] == [1, 2, 3, 4, 5]
    assert names[4][1] == "การพัฒนาเครือข่ายและบริหารข้อมูล"


def _template(year_be):
    return TemplateItem.objects.filter(topic__fiscal_year__year_be=year_be)


def test_fy_2562_template_has_the_seeds_rows_and_totals():
    topics = TemplateTopic.objects.filter(fiscal_year__year_be=2562).select_related("strategy")
    assert [(t.number, t.strategy.number) for t in topics] == [(5, 3), (6, 4), (7, 4), (8, 5), (9, 5)]
    activities = _template(2562).filter(parent=None).order_by("topic__number", "order")
    totals = [(i.topic.number, i.title[:12], i.total, i.unit) for i in activities]
    assert [t[2] for t in totals] == [1, 60, 10, 10, 10, 10, 20, 1, 1, 1, 1]
    inspections = _template(2562).get(title="บูรณาการตรวจตามแผนที่กำหนดร่วมกัน")
    assert inspections.targets == [0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 0]
    assert [(s.title, s.total) for s in inspections.sub_items.all()] == [
        ("ตลาดสด", 20),
        ("ตลาดนัด", 20),
        ("หาบเร่แผงลอย", 20),
    ]
    assert list(_template(2562).get(title__startswith="รณรงค์ ประชาสัมพันธ์").agencies.values_list(
        "abbreviation", flat=True
    )) == ["สจจ.", "สสค."]  # fmt: skip


def test_the_seeds_sub_items_that_do_not_add_up_are_kept_as_printed():
    media = _template(2562).get(title__startswith="จัดทำสื่อประชาสัมพันธ์")
    assert media.total == 10
    assert sum(s.total for s in media.sub_items.all()) == 8


def test_centre_copies_a_template_to_a_new_fiscal_year():
    target = FiscalYear.objects.get(year_be=2571)
    copied = copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=target)
    assert copied == _template(2562).count() == 18
    original = _template(2562).get(title="ตลาดนัด")
    copy = _template(2571).get(title="ตลาดนัด")
    assert copy.pk != original.pk
    assert copy.parent.title == "บูรณาการตรวจตามแผนที่กำหนดร่วมกัน"
    assert copy.parent.topic.fiscal_year == target
    assert copy.targets == original.targets
    assert _template(2571).get(title__startswith="รณรงค์ ประชาสัมพันธ์").agencies.count() == 2
    # The source is untouched.
    assert _template(2562).count() == 18


def test_copying_never_overwrites_an_existing_template():
    source, target = FiscalYear.objects.get(year_be=2562), FiscalYear.objects.get(year_be=2571)
    copy_fiscal_year_setup(source=source, target=target)
    with pytest.raises(SetupCopyError, match="มีแม่แบบแผนอยู่แล้ว"):
        copy_fiscal_year_setup(source=source, target=target)
    assert _template(2571).count() == 18
