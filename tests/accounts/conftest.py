"""Fixtures for the sign-in tests: a real SAML IdP (SimpleSAMLphp) and a real OpenID Provider
(npm oidc-provider), started once per test session on free 127.0.0.1 ports and stopped after.

Missing tools skip these tests on a developer machine, but fail them when ``CI`` is set: CI
(`.ci/run`) installs both.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
import requests

from accounts.saml import config_loader as saml_config_loader
from accounts.sso_settings import saml_config, sso_settings

from .idps import OidcAccount, OidcProvider, SamlUser, SimpleSamlPhp, self_signed

SP_ENTITY_ID = "https://cop.example.edu/saml2/metadata/"
TEST_SITE = "http://testserver"
OIDC_CLIENT_ID = "cop-directory"
OIDC_CLIENT_SECRET = "a-long-test-client-secret-0123456789"


def require(available: bool, what: str) -> None:
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing, but CI must run these tests (.ci/run installs it).")
    pytest.skip(f"{what} is not installed here")


def saml_user(username="alice", **overrides) -> SamlUser:
    attributes = {
        "eduPersonPrincipalName": [f"{username}@example.edu"],
        "mail": [f"{username}@example.edu"],
        "givenName": ["Alice"],
        "sn": ["Archer"],
        "displayName": ["Alice Archer"],
        "ou": ["University Library"],
        "title": ["Data Librarian"],
        "eduPersonAffiliation": ["staff", "member"],
        "isMemberOf": ["library-staff"],
    }
    attributes.update(overrides)
    return SamlUser(username, f"{username}-pass", attributes)


SAML_USERS = [
    saml_user("alice"),
    saml_user(
        "sam",
        givenName=["Sam"],
        sn=["Student"],
        displayName=["Sam Student"],
        ou=["School of Music"],
        title=[],
        eduPersonAffiliation=["student"],
        mail=["sam@students.example.edu"],
    ),
]


def oidc_account(username="olivia", **claims) -> OidcAccount:
    base = {
        "email": f"{username}@example.edu",
        "email_verified": True,
        "given_name": "Olivia",
        "family_name": "Okafor",
        "name": "Olivia Okafor",
        "department": "Facilities Management",
        "title": "Energy Manager",
        "affiliation": ["employee"],
        "groups": [],
    }
    base.update(claims)
    return OidcAccount(username, f"{username}-pass", base)


OIDC_ACCOUNTS = [
    oidc_account("olivia"),
    oidc_account(
        "sid",
        email="sid@gmail.com",
        given_name="Sid",
        family_name="Visitor",
        name="Sid Visitor",
        department="",
        affiliation=["affiliate"],
    ),
]


@pytest.fixture(scope="session")
def sp_keys(tmp_path_factory):
    """The SP's signing / encryption key pair (what SAML_SP_KEY_FILE / _CERT_FILE point at)."""
    return self_signed(tmp_path_factory.mktemp("sp"), "sp")


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory, sp_keys):
    require(
        SimpleSamlPhp.available(),
        "SimpleSAMLphp (apt-get install simplesamlphp php-cli php-xml php-mbstring)",
    )
    idp = SimpleSamlPhp(tmp_path_factory.mktemp("simplesamlphp"), SAML_USERS)
    idp.start()
    yield idp
    idp.stop()


@pytest.fixture
def saml_on(settings, saml_idp, sp_keys):
    """Enable SAML against the local IdP for ``site_url`` (the test client's by default), and
    register our SP there. Call the returned function again for another site URL."""
    key, crt = sp_keys

    def enable(site_url: str = TEST_SITE) -> None:
        settings.SAML_ENABLED = True
        settings.SAML_CONFIG = saml_config(
            site_url=site_url,
            site_name="Communities of Practice",
            entity_id=SP_ENTITY_ID,
            metadata_url=saml_idp.metadata_url,
            key_file=str(key),
            cert_file=str(crt),
        )
        saml_idp.register_sp(SP_ENTITY_ID, [f"{site_url}/saml2/acs/"], f"{site_url}/saml2/ls/", crt)
        # Build the SP configuration now, as a running site has after its first sign-in: pysaml2's
        # imports and the IdP's metadata took 3.6 s on a loaded machine, all inside a browser
        # test's first click (and past its 10 s wait once, with seven jobs on two cores).
        saml_config_loader()

    enable()
    yield enable
    saml_idp.set_users(SAML_USERS)


def start_oidc_provider(directory, redirect_base: str) -> OidcProvider:
    provider = OidcProvider(
        directory,
        OIDC_ACCOUNTS,
        client_id=OIDC_CLIENT_ID,
        client_secret=OIDC_CLIENT_SECRET,
        redirect_uris=[f"{redirect_base}/oidc/callback/"],
        post_logout_redirect_uris=[f"{redirect_base}/"],
    )
    provider.start()
    return provider


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    require(OidcProvider.available, "Node.js with the npm package oidc-provider (npm install)")
    provider = start_oidc_provider(tmp_path_factory.mktemp("oidc"), TEST_SITE)
    yield provider
    provider.stop()


def enable_oidc(settings, provider: OidcProvider) -> None:
    """Configure the RP the way an operator would: through the environment variables."""
    values = sso_settings(
        {
            "OIDC_ISSUER": provider.issuer,
            "OIDC_RP_CLIENT_ID": OIDC_CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": OIDC_CLIENT_SECRET,
            "OIDC_RP_SCOPES": "openid email profile campus",
            "OIDC_LABEL": "Sign in with Campus Connect",
        },
        site_url=TEST_SITE,
        site_name="Communities of Practice",
        debug=True,
    )
    for name, value in values.items():
        if name.startswith("OIDC_") or name == "LOGIN_REDIRECT_URL_FAILURE":
            setattr(settings, name, value)


@pytest.fixture
def oidc_on(settings, oidc_provider):
    enable_oidc(settings, oidc_provider)
    yield oidc_provider
    oidc_provider.set_accounts(OIDC_ACCOUNTS)


class _Forms(HTMLParser):
    """Collects each <form>'s action and its named inputs' values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""


def first_form(html: str, base_url: str) -> tuple[str, dict]:
    parser = _Forms()
    parser.feed(html)
    assert parser.forms, f"no form in the page:\n{html[:2000]}"
    form = parser.forms[0]
    return urljoin(base_url, form["action"]), form["fields"]


def saml_idp_login(client, username: str, password: str, next_url: str = "") -> dict:
    """Drive a real SAML sign-in as far as the IdP's answer: start at our /saml2/login/ with the
    Django test client, log in at SimpleSAMLphp over HTTP, and return the form fields the IdP
    would have the browser POST to our ACS (``SAMLResponse``, ``RelayState``)."""
    start = client.get("/saml2/login/", {"next": next_url} if next_url else {})
    assert start.status_code == 302, start.content[:500]
    browser = requests.Session()
    page = browser.get(start["Location"], timeout=20)
    action, fields = first_form(page.text, page.url)
    page = browser.post(
        action, data={**fields, "username": username, "password": password}, timeout=20
    )
    action, fields = first_form(page.text, page.url)
    assert action == f"{TEST_SITE}/saml2/acs/", page.text[:2000]
    assert "SAMLResponse" in fields, page.text[:2000]
    return fields


def oidc_provider_login(client, username: str, password: str) -> str:
    """Drive a real OIDC sign-in as far as the provider's redirect back to us; return that
    callback path with its query (``code``, ``state``, ``iss``), not yet followed."""
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302, start.content[:500]
    browser = requests.Session()
    response = browser.get(start["Location"], allow_redirects=False, timeout=20)
    for _ in range(10):
        location = response.headers.get("Location")
        if location and location.startswith(TEST_SITE):
            return location[len(TEST_SITE) :]
        if location:
            response = browser.get(urljoin(response.url, location), allow_redirects=False)
            continue
        assert re.search(r"Campus sign-in", response.text), response.text[:2000]
        action, fields = first_form(response.text, response.url)
        response = browser.post(
            action,
            data={**fields, "login": username, "password": password},
            allow_redirects=False,
            timeout=20,
        )
    raise AssertionError("the provider never redirected back")
