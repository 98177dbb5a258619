"""Thai first: a browser asking for English still gets Thai, until the person chooses English."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("accept", ["en", "en-US,en;q=0.9", "en-GB,th;q=0.5", "*", "zz"])
def test_a_browser_asking_for_english_gets_thai(client, accept):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert '<html lang="th">' in html and "เข้าสู่ระบบ" in html


def test_the_footer_switch_is_remembered_and_wins(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, HTTP_ACCEPT_LANGUAGE="th")
    assert '<html lang="en">' in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    client.post("/i18n/setlang/", {"language": "th", "next": "/accounts/login/"}, HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="th">' in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_an_unknown_language_cookie_falls_back_to_thai(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="th">' in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_api_still_follows_accept_language(client, cm_editor):
    client.force_login(cm_editor)
    english = client.get("/api/plans/999999/", HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    thai = client.get("/api/plans/999999/").json()["message"]
    assert english != thai and english.isascii() and not thai.isascii()
