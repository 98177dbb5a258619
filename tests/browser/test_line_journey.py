"""A province officer links LINE with the code from their profile page (the webhook called as the
LINE platform calls it, signed, against the live server); the centre returns a report with a
comment through the page; the sender runs; the officer reads it in the app and LINE received a
push with the comment and the link. LINE is a stand-in on loopback (tests/notifications)."""

import base64
import datetime
import hashlib
import hmac
import json
import re
import urllib.request
import uuid

import pytest
from django.core.management import call_command
from linebot.v3.messaging import PushMessageRequest, ReplyMessageRequest
from playwright.sync_api import expect

from labourplan.notifications.models import LineLink
from labourplan.reports.services import open_report, submit_report
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.notifications.conftest import CHANNEL_SECRET, CHANNEL_TOKEN, FakeLine

LINE_USER = "U8d2f3e4a5b6c7d8e9f0a1b2c3d4e5f60"
SITE = "https://labourplan.mol.go.th"
COMMENT = "กรุณาแนบภาพกิจกรรมตรวจตลาดสด"


@pytest.fixture
def fake_line(settings):
    fake = FakeLine()
    fake.thread.start()
    settings.LINE_API_BASE_URL = fake.url
    settings.LINE_CHANNEL_ACCESS_TOKEN = CHANNEL_TOKEN
    settings.LINE_CHANNEL_SECRET = CHANNEL_SECRET
    settings.SITE_URL = SITE
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def line_event(kind: str, **extra) -> dict:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": 1764806400000,
        "source": {"type": "user", "userId": LINE_USER},
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        "replyToken": uuid.uuid4().hex,
        **extra,
    }


def call_webhook(live_server, *events) -> int:
    """POST as the LINE platform does: JSON body, X-Line-Signature = base64(HMAC-SHA256(secret, body))."""
    body = json.dumps({"destination": "Uministry", "events": list(events)}, ensure_ascii=False).encode()
    signature = base64.b64encode(hmac.new(CHANNEL_SECRET.encode(), body, hashlib.sha256).digest()).decode()
    request = urllib.request.Request(  # noqa: S310  # the live server on loopback
        f"{live_server.url}/line/webhook/",
        data=body,
        headers={"Content-Type": "application/json", "X-Line-Signature": signature},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # nosec B310: loopback
        return response.status


def shoot(page, name: str, screenshot) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(f"{name}-{width}")


def test_an_officer_links_line_and_hears_of_a_returned_report_there_and_in_the_app(
    browser, live_server, fake_line, reporting_plan, cm_editor, cm_approver, central_admin, screenshot, page
):
    report = submit_report(
        report=open_report(plan=reporting_plan, month_index=1, by=cm_editor, today=datetime.date(2026, 11, 24)),
        by=cm_approver,
    )

    # 1. Wilai asks for a code on her profile page and sends it to the Official Account.
    sign_in(page, "wilai", PASSWORD)
    page.goto("/accounts/profile/")
    expect(page.get_by_test_id("channel-line-state")).to_contain_text("ยังไม่ได้เชื่อมต่อ")
    page.get_by_role("button", name="ขอรหัสเชื่อมต่อ LINE").click()
    code = page.get_by_test_id("line-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    shoot(page, "line-link-code", screenshot)
    assert call_webhook(live_server, line_event("follow")) == 200
    message = {"id": "1", "type": "text", "quoteToken": "q", "text": code.lower()}
    assert call_webhook(live_server, line_event("message", message=message)) == 200
    assert LineLink.objects.get(line_user_id=LINE_USER).user == cm_editor
    answer = ReplyMessageRequest.from_json(fake_line.replies()[-1].body.decode())
    assert answer.messages[0].text.startswith("เชื่อมต่อแล้ว")
    page.reload()
    expect(page.get_by_test_id("line-linked")).to_be_visible()
    expect(page.get_by_test_id("channel-line-state")).to_contain_text("เชื่อมต่อแล้ว")

    # 2. The centre returns the report with a comment, through its page.
    centre = browser.new_context(base_url=live_server.url, locale="th-TH").new_page()
    sign_in(centre, "anong", PASSWORD)
    centre.goto("/reports/review/")
    centre.locator(f"tr[data-report='{report.pk}'] a").click()
    centre.locator("#return-comment").fill(COMMENT)
    centre.locator("#return-report").click()
    expect(centre).to_have_url(re.compile(r"/reports/review/$"))
    centre.context.close()
    assert not fake_line.pushes()  # recorded in the review's transaction, not sent there

    # 3. The sender delivers.
    call_command("send_notifications")

    # 4. Wilai reads it in the app…
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/notifications/")
    entry = page.get_by_test_id("notification").first
    expect(entry).to_contain_text("ถูกส่งกลับให้แก้ไข")
    expect(entry).to_contain_text(COMMENT)
    shoot(page, "line-notification-list", screenshot)

    # 5. … and LINE received one push to her account, with the comment and the link.
    [push] = fake_line.pushes()
    assert push.headers["Authorization"] == f"Bearer {CHANNEL_TOKEN}"
    request = PushMessageRequest.from_json(push.body.decode())
    assert request.to == LINE_USER
    text = request.messages[0].text
    assert COMMENT in text and text.endswith(f"{SITE}/reports/{report.pk}/")
