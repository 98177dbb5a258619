"""Reference data shipped with the product, loaded by migration.

Every function takes the migration's app registry so that it keeps working as models change.
"""

import datetime

import geothai

REGIONS = [
    # code, Thai, English: the six regions of the National Geographical Committee.
    ("north", "ภาคเหนือ", "North"),
    ("northeast", "ภาคตะวันออกเฉียงเหนือ", "Northeast"),
    ("central", "ภาคกลาง", "Central"),
    ("east", "ภาคตะวันออก", "East"),
    ("west", "ภาคตะวันตก", "West"),
    ("south", "ภาคใต้", "South"),
]

# geothai has no regions: province code → region, six-region system (22/20/9/7/5/14 with Bangkok).
REGION_OF_PROVINCE = {
    **dict.fromkeys(["10", *map(str, range(11, 20)), "26", "60", "61", "62", "64", "65", "66", "67",
                     "72", "73", "74", "75"], "central"),
    **dict.fromkeys(["20", "21", "22", "23", "24", "25", "27"], "east"),
    **dict.fromkeys(["63", "70", "71", "76", "77"], "west"),
    **dict.fromkeys(map(str, range(30, 50)), "northeast"),
    **dict.fromkeys(map(str, range(50, 59)), "north"),
    **dict.fromkeys(["80", "81", "82", "83", "84", "85", "86", "90", "91", "92", "93", "94", "95", "96"], "south"),
}  # fmt: skip

BANGKOK_CODE = "10"

AGENCIES = [
    ("สรจ.", "สำนักงานแรงงานจังหวัด", "Provincial Labour Office"),
    ("สจจ.", "สำนักงานจัดหางานจังหวัด", "Provincial Employment Office"),
    ("สสค.", "สำนักงานสวัสดิการและคุ้มครองแรงงานจังหวัด", "Provincial Labour Protection and Welfare Office"),
    ("สพร.", "สถาบันพัฒนาฝีมือแรงงาน", "Skill Development Institute"),
    ("สนพ.", "สำนักงานพัฒนาฝีมือแรงงาน", "Provincial Skill Development Office"),
    ("สปส.", "สำนักงานประกันสังคมจังหวัด", "Provincial Social Security Office"),
    ("พมจ.", "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด",
     "Provincial Office of Social Development and Human Security"),
]  # fmt: skip

FRAMEWORK = (
    "ยุทธศาสตร์การป้องกันและแก้ไขปัญหาการค้ามนุษย์ด้านแรงงาน",
    "Strategy for Preventing and Solving Labour Trafficking",
    2559,
    2563,
)
STRATEGIES = [
    (1, "การพัฒนากลไกเชิงนโยบายและการขับเคลื่อนการทำงาน", "Policy mechanisms and driving the work"),
    (2, "การคุ้มครอง แก้ไขปัญหา และช่วยเหลือ", "Protection, remedy and assistance"),
    (3, "การบังคับใช้กฎหมายอย่างมีประสิทธิภาพและประสิทธิผล", "Efficient and effective law enforcement"),
    (4, "การเฝ้าระวังและป้องกันไม่ให้แรงงานกลุ่มเสี่ยงเข้าสู่กระบวนการค้ามนุษย์",
     "Surveillance and prevention for at-risk workers"),
    (5, "การพัฒนาเครือข่ายและบริหารข้อมูล", "Network development and information management"),
]  # fmt: skip

FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2562, 2571


def _months(**by_month: int) -> list[int]:
    """Twelve targets in plan order from keyword months: _months(oct=1, dec=2)."""
    order = ["oct", "nov", "dec", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep"]
    return [by_month.get(name, 0) for name in order]


def _each(value: int, *names: str) -> list[int]:
    return _months(**dict.fromkeys(names, value))


NOV_TO_AUG = ("nov", "dec", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug")

# The FY 2562 template of Form 1 (DOMAIN.md section 4): topics 5–9 as printed in the seed.
# Where the printed monthly cells are garbled, the total is spread as the seed's months show.
TEMPLATE_2562 = [
    (5, 3, "การตรวจตามคำสั่ง คสช. ๑๐๑/๒๕๕๗", [
        ("๑) หาข่าว และกำหนดเป้าหมายการตรวจร่วมกับหน่วยงานด้านความมั่นคงและฝ่ายปกครองในพื้นที่ "
         "พร้อมทั้งจัดทำแผนตรวจตามการข่าว", "ครั้ง", ["สจจ."], _months(oct=1), []),
        ("๒) บูรณาการตรวจตามแผนที่กำหนดร่วมกัน", "ครั้ง", ["สจจ."], _each(6, *NOV_TO_AUG), [
            ("ตลาดสด", "ครั้ง", [], _each(2, *NOV_TO_AUG)),
            ("ตลาดนัด", "ครั้ง", [], _each(2, *NOV_TO_AUG)),
            ("หาบเร่แผงลอย", "ครั้ง", [], _each(2, *NOV_TO_AUG)),
        ]),
    ]),
    (6, 4, "สร้างการรับรู้ให้กับแรงงานหรือสถานประกอบกิจการ", [
        ("๑) จัดทำสื่อประชาสัมพันธ์ สร้างการรับรู้เกี่ยวกับการค้ามนุษย์", "ครั้ง", ["สจจ."], _each(1, *NOV_TO_AUG), [
            ("สื่อสิ่งพิมพ์ (แผ่นพับ/โปสเตอร์/ไวนิล)", "ครั้ง", [], _each(1, "dec", "apr")),
            ("สื่อโซเชียล", "ครั้ง", [], _each(1, "nov", "jan", "feb", "mar", "may", "jun")),
        ]),
        ("๒) รณรงค์ ประชาสัมพันธ์ผ่านช่องทางอื่น ๆ", "ครั้ง", ["สจจ.", "สสค."], _each(1, *NOV_TO_AUG), [
            ("หนังสือพิมพ์ท้องถิ่น", "ครั้ง", [], _each(1, "nov", "jan", "mar", "may", "jul")),
            ("วิทยุชุมชน", "ครั้ง", [], _each(1, "dec", "feb", "apr", "jun", "aug")),
        ]),
    ]),
    (7, 4, "ส่งเสริมแนวปฏิบัติการใช้แรงงานที่ดี (GLP) และมาตรฐานแรงงานไทย (TLS) ในสถานประกอบกิจการ", [
        ("๑) ส่งเสริมสถานประกอบการนำแนวปฏิบัติการใช้แรงงานที่ดีไปใช้ (GLP)", "แห่ง", ["สจจ.", "สสค."],
         _each(2, "nov", "jan", "mar", "may", "jul"), []),
        ("๒) ส่งเสริมสถานประกอบกิจการจัดมาตรฐานแรงงานไทย (TLS)", "แห่ง", ["สสค."],
         _each(2, "dec", "feb", "apr", "jun", "aug"), []),
        ("๓) รณรงค์/สร้างการรับรู้ให้สถานประกอบการให้นำ GLP/TLS ไปใช้", "ครั้ง", [], _each(2, *NOV_TO_AUG), []),
    ]),
    (8, 5, "จัดทำทะเบียนรายชื่อภาคีเครือข่ายหน่วยงานภาครัฐ ภาคเอกชน และภาคประชาสังคม (NGOs) "
           "ในพื้นที่ให้เป็นปัจจุบัน", [
        ("๑) ขยายเครือข่ายในกลุ่มอื่น ๆ ตามที่เห็นสมควร อาทิ อสม. NGOs กำนัน และผู้ใหญ่บ้าน", "ครั้ง", ["สจจ."],
         _months(oct=1), []),
        ("๒) จัดทำ/ปรับปรุงทะเบียนเครือข่ายให้เป็นปัจจุบัน", "เล่ม", ["สจจ."], _months(oct=1), []),
    ]),
    (9, 5, "ส่งเสริม/สนับสนุนการจัดเวทีหรือสร้างช่องทางแลกเปลี่ยนข้อมูล/ข่าวสารระหว่างภาคีเครือข่าย", [
        ("๑) จัดประชุม/สัมมนาให้ความรู้เกี่ยวกับการป้องกันการค้ามนุษย์ ให้กับภาคีเครือข่าย ทั้งใหม่และเก่า", "ครั้ง",
         ["สจจ."], _months(dec=1), []),
        ("๒) สร้างช่องทางการแจ้งเบาะแสที่เกี่ยวข้องกับกระบวนการค้ามนุษย์ ผ่านกลุ่ม LINE", "ช่องทาง", ["สจจ."],
         _months(dec=1), []),
    ]),
]  # fmt: skip


def strip_number(title: str) -> str:
    """Activity numbers ("๑) …") are shown by position, not stored in the title."""
    head, sep, rest = title.partition(") ")
    return rest if sep and len(head) <= 3 else title


def load_regions_and_provinces(apps):
    Region = apps.get_model("reference", "Region")
    Province = apps.get_model("reference", "Province")
    regions = {}
    for order, (code, name_th, name_en) in enumerate(REGIONS, start=1):
        regions[code], _ = Region.objects.update_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "order": order}
        )
    for province in geothai.provinces():
        Province.objects.update_or_create(
            code=province.code,
            defaults={
                "name_th": province.name_th,
                "name_en": province.name_en,
                "region": regions[REGION_OF_PROVINCE[province.code]],
                "in_regional_administration": province.code != BANGKOK_CODE,
            },
        )


def load_agencies(apps):
    Agency = apps.get_model("reference", "Agency")
    for order, (abbreviation, name_th, name_en) in enumerate(AGENCIES, start=1):
        Agency.objects.update_or_create(
            abbreviation=abbreviation, defaults={"name_th": name_th, "name_en": name_en, "order": order * 10}
        )


def load_framework_and_fiscal_years(apps):
    StrategyFramework = apps.get_model("reference", "StrategyFramework")
    Strategy = apps.get_model("reference", "Strategy")
    FiscalYear = apps.get_model("reference", "FiscalYear")
    name_th, name_en, first, last = FRAMEWORK
    framework, _ = StrategyFramework.objects.update_or_create(
        first_year_be=first, last_year_be=last, defaults={"name_th": name_th, "name_en": name_en}
    )
    for number, s_th, s_en in STRATEGIES:
        Strategy.objects.update_or_create(
            framework=framework, number=number, defaults={"name_th": s_th, "name_en": s_en}
        )
    for year_be in range(FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR + 1):
        start_ce = year_be - 543 - 1
        FiscalYear.objects.get_or_create(
            year_be=year_be,
            defaults={
                "start_date": datetime.date(start_ce, 10, 1),
                "end_date": datetime.date(start_ce + 1, 9, 30),
                "framework": framework,
                "plan_due_date": datetime.date(start_ce, 10, 12),
                "annual_report_due_date": datetime.date(start_ce + 1, 9, 30),
            },
        )


def load_template_2562(apps):
    FiscalYear = apps.get_model("reference", "FiscalYear")
    Strategy = apps.get_model("reference", "Strategy")
    Agency = apps.get_model("reference", "Agency")
    TemplateTopic = apps.get_model("reference", "TemplateTopic")
    TemplateItem = apps.get_model("reference", "TemplateItem")
    fiscal_year = FiscalYear.objects.get(year_be=2562)
    if TemplateTopic.objects.filter(fiscal_year=fiscal_year).exists():
        return
    agencies = {a.abbreviation: a for a in Agency.objects.all()}
    targets = [f"target_{i}" for i in range(1, 13)]

    def make_item(topic, parent, order, title, unit, agency_codes, months):
        item = TemplateItem.objects.create(
            topic=topic, parent=parent, order=order, title=title, unit=unit, **dict(zip(targets, months, strict=True))
        )
        item.agencies.set([agencies[code] for code in agency_codes])
        return item

    for number, strategy_number, title, activities in TEMPLATE_2562:
        topic = TemplateTopic.objects.create(
            fiscal_year=fiscal_year,
            strategy=Strategy.objects.get(framework=fiscal_year.framework, number=strategy_number),
            number=number,
            title=title,
        )
        order = 0
        for a_title, unit, agency_codes, months, sub_items in activities:
            order += 1
            activity = make_item(topic, None, order, strip_number(a_title), unit, agency_codes, months)
            for s_title, s_unit, s_agencies, s_months in sub_items:
                order += 1
                make_item(topic, activity, order, s_title, s_unit, s_agencies, s_months)


def load_all(apps, schema_editor=None):
    load_regions_and_provinces(apps)
    load_agencies(apps)
    load_framework_and_fiscal_years(apps)
    load_template_2562(apps)
