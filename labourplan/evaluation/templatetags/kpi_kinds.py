"""The condition kinds' wording in templates: each kind labels itself (`evaluation.kinds`)."""

from django import template

from labourplan.evaluation import kinds

register = template.Library()


@register.filter
def criteria_label(condition) -> str:
    """A condition (`engine.ConditionSpec` or a `Condition` row) as the criteria page lists it."""
    return kinds.get(condition.kind).criteria_label(condition)
