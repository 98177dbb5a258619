"""What Form 2 looks like: its titles, headings, columns and colours, written and read alike."""

import re
from decimal import Decimal

from django.db.models import Sum
from openpyxl.styles import Font, PatternFill, Protection

from labourplan.lib.digits import to_thai_digits
from labourplan.lib.spreadsheet.reading import (
    heading_key,
)
from labourplan.lib.spreadsheet.styles import (
    FONT_NAME,
)
from labourplan.lib.thaidate import month_name
from labourplan.reports.models import MonthlyReport

SHEET_TITLE = "แบบฟอร์ม 2"
FORM_TITLE = "แบบรายงานตามแผนปฏิบัติการป้องกันการใช้แรงงานบังคับและการค้ามนุษย์ด้านแรงงานจังหวัด{province} ประจำเดือน {month} {year}"
LEGEND = (
    "กรอกผลและหมายเหตุในช่องสีเหลือง (กิจกรรมที่ไม่มีรายการย่อย และรายการย่อย) · ช่องสีเทาเป็นผลรวมของรายการย่อย · "
    "ใช้เลขไทยหรือเลขอารบิกก็ได้ ช่องว่างหรือ “-” คือศูนย์ · อย่าลบคอลัมน์รหัสแถวที่ซ่อนไว้"
)
HEADINGS = {
    "number": "ที่",
    "activity": "โครงการ/กิจกรรม",
    "unit": "หน่วยนับ",
    "month_target": "เป้าหมายเดือนนี้",
    "result": "ผลเดือนนี้",
    "cumulative_target": "เป้าหมายสะสม",
    "cumulative_result": "ผลสะสม",
    "percent": "ร้อยละของเป้าหมายทั้งปี",
    "remark": "หมายเหตุ",
    "key": "รหัสแถว",
}
MONTH_GROUP = "เดือน {month}"
CUMULATIVE_GROUP = "สะสม {first} – {month}"
DISBURSED_LABEL = "เบิกจ่ายเดือนนี้ (บาท)"
DISBURSED_ELSEWHERE_LABEL = "เบิกจ่ายในเดือนอื่นของปีงบประมาณ (บาท)"
ALLOCATED_LABEL = "งบประมาณที่ได้รับจัดสรรทั้งปี (บาท)"
KEY_RESULTS_LABEL = "ผลการดำเนินงานที่สำคัญ"
PROBLEMS_LABEL = "ปัญหา/อุปสรรค"

# The columns of the exported form. The import finds columns by their headings instead.
COL_NUMBER, COL_ACTIVITY, COL_UNIT, COL_MONTH_TARGET, COL_RESULT = 1, 2, 3, 4, 5
COL_CUMULATIVE_TARGET, COL_CUMULATIVE_RESULT, COL_PERCENT, COL_REMARK, COL_KEY = 6, 7, 8, 9, 10
LAST_COL = COL_REMARK  # the printed form; the key column after it is hidden
TITLE_ROW, LEGEND_ROW, HEADER_FIRST_ROW, HEADER_LAST_ROW = 1, 2, 3, 4
COLUMN_WIDTHS = {
    COL_NUMBER: 5,
    COL_ACTIVITY: 52,
    COL_UNIT: 9,
    COL_MONTH_TARGET: 11,
    COL_RESULT: 11,
    COL_CUMULATIVE_TARGET: 11,
    COL_CUMULATIVE_RESULT: 11,
    COL_PERCENT: 12,
    COL_REMARK: 32,
    COL_KEY: 38,
}
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: type here
LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")  # grey: computed, not typed
LOCKED_FONT = Font(name=FONT_NAME, size=14, italic=True, color="595959")
LEGEND_FONT = Font(name=FONT_NAME, size=12, italic=True, color="595959")
MONEY_FORMAT = '#,##0.00;[Red]-#,##0.00;"-"'
PERCENT_FORMAT = '0.00;[Red]-0.00;"-"'
UNLOCKED = Protection(locked=False)  # so that protecting the sheet in Excel leaves these open


def report_title(report: MonthlyReport, *, thai_digits: bool = False) -> str:
    year, month = report.calendar_month
    year_be = to_thai_digits(year + 543) if thai_digits else str(year + 543)
    return FORM_TITLE.format(province=report.plan.province.name_th, month=month_name(month), year=year_be)


def allocated_amount(report: MonthlyReport) -> Decimal:
    return report.plan.allocations.aggregate(s=Sum("amount"))["s"] or Decimal("0")


FIXED_HEADINGS = {
    "number": {"ที่", "ลำดับ", "ลำดับที่"},
    "activity": {"โครงการ/กิจกรรม", "โครงการ", "กิจกรรม"},
    "unit": {"หน่วยนับ", "หน่วย"},
    "remark": {"หมายเหตุ"},
    "key": {"รหัสแถว", "key"},
}
FOOTER_LABELS = {
    "disbursed": {"เบิกจ่ายเดือนนี้", "ผลการเบิกจ่ายเดือนนี้", "งบประมาณที่เบิกจ่ายเดือนนี้", "เบิกจ่าย"},
    "key_results": {"ผลการดำเนินงานที่สำคัญ", "ผลการดำเนินงานสำคัญ"},
    "problems": {"ปัญหา/อุปสรรค", "ปัญหาอุปสรรค", "ปัญหาและอุปสรรค", "ปัญหา"},
    # Shown for reference, never read.
    "info": {heading_key(DISBURSED_ELSEWHERE_LABEL), heading_key(ALLOCATED_LABEL)},
}
TITLE_RE = re.compile(r"ประจำเดือน\s*([^\d๐-๙]+?)\s*(?:พ\.\s*ศ\.\s*)?([\d๐-๙]{4})")
HEADER_MONTH_RE = re.compile(r"^เดือน\s*([^\d๐-๙]+?)\s*([\d๐-๙]{4})$")
PROVINCE_RE = re.compile(r"จังหวัด\s*([^\s.…]+)")
MAX_MONEY = Decimal("999999999999.99")  # the field's 14 digits


def column_kind(texts: list[str]) -> str | None:
    """What a column holds, from its heading texts top to bottom ("เดือน ต.ค. 2569" over "ผล")."""
    for name, aliases in FIXED_HEADINGS.items():
        if any(text.casefold() in aliases for text in texts):
            return name
    joined = "".join(texts)
    if "ร้อยละ" in joined:
        return "percent"
    cumulative = "สะสม" in joined
    if any(text.startswith("ผล") for text in texts):
        return "cumulative_result" if cumulative else "result"
    if any(text.startswith("เป้าหมาย") for text in texts):
        return "cumulative_target" if cumulative else "month_target"
    return None


def footer_kind(text: str) -> str | None:
    key = heading_key(text).rstrip(":")
    for name, labels in FOOTER_LABELS.items():
        if key in labels:
            return name
    return None
