"""Single logout, and deleting one's account. Thin: services do the writes.

The page for a failed single sign-on is accounts.sso_pages.sign_in_failed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services
from .forms import AccountDeleteForm
from .oidc import provider_logout_url
from .saml import saml_logout, signed_in_with_saml


def _continue_at_idp(request, response):
    """Turn a redirect to the IdP into a page that moves on by itself (``Refresh`` header).

    The log-out button is a form, and the site's CSP (``form-action 'self'``) stops a form's
    redirect to another origin; a navigation from our own page is allowed.
    """
    url = response.get("Location", "")
    if response.status_code != 302 or url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}
    ):
        return response
    page = render(request, "accounts/signing_out.html", {"idp_url": url})
    page["Refresh"] = f"0;url={url}"
    return page


@require_POST
def logout(request):
    """POST: log out here, and at the IdP for people who signed in through it (SAML single
    logout, or OIDC RP-initiated logout when the provider offers it). Replaces Django's view at
    the same URL; a local (password) session just ends."""
    if request.user.is_authenticated and signed_in_with_saml(request):
        return _continue_at_idp(request, saml_logout(request))
    if (
        request.user.is_authenticated
        and settings.OIDC_ENABLED
        and request.session.get("oidc_id_token")
    ):
        url = provider_logout_url(request)
        auth.logout(request)
        return _continue_at_idp(request, redirect(url))
    return LogoutView.as_view()(request)


@login_required
def account_delete(request):
    """GET: what deleting means, with a confirmation box. POST: anonymise the account, log out."""
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.account_anonymise(user=request.user)
        auth.logout(request)
        messages.success(
            request, "Your account is deleted. Your past memberships are kept anonymously."
        )
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/account_delete.html", {"form": form})
