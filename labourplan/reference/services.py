from django.db import transaction
from django.utils.translation import gettext as _

from labourplan.reference.models import FiscalYear, TemplateItem, TemplateTopic


class SetupCopyError(Exception):
    pass


@transaction.atomic
def copy_fiscal_year_setup(*, source: FiscalYear, target: FiscalYear) -> int:
    """Copy the Form 1 template of one fiscal year to another that has none yet.

    Returns the number of template rows copied. The target keeps its own strategy framework
    when the source's strategies exist in it (matched by number).
    """
    if source.pk == target.pk:
        raise SetupCopyError(_("The source and target fiscal years must differ."))
    if target.template_topics.exists():
        raise SetupCopyError(_("%(fy)s already has a plan template; it is not overwritten.") % {"fy": target})
    strategies = {s.number: s for s in target.framework.strategies.all()}
    copied = 0
    topics = source.template_topics.select_related("strategy").prefetch_related("items__agencies")
    for topic in topics:
        if topic.strategy.number not in strategies:
            raise SetupCopyError(
                _("The strategy framework of %(fy)s has no strategy %(n)s, which topic %(topic)s uses.")
                % {"fy": target, "n": topic.strategy.number, "topic": topic.number}
            )
        new_topic = TemplateTopic.objects.create(
            fiscal_year=target, strategy=strategies[topic.strategy.number], number=topic.number, title=topic.title
        )
        new_items: dict[int, TemplateItem] = {}
        # Activities come before their sub-items in `order`, so parents exist when children are copied.
        for item in sorted(topic.items.all(), key=lambda i: (i.parent_id is not None, i.order)):
            copy = TemplateItem.objects.create(
                topic=new_topic,
                parent=new_items.get(item.parent_id),
                order=item.order,
                title=item.title,
                unit=item.unit,
                **{name: getattr(item, name) for name in TemplateItem.TARGET_FIELDS},
            )
            copy.agencies.set(item.agencies.all())
            new_items[item.pk] = copy
            copied += 1
    return copied
