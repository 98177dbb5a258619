"""What must be told to whom (Notification), and its delivery on each channel (Delivery): the outbox.

Services write both inside their own transaction; nothing is sent there. `send_notifications`
claims due deliveries after commit and hands each to its channel (channels.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message for one person: what the in-app list shows, and what every channel delivers."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=40)
    province = models.ForeignKey(
        "reference.Province", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("province")
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    path = models.CharField(_("link"), max_length=300, blank=True, help_text=_("The page the message is about."))
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.subject


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Delivery(models.Model):
    """A notification's delivery on one channel, claimed by one sender at a time."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("notification")
    )
    channel = models.CharField(_("channel"), max_length=20)
    state = models.CharField(_("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_by = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel")]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.notification} → {self.channel} ({self.state})"


class LineLink(models.Model):
    """A person's LINE account, linked by a code they sent to the ministry's Official Account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_link", verbose_name=_("user")
    )
    line_user_id = models.CharField(_("LINE user id"), max_length=64, unique=True)
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)

    class Meta:
        verbose_name = _("LINE account")
        verbose_name_plural = _("LINE accounts")

    def __str__(self):
        return f"{self.user} ↔ LINE"


class LineLinkCode(models.Model):
    """The one-time code a person sends to the Official Account to link their LINE; one at a time."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_link_code")
    code = models.CharField(max_length=16, unique=True)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user} (until {self.expires_at:%H:%M})"


class LineCodeAttempt(models.Model):
    """A wrong code sent from a LINE account: counted so that codes cannot be guessed."""

    line_user_id = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.line_user_id} at {self.at:%Y-%m-%d %H:%M}"


class ChannelChoice(models.Model):
    """A person's choice to receive (or not) on one channel; without a row, their role's default
    (`preferences.DEFAULTS`) holds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_choices", verbose_name=_("user")
    )
    channel = models.CharField(_("channel"), max_length=20)
    enabled = models.BooleanField(_("receive"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="one_choice_per_channel")]
        verbose_name = _("channel choice")
        verbose_name_plural = _("channel choices")

    def __str__(self):
        return f"{self.user} {self.channel}: {'on' if self.enabled else 'off'}"
