"""The in-app list: each person's own notifications, the unread count kept on their row (no
query on any page), opening one marks it read and goes to what it is about."""

import pytest

from labourplan.accounts.models import User
from labourplan.notifications import services
from labourplan.notifications.models import Notification

pytestmark = pytest.mark.django_db


def unread(user) -> int:
    return User.objects.get(pk=user.pk).unread_notifications


def test_a_person_sees_their_own_notifications_and_opens_one(client, cm_editor, cm_approver, sk_editor):
    services.notify(recipients=[cm_editor, cm_approver], kind="k", subject="แผนได้รับอนุมัติแล้ว", body="", path="/plans/")
    [returned] = services.notify(
        recipients=[cm_editor], kind="k", subject="รายงานถูกส่งกลับให้แก้ไข", body="ความเห็น: แก้ผล", path="/reports/"
    )
    services.notify(recipients=[sk_editor], kind="k", subject="ของสงขลา", body="", path="/reports/")
    assert (unread(cm_editor), unread(cm_approver), unread(sk_editor)) == (2, 1, 1)

    client.force_login(cm_editor)
    page = client.get("/notifications/").content.decode()
    assert page.count('data-testid="notification"') == 2
    assert "รายงานถูกส่งกลับให้แก้ไข" in page and "ความเห็น: แก้ผล" in page and "ของสงขลา" not in page

    response = client.get(f"/notifications/{returned.pk}/")
    assert response.status_code == 302 and response["Location"] == "/reports/"
    assert unread(cm_editor) == 1
    client.get(f"/notifications/{returned.pk}/")  # again: still read once
    assert unread(cm_editor) == 1

    other = Notification.objects.get(recipient=sk_editor)
    assert client.get(f"/notifications/{other.pk}/").status_code == 404
    assert unread(sk_editor) == 1

    client.post("/notifications/read-all/")
    assert unread(cm_editor) == 0 and unread(cm_approver) == 1
    assert not Notification.objects.filter(recipient=cm_editor, read_at__isnull=True).exists()


@pytest.mark.parametrize("path", ["//evil.example/x", "https://evil.example/", "javascript:alert(1)", ""])
def test_a_notification_never_sends_anyone_elsewhere(client, cm_editor, path):
    [notification] = services.notify(recipients=[cm_editor], kind="k", subject="s", body="", path=path)
    client.force_login(cm_editor)
    assert client.get(f"/notifications/{notification.pk}/")["Location"] == "/notifications/"


def test_the_menu_shows_the_unread_count_at_no_cost(client, cm_editor, django_assert_num_queries):
    client.force_login(cm_editor)
    client.get("/notifications/")
    with django_assert_num_queries(4):  # session, user, the menu's province, the list's count (empty)
        page = client.get("/notifications/").content.decode()
    assert 'data-testid="unread-count"' not in page
    services.notify(recipients=[cm_editor], kind="k", subject="แผนได้รับอนุมัติแล้ว", body="")
    with django_assert_num_queries(5):  # … and the list itself; the unread count comes with the user
        page = client.get("/notifications/").content.decode()
    assert '<span class="badge rounded-pill text-bg-danger" data-testid="unread-count">1<' in page
