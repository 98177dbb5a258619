"""Numbers as Thai officers type and print them: Thai digits, thousands separators, "-" for zero."""

import re
from decimal import Decimal, InvalidOperation

# PostgreSQL's integer column (SQLite's holds more): no whole number beyond it reaches a query.
DB_INTEGER_MAX = 2_147_483_647

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(value: object) -> str:
    return str(value).translate(_TO_THAI)


# Thousands separators as officers type them: a comma, a space or a no-break space.
_SEPARATORS = ",\u00a0 "
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[,\u00a0 ]\d{3})+(?:\.\d*)?")
_NUMBER_WITH_SEPARATORS = re.compile(r"[+-]?[\d,\u00a0 ]*\d[\d,\u00a0 ]*(?:\.\d*)?")


class MisplacedSeparator(ValueError):
    """Thousands separators that are not every three digits ("1,2,3", "12,34"): a typing slip,
    never read as the digits run together."""


def _clean(text: str) -> str:
    arabic = to_arabic_digits(text).strip()
    if any(separator in arabic for separator in _SEPARATORS):
        if _GROUPED.fullmatch(arabic):
            return re.sub(f"[{_SEPARATORS}]", "", arabic)
        if _NUMBER_WITH_SEPARATORS.fullmatch(arabic):
            raise MisplacedSeparator(f"thousands separators out of place: {text!r}")
    return arabic


def parse_int(text: str, *, dash_is_zero: bool = False) -> int:
    """Parse a whole number typed in Thai or Arabic digits, with optional thousands separators.

    Raises ValueError for anything else, including fractions ("1.5") and empty input, and
    MisplacedSeparator (a ValueError) for separators not every three digits ("1,2,3").
    """
    cleaned = _clean(text)
    if dash_is_zero and cleaned in {"-", "–", "—"}:
        return 0
    if cleaned.startswith("+"):
        cleaned = cleaned[1:]
    sign, digits = ("-", cleaned[1:]) if cleaned.startswith("-") else ("", cleaned)
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a whole number: {text!r}")
    return int(sign + digits)


def parse_decimal(text: str) -> Decimal:
    """Parse an amount such as "๑๒,๓๔๕.๕๐" or "12345.5". Raises ValueError when it is not a number."""
    cleaned = _clean(text)
    if not cleaned or not all(c.isascii() and (c.isdigit() or c in ".-+") for c in cleaned):
        raise ValueError(f"not a number: {text!r}")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return value


def parse_target(value):
    """A monthly target as typed, pasted or imported: Thai digits, "-" or a blank cell for zero.

    Returns the whole number, or the value unchanged when it is not one, so that the caller's
    validation can name the cell and quote what was there.
    """
    if value is None:
        return 0
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        if not value.strip():
            return 0
        try:
            return parse_int(value, dash_is_zero=True)
        except ValueError:
            return value.strip()
    return value
