"""Channels a notification is delivered on, as a registry: one class each, found by name.

A channel says whether a person receives on it (`address`) and delivers one notification
(`deliver`). It raises `PermanentFailure` when retrying cannot help (no address, a refused
recipient) and any other exception for a failure worth retrying (a server down, a rate limit).
"""

from django.conf import settings
from django.core import mail
from django.utils.translation import gettext_lazy as _

REGISTRY: dict[str, "Channel"] = {}


class PermanentFailure(Exception):
    """Delivery cannot succeed by trying again."""


class Channel:
    name: str = ""
    label = ""  # what people read

    def address(self, user) -> str:
        """Where `user` receives on this channel, or "" when they do not."""
        raise NotImplementedError

    def deliver(self, notification) -> None:
        raise NotImplementedError


def register(channel_class: type[Channel]) -> type[Channel]:
    REGISTRY[channel_class.name] = channel_class()
    return channel_class


def get(name: str) -> Channel:
    return REGISTRY[name]


def absolute_link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path else settings.SITE_URL


@register
class Email(Channel):
    name = "email"
    label = _("E-mail")

    def address(self, user) -> str:
        return user.email if user.is_active else ""

    def deliver(self, notification) -> None:
        to = self.address(notification.recipient)
        if not to:
            raise PermanentFailure("no e-mail address")
        body = notification.body.rstrip()
        if notification.path:
            body = f"{body}\n\n{absolute_link(notification.path)}\n"
        mail.EmailMessage(notification.subject, body, to=[to]).send()
