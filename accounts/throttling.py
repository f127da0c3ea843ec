"""Keep django-axes (password brute-force lockout) away from single sign-on."""

from __future__ import annotations


def is_single_sign_on(request, credentials: dict | None) -> bool:
    """``AXES_WHITELIST_CALLABLE``: True for SAML / OIDC sign-ins, which carry no username or
    password. Axes would otherwise count every refused SSO attempt (e.g. an ineligible person)
    under username None and the client IP, and after five lock out everyone behind that IP
    (a whole campus behind one NAT address). The IdP throttles its own password checks."""
    if not credentials:
        return False
    return credentials.get("username") is None and credentials.get("password") is None
