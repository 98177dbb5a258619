"""The centre's page of deliveries: each notification on each channel, queued, sent or failed with
the reason, filtered by province, state and channel, paged; the provinces are refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labourplan.notifications import services
from labourplan.notifications.models import Delivery, DeliveryState

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliveries(cm_editor, sk_editor, chiang_mai, songkhla):
    for user, email in [(cm_editor, "wilai@labour.mail.go.th"), (sk_editor, "hassan@labour.mail.go.th")]:
        user.email = email
        user.save(update_fields=["email"])
    [cm] = services.notify(recipients=[cm_editor], kind="k", subject="รายงานของเชียงใหม่", body="", province=chiang_mai)
    [sk] = services.notify(recipients=[sk_editor], kind="k", subject="รายงานของสงขลา", body="", province=songkhla)
    Delivery.objects.filter(notification=cm).update(
        state=DeliveryState.FAILED, attempts=6, last_error="550 mailbox full"
    )
    Delivery.objects.filter(notification=sk).update(state=DeliveryState.SENT)
    return cm, sk


def rows(client, query=""):
    page = client.get(f"/notifications/deliveries/{query}").content.decode()
    return page, page.count('data-testid="delivery"')


def test_the_centre_sees_each_delivery_and_the_reason_of_a_failure(client, central_viewer, deliveries):
    client.force_login(central_viewer)
    page, count = rows(client)
    assert count == 2
    assert "รายงานของเชียงใหม่" in page and "550 mailbox full" in page and "ส่งไม่สำเร็จ" in page
    page, count = rows(client, "?province=50")
    assert count == 1 and "รายงานของเชียงใหม่" in page and "รายงานของสงขลา" not in page
    page, count = rows(client, "?state=sent")
    assert count == 1 and "รายงานของสงขลา" in page
    assert rows(client, "?state=queued")[1] == 0
    assert rows(client, "?channel=line")[1] == 0  # LINE is off (no token): nothing went there
    assert rows(client, "?channel=email&state=failed&province=50")[1] == 1
    assert rows(client, "?province=nowhere&state=lost")[1] == 2  # an unknown filter is ignored


def test_a_province_is_refused(client, cm_editor, deliveries):
    client.force_login(cm_editor)
    assert client.get("/notifications/deliveries/").status_code == 403


def test_pages_keep_the_filter_and_the_queries_do_not_grow(client, central_admin, cm_editor, chiang_mai):
    client.force_login(central_admin)
    cm_editor.email = "wilai@labour.mail.go.th"
    cm_editor.save(update_fields=["email"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notifications/deliveries/?province=50").status_code == 200
        return len(queries)

    services.notify(recipients=[cm_editor], kind="k", subject="หนึ่ง", body="", province=chiang_mai)
    few = count_queries()
    for n in range(60):
        services.notify(recipients=[cm_editor], kind="k", subject=f"ข้อความ {n}", body="", province=chiang_mai)
    assert count_queries() == few
    page, count = rows(client, "?province=50")
    assert count == 50 and "?province=50&amp;page=2" in page
    assert rows(client, "?province=50&page=2")[1] == 11
