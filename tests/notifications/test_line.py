"""LINE: linking an account with a one-time code through the signed webhook, pushing
notifications to linked people, and LINE's errors handled as it documents them. LINE itself is
replaced at its network boundary by a local server (conftest.FakeLine); the product talks to it
through LINE's own SDK, and what it sent is read back through the SDK's models."""

import base64
import datetime
import hashlib
import hmac
import json
import uuid

import pytest
from django.utils import timezone
from linebot.v3.messaging import PushMessageRequest, ReplyMessageRequest

from labourplan.notifications import line, services
from labourplan.notifications.models import Delivery, DeliveryState, LineLink, LineLinkCode
from tests.notifications.conftest import CHANNEL_SECRET, CHANNEL_TOKEN

pytestmark = pytest.mark.django_db

LINE_USER = "U4af4980629a1b2c3d4e5f60718293a4b"


def signed(body: str, secret: str = CHANNEL_SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()).decode()


def event(kind: str, *, user=LINE_USER, **extra) -> dict:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": 1764806400000,
        "source": {"type": "user", "userId": user},
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        **extra,
    }


def text(message: str, **kw) -> dict:
    return event(
        "message",
        replyToken="reply-token-1",
        message={"id": "1", "type": "text", "quoteToken": "q", "text": message},
        **kw,
    )


def post_webhook(client, *events, signature=None):
    body = json.dumps({"destination": "Uoa", "events": list(events)}, ensure_ascii=False)
    if signature is None:
        signature = signed(body)
    headers = {} if signature is False else {"HTTP_X_LINE_SIGNATURE": signature}
    return client.post("/line/webhook/", body, content_type="application/json", **headers)


def linked(user, line_user_id=LINE_USER):
    return LineLink.objects.create(user=user, line_user_id=line_user_id)


# Linking --------------------------------------------------------------------------------------


def test_a_person_links_line_by_sending_the_code_from_their_profile(client, cm_editor, fake_line, settings):
    settings.LINE_ADD_FRIEND_URL = "https://line.me/R/ti/p/@labourplan"
    client.force_login(cm_editor)
    client.post("/notifications/line/code/")
    page = client.get("/accounts/profile/").content.decode()
    code = LineLinkCode.objects.get(user=cm_editor).code
    assert code in page and 'data-testid="line-qr"' in page and "<svg" in page

    # Typed on a phone: lower case, with spaces
    assert post_webhook(client, text(f" {code[:4].lower()} {code[4:]} ")).status_code == 200
    assert LineLink.objects.get(user=cm_editor).line_user_id == LINE_USER
    assert not LineLinkCode.objects.filter(code=code).exists()  # once only
    [reply] = fake_line.replies()
    assert reply.headers["Authorization"] == f"Bearer {CHANNEL_TOKEN}"
    answer = ReplyMessageRequest.from_json(reply.body.decode())
    assert answer.reply_token == "reply-token-1"
    assert "เชื่อมต่อแล้ว" in answer.messages[0].text
    assert 'data-testid="line-linked"' in client.get("/accounts/profile/").content.decode()


@pytest.mark.parametrize("signature", [False, "", "c2lnbmF0dXJl", signed("another body")])
def test_an_unsigned_or_wrongly_signed_body_answers_400_and_changes_nothing(client, cm_editor, fake_line, signature):
    code = line.new_code(user=cm_editor).code
    response = post_webhook(client, text(code), signature=signature)
    assert response.status_code == 400
    assert not LineLink.objects.exists()
    assert LineLinkCode.objects.filter(code=code).exists()
    assert not fake_line.requests


def test_a_body_signed_with_another_secret_is_refused(client, cm_editor, fake_line):
    code = line.new_code(user=cm_editor).code
    body = json.dumps({"destination": "Uoa", "events": [text(code)]})
    response = client.post(
        "/line/webhook/", body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signed(body, "not-ours")
    )
    assert response.status_code == 400 and not LineLink.objects.exists()


def test_an_expired_or_unknown_code_links_nobody_and_says_so(client, cm_editor, fake_line):
    code = line.new_code(user=cm_editor)
    LineLinkCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    post_webhook(client, text(code.code))
    post_webhook(client, text("สวัสดีค่ะ"))
    assert not LineLink.objects.exists()
    answers = [ReplyMessageRequest.from_json(r.body.decode()).messages[0].text for r in fake_line.replies()]
    assert len(answers) == 2 and all("ไม่ถูกต้องหรือหมดอายุ" in a for a in answers)


def test_codes_cannot_be_guessed(client, cm_editor, fake_line):
    code = line.new_code(user=cm_editor).code
    for n in range(line.WRONG_CODES_ALLOWED):
        post_webhook(client, text(f"WRONG{n:03d}"))
    post_webhook(client, text(code))  # even the right one, now, from that LINE account
    assert not LineLink.objects.exists()
    last = ReplyMessageRequest.from_json(fake_line.replies()[-1].body.decode()).messages[0].text
    assert "ผิดหลายครั้ง" in last
    assert len(line.CODE_ALPHABET) ** line.CODE_LENGTH > 10**12  # and the space is far larger than the tries


def test_blocking_the_account_or_unlinking_on_the_profile_stops_messages(client, cm_editor, cm_approver, fake_line):
    linked(cm_editor)
    linked(cm_approver, "U0000000000000000000000000000beef")
    post_webhook(client, event("unfollow"))
    assert not LineLink.objects.filter(user=cm_editor).exists()
    client.force_login(cm_approver)
    client.post("/notifications/line/unlink/")
    assert not LineLink.objects.exists()
    services.notify(recipients=[cm_editor, cm_approver], kind="test", subject="เรื่อง", body="ข้อความ")
    assert not Delivery.objects.filter(channel="line").exists()


def test_a_new_follower_is_greeted_in_thai(client, fake_line):
    post_webhook(client, event("follow", replyToken="reply-token-2", follow={"isUnblocked": False}))
    [reply] = fake_line.replies()
    assert "รหัส" in ReplyMessageRequest.from_json(reply.body.decode()).messages[0].text


def test_without_a_channel_token_line_is_off_and_the_profile_says_so(client, cm_editor, settings):
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    linked(cm_editor)
    client.force_login(cm_editor)
    assert 'data-testid="line-off"' in client.get("/accounts/profile/").content.decode()
    services.notify(recipients=[cm_editor], kind="test", subject="เรื่อง", body="ข้อความ")
    assert not Delivery.objects.filter(channel="line").exists()


# Pushing --------------------------------------------------------------------------------------


def test_a_notification_is_pushed_to_the_linked_person_with_its_link(cm_editor, fake_line):
    linked(cm_editor)
    services.notify(
        recipients=[cm_editor],
        kind="report_returned",
        subject="รายงานเดือนตุลาคม 2569 ถูกส่งกลับให้แก้ไข",
        body="ความเห็น: ผลตรวจตลาดสดสูงกว่าเป้าหมายมาก กรุณาตรวจสอบ",
        path="/reports/7/",
    )
    assert services.send_due().sent == 1
    [push] = fake_line.pushes()
    assert push.headers["Authorization"] == f"Bearer {CHANNEL_TOKEN}"
    uuid.UUID(push.headers["X-Line-Retry-Key"])
    request = PushMessageRequest.from_json(push.body.decode())
    assert request.to == LINE_USER
    [message] = request.messages
    assert message.type == "text"
    assert "ถูกส่งกลับให้แก้ไข" in message.text and "ผลตรวจตลาดสด" in message.text
    assert "https://labourplan.mol.go.th/reports/7/" in message.text
    assert Delivery.objects.get(channel="line").state == DeliveryState.SENT


def test_a_long_message_is_cut_within_lines_limit_keeping_its_link(cm_editor, fake_line):
    linked(cm_editor)
    services.notify(recipients=[cm_editor], kind="t", subject="เรื่อง", body="ก" * 6000, path="/reports/7/")
    services.send_due()
    text_sent = PushMessageRequest.from_json(fake_line.pushes()[0].body.decode()).messages[0].text
    assert len(text_sent) <= line.TEXT_LIMIT and text_sent.endswith("/reports/7/")


@pytest.mark.parametrize(
    ("status", "state"),
    [
        (429, DeliveryState.QUEUED),  # rate limited: later
        (500, DeliveryState.QUEUED),
        (503, DeliveryState.QUEUED),
        (400, DeliveryState.FAILED),  # an invalid user id: no retry helps
        (403, DeliveryState.FAILED),
    ],
)
def test_lines_errors_are_retried_or_given_up_as_line_documents_them(cm_editor, fake_line, status, state):
    linked(cm_editor)
    services.notify(recipients=[cm_editor], kind="t", subject="เรื่อง", body="ข้อความ")
    fake_line.answers.append((status, {"message": "The request body has 1 error(s)"}))
    services.send_due()
    delivery = Delivery.objects.get(channel="line")
    assert delivery.state == state
    assert str(status) in delivery.last_error


def test_a_retried_push_carries_the_same_retry_key_and_a_409_means_it_was_accepted(cm_editor, fake_line):
    linked(cm_editor)
    services.notify(recipients=[cm_editor], kind="t", subject="เรื่อง", body="ข้อความ")
    fake_line.answers.extend([(500, {"message": "error"}), (409, {"message": "The retry key is already accepted"})])
    now = timezone.now()
    services.send_due(now=now)
    later = Delivery.objects.get(channel="line").next_attempt_at
    assert services.send_due(now=later).sent == 1
    first, second = fake_line.pushes()
    assert first.headers["X-Line-Retry-Key"] == second.headers["X-Line-Retry-Key"]
    assert Delivery.objects.get(channel="line").state == DeliveryState.SENT
