"""The data-quality part of the demonstration: the checks run on each demo fiscal year, and the
centre has asked several provinces about their figures; some answered, one question is closed.
Loading twice changes nothing (questions are asked only in a year that has none yet)."""

from collections import defaultdict

from labourplan.accounts.models import PROVINCIAL_ROLES, User
from labourplan.quality import services
from labourplan.quality.models import Finding
from labourplan.reference.models import FiscalYear

QUESTIONS = {
    "high_month": "ผลเดือนนี้สูงกว่าเป้าหมายมาก กรุณาตรวจสอบว่าบันทึกจำนวนครั้งถูกต้อง และแนบภาพกิจกรรมประกอบ",
    "copied_month": "ตัวเลขทุกแถวเท่ากับเดือนก่อน กรุณาตรวจสอบว่าไม่ได้คัดลอกผลของเดือนก่อนมา",
    "disbursement_pace": "การเบิกจ่ายสะสมต่างจากความก้าวหน้าตามแผนมาก กรุณาชี้แจงแผนการใช้จ่ายที่เหลือ",
    "no_evidence": "กรุณาแนบภาพถ่ายหรือเอกสารประกอบผลการดำเนินงานของเดือนนี้",
}
OTHER_QUESTION = "ค่านี้แตกต่างจากที่ผ่านมามาก กรุณาตรวจสอบและชี้แจงเหตุผล"
ANSWERS = [
    "ตรวจสอบแล้ว ตัวเลขถูกต้อง เดือนนี้ออกตรวจร่วมกับฝ่ายปกครองเพิ่มเติมตามข้อสั่งการของจังหวัด",
    "พิมพ์จำนวนผิด ได้แก้ไขในรายงานและแจ้งศูนย์แล้ว",
]
PREFERRED = ["high_month", "disbursement_pace", "copied_month", "outlier_provinces", "outlier_history", "no_evidence"]
RANK = {rule: n for n, rule in enumerate(PREFERRED)}
PROVINCES_ASKED = 6


def load_demo_quality(*, log=print) -> None:
    centre = User.objects.get(username="ccpl.admin")
    for fiscal_year in FiscalYear.objects.filter(plans__isnull=False).distinct().order_by("year_be"):
        found = services.run_checks(fiscal_year=fiscal_year)
        if Finding.objects.filter(fiscal_year=fiscal_year).asked().exists():
            continue
        by_province = defaultdict(list)
        for finding in Finding.objects.filter(fiscal_year=fiscal_year).select_related("province"):
            by_province[finding.province.code].append(finding)
        asked = 0
        for number, code in enumerate(sorted(by_province)[:PROVINCES_ASKED]):
            finding = min(by_province[code], key=lambda f: (RANK.get(f.rule, len(RANK)), f.month_index))
            finding = services.ask(
                finding=finding,
                revision=finding.revision,
                question=QUESTIONS.get(finding.rule, OTHER_QUESTION),
                by=centre,
            )
            asked += 1
            if number % 3 == 2:
                continue  # waiting for the province's answer
            officer = (
                User.objects.filter(province_id=finding.province_id, role__in=PROVINCIAL_ROLES, is_active=True)
                .order_by("role")
                .first()
            )
            if officer is None:
                continue
            finding = services.answer(finding=finding, revision=finding.revision, text=ANSWERS[number % 2], by=officer)
            if number % 3 == 0:
                services.close(finding=finding, revision=finding.revision, comment="ขอบคุณสำหรับคำชี้แจง", by=centre)
        log(f"FY {fiscal_year.year_be}: {found} questionable values, {asked} questions asked of the provinces")
