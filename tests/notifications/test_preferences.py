"""Each person chooses per channel on their profile page, over sensible defaults per role; notify()
records deliveries only on the channels chosen."""

import datetime

import pytest

from labourplan.accounts.models import User
from labourplan.notifications import services
from labourplan.notifications.models import Delivery, LineLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def reachable(cm_editor, central_admin, central_viewer):
    """Everyone has an e-mail address and a linked LINE."""
    for n, user in enumerate([cm_editor, central_admin, central_viewer]):
        user.email = f"{user.username}@labour.mail.go.th"
        user.save(update_fields=["email"])
        LineLink.objects.create(user=user, line_user_id=f"U{n:032x}")
    return cm_editor, central_admin, central_viewer


def channels_of(user) -> list[str]:
    return sorted(Delivery.objects.filter(notification__recipient=user).values_list("channel", flat=True))


def test_defaults_per_role(fake_line, reachable):
    editor, admin, viewer = reachable
    services.notify(recipients=reachable, kind="k", subject="ทดสอบ", body="")
    assert channels_of(editor) == ["email", "line"]  # the provinces: everywhere
    assert channels_of(admin) == ["email"]  # the centre's administrators: LINE is theirs to switch on
    assert channels_of(viewer) == []  # viewers: the app only
    assert [User.objects.get(pk=u.pk).unread_notifications for u in reachable] == [1, 1, 1]


def test_a_persons_choice_holds(client, fake_line, reachable):
    editor, admin, _viewer = reachable
    client.force_login(editor)
    response = client.post("/notifications/channels/", {"channel": ["line", "nonsense"]})
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/#channels"
    client.force_login(admin)
    client.post("/notifications/channels/", {"channel": ["app", "email", "line"]})

    [told] = services.notify(recipients=[editor], kind="k", subject="ทดสอบ", body="")
    assert channels_of(editor) == ["line"]
    assert told.read_at is not None and User.objects.get(pk=editor.pk).unread_notifications == 0  # app off
    services.notify(recipients=[admin], kind="k", subject="ทดสอบ", body="")
    assert channels_of(admin) == ["email", "line"]


def test_the_profile_page_says_when_line_is_off_or_not_linked(client, settings, cm_editor):
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    client.force_login(cm_editor)
    page = client.get("/accounts/profile/").content.decode()
    assert 'data-testid="channel-choices"' in page and "ระบบยังไม่ได้เปิดใช้การแจ้งเตือนทาง LINE" in page
    assert "บัญชีของท่านยังไม่มีอีเมล" in page
    settings.LINE_CHANNEL_ACCESS_TOKEN = "token"
    page = client.get("/accounts/profile/").content.decode()
    assert "ยังไม่ได้เชื่อมต่อ: เชื่อมต่อได้ด้านล่าง" in page
    assert page.count('name="channel"') == 3 and page.count("checked") == 3  # the province's defaults
    client.post("/notifications/channels/", {"channel": ["app"]})
    page = client.get("/accounts/profile/").content.decode()
    assert page.count("checked") == 1 and "บันทึกช่องทางการรับการแจ้งเตือนแล้ว" in page


def test_a_province_whose_officers_switched_everything_off_is_held(reporting_plan, cm_editor, cm_approver, mailoutbox):
    from labourplan.notifications import preferences
    from labourplan.reports.reminders import send_reminders

    for officer in (cm_editor, cm_approver):
        officer.email = f"{officer.username}@labour.mail.go.th"
        officer.save(update_fields=["email"])
        preferences.choose(user=officer, enabled={"app"})
    outcome = send_reminders(today=datetime.date(2026, 11, 6))
    assert outcome.without_recipients and not outcome.sent
