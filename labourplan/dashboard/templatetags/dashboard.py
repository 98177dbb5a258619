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


HEAT_SYMBOLS = {"on_time": "✓", "late": "!", "missing": "✗", "no_plan": "—", "in_progress": "◔"}


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


@register.simple_tag
def progress_bar(value, label):
    """A small progress bar with its number written beside it (the number is what screen readers
    read). A tag for the same reason as `heat_cell`: the province table draws two per province."""
    from django.template.defaultfilters import floatformat
    from django.utils.html import format_html

    if value is None:
        return format_html('<span class="text-body-secondary">{}</span>', "—")
    return format_html(
        '<div class="d-flex align-items-center gap-2 lp-progress-cell"><div class="progress flex-grow-1" '
        'role="progressbar" aria-label="{}" aria-valuenow="{}" aria-valuemin="0" aria-valuemax="100">'
        '<div class="progress-bar lp-w-{}"></div></div>'
        '<span class="text-nowrap small" data-value="{}">{}%</span></div>',
        label,
        floatformat(value, 0),
        bar_step(value),
        floatformat(value, 2),
        floatformat(value, 1),
    )


@register.simple_tag
def level_badge(level):
    from django.utils.html import format_html
    from django.utils.translation import gettext

    if level is None:
        return format_html('<span class="text-body-secondary">{}</span>', "—")
    return format_html(
        '<span class="badge lp-level lp-level-{}" data-level="{}">{}</span>',
        level,
        level,
        gettext("Level %(level)s") % {"level": level},
    )


@register.simple_tag
def percent_cell(value):
    """A province table cell: a bar drawn by CSS (hidden from screen readers) and the percent written,
    sortable by its value. Compact on purpose: the national table draws two per province."""
    from django.template.defaultfilters import floatformat
    from django.utils.html import format_html

    if value is None:
        return format_html('<td data-sort-value="-1" class="text-body-secondary">{}</td>', "—")
    return format_html(
        '<td data-sort-value="{}" class="lp-pc"><span class="lp-bar" aria-hidden="true"><span class="lp-w-{}">'
        "</span></span>{}%</td>",
        floatformat(value, 2),
        bar_step(value),
        floatformat(value, 1),
    )
