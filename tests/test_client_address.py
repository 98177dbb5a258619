"""The client's address behind reverse proxies: one rule (lib/client.py) for the audit trail and
the sign-in lockout, set by TRUSTED_PROXIES (the number of proxies that append to X-Forwarded-For)."""

import pytest
from django.conf import settings
from django.test import RequestFactory

from labourplan.audit.models import AuditEvent
from labourplan.lib.client import client_address
from tests.conftest import PASSWORD

PROXY = "10.0.0.5"  # nginx, as the application servers see it


def address(trusted, forwarded=None, remote=PROXY):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "TRUSTED_PROXIES", trusted)
        return client_address(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, None, PROXY),  # no proxy: the peer is the client
        (0, "203.0.113.7", PROXY),  # a header nobody trusted is the client's own word
        (1, "203.0.113.7", "203.0.113.7"),  # nginx alone
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's forged entry on the left is ignored
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),  # a load balancer, then nginx
        (1, " 203.0.113.7 ", "203.0.113.7"),
        (1, "203.0.113.7:51234", "203.0.113.7"),  # some proxies add the port
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "unknown", PROXY),  # not an address: fall back to the peer
        (1, "", PROXY),  # a trusted proxy that sent no header
        (2, "203.0.113.7", "203.0.113.7"),  # fewer hops than proxies: the leftmost a proxy wrote
    ],
)
def test_the_client_is_the_entry_the_outermost_trusted_proxy_wrote(trusted, forwarded, expected):
    assert address(trusted, forwarded) == expected


def _fail_sign_in(client, office):
    return client.post(
        "/accounts/login/",
        {"username": "wilai", "password": "wrong-password-x"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=office,
    )


@pytest.mark.django_db
def test_behind_a_proxy_the_lockout_and_the_audit_trail_see_each_office(client, cm_editor, settings):
    """Every request reaches the application from nginx's address; the lockout must still be per
    office, or five typos in one province would lock the officer out of every province."""
    settings.TRUSTED_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail_sign_in(client, "6.6.6.6, 203.0.113.7")
    locked = client.post(
        "/accounts/login/",
        {"username": "wilai", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert locked.status_code == 429
    other_office = client.post(
        "/accounts/login/",
        {"username": "wilai", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other_office.status_code == 302
    failed = AuditEvent.objects.filter(action="sign_in_failed", username="wilai")
    assert set(failed.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    assert AuditEvent.objects.get(action="sign_in", username="wilai").ip_address == "198.51.100.20"
