"""The FY 2562 KPI criteria as printed in the seed (DOMAIN.md section 7), shipped by migration."""

import datetime
from decimal import Decimal

from labourplan.evaluation import engine

TITLE_2562 = "ตัวชี้วัดประเมินผลการปฏิบัติราชการของแรงงานจังหวัด: ระดับความสำเร็จในการขับเคลื่อนการป้องกันการค้ามนุษย์ด้านแรงงาน"

# (round, starts_on, ends_on, [(level, description, [(kind, threshold, after_approval)])])
ROUNDS_2562 = [
    (
        1,
        datetime.date(2018, 10, 1),
        datetime.date(2019, 3, 31),
        [
            (
                1,
                "สำนักงานแรงงานจังหวัด จัดประชุม/ประสานหน่วยงานที่เกี่ยวข้องในพื้นที่ เพื่อจัดทำแผนปฏิบัติการฯ "
                "ให้สอดคล้องกับยุทธศาสตร์การป้องกันและแก้ไขปัญหาการค้ามนุษย์ด้านแรงงาน",
                [(engine.PLANNING_MEETING, None, False)],
            ),
            (
                2,
                "สำนักงานแรงงานจังหวัด เสนอแผนปฏิบัติการฯ ที่ร่วมจัดทำกับหน่วยงานที่เกี่ยวข้องตามระดับที่ ๑ ให้ผู้ว่าราชการอนุมัติ/เห็นชอบ",
                [(engine.PLAN_SUBMITTED, None, False)],
            ),
            (
                3,
                "สำนักงานแรงงานจังหวัด จัดประชุมหรือประสานหน่วยงานในพื้นที่ เพื่อขับเคลื่อน/ติดตามการปฏิบัติตาม"
                "แผนปฏิบัติการฯ ที่ได้รับการอนุมัติ/เห็นชอบจากผู้ว่าราชการจังหวัด และรายงานผลให้กระทรวงแรงงานทราบทุกเดือน",
                [(engine.TRACKING_MEETING, None, True), (engine.MONTHLY_REPORTS, None, False)],
            ),
            (
                4,
                "ดำเนินการตามระดับที่ ๑ - ๓ และมีการนำมาตรการ/กิจกรรมที่ระบุไว้ในแผนปฏิบัติการฯ ไปสู่การปฏิบัติ"
                "ไม่น้อยกว่าร้อยละ ๔๐ และมีผลการเบิกจ่ายงบประมาณไม่น้อยกว่าร้อยละ ๔๐",
                [(engine.ACTIVITIES_PERCENT, "40", False), (engine.DISBURSED_PERCENT, "40", False)],
            ),
            (
                5,
                "ดำเนินการตามระดับที่ ๑ - ๓ และมีการนำมาตรการ/กิจกรรมที่ระบุไว้ในแผนปฏิบัติการฯ ไปสู่การปฏิบัติ"
                "ไม่น้อยกว่าร้อยละ ๔๕ และมีผลการเบิกจ่ายงบประมาณไม่น้อยกว่าร้อยละ ๕๐",
                [(engine.ACTIVITIES_PERCENT, "45", False), (engine.DISBURSED_PERCENT, "50", False)],
            ),
        ],
    ),
    (
        2,
        datetime.date(2019, 4, 1),
        datetime.date(2019, 9, 30),
        [
            (
                1,
                "สำนักงานแรงงานจังหวัด จัดประชุมหรือประสานหน่วยงานในพื้นที่ เพื่อขับเคลื่อน/ติดตามการปฏิบัติตาม"
                "แผนปฏิบัติการฯ อย่างต่อเนื่อง และรายงานผลให้กระทรวงแรงงานทราบทุกเดือน",
                [(engine.TRACKING_MEETING, None, False), (engine.MONTHLY_REPORTS, None, False)],
            ),
        ]
        + [
            (
                level,
                f"ดำเนินการตามระดับที่ ๑ และมีการนำมาตรการ/กิจกรรมที่ระบุไว้ในแผนปฏิบัติการฯ ไปสู่การปฏิบัติ"
                f"ไม่น้อยกว่าร้อยละ {activities} และมีผลการเบิกจ่ายงบประมาณไม่น้อยกว่าร้อยละ {disbursed}",
                [(engine.ACTIVITIES_PERCENT, activities, False), (engine.DISBURSED_PERCENT, disbursed, False)],
            )
            for level, activities, disbursed in [(2, "70", "80"), (3, "75", "85"), (4, "80", "90"), (5, "85", "96")]
        ],
    ),
]


def load_scheme_2562(apps):
    FiscalYear = apps.get_model("reference", "FiscalYear")
    Scheme = apps.get_model("evaluation", "Scheme")
    Round = apps.get_model("evaluation", "Round")
    Level = apps.get_model("evaluation", "Level")
    Condition = apps.get_model("evaluation", "Condition")
    fiscal_year = FiscalYear.objects.filter(year_be=2562).first()
    if fiscal_year is None or Scheme.objects.filter(fiscal_year=fiscal_year).exists():
        return
    scheme = Scheme.objects.create(fiscal_year=fiscal_year, title=TITLE_2562)
    for number, starts_on, ends_on, levels in ROUNDS_2562:
        round_ = Round.objects.create(scheme=scheme, number=number, starts_on=starts_on, ends_on=ends_on)
        for level_number, description, conditions in levels:
            level = Level.objects.create(round=round_, number=level_number, description=description)
            for kind, threshold, after_approval in conditions:
                Condition.objects.create(
                    level=level,
                    kind=kind,
                    threshold=Decimal(threshold) if threshold else None,
                    after_approval=after_approval,
                )
