"""djangosaml2's views, 404 while SAML is off. Imports pysaml2 (most of a second): only
accounts.saml imports this module, the first time a SAML URL is used with SAML enabled."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from djangosaml2 import views as saml_views


class SamlEnabledMixin:
    """404 for every SAML URL while SAML is not enabled."""

    def dispatch(self, request, *args, **kwargs):
        """Raises Http404 while ``settings.SAML_ENABLED`` is false; otherwise the view's own."""
        if not settings.SAML_ENABLED:
            raise Http404("SAML sign-in is not enabled.")
        return super().dispatch(request, *args, **kwargs)


class LoginView(SamlEnabledMixin, saml_views.LoginView):
    """/saml2/login/: sends the browser to the IdP with an authentication request."""


# The IdP posts these from its own origin, so no CSRF token (djangosaml2 exempts them too; the
# mixin's dispatch would otherwise hide that). The signed SAML message is the protection.
@method_decorator(csrf_exempt, name="dispatch")
class AssertionConsumerServiceView(SamlEnabledMixin, saml_views.AssertionConsumerServiceView):
    """/saml2/acs/: receives and verifies the IdP's response, then signs the person in."""


@method_decorator(csrf_exempt, name="dispatch")
class LogoutServiceView(SamlEnabledMixin, saml_views.LogoutView):
    """/saml2/ls/ and /saml2/ls/post/: single logout requests and responses from the IdP."""


class MetadataView(SamlEnabledMixin, saml_views.MetadataView):
    """/saml2/metadata/: our SP metadata, for the IdP's administrators."""


LogoutInitView = saml_views.LogoutInitView
