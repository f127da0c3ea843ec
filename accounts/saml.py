"""SAML 2.0 service provider: djangosaml2 (pysaml2) with our user matching and error pages.

pysaml2 takes most of a second to import (it loads the SAML XML schemas), and this module is
imported by every process (the URL map, the authentication backend list). So it stays cheap:
the backend needs only djangosaml2.backends, and pysaml2 is imported the first time SAML is
actually used (a SAML URL with SAML enabled, the SP configuration, single logout). The views
themselves are in accounts.saml_views.
"""

from __future__ import annotations

import copy
import functools
import json
import threading
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from djangosaml2.backends import Saml2Backend

from . import services
from .identity import SignInRefused, identity_from_saml
from .sso_pages import sign_in_failed

if TYPE_CHECKING:
    from collections.abc import Callable

    from saml2.config import SPConfig

CONFIG_TTL = 600  # seconds: how long the IdP metadata fetched from a URL is reused
_config_cache: dict[str, tuple[float, SPConfig]] = {}
_config_lock = threading.Lock()


def config_loader(request: HttpRequest | None = None) -> SPConfig:
    """djangosaml2's ``SAML_CONFIG_LOADER``: the SP configuration built from ``SAML_CONFIG``,
    reused for ten minutes so the IdP metadata URL is not fetched on every request.

    Args:
        request: the request being served (unused; djangosaml2 passes it).

    Returns:
        A loaded pysaml2 ``SPConfig``.

    Raises:
        Whatever pysaml2 raises for a bad configuration or unreadable IdP metadata.
    """
    from saml2.config import SPConfig

    key = json.dumps(settings.SAML_CONFIG, sort_keys=True, default=str)
    with _config_lock:
        cached = _config_cache.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
    config = SPConfig()
    config.load(copy.deepcopy(settings.SAML_CONFIG))
    with _config_lock:
        _config_cache[key] = (time.monotonic() + CONFIG_TTL, config)
    return config


class SamlBackend(Saml2Backend):
    """Signs in the person a verified SAML assertion describes.

    djangosaml2 has already checked the signature, audience, validity window and that the
    response answers a request this browser made. We match by eduPersonPrincipalName (see
    ``Identity.sso_id``), never by e-mail, and refuse ineligible people before anything is written.
    """

    def authenticate(self, request, session_info=None, attribute_mapping=None, **kwargs):
        """The user for a verified assertion, or None.

        Args:
            request: the ACS request (``request.sso_refused`` is set when the person is refused).
            session_info: pysaml2's session info; its ``ava`` holds the attributes.
            attribute_mapping: djangosaml2's mapping (unused: settings.SAML_ATTRIBUTES rules).

        Returns:
            The signed-in user; None when SAML is off, for any other kind of sign-in (no
            ``session_info``), for an ineligible person or an inactive account.
        """
        if not settings.SAML_ENABLED or session_info is None or "ava" not in session_info:
            return None
        try:
            user = services.sso_sign_in(identity=identity_from_saml(session_info))
        except SignInRefused as refused:
            if request is not None:
                request.sso_refused = refused
            return None
        return user if self.user_can_authenticate(user) else None


def acs_failure(request, exception=None, status=403, **kwargs):
    """djangosaml2's ``SAML_ACS_FAILURE_RESPONSE_FUNCTION``: a replayed, tampered, unsolicited or
    expired response, or an ineligible person, gets our page rather than a bare error.

    Returns:
        accounts.sso_pages.sign_in_failed's page, with ``status`` unless the person was refused.
    """
    return sign_in_failed(request, protocol="saml", status=status)


@functools.cache
def _class_based_view(name: str) -> Callable[..., HttpResponse]:
    """``accounts.saml_views.<name>.as_view()``, made once (the first call imports pysaml2)."""
    from . import saml_views

    return getattr(saml_views, name).as_view()


def _serve(name: str, request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Hand the request to the view class ``name``; raises Http404 while SAML is off, without
    importing pysaml2 (the view class would raise the same 404 itself)."""
    if not settings.SAML_ENABLED:
        raise Http404("SAML sign-in is not enabled.")
    return _class_based_view(name)(request, *args, **kwargs)


# The views the URL map points at: thin, so that loading the URL map does not import pysaml2.
def login(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """/saml2/login/: sends the browser to the IdP (djangosaml2's LoginView).

    Raises:
        Http404: SAML is not enabled.
    """
    return _serve("LoginView", request, *args, **kwargs)


# The IdP posts these from its own origin, so no CSRF token (as djangosaml2's own views).
@csrf_exempt
def assertion_consumer_service(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """/saml2/acs/: the IdP's response (djangosaml2's AssertionConsumerServiceView).

    Raises:
        Http404: SAML is not enabled.
    """
    return _serve("AssertionConsumerServiceView", request, *args, **kwargs)


@csrf_exempt
def logout_service(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """/saml2/ls/ and /saml2/ls/post/: single logout from the IdP (djangosaml2's LogoutView).

    Raises:
        Http404: SAML is not enabled.
    """
    return _serve("LogoutServiceView", request, *args, **kwargs)


def metadata(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """/saml2/metadata/: our SP metadata (djangosaml2's MetadataView).

    Raises:
        Http404: SAML is not enabled.
    """
    return _serve("MetadataView", request, *args, **kwargs)


def saml_logout(request: HttpRequest) -> HttpResponse:
    """Start single logout at the IdP for a user who signed in through SAML (the local session
    ends at once; the IdP sends the browser back to ``/saml2/ls/``). Called by accounts.views.

    Returns:
        djangosaml2's LogoutInitView response: usually a redirect to the IdP.
    """
    from . import saml_views

    view = saml_views.LogoutInitView()
    view.setup(request)
    return view.get(request)


def signed_in_with_saml(request: HttpRequest) -> bool:
    """Whether this session's user signed in through SAML (SAML on and a SAML subject kept in
    the separate SAML session)."""
    saml_session = getattr(request, "saml_session", None)
    return bool(settings.SAML_ENABLED and saml_session and saml_session.get("_saml2_subject_id"))
