"""The OpenID Connect authentication backend proper (mozilla-django-oidc's, with our checks and
user matching). Imports PyJWT, cryptography and requests, so only ``accounts.oidc.OidcBackend``
imports this module, when OIDC is enabled."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import services
from .identity import SignInRefused, identity_from_oidc
from .oidc_discovery import oidc_setting


class OidcRelyingPartyBackend(OIDCAuthenticationBackend):
    """Authenticates the OIDC code flow. Settings are read when a sign-in happens, not when
    Django builds the backend (it does so on every request), so a provider that is down never
    slows or breaks the local login.

    Listed in AUTHENTICATION_BACKENDS as ``accounts.oidc.OidcBackend``, which is this class
    whenever OIDC is enabled.
    """

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    get_settings = staticmethod(oidc_setting)

    def authenticate(self, request, **kwargs):
        """Only the OIDC callback (which passes ``nonce``) is handled; anything else is None.

        Args:
            request: the callback request.
            **kwargs: mozilla-django-oidc's ``nonce`` and ``code_verifier``.

        Returns:
            The signed-in user, or None (OIDC off, not an OIDC sign-in, an ineligible person:
            then ``request.sso_refused`` says why).

        Raises:
            SuspiciousOperation: a bad ID token or userinfo (see verify_token).
            requests.RequestException: the provider refused or could not be reached.
        """
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
        was issued by our issuer, for our client, and has not expired (PyJWT checks ``exp``).

        Returns:
            The ID token's claims.

        Raises:
            SuspiciousOperation: any check fails.
        """
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
        """Userinfo must describe the same ``sub`` as the ID token (OIDC Core 5.3.2).

        Returns:
            The user for that identity (created or updated), or None for an ineligible person
            (``request.sso_refused`` then says why).

        Raises:
            SuspiciousOperation: userinfo is about another subject.
        """
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Userinfo is about another subject than the ID token.")
        identity = identity_from_oidc({**payload, **claims}, settings.OIDC_ISSUER)
        try:
            return services.sso_sign_in(identity=identity)
        except SignInRefused as refused:
            self.request.sso_refused = refused
            return None
