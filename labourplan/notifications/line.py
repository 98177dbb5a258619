"""LINE: pushing notifications to linked people through the ministry's Official Account, and the
webhook by which a person links (a one-time code) or unlinks (blocking the account).

Everything goes through LINE's own SDK (line-bot-sdk): the requests, the retry key, the
webhook's signature and events. `LINE_API_BASE_URL` points it elsewhere (the tests' stand-in on
loopback). Without `LINE_CHANNEL_ACCESS_TOKEN` the channel is off.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from linebot.v3 import WebhookParser
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhooks import FollowEvent, MessageEvent, TextMessageContent, UnfollowEvent

from labourplan.audit.services import record
from labourplan.notifications import channels
from labourplan.notifications.models import LineCodeAttempt, LineLink, LineLinkCode

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed from a screen into a phone
CODE_LENGTH = 8
CODE_LIFETIME = datetime.timedelta(minutes=15)
WRONG_CODES_ALLOWED = 5  # per LINE account an hour
TEXT_LIMIT = 5000  # LINE's limit for one text message
RETRY_KEY_NAMESPACE = uuid.UUID("0f2b8f9e-4a5c-4d0e-9a51-6c1b7e3d2a40")


def enabled() -> bool:
    return bool(settings.LINE_CHANNEL_ACCESS_TOKEN)


def _api() -> ApiClient:
    configuration = Configuration(host=settings.LINE_API_BASE_URL, access_token=settings.LINE_CHANNEL_ACCESS_TOKEN)
    return ApiClient(configuration)


def message_text(notification) -> str:
    """Short Thai text with the link, within LINE's limit."""
    link = channels.absolute_link(notification.path) if notification.path else ""
    head = notification.subject.strip()
    room = TEXT_LIMIT - len(head) - len(link) - 4
    body = notification.body.strip()
    if len(body) > room:
        body = body[: max(room - 1, 0)].rstrip() + "…"
    return "\n\n".join(part for part in (head, body, link) if part)


@channels.register
class Line(channels.Channel):
    name = "line"
    label = "LINE"

    def address(self, user) -> str:
        if not enabled() or not user.is_active:
            return ""
        # Asked afresh: a link made or removed since `user` was loaded counts now.
        return LineLink.objects.filter(user_id=user.pk).values_list("line_user_id", flat=True).first() or ""

    def deliver(self, notification) -> None:
        to = self.address(notification.recipient)
        if not to:
            raise channels.PermanentFailure("LINE not linked (or unlinked since)")
        # The same key on every try: LINE accepts a retried push once (409 for the repeats).
        retry_key = str(uuid.uuid5(RETRY_KEY_NAMESPACE, f"notification-{notification.pk}"))
        request = PushMessageRequest(to=to, messages=[TextMessage(text=message_text(notification))])
        with _api() as client:
            try:
                MessagingApi(client).push_message(request, x_line_retry_key=retry_key)
            except ApiException as error:
                if error.status == 409:  # accepted on an earlier try
                    return
                if error.status == 429 or error.status >= 500:
                    raise  # rate limited or LINE's trouble: try again later
                raise channels.PermanentFailure(f"LINE answered {error.status}: {error.body}") from error


# Linking ----------------------------------------------------------------------------------------


def new_code(*, user) -> LineLinkCode:
    """A fresh one-time code for `user` (the previous one stops working)."""
    expires = timezone.now() + CODE_LIFETIME
    for _attempt in range(5):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                LineLinkCode.objects.filter(user=user).delete()
                return LineLinkCode.objects.create(user=user, code=code, expires_at=expires)
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    raise RuntimeError("could not draw a unique LINE code")


def unlink(*, user, request=None) -> bool:
    link = LineLink.objects.filter(user=user).first()
    if link is None:
        return False
    record(action="delete", user=user, obj=link, request=request)
    link.delete()
    return True


def _normalised(text: str) -> str:
    return "".join(text.split()).upper()


@transaction.atomic
def link_with_code(*, line_user_id: str, text: str) -> str:
    """What to answer a LINE user who sent `text`: link them when it is a valid code."""
    now = timezone.now()
    recent = LineCodeAttempt.objects.filter(line_user_id=line_user_id, at__gte=now - datetime.timedelta(hours=1))
    if recent.count() >= WRONG_CODES_ALLOWED:
        return _("Too many wrong codes. Try again in an hour with a new code from your profile page.")
    code = (
        LineLinkCode.objects.select_for_update()
        .select_related("user")
        .filter(code=_normalised(text), expires_at__gt=now)
        .first()
    )
    if code is None:
        LineCodeAttempt.objects.create(line_user_id=line_user_id, at=now)
        return _(
            "This code is not valid or has expired. Open your profile page in the reporting system "
            "for a new code, and send it here."
        )
    user = code.user
    code.delete()
    LineLink.objects.filter(line_user_id=line_user_id).exclude(user=user).delete()  # one person per LINE account
    link, _created = LineLink.objects.update_or_create(
        user=user, defaults={"line_user_id": line_user_id, "linked_at": now}
    )
    record(action="create", user=user, obj=link)
    return _("Linked: %(name)s will receive the reporting system's notifications here.") % {
        "name": user.get_full_name() or user.get_username()
    }


def _reply(reply_token: str, text: str) -> None:
    if not enabled() or not reply_token:
        return
    with _api() as client:
        MessagingApi(client).reply_message(
            ReplyMessageRequest(reply_token=reply_token, messages=[TextMessage(text=text)])
        )


GREETING = gettext_lazy(
    "Welcome to the reporting system of the provincial plans against labour trafficking. "
    "To receive its notifications here, send the code shown on your profile page."
)


def handle_webhook(*, body: str, signature: str) -> None:
    """Parse and act on the events of a signed webhook body (InvalidSignatureError otherwise)."""
    events = WebhookParser(settings.LINE_CHANNEL_SECRET).parse(body, signature)
    with override(settings.LANGUAGE_CODE):
        for event in events:
            user_id = getattr(event.source, "user_id", None)
            if not user_id:  # a group or a room: nobody to link
                continue
            if isinstance(event, UnfollowEvent):
                for link in LineLink.objects.filter(line_user_id=user_id).select_related("user"):
                    unlink(user=link.user)
            elif isinstance(event, FollowEvent):
                _reply(event.reply_token, str(GREETING))
            elif isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
                _reply(event.reply_token, link_with_code(line_user_id=user_id, text=event.message.text))
