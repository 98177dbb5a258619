"""Who is on the other end of a request, behind however many proxies the operator trusts.

One rule for the audit trail and the sign-in lockout alike (django-axes calls `client_address`
through AXES_CLIENT_IP_CALLABLE): with `TRUSTED_PROXIES` = N, each trusted proxy appended the
address it received the request from to X-Forwarded-For, so the client is the N-th entry from
the right. Entries further left were written by the client itself and are never believed.
"""

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's IP address as the outermost trusted proxy saw it (REMOTE_ADDR without proxies)."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        # Fewer hops than trusted proxies: a proxy is missing from the chain or misconfigured.
        # The leftmost hop is still one a trusted proxy wrote.
        return _address(hops[0]) if hops else remote
    return _address(hops[-proxies]) or remote
