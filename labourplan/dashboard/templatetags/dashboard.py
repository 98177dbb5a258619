from django import template

register = template.Library()


@register.filter
def bar_step(value) -> int:
    """A percent as the width class of a bar, in steps of 5 (classes lp-w-0 … lp-w-100, no inline style)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return int(min(100, max(0, round(number / 5) * 5)))


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


HEAT_SYMBOLS = {"on_time": "✓", "late": "!", "missing": "✗", "no_plan": "—"}


@register.simple_tag
def heat_cell(status, label, submitted_at=None, due=None, in_legend=False):
    """A heatmap cell: a symbol for the eye, the word for screen readers and in the tooltip; the
    colours also differ in lightness. A tag rather than an included template: the national
    heatmap draws about 900 of them, and an include each cost a third of the page's time (profiled)."""
    from django.utils.html import format_html
    from django.utils.translation import gettext

    from labourplan.lib.templatetags.thai import thaidate, thaidatetime

    title = str(label)
    if submitted_at:
        title += f" · {gettext('first submitted')} {thaidatetime(submitted_at)}"
    elif due:
        title += f" · {gettext('due')} {thaidate(due, 'long')}"
    cell = format_html(
        '<span class="lp-heat lp-heat-{}" data-status="{}" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        status,
        status,
        title,
        HEAT_SYMBOLS.get(status, "·"),
        label,
    )
    return format_html("{} {}", cell, label) if in_legend else cell
