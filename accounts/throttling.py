"""django-axes (password brute-force lockout): keep it away from single sign-on, and tell it which
address a log-in attempt came from."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def is_single_sign_on(request, credentials: dict | None) -> bool:
    """``AXES_WHITELIST_CALLABLE``: True for SAML / OIDC sign-ins, which carry no username or
    password. Axes would otherwise count every refused SSO attempt (e.g. an ineligible person)
    under username None and the client IP, and after five lock out everyone behind that IP
    (a whole campus behind one NAT address). The IdP throttles its own password checks."""
    if not credentials:
        return False
    return credentials.get("username") is None and credentials.get("password") is None


def client_address(request) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the address a log-in attempt came from.

    Without trusted proxies (``TRUSTED_PROXY_COUNT`` = 0, the default) it is REMOTE_ADDR and any
    X-Forwarded-For header is ignored, since a client can write whatever it likes there. Behind N
    trusted proxies (``TRUSTED_PROXY_COUNT`` = N, set from the environment) each proxy appends
    the address it received the request from, so the client is the N-th entry from the right;
    entries further left were written by the client and are ignored. A header that is missing,
    too short or not an IP address falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
