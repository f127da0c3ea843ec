"""OpenID Connect relying party: mozilla-django-oidc, plus discovery, issuer/audience checks and
our own user matching (by issuer + ``sub``, never by e-mail)."""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from . import services
from .identity import SignInRefused, identity_from_oidc

logger = logging.getLogger(__name__)

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


def provider_logout_url(request) -> str:
    """Where to send the browser to end the provider's session too (RP-initiated logout), or the
    local logout page when the provider has no end-session endpoint. Called before the local
    session is flushed, so the ID token is still there."""
    local = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    end_session = oidc_setting("OIDC_OP_LOGOUT_ENDPOINT", "")
    id_token = request.session.get("oidc_id_token")
    if not end_session or not id_token:
        return local
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": local,
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{end_session}?{query}"


class OidcBackend(OIDCAuthenticationBackend):
    """Authenticates the OIDC code flow. Settings are read when a sign-in happens, not when
    Django builds the backend (it does so on every request), so a provider that is down never
    slows or breaks the local login."""

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    get_settings = staticmethod(oidc_setting)

    def authenticate(self, request, **kwargs):
        """Only the OIDC callback (which passes ``nonce``) is handled; anything else is None."""
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = self.get_settings("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = self.get_settings("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = self.get_settings("OIDC_OP_JWKS_ENDPOINT", None)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None)
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """Signature and nonce (mozilla-django-oidc), then the checks it leaves out: the token
        was issued by our issuer, for our client, and has not expired (PyJWT checks ``exp``)."""
        payload = super().verify_token(token, **kwargs)
        if payload.get("iss", "").rstrip("/") != settings.OIDC_ISSUER:
            raise SuspiciousOperation("ID token from an unexpected issuer.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token issued for another client.")
        if "exp" not in payload:
            raise SuspiciousOperation("ID token without an expiry.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """Userinfo must describe the same ``sub`` as the ID token (OIDC Core 5.3.2)."""
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Userinfo is about another subject than the ID token.")
        identity = identity_from_oidc({**payload, **claims}, settings.OIDC_ISSUER)
        try:
            return services.sso_sign_in(identity=identity)
        except SignInRefused as refused:
            self.request.sso_refused = refused
            return None


class OidcLoginView(OIDCAuthenticationRequestView):
    """Starts the code flow (state, nonce and PKCE verifier kept in the session)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Endpoints are looked up per request (discovery is lazy), not at start-up.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404("OpenID Connect sign-in is not enabled.")
        self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class OidcCallbackView(OIDCAuthenticationCallbackView):
    """The provider's redirect back. A bad or replayed ``state``, a wrong nonce or token, or an
    error from the provider ends on the login page with a message; an ineligible person sees
    why (403) and nothing is created."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404("OpenID Connect sign-in is not enabled.")
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException) as error:
            # Unknown or reused state, bad signature / nonce / issuer / audience, or the provider
            # refusing the code (e.g. a code replayed): all end as a failed sign-in, not a 500.
            logger.warning("OIDC callback refused: %s", error)
            return self.login_failure()

    def login_failure(self):
        from .views import sign_in_failed

        return sign_in_failed(self.request, protocol="oidc")
