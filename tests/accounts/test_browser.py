"""A person signs in through each real identity provider in Chromium, lands on /me/ with the
name and unit the IdP sent, and signs out (at the IdP too)."""

from __future__ import annotations

import re

import pytest

from .conftest import require, start_oidc_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The site on 127.0.0.1 (not pytest-django's "localhost"): same site as the IdPs, so the
    SAML session cookie (SameSite=Lax on plain HTTP) comes back with the IdP's POST."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1")
    yield server.url
    server.stop()


@pytest.fixture
def page(new_context):
    """A fresh context in the shared Chromium (tests/browser.py)."""
    return new_context().new_page()


@pytest.fixture(scope="module")
def live_oidc_provider(tmp_path_factory, site):
    from .idps import OidcProvider

    require(OidcProvider.available, "Node.js with the npm package oidc-provider (npm install)")
    provider = start_oidc_provider(tmp_path_factory.mktemp("oidc-live"), site)
    yield provider
    provider.stop()


def test_signing_in_and_out_through_the_saml_idp(page, site, saml_on, settings):
    settings.SAML_LABEL = "Sign in with your University account"
    saml_on(site)

    page.goto(f"{site}/accounts/login/?next=/me/")
    page.get_by_role("link", name="Sign in with your University account").click()
    page.fill('input[name="username"]', "alice")
    page.fill('input[name="password"]', "alice-pass")
    page.locator('input[name="password"]').press("Enter")

    page.wait_for_url(f"{site}/me/")
    assert page.get_by_role("heading", name="My communities").is_visible()
    data = page.locator("#my-data-heading").locator("..")
    assert "Alice Archer" in data.inner_text()
    assert "University Library" in data.inner_text()

    page.get_by_role("button", name=re.compile("Log out")).click()
    page.wait_for_url(f"{site}/")
    assert page.get_by_role("link", name="Log in").is_visible()
    # Single logout ended the IdP session too: signing in again asks for the password.
    page.goto(f"{site}/saml2/login/")
    assert page.locator('input[name="password"]').is_visible()


def test_signing_in_and_out_through_the_oidc_provider(page, site, live_oidc_provider, settings):
    from .conftest import enable_oidc

    enable_oidc(settings, live_oidc_provider)

    page.goto(f"{site}/accounts/login/?next=/me/")
    page.get_by_role("link", name="Sign in with Campus Connect").click()
    page.fill('input[name="login"]', "olivia")
    page.fill('input[name="password"]', "olivia-pass")
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(f"{site}/me/")
    data = page.locator("#my-data-heading").locator("..")
    assert "Olivia Okafor" in data.inner_text()
    assert "Facilities Management" in data.inner_text()

    page.get_by_role("button", name=re.compile("Log out")).click()
    # oidc-provider asks before ending its session (RP-initiated logout).
    page.get_by_role("button", name=re.compile("Yes, sign me out")).click()
    page.wait_for_url(f"{site}/")
    assert page.get_by_role("link", name="Log in").is_visible()
    page.goto(f"{site}/oidc/authenticate/")
    assert page.locator('input[name="password"]').is_visible()
