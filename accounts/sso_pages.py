"""The page shown when a sign-in through the identity provider does not succeed.

Its own module so that accounts.saml and accounts.oidc (which render it) and accounts.views
(which imports them for single logout) do not import each other.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def sign_in_failed(request: HttpRequest, *, protocol: str, status: int = 403) -> HttpResponse:
    """The page for a sign-in through the IdP that did not succeed: why, when the person is not
    eligible (nothing was created); otherwise a plain "could not sign you in" with a retry.

    Args:
        request: the request that ended the sign-in; ``request.sso_refused`` (a
            ``SignInRefused``), when set, says why the person is not eligible.
        protocol: ``"saml"`` or ``"oidc"``, which picks the retry button's label.
        status: the status of the "could not sign you in" page (a refusal is always 403).

    Returns:
        The rendered ``accounts/sign_in_refused.html`` or ``accounts/sign_in_failed.html``.
    """
    refused = getattr(request, "sso_refused", None)
    label = settings.SAML_LABEL if protocol == "saml" else settings.OIDC_LABEL
    template = "accounts/sign_in_refused.html" if refused else "accounts/sign_in_failed.html"
    context = {"refused": refused, "protocol": protocol, "label": label}
    return render(request, template, context, status=403 if refused else status)
