"""OpenID Connect relying party: mozilla-django-oidc, plus discovery, issuer/audience checks and
our own user matching (by issuer + ``sub``, never by e-mail).

Imported by every process (the URL map, the authentication backend list), so it stays cheap:
mozilla-django-oidc's backend (PyJWT, cryptography) and requests are imported only when OIDC is
enabled and used (see OidcBackend and accounts.oidc_backend).
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import resolve_url
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .oidc_discovery import oidc_setting
from .sso_pages import sign_in_failed

logger = logging.getLogger(__name__)


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


class OidcBackend(ModelBackend):
    """The ``AUTHENTICATION_BACKENDS`` entry for OpenID Connect, cheap to import.

    Django makes its backends afresh for every authenticate() (and every permission check).
    While OIDC is enabled, making this class gives accounts.oidc_backend.OidcRelyingPartyBackend
    (mozilla-django-oidc's backend with our checks), imported on first use; while it is off, a
    plain stand-in that authenticates nobody and, like mozilla-django-oidc's backend, still
    restores the user of a session it signed in earlier. So neither the site's start-up nor a
    password log-in imports PyJWT, cryptography and requests for a protocol that is off.
    """

    get_settings = staticmethod(oidc_setting)

    def __new__(cls, *args, **kwargs):
        if cls is OidcBackend and settings.OIDC_ENABLED:
            from .oidc_backend import OidcRelyingPartyBackend

            return OidcRelyingPartyBackend(*args, **kwargs)
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        """Only the OIDC callback (which passes ``nonce``) is handled, and only while OIDC is
        enabled (then by OidcRelyingPartyBackend); anything else is None.

        Returns:
            The signed-in user, or None.
        """
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None
        from .oidc_backend import OidcRelyingPartyBackend

        return OidcRelyingPartyBackend().authenticate(request, **kwargs)

    def get_user(self, user_id):
        """The user with primary key ``user_id`` or None (as mozilla-django-oidc's backend)."""
        try:
            return self.UserModel.objects.get(pk=user_id)
        except self.UserModel.DoesNotExist:
            return None


class OidcLoginView(OIDCAuthenticationRequestView):
    """Starts the code flow (state, nonce and PKCE verifier kept in the session)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Endpoints are looked up per request (discovery is lazy), not at start-up.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        """Redirect to the provider's authorization endpoint.

        Raises:
            Http404: OIDC is not enabled.
            ImproperlyConfigured: the provider's discovery document cannot be fetched.
        """
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
        """Finish the sign-in: a redirect onwards, or our failure page.

        Raises:
            Http404: OIDC is not enabled.
        """
        if not settings.OIDC_ENABLED:
            raise Http404("OpenID Connect sign-in is not enabled.")
        import requests  # already imported by the backend by now; kept out of start-up

        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException) as error:
            # Unknown or reused state, bad signature / nonce / issuer / audience, or the provider
            # refusing the code (e.g. a code replayed): all end as a failed sign-in, not a 500.
            logger.warning("OIDC callback refused: %s", error)
            return self.login_failure()

    def login_failure(self):
        """Our "could not sign you in" (or "not eligible") page instead of a redirect."""
        return sign_in_failed(self.request, protocol="oidc")
