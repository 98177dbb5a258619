"""Buddhist Era dates with Thai month names, as printed on Thai government forms."""

import datetime

BE_OFFSET = 543

MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_TH_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
MONTHS_EN_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be_year: int) -> int:
    return be_year - BE_OFFSET


def month_name(month: int, *, abbr: bool = False, lang: str = "th") -> str:
    if lang == "en":
        return MONTHS_EN_ABBR[month - 1]
    return (MONTHS_TH_ABBR if abbr else MONTHS_TH)[month - 1]


def format_date(value: datetime.date, *, abbr: bool = True, lang: str = "th") -> str:
    """24 พ.ย. 2569 (Thai) or 24 Nov 2569 (English, still in B.E. as the forms are)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return f"{value.day} {month_name(value.month, abbr=abbr, lang=lang)} {be_year(value.year)}"


def parse_date(text: str) -> datetime.date:
    """Parse a date typed as day/month/B.E. year ("24/11/2569", Thai digits allowed) or ISO C.E.

    A four-digit year above 2400 is taken as B.E.; ISO dates (2026-11-24) are C.E.
    """
    from labourplan.lib.digits import to_arabic_digits

    cleaned = to_arabic_digits(text).strip()
    try:
        if "-" in cleaned and len(cleaned.split("-")[0]) == 4:
            year, month, day = (int(p) for p in cleaned.split("-"))
        else:
            day, month, year = (int(p) for p in cleaned.replace(".", "/").split("/"))
    except ValueError as exc:
        raise ValueError(f"not a date: {text!r}") from exc
    if year > 2400:
        year = ce_year(year)
    return datetime.date(year, month, day)
