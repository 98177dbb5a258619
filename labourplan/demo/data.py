"""The living demonstration that `make run` loads. Each feature extends it as it arrives.

Everything goes through the same service functions as users' actions, and loading twice
changes nothing. Variety across provinces is drawn from a generator seeded by the province
code, so every run produces the same demonstration.
"""

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from labourplan.accounts.models import Role, User
from labourplan.accounts.services import create_user
from labourplan.accounts.two_factor import give_demo_authenticator
from labourplan.annual import services as annual_services
from labourplan.annual.models import AnnualReport
from labourplan.evaluation import services as evaluation_services
from labourplan.evaluation.models import Scheme
from labourplan.lib.fiscal import BANGKOK, bangkok_today
from labourplan.partners import services as partner_services
from labourplan.partners.models import Partner, PartnerKind
from labourplan.plans import services as plan_services
from labourplan.plans.models import MeetingKind, Plan, PlanItem
from labourplan.quality.demo import load_demo_quality
from labourplan.reference.models import FiscalYear, Province
from labourplan.reference.services import copy_fiscal_year_setup
from labourplan.reports import services as report_services
from labourplan.reports.models import MonthlyReport

DEMO_PASSWORD = "demo-labour-2570"  # noqa: S105 — published in the README, demo only  # nosec B105
DEMO_FISCAL_YEARS = (2569, 2570)
# The central demo accounts' authenticator secrets (base32), published in the README so that a
# newcomer can add them to any authenticator app. Demo data only.
DEMO_TOTP_SECRETS = {
    "ccpl.admin": "LABOURPLANCCPLADMINDEMOSECRETAAA",  # nosec B105
    "ccpl.viewer": "LABOURPLANCCPLVIEWERDEMOSECRETAA",  # nosec B105
}

# username, role, province code, first name, last name, position
DEMO_USERS = [
    ("ccpl.admin", Role.CENTRAL_ADMIN, None, "สมหญิง", "ใจดี", "นักวิเคราะห์นโยบายและแผน ศปคร."),
    ("ccpl.viewer", Role.CENTRAL_VIEWER, None, "ประเสริฐ", "มั่นคง", "ผู้ตรวจราชการกระทรวงแรงงาน"),
    ("chiangmai.editor", Role.PROVINCIAL_EDITOR, "50", "วิไล", "คำแก้ว", "เจ้าหน้าที่บันทึกข้อมูล"),
    ("chiangmai.approver", Role.PROVINCIAL_APPROVER, "50", "สมชาย", "ศรีสุข", "แรงงานจังหวัดเชียงใหม่"),
    ("songkhla.editor", Role.PROVINCIAL_EDITOR, "90", "ฮาซัน", "เจริญผล", "เจ้าหน้าที่บันทึกข้อมูล"),
    ("songkhla.approver", Role.PROVINCIAL_APPROVER, "90", "สุนีย์", "ทองดี", "แรงงานจังหวัดสงขลา"),
]


# A one-page PDF standing in for the governor's signed approval.
SIGNED_APPROVAL = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# FY 2570 as of late November 2569: most plans approved, the rest at every earlier stage.
FY2570_STATES = ["approved"] * 9 + ["amended"] * 2 + ["submitted"] * 3 + ["draft"] * 3 + ["not_started"] * 3
FIXED_STATES = {("50", 2570): "approved", ("90", 2570): "draft", ("10", 2570): "not_started"}


def _officers(province):
    """The province's editor and approver: the README's accounts, or password-less demo officers."""
    users = {u.role: u for u in User.objects.filter(province=province)}
    for role, suffix in [(Role.PROVINCIAL_EDITOR, "editor"), (Role.PROVINCIAL_APPROVER, "approver")]:
        if role not in users:
            users[role] = create_user(
                username=f"p{province.code}.{suffix}", password=None, role=role, province=province
            )
    return users[Role.PROVINCIAL_EDITOR], users[Role.PROVINCIAL_APPROVER]


def _state_for(province, year_be, rng):
    if (province.code, year_be) in FIXED_STATES:
        return FIXED_STATES[(province.code, year_be)]
    if year_be < 2570:
        return "amended" if rng.random() < 0.15 else "approved"
    return rng.choice(FY2570_STATES)


@transaction.atomic
def _demo_plan(province, fiscal_year, state, rng):
    editor, approver = _officers(province)
    plan = plan_services.create_plan(province=province, fiscal_year=fiscal_year, by=editor)
    version = plan.current_version
    # Provinces adapt the template: scale a few targets up or down.
    for item in PlanItem.objects.filter(topic__version=version, parent=None).order_by("pk"):
        if rng.random() < 0.3 and item.total > 5:
            factor = rng.choice([0.5, 1.5, 2])
            # A month with work keeps at least 1: halving 1 would leave an activity without a target,
            # which the checks before sending refuse.
            targets = {
                f: max(1, round(getattr(item, f) * factor)) if getattr(item, f) else 0 for f in item.TARGET_FIELDS
            }
            plan_services.update_item(item=item, revision=item.revision, changes=targets, by=editor)
    start = fiscal_year.start_date
    plan_services.add_meeting(
        plan=plan,
        held_on=start + datetime.timedelta(days=rng.randint(1, 6)),
        kind=MeetingKind.PLANNING,
        title="ประชุมคณะทำงานจัดทำแผนปฏิบัติการป้องกันการค้ามนุษย์ด้านแรงงานจังหวัด",
        agencies=list(fiscal_year.template_topics.first().items.first().agencies.all()),
        by=editor,
    )
    if state == "draft":
        return plan
    submitted_on = start + datetime.timedelta(days=rng.randint(7, 11))
    version = plan_services.submit_plan(version=version, submitted_on=submitted_on, by=approver)
    if state == "submitted":
        return plan
    approved_on = submitted_on + datetime.timedelta(days=rng.randint(3, 15))
    document = ContentFile(SIGNED_APPROVAL, name=f"approval-{province.code}-{fiscal_year.year_be}.pdf")
    plan_services.record_approval(version=version, approved_on=approved_on, document=document, by=approver)
    amount = Decimal(rng.randrange(80, 200) * 1000)
    plan_services.add_allocation(
        plan=plan, amount=amount * Decimal("0.6"), received_on=approved_on, by=editor, note="งวดที่ 1"
    )
    if fiscal_year.end_date < datetime.date.today():
        plan_services.add_allocation(
            plan=plan,
            amount=amount * Decimal("0.4"),
            received_on=datetime.date(fiscal_year.end_date.year, 3, 15),
            by=editor,
            note="งวดที่ 2",
        )
    if state == "amended":
        plan_services.start_amendment(plan=plan, reason="ปรับเป้าหมายการตรวจร่วมตามผลการหาข่าวของจังหวัด", by=editor)
    return plan


def load_demo_plans(*, log=print) -> None:
    for year_be in DEMO_FISCAL_YEARS:
        fiscal_year = FiscalYear.objects.get(year_be=year_be)
        existing = set(Plan.objects.filter(fiscal_year=fiscal_year).values_list("province__code", flat=True))
        created = 0
        for province in Province.objects.regional().order_by("code"):
            rng = random.Random(f"{province.code}-{year_be}")  # noqa: S311 — repeatable demo variety, not security  # nosec B311
            state = _state_for(province, year_be, rng)
            if state == "not_started" or province.code in existing:
                continue
            _demo_plan(province, fiscal_year, state, rng)
            created += 1
        if created:
            log(f"{fiscal_year}: {created} demo plans")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BANGKOK)


@transaction.atomic
def _demo_report(plan, month_index, rng, today, reviewer):
    """One month's report: results near the targets, spending, and a life cycle that varies."""
    editor, approver = _officers(plan.province)
    report = report_services.open_report(plan=plan, month_index=month_index, by=editor, today=today)
    version = plan.version_in_force()
    leaves = [i for i in PlanItem.objects.filter(topic__version=version).prefetch_related("sub_items") if
              not i.sub_items.all()]  # fmt: skip
    pace = rng.choice([0.6, 0.8, 0.9, 1.0, 1.0, 1.1])
    for item in leaves:
        target = getattr(item, f"target_{month_index}")
        result = max(0, round(target * pace + rng.choice([-1, 0, 0, 0, 1]))) if target else rng.choice([0, 0, 0, 1])
        confirmed = result > 3 * target and result > 0
        report_services.save_result(
            report=report, item=item, revision=0, result=result, by=editor, confirmed=confirmed,
            remark="ดำเนินการเพิ่มตามสถานการณ์ในพื้นที่" if confirmed else "",
        )  # fmt: skip
    allocated = sum(a.amount for a in plan.allocations.all())
    spent = report_services.disbursed_elsewhere(report)
    amount = min(allocated - spent, (allocated / 12 * Decimal(str(pace))).quantize(Decimal("0.01")))
    report_services.update_report(
        report=report,
        revision=report.revision,
        changes={
            "disbursed": max(amount, Decimal("0")),
            "key_results": "ตรวจสถานประกอบการกลุ่มเสี่ยงร่วมกับฝ่ายปกครองและประชาสัมพันธ์ผ่านวิทยุชุมชน",
        },
        by=editor,
    )
    due = report.due_date
    if not report.has_ended(today):
        return report  # the month is in progress: drafted, sent once it has ended
    if today <= due and rng.random() < 0.5:
        return report  # still a draft, and not yet due
    if today > due and rng.random() < 0.08:
        return report  # missing: never sent
    late = rng.random() < 0.15
    sent_on = (
        due + datetime.timedelta(days=rng.randint(1, 6)) if late else due - datetime.timedelta(days=rng.randint(0, 4))
    )
    sent_on = max(report.sending_opens_on, min(sent_on, today))
    sent_at = _at(sent_on, rng.randint(8, 16), rng.randint(0, 59))
    report_services.submit_report(report=report, by=approver, now=sent_at)
    if rng.random() < 0.1:
        report_services.return_report(report=report, by=reviewer, comment="กรุณาแนบภาพกิจกรรมและระบุจำนวนผู้ถูกตรวจ")
        if today - due < datetime.timedelta(days=20) and rng.random() < 0.5:
            return report  # returned, waiting for the province's correction
        report_services.submit_report(report=report, by=approver, now=sent_at + datetime.timedelta(days=2))
    if today - due > datetime.timedelta(days=10) or rng.random() < 0.6:
        report_services.accept_report(report=report, by=reviewer)
    return report


def load_demo_reports(*, log=print) -> None:
    today = bangkok_today()
    reviewer = User.objects.get(username="ccpl.admin")
    for year_be in DEMO_FISCAL_YEARS:
        done = set(
            MonthlyReport.objects.filter(plan__fiscal_year__year_be=year_be).values_list("plan_id", "month_index")
        )
        created = 0
        plans = Plan.objects.filter(fiscal_year__year_be=year_be).select_related("province", "fiscal_year")
        with transaction.atomic():  # a year at once: the data-quality checks then run once, at its commit
            for plan in plans.order_by("province__code"):
                if report_services.approved_version(plan) is None:
                    continue
                for month_index, (year, month) in enumerate(plan.fiscal_year.months, start=1):
                    if datetime.date(year, month, 1) > today or (plan.pk, month_index) in done:
                        continue
                    rng = random.Random(f"{plan.province.code}-{year_be}-{month_index}")  # noqa: S311 — demo variety  # nosec B311
                    _demo_report(plan, month_index, rng, today, reviewer)
                    created += 1
        if created:
            log(f"FY {year_be}: {created} demo monthly reports")


TRACKING_MEETING_MONTHS = (2, 5, 8, 11)  # the provinces' committees meet about once a quarter


def load_demo_meetings(*, log=print) -> None:
    """Meetings to drive / track each approved plan: most quarters, sometimes one too early."""
    today = bangkok_today()
    added = 0
    plans = Plan.objects.filter(fiscal_year__year_be__in=DEMO_FISCAL_YEARS).select_related("province", "fiscal_year")
    for plan in plans.order_by("fiscal_year__year_be", "province__code"):
        version = report_services.approved_version(plan)
        if version is None or plan.meetings.filter(kind=MeetingKind.TRACKING).exists():
            continue
        rng = random.Random(f"{plan.province.code}-{plan.fiscal_year.year_be}-meetings")  # noqa: S311 — demo variety  # nosec B311
        editor, _ = _officers(plan.province)
        for month_index in TRACKING_MEETING_MONTHS:
            year, month = plan.fiscal_year.months[month_index - 1]
            held_on = datetime.date(year, month, rng.randint(5, 25))
            if month_index == 2 and rng.random() < 0.1:
                held_on = version.approved_on - datetime.timedelta(days=1)  # before the approval: does not count
            if held_on > today or rng.random() < 0.12:
                continue
            plan_services.add_meeting(
                plan=plan,
                held_on=held_on,
                kind=MeetingKind.TRACKING,
                title="ประชุมศูนย์ปฏิบัติการป้องกันการค้ามนุษย์ด้านแรงงานจังหวัด ติดตามการดำเนินงานตามแผน",
                by=editor,
            )
            added += 1
    if added:
        log(f"{added} demo tracking meetings")


def load_demo_evaluations(*, log=print) -> None:
    """The FY 2562 criteria copied to the demo years; FY 2569's rounds frozen, one level overridden."""
    admin = User.objects.get(username="ccpl.admin")
    source = Scheme.objects.get(fiscal_year__year_be=2562)
    for year_be in DEMO_FISCAL_YEARS:
        fiscal_year = FiscalYear.objects.get(year_be=year_be)
        if not Scheme.objects.filter(fiscal_year=fiscal_year).exists():
            evaluation_services.copy_scheme(source=source, target=fiscal_year, by=admin)
            log(f"{fiscal_year}: KPI criteria copied from FY 2562")
    scheme = Scheme.objects.get(fiscal_year__year_be=2569)
    today = bangkok_today()
    for round_ in evaluation_services.rounds_with_criteria(scheme):
        if round_.is_frozen or today <= evaluation_services.last_report_due(round_):
            continue
        evaluation_services.freeze_round(round_=round_, by=admin)
        log(f"{scheme.fiscal_year} {round_}: frozen")
        if round_.number == 2:
            frozen = round_.frozen_evaluations.get(province__code="90")
            if frozen.computed_level < 5:
                evaluation_services.override_level(
                    frozen=frozen,
                    level=frozen.computed_level + 1,
                    reason="จังหวัดส่งหลักฐานการเบิกจ่ายที่บันทึกไม่ทันกำหนด ศปคร. ตรวจสอบแล้ว",
                    by=admin,
                )


def load_demo(*, log=print) -> None:
    for username, role, province_code, first_name, last_name, position in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        create_user(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            province=Province.objects.get(code=province_code) if province_code else None,
            first_name=first_name,
            last_name=last_name,
            position=position,
            email=f"{username.replace('.', '-')}@example.go.th",
        )
        log(f"user {username} ({role})")
    for username, secret in DEMO_TOTP_SECRETS.items():
        user = User.objects.get(username=username)
        if not user.two_factor_enabled:
            give_demo_authenticator(user, secret)
    for year_be in DEMO_FISCAL_YEARS:
        target = FiscalYear.objects.get(year_be=year_be)
        if not target.template_topics.exists():
            copied = copy_fiscal_year_setup(source=FiscalYear.objects.get(year_be=2562), target=target)
            log(f"{target}: {copied} template rows copied from FY 2562")
    load_demo_plans(log=log)
    load_demo_reports(log=log)
    load_demo_meetings(log=log)
    load_demo_evaluations(log=log)
    load_demo_annual_reports(log=log)
    load_demo_partners(log=log)
    load_demo_quality(log=log)


# Form 3 for FY 2569, due 30 Sep 2569: most provinces sent it, Songkhla has only started. -----

ANNUAL_SUMMARY = (
    "จังหวัด{province}ขับเคลื่อนแผนปฏิบัติการป้องกันการใช้แรงงานบังคับและการค้ามนุษย์ด้านแรงงาน"
    "ร่วมกับหน่วยงานในพื้นที่ตลอดปีงบประมาณ โดยมีผลสำคัญดังนี้\n\n"
    "1) ตรวจสถานประกอบการกลุ่มเสี่ยงร่วมกับฝ่ายปกครองและหน่วยงานความมั่นคงตามแผน\n"
    "2) ประชาสัมพันธ์สร้างการรับรู้ผ่านวิทยุชุมชนและสื่อสังคมออนไลน์\n"
    "3) ปรับปรุงทะเบียนภาคีเครือข่ายให้เป็นปัจจุบันและเปิดช่องทางแจ้งเบาะแสผ่านกลุ่ม LINE"
)


@transaction.atomic
def _demo_annual_report(plan, rng, reviewer):
    editor, approver = _officers(plan.province)
    report = annual_services.open_annual_report(plan=plan, by=editor)
    if plan.province.code == "90":
        return report  # Songkhla's officers have only opened it: a prefilled draft to try
    report = annual_services.update_annual_report(
        report=report,
        revision=report.revision,
        changes={
            "executive_summary": ANNUAL_SUMMARY.format(province=plan.province.name_th),
            "problems": "แรงงานต่างด้าวย้ายสถานประกอบการบ่อย ทำให้ติดตามกลุ่มเสี่ยงได้ยาก",
            "suggestions": "ควรจัดสรรงบประมาณสำหรับการตรวจร่วมนอกเวลาราชการเพิ่มเติม",
        },
        by=editor,
    )
    roll = 0.0 if plan.province.code == "50" else rng.random()
    if roll > 0.85:
        return report  # a draft, never sent: missing
    due = plan.fiscal_year.annual_report_due_date
    sent_on = (
        due + datetime.timedelta(days=rng.randint(1, 10))
        if roll > 0.7
        else due - datetime.timedelta(days=rng.randint(0, 20))
    )
    report = annual_services.submit_annual_report(report=report, by=approver, now=_at(sent_on, rng.randint(8, 16)))
    if roll > 0.6:
        return report  # waiting for the centre
    return annual_services.accept_annual_report(report=report, by=reviewer)


def load_demo_annual_reports(*, log=print) -> None:
    reviewer = User.objects.get(username="ccpl.admin")
    plans = (
        Plan.objects.filter(fiscal_year__year_be=2569, annual_report__isnull=True)
        .select_related("province", "fiscal_year")
        .order_by("province__code")
    )
    created = 0
    for plan in plans:
        if report_services.approved_version(plan) is None:
            continue
        rng = random.Random(f"{plan.province.code}-annual-2569")  # noqa: S311 — demo variety  # nosec B311
        _demo_annual_report(plan, rng, reviewer)
        created += 1
    if created:
        log(f"FY 2569: {created} demo annual reports; {AnnualReport.objects.sent().count()} sent to the centre")


# Chiang Mai's partner-network register (names and numbers are made up). ---------------------

DEMO_PARTNERS = [
    ("สถานีตำรวจภูธรเมืองเชียงใหม่", PartnerKind.GOVERNMENT, "พ.ต.ท. ประวิทย์ สุขใจ", "053-000-101", "", "",
     "อำเภอเมือง"),
    ("ที่ทำการปกครองอำเภอฝาง", PartnerKind.GOVERNMENT, "นายอำนาจ ดีงาม", "053-000-202", "", "", "อำเภอฝาง"),
    ("สภาอุตสาหกรรมจังหวัดเชียงใหม่", PartnerKind.PRIVATE, "นางสาวพิมพ์ชนก รุ่งเรือง", "053-000-303",
     "contact@example.org", "fti.cm", "ทั้งจังหวัด"),
    ("หอการค้าจังหวัดเชียงใหม่", PartnerKind.PRIVATE, "นายวีระ ค้าขาย", "053-000-404", "", "", "ทั้งจังหวัด"),
    ("มูลนิธิเพื่อสิทธิแรงงานข้ามชาติ", PartnerKind.CIVIL_SOCIETY, "นางสาวนุช มีสุข", "081-000-0505",
     "info@example.org", "migrant.help", "อำเภอเมืองเชียงใหม่ อำเภอสันทราย"),
    ("เครือข่ายแรงงานนอกระบบเชียงใหม่", PartnerKind.CIVIL_SOCIETY, "นายสมศักดิ์ แข็งแรง", "081-000-0606", "", "", "ทั้งจังหวัด"),
    ("ชมรม อสม. อำเภอฝาง", PartnerKind.COMMUNITY, "นางบัวคำ ใจดี", "081-000-0707", "", "buakham.fang", "อำเภอฝาง"),
    ("กำนันตำบลแม่ข่า", PartnerKind.COMMUNITY, "นายประสงค์ ทองคำ", "081-000-0808", "", "", "ตำบลแม่ข่า อำเภอฝาง"),
    ("ผู้ใหญ่บ้านบ้านแม่สูน", PartnerKind.COMMUNITY, "นายบุญมา ศรีวงค์", "081-000-0909", "", "", "ตำบลแม่สูน อำเภอฝาง"),
]  # fmt: skip


def load_demo_partners(*, log=print) -> None:
    province = Province.objects.get(code="50")
    if Partner.objects.filter(province=province).exists():
        return
    editor, _approver = _officers(province)
    for name, kind, contact, phone, email, line_id, area in DEMO_PARTNERS:
        partner_services.add_partner(
            province=province,
            data={
                "name": name,
                "kind": kind,
                "contact_person": contact,
                "phone": phone,
                "email": email,
                "line_id": line_id,
                "area": area,
                "is_active": name != "ผู้ใหญ่บ้านบ้านแม่สูน",
            },
            by=editor,
        )
    log(f"{len(DEMO_PARTNERS)} partners in Chiang Mai's register")
