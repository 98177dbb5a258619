"""Session limits: Wilai is signed out after 30 idle minutes and 12 hours after signing in in any
case; she sees her sessions (office and phone), signs the other out, and changing her password
signs out every other session. The clock is frozen and moved by hand."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from labourplan.accounts.models import UserSession
from labourplan.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def real_limits(settings):
    settings.SESSION_IDLE_MINUTES = 30
    settings.SESSION_ABSOLUTE_HOURS = 12
    settings.SESSION_COOKIE_AGE = 12 * 3600


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def minutes(n):
    return datetime.timedelta(minutes=n)


def signed_in(user, agent="office") -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_thirty_idle_minutes_sign_out_and_say_why(cm_editor, clock):
    client = signed_in(cm_editor)
    clock.shift(minutes(29))
    assert client.get("/accounts/profile/").status_code == 200
    clock.shift(minutes(29))  # 29 minutes after the last request: still signed in
    assert client.get("/accounts/profile/").status_code == 200
    clock.shift(minutes(31))
    response = client.get("/accounts/profile/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/?next=/accounts/profile/")
    assert "30 นาที" in response.content.decode()
    assert client.get("/accounts/profile/").status_code == 302  # the session is gone, not just refused once
    assert AuditEvent.objects.filter(action="sign_out", username="wilai").exists()
    assert not UserSession.objects.filter(user=cm_editor).exists()


def test_twelve_hours_after_signing_in_the_session_ends_however_busy(cm_editor, clock):
    client = signed_in(cm_editor)
    for _ in range(12 * 3):
        clock.shift(minutes(20))
        assert client.get("/accounts/profile/").status_code == 200
    clock.shift(minutes(1))
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
    api = client.get("/api/plans/")  # the pages' own API calls are told so in JSON
    assert api.status_code in (401, 403)


def test_the_warning_asks_without_counting_and_stay_signed_in_counts(cm_editor, clock):
    client = signed_in(cm_editor)
    page = client.get("/accounts/profile/").content.decode()
    assert 'data-testid="session-warning"' in page and 'data-idle-seconds="1800"' in page
    clock.shift(minutes(28))
    status = client.get(reverse("session_status")).json()
    assert status == {"seconds_left": 120, "idle_seconds": 1800, "warn_before": 120}
    clock.shift(minutes(1))
    assert client.get(reverse("session_status")).json()["seconds_left"] == 60  # asking is not a use
    assert client.post(reverse("session_status")).json()["seconds_left"] == 1800  # "stay signed in"
    clock.shift(minutes(29))
    assert client.get("/accounts/profile/").status_code == 200
    clock.shift(minutes(31))
    expired = client.get(reverse("session_status"))
    assert expired.status_code == 401 and expired.json()["code"] == "session_expired"


def test_the_list_of_one_s_sessions_and_signing_the_others_out(cm_editor, sk_editor, clock):
    office = signed_in(cm_editor, agent="office-pc")
    phone = signed_in(cm_editor, agent="phone")
    stranger = signed_in(sk_editor, agent="hassan-pc")
    page = office.get(reverse("session_list"))
    rows = page.context["rows"]
    assert sorted(row.user_agent for row in rows) == ["office-pc", "phone"]  # nobody else's
    assert [row.user_agent for row in rows if row.current] == ["office-pc"]
    phone_row = next(row for row in rows if row.user_agent == "phone")

    # Hassan cannot end Wilai's session by its number.
    stranger.post(reverse("session_end", args=[phone_row.pk]))
    assert phone.get("/accounts/profile/").status_code == 200

    office.post(reverse("session_end", args=[phone_row.pk]))
    assert phone.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
    assert office.get("/accounts/profile/").status_code == 200

    phone = signed_in(cm_editor, agent="phone")
    office.post(reverse("session_end_others"))
    assert phone.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
    assert office.get("/accounts/profile/").status_code == 200
    assert [row.user_agent for row in office.get(reverse("session_list")).context["rows"]] == ["office-pc"]
    assert stranger.get("/accounts/profile/").status_code == 200


def test_changing_the_password_signs_out_every_other_session(cm_editor, clock):
    office = signed_in(cm_editor, agent="office-pc")
    phone = signed_in(cm_editor, agent="phone")
    new = "another-horse-battery-2571"
    response = office.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert phone.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
    assert office.get("/accounts/profile/").status_code == 200
    assert [row.user_agent for row in office.get(reverse("session_list")).context["rows"]] == ["office-pc"]
    assert AuditEvent.objects.filter(action="sign_out", detail__reason="password_changed").exists()


def test_signing_out_removes_the_session_from_the_list(cm_editor, clock):
    client = signed_in(cm_editor)
    assert UserSession.objects.filter(user=cm_editor).count() == 1
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(user=cm_editor).exists()


def test_a_password_set_from_the_reset_link_signs_out_every_session(client, cm_editor, clock):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    office = signed_in(cm_editor, agent="office-pc")
    uid = urlsafe_base64_encode(force_bytes(cm_editor.pk))
    cm_editor.refresh_from_db()  # the sign-in stamped last_login, which the token covers
    token = default_token_generator.make_token(cm_editor)
    form = client.get(reverse("password_reset_confirm", args=[uid, token]))
    assert form.status_code == 302  # Django moves the token into the session first
    new = "another-horse-battery-2571"
    done = client.post(form["Location"], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert office.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
    assert not UserSession.objects.filter(user=cm_editor).exists()
    assert AuditEvent.objects.filter(action="sign_out", detail__reason="password_reset").exists()
