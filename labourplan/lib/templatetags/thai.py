"""Template filters for B.E. dates and Thai digits; registered as builtins in settings."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from labourplan.lib import thaidate as td
from labourplan.lib.digits import to_thai_digits
from labourplan.lib.fiscal import BANGKOK

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "th").startswith("en") else "th"


def _as_local_date(value):
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value, BANGKOK) if timezone.is_aware(value) else value).date()
    return value


@register.filter
def thaidate(value, style: str = "short"):
    """{{ d|thaidate }} → 24 พ.ย. 2569; {{ d|thaidate:"long" }} → 24 พฤศจิกายน 2569."""
    if not value:
        return ""
    return td.format_date(_as_local_date(value), abbr=style != "long", lang=_lang())


@register.filter
def thaidatetime(value):
    """24 พ.ย. 2569 14:05 น. (Bangkok time)."""
    if not value:
        return ""
    local = timezone.localtime(value, BANGKOK)
    suffix = " น." if _lang() == "th" else ""
    return f"{td.format_date(local.date(), lang=_lang())} {local:%H:%M}{suffix}"


@register.filter
def thaidigits(value):
    """Print numbers in Thai digits, as official forms do."""
    return to_thai_digits(value)


@register.filter
def monthyear(value):
    """พฤศจิกายน 2569 for any date in that month."""
    if not value:
        return ""
    return f"{td.month_name(value.month, lang=_lang())} {td.be_year(value.year)}"


@register.filter
def with_class(field, css_class):
    """Render a bound form field's widget with Bootstrap classes, marking invalid ones."""
    classes = css_class + (" is-invalid" if field.errors else "")
    attrs = {"class": classes}
    if field.errors:
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    return field.as_widget(attrs=attrs)
