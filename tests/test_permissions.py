"""The permission module, and every page's answer to people outside its scope."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from labourplan.accounts.models import User
from labourplan.accounts.permissions import (
    Action,
    get_for_user,
    get_province_for_user,
    has_permission,
    scope_to_user,
    visible_provinces,
)

pytestmark = pytest.mark.django_db


def test_provincial_users_act_only_on_their_own_province(cm_editor, cm_approver, chiang_mai, songkhla):
    assert has_permission(cm_editor, Action.EDIT, chiang_mai)
    assert not has_permission(cm_editor, Action.SUBMIT, chiang_mai)
    assert has_permission(cm_approver, Action.SUBMIT, chiang_mai)
    for action in Action:
        assert not has_permission(cm_editor, action, songkhla)
        assert not has_permission(cm_approver, action, songkhla)
    assert not has_permission(cm_editor, Action.VIEW)  # no national scope


def test_the_centre_reads_everything_and_only_the_admin_reviews(central_admin, central_viewer, chiang_mai):
    assert has_permission(central_viewer, Action.VIEW, chiang_mai)
    assert not has_permission(central_viewer, Action.REVIEW, chiang_mai)
    assert not has_permission(central_viewer, Action.ADMINISTER)
    assert has_permission(central_admin, Action.REVIEW, chiang_mai)
    assert has_permission(central_admin, Action.ADMINISTER)
    # The centre does not draft a province's plan or submit it on the province's behalf.
    assert not has_permission(central_admin, Action.EDIT, chiang_mai)
    assert not has_permission(central_admin, Action.SUBMIT, chiang_mai)


def test_a_disabled_account_may_do_nothing(cm_approver, chiang_mai):
    cm_approver.is_active = False
    assert not has_permission(cm_approver, Action.VIEW, chiang_mai)


def test_province_helper_refuses_another_province_with_403(sk_editor, cm_editor):
    assert get_province_for_user(cm_editor, "50").code == "50"
    with pytest.raises(PermissionDenied):
        get_province_for_user(sk_editor, "50")
    with pytest.raises(Http404):
        get_province_for_user(sk_editor, "99")


def test_objects_of_another_province_are_not_found(cm_editor, cm_approver, sk_editor, central_viewer):
    # Users are province-owned objects too: a convenient real model to exercise the helper.
    users = User.objects.all()
    assert set(scope_to_user(sk_editor, users)) == {sk_editor}
    assert set(scope_to_user(central_viewer, users)) == {cm_editor, cm_approver, sk_editor, central_viewer}
    assert get_for_user(cm_editor, users, pk=cm_approver.pk) == cm_approver
    with pytest.raises(Http404):
        get_for_user(sk_editor, users, pk=cm_approver.pk)
    with pytest.raises(PermissionDenied):
        get_for_user(cm_editor, users, action=Action.SUBMIT, pk=cm_approver.pk)


def test_visible_provinces(cm_editor, central_viewer):
    assert list(visible_provinces(cm_editor).values_list("code", flat=True)) == ["50"]
    assert visible_provinces(central_viewer).count() == 77


@pytest.mark.parametrize(
    ("url", "fixture", "status"),
    [
        ("/provinces/50/", "sk_editor", 403),
        ("/provinces/50/", "cm_editor", 200),
        ("/provinces/50/", "central_viewer", 200),
        ("/provinces/99/", "central_viewer", 404),
        ("/provinces/", "cm_editor", 403),
        ("/provinces/", "central_viewer", 200),
        ("/admin/", "central_viewer", 302),
        ("/admin/", "cm_approver", 302),
        ("/admin/", "central_admin", 200),
        ("/admin/accounts/user/", "central_admin", 200),
        ("/admin/reference/templatetopic/", "central_admin", 200),
    ],
)
def test_pages_answer_each_role(client, request, url, fixture, status):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    "url", ["/", "/provinces/", "/provinces/50/", "/accounts/profile/", "/accounts/password/change/"]
)
def test_pages_send_strangers_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
