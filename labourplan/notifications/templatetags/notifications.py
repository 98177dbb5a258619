import segno
from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from labourplan.notifications import channels, line, preferences
from labourplan.notifications.models import LineLink, LineLinkCode

register = template.Library()


@register.inclusion_tag("notifications/_line.html", takes_context=True)
def line_section(context):
    """The profile page's notification part: the person's channel choices; then LINE, linked or
    not, the one-time code and the account's QR code."""
    user = context["request"].user
    link = LineLink.objects.filter(user=user).first()
    code = LineLinkCode.objects.filter(user=user, expires_at__gt=timezone.now()).first()
    qr = ""
    if settings.LINE_ADD_FRIEND_URL:
        # segno writes the SVG itself from a URL set by the operator: no user text goes into it.
        qr = mark_safe(segno.make(settings.LINE_ADD_FRIEND_URL).svg_inline(scale=4, title="QR"))  # noqa: S308  # nosec B308, B703
    wanted = preferences.chosen([user])[user.pk]
    choices = [{"name": preferences.APP, "on": preferences.APP in wanted}]
    for name, channel in channels.REGISTRY.items():
        choices.append({"name": name, "label": channel.label, "on": name in wanted, "address": channel.address(user)})
    return {
        "choices": choices,
        "enabled": line.enabled(),
        "link": link,
        "code": code,
        "qr": qr,
        "add_friend_url": settings.LINE_ADD_FRIEND_URL,
        "csrf_token": context.get("csrf_token"),
    }
