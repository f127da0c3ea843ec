"""SAML 2.0 service provider: djangosaml2 (pysaml2) with our user matching and error pages."""

from __future__ import annotations

import copy
import json
import threading
import time

from django.conf import settings
from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from djangosaml2 import views as saml_views
from djangosaml2.backends import Saml2Backend
from saml2.config import SPConfig

from . import services
from .identity import SignInRefused, identity_from_saml

CONFIG_TTL = 600  # seconds: how long the IdP metadata fetched from a URL is reused
_config_cache: dict[str, tuple[float, SPConfig]] = {}
_config_lock = threading.Lock()


def config_loader(request=None) -> SPConfig:
    """djangosaml2's ``SAML_CONFIG_LOADER``: the SP configuration built from ``SAML_CONFIG``,
    reused for ten minutes so the IdP metadata URL is not fetched on every request."""
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
    expired response, or an ineligible person, gets our page rather than a bare error."""
    from .views import sign_in_failed

    return sign_in_failed(request, protocol="saml", status=status)


class SamlEnabledMixin:
    """404 for every SAML URL while SAML is not enabled."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.SAML_ENABLED:
            raise Http404("SAML sign-in is not enabled.")
        return super().dispatch(request, *args, **kwargs)


class LoginView(SamlEnabledMixin, saml_views.LoginView):
    pass


# The IdP posts these from its own origin, so no CSRF token (djangosaml2 exempts them too; the
# mixin's dispatch would otherwise hide that). The signed SAML message is the protection.
@method_decorator(csrf_exempt, name="dispatch")
class AssertionConsumerServiceView(SamlEnabledMixin, saml_views.AssertionConsumerServiceView):
    pass


@method_decorator(csrf_exempt, name="dispatch")
class LogoutServiceView(SamlEnabledMixin, saml_views.LogoutView):
    pass


class MetadataView(SamlEnabledMixin, saml_views.MetadataView):
    pass


def saml_logout(request):
    """Start single logout at the IdP for a user who signed in through SAML (the local session
    ends at once; the IdP sends the browser back to ``/saml2/ls/``). Called by accounts.views."""
    view = saml_views.LogoutInitView()
    view.setup(request)
    return view.get(request)


def signed_in_with_saml(request) -> bool:
    saml_session = getattr(request, "saml_session", None)
    return bool(settings.SAML_ENABLED and saml_session and saml_session.get("_saml2_subject_id"))
