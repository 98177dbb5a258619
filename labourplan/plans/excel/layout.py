"""What Form 1 looks like on paper: its titles, headings and marks, read and written alike."""

import re

SHEET_TITLE = "แบบฟอร์ม 1"
FORM_TITLE = "แผนปฏิบัติการป้องกันการใช้แรงงานบังคับและการค้ามนุษย์ด้านแรงงานจังหวัด{province} ประจำปีงบประมาณ พ.ศ. {year}"
BLANK_PROVINCE = ".........."
MORE_ROWS = "(เพิ่มเติมได้)"
MORE_ROWS_MARK = "เพิ่มเติมได้"  # with or without the brackets
STRATEGY_HEADING = "ยุทธศาสตร์ที่ {number} : {name}"
HEADINGS = {
    "number": "ที่",
    "topic": "ประเด็นกิจกรรม",
    "activity": "โครงการ/กิจกรรม",
    "targets": "เป้าหมาย",
    "total": "รวม",
    "unit": "หน่วยนับ",
    "agencies": "หน่วยงานรับผิดชอบ",
}
STRATEGY_RE = re.compile(r"^ยุทธศาสตร์ที่\s*(\d+)")
NUMBERING_RE = re.compile(r"^(?:\(?\d{1,3}\)|\d{1,3}\.(?=\s))\s*")  # "1)", "(๑)", "1. " (\d is Unicode)
SUB_ITEM_MARKS = "-–—•"
