"""The centre requires two-factor sign-in of a province's approvers: Anong (central administrator)
switches it on for Chiang Mai in the settings area; from then on Somchai (Chiang Mai's approver)
sets up and gives a second factor before any page, as the centre does, while Wilai (Chiang Mai's
editor) and Songkhla's approver go on with their password. Every change is in the audit trail."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from labourplan.accounts import two_factor
from labourplan.accounts.models import Role
from labourplan.accounts.services import create_user
from labourplan.audit.models import AuditEvent
from labourplan.reference.models import Province
from tests.conftest import PASSWORD
from tests.test_two_factor import code_for, set_up_authenticator, sign_in

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
SETTING = "/admin/accounts/provincetwofactor/{pk}/change/"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sk_approver(songkhla):
    return create_user(username="ahmad", password=PASSWORD, role=Role.PROVINCIAL_APPROVER, province=songkhla)


def reaches_pages(client) -> bool:
    return client.get("/accounts/profile/").status_code == 200 and client.get("/api/plans/").status_code == 200


def test_off_the_approvers_sign_in_with_their_password_alone(client, cm_approver, clock):
    assert not Province.objects.get(code="50").approvers_two_factor_required
    sign_in(client, cm_approver)
    assert reaches_pages(client)
    assert not two_factor.is_required(cm_approver)


def test_on_the_province_s_approvers_reach_no_page_before_their_second_factor(
    client, central_admin, cm_approver, cm_editor, sk_approver, chiang_mai, clock
):
    admin = client.__class__()
    admin.force_login(central_admin)
    form = admin.get(SETTING.format(pk=chiang_mai.pk))
    assert form.status_code == 200
    assert "ผู้อนุมัติต้องใช้การยืนยันตัวตนสองขั้นตอน" in form.content.decode()  # the settings area in Thai
    saved = admin.post(SETTING.format(pk=chiang_mai.pk), {"approvers_two_factor_required": "on", "_save": "1"})
    assert saved.status_code == 302
    chiang_mai.refresh_from_db()
    assert chiang_mai.approvers_two_factor_required
    event = AuditEvent.objects.get(detail__two_factor="approvers_required")
    assert (event.username, event.province, event.object_type, event.object_id) == (
        "anong",
        chiang_mai,
        "reference.province",
        str(chiang_mai.pk),
    )

    # Somchai, with his password only: every page sends him to set up his second factor first.
    sign_in(client, cm_approver)
    for path in ("/", "/plans/", "/reports/", "/accounts/profile/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/setup/"), path
    api = client.get("/api/plans/")
    assert (api.status_code, api.json()["code"]) == (403, "second_factor_required")
    setup = client.get(reverse("two_factor_setup")).content.decode()
    assert "บัญชีของท่านต้องใช้การยืนยันตัวตนขั้นที่สอง" in setup

    set_up_authenticator(client, cm_approver, clock)
    assert reaches_pages(client)
    client.logout()

    # The next sign-in asks for the code before anything else, and lets him through with it.
    sign_in(client, cm_approver)
    assert client.get("/plans/")["Location"].startswith("/accounts/two-factor/?next=/plans/")
    device = TOTPDevice.objects.get(user=cm_approver, confirmed=True)
    done = client.post(reverse("two_factor_verify"), {"code": code_for(device), "next": "/plans/"})
    assert done.status_code == 302 and done["Location"] == "/plans/"
    assert reaches_pages(client)

    # The province's editor and another province's approver are not concerned.
    for person in (cm_editor, sk_approver):
        other = client.__class__()
        sign_in(other, person)
        assert other.get("/accounts/profile/").status_code == 200, person


def test_the_requirement_holds_the_last_device_and_lifts_when_switched_off(client, central_admin, cm_approver, clock):
    two_factor.set_approvers_two_factor(provinces=[cm_approver.province], required=True, by=central_admin)
    sign_in(client, cm_approver)
    set_up_authenticator(client, cm_approver, clock)
    device = TOTPDevice.objects.get(user=cm_approver, confirmed=True)
    client.post(reverse("two_factor_remove_authenticator", args=[device.pk]))
    assert TOTPDevice.objects.filter(pk=device.pk).exists()  # required of him: not his last one

    two_factor.set_approvers_two_factor(provinces=[cm_approver.province], required=False, by=central_admin)
    client.post(reverse("two_factor_remove_authenticator", args=[device.pk]))
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    client.logout()
    sign_in(client, cm_approver)
    assert reaches_pages(client)  # optional again, and he has none


def test_the_centre_switches_several_provinces_at_once_each_change_audited(client, central_admin, chiang_mai, songkhla):
    client.force_login(central_admin)
    listing = "/admin/accounts/provincetwofactor/"
    assert client.get(listing).status_code == 200
    chosen = [chiang_mai.pk, songkhla.pk]
    client.post(listing, {"action": "require_for_approvers", "_selected_action": chosen})
    assert set(Province.objects.filter(approvers_two_factor_required=True)) == {chiang_mai, songkhla}
    client.post(listing, {"action": "require_for_approvers", "_selected_action": chosen})  # no change: no entry
    assert AuditEvent.objects.filter(detail__two_factor="approvers_required").count() == 2
    client.post(listing, {"action": "stop_requiring_for_approvers", "_selected_action": [songkhla.pk]})
    assert list(Province.objects.filter(approvers_two_factor_required=True)) == [chiang_mai]
    assert AuditEvent.objects.get(detail__two_factor="approvers_not_required").province == songkhla


def test_only_the_centre_s_administrators_change_it(client, central_viewer, cm_approver, chiang_mai):
    for person in (central_viewer, cm_approver):
        client.force_login(person)
        response = client.post(SETTING.format(pk=chiang_mai.pk), {"approvers_two_factor_required": "on"})
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    chiang_mai.refresh_from_db()
    assert not chiang_mai.approvers_two_factor_required


def test_the_province_s_own_settings_page_shows_it_without_changing_it(client, central_admin, chiang_mai):
    """Only the audited page changes it: the reference-data page of the province shows it read-only."""
    client.force_login(central_admin)
    page = f"/admin/reference/province/{chiang_mai.pk}/change/"
    form = client.get(page).context["adminform"].form
    assert "approvers_two_factor_required" not in form.fields
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(region=chiang_mai.region_id, in_regional_administration="on", approvers_two_factor_required="on")
    assert client.post(page, data).status_code == 302
    chiang_mai.refresh_from_db()
    assert not chiang_mai.approvers_two_factor_required
