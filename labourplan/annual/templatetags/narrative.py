from django import template

from labourplan.lib import narrative as narratives

register = template.Library()


@register.filter
def narrative(value):
    """A stored narrative as paragraphs and numbered lists, every piece escaped."""
    return narratives.to_html(value or "")
