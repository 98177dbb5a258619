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
