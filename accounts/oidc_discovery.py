"""The OpenID Provider's settings: set explicitly, or read from its discovery document.

Its own module so that accounts.oidc (views, the cheap backend) and accounts.oidc_backend
(mozilla-django-oidc's backend, imported only when OIDC is used) both read settings from here
without importing each other.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from mozilla_django_oidc.utils import import_from_settings

DISCOVERY_TTL = 3600  # seconds a provider's discovery document is reused
_DISCOVERY_KEYS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
_discovery_cache: dict[str, tuple[float, dict]] = {}
_discovery_lock = threading.Lock()


def discovery_document(issuer: str) -> dict:
    """The provider's ``/.well-known/openid-configuration``, cached for an hour per issuer.

    Raises ImproperlyConfigured when it cannot be fetched or names another issuer.
    """
    with _discovery_lock:
        cached = _discovery_cache.get(issuer)
        if cached and cached[0] > time.monotonic():
            return cached[1]
    import requests  # only when OIDC is used: it takes a while to import

    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=10)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ImproperlyConfigured(f"OIDC discovery failed at {url}: {error}") from error
    if document.get("issuer", "").rstrip("/") != issuer:
        raise ImproperlyConfigured(f"{url} names issuer {document.get('issuer')!r}, not {issuer!r}")
    with _discovery_lock:
        _discovery_cache[issuer] = (time.monotonic() + DISCOVERY_TTL, document)
    return document


def oidc_setting(attr: str, *args):
    """Like mozilla-django-oidc's ``import_from_settings``, but endpoints not set explicitly are
    taken from the provider's discovery document (only when they are first needed)."""
    if attr in _DISCOVERY_KEYS and getattr(settings, "OIDC_USE_DISCOVERY", False):
        explicit = getattr(settings, attr, None)
        if explicit:
            return explicit
        value = discovery_document(settings.OIDC_ISSUER).get(_DISCOVERY_KEYS[attr])
        if value:
            return value
        if args:
            return args[0]
        raise ImproperlyConfigured(f"The provider's discovery document has no {attr}.")
    return import_from_settings(attr, *args)
