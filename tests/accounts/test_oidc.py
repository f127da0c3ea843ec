"""OpenID Connect sign-in against a real provider (npm oidc-provider on 127.0.0.1)."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation

from accounts.models import Profile
from accounts.oidc import OidcBackend

from .conftest import oidc_account, oidc_provider_login

pytestmark = pytest.mark.django_db


def sign_in(client, username="olivia"):
    return client.get(oidc_provider_login(client, username, f"{username}-pass"))


def test_an_employee_signs_in_and_gets_an_account_with_the_claims(client, oidc_on):
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    user = get_user_model().objects.get(profile__sso_id=f"oidc:{oidc_on.issuer}|olivia")
    assert (user.first_name, user.last_name) == ("Olivia", "Okafor")
    assert user.email == "olivia@example.edu"
    assert (user.profile.unit, user.profile.title) == ("Facilities Management", "Energy Manager")
    assert user.profile.protocol == Profile.Protocol.OIDC
    assert "Facilities Management" in client.get("/me/").content.decode()


def test_the_authorization_request_uses_pkce_state_and_nonce(client, oidc_on):
    query = parse_qs(urlparse(client.get("/oidc/authenticate/")["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] in client.session["oidc_states"]
    assert query["nonce"][0] == client.session["oidc_states"][query["state"][0]]["nonce"]


def test_a_changed_email_at_the_provider_updates_the_same_user(client, oidc_on):
    sign_in(client)
    first = get_user_model().objects.get()
    client.logout()
    oidc_on.set_accounts([oidc_account("olivia", email="o.okafor@facilities.example.edu")])

    sign_in(client)

    assert get_user_model().objects.count() == 1
    first.refresh_from_db()
    assert first.email == "o.okafor@facilities.example.edu"


def test_an_ineligible_person_is_refused_and_nothing_is_created(client, oidc_on, settings):
    settings.SSO_ALLOWED_AFFILIATIONS = ["staff", "faculty", "employee"]
    settings.SSO_ALLOWED_EMAIL_DOMAINS = ["example.edu"]
    response = sign_in(client, "sid")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot sign in to this site" in page
    assert "affiliate" in page
    assert not get_user_model().objects.exists()
    assert "_auth_user_id" not in client.session


def test_an_unverified_email_does_not_count_towards_an_allowed_domain(client, oidc_on, settings):
    settings.SSO_ALLOWED_AFFILIATIONS = ["staff"]
    settings.SSO_ALLOWED_EMAIL_DOMAINS = ["example.edu"]
    oidc_on.set_accounts([oidc_account("olivia", affiliation=[], email_verified=False)])
    assert sign_in(client).status_code == 403
    assert not get_user_model().objects.exists()


def test_a_callback_with_an_unknown_state_is_refused(client, oidc_on):
    callback = oidc_provider_login(client, "olivia", "olivia-pass")
    state = parse_qs(urlparse(callback).query)["state"][0]
    response = client.get(callback.replace(state, "forged-state"))
    assert response.status_code == 403
    assert "Sign-in did not work" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_a_replayed_callback_is_refused(client, oidc_on):
    callback = oidc_provider_login(client, "olivia", "olivia-pass")
    assert client.get(callback).status_code == 302
    client.logout()
    replay = client.get(callback)
    assert replay.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_token_whose_nonce_does_not_match_the_session_is_refused(client, oidc_on):
    callback = oidc_provider_login(client, "olivia", "olivia-pass")
    session = client.session
    state = parse_qs(urlparse(callback).query)["state"][0]
    session["oidc_states"][state]["nonce"] = "a-nonce-from-another-sign-in"
    session.save()

    response = client.get(callback)

    assert response.status_code == 403
    assert not get_user_model().objects.exists()


def _real_id_token(client):
    sign_in(client)
    return client.session["oidc_id_token"]


def _backend(settings):
    backend = OidcBackend()
    backend.OIDC_OP_JWKS_ENDPOINT = backend.get_settings("OIDC_OP_JWKS_ENDPOINT")
    backend.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
    backend.OIDC_RP_IDP_SIGN_KEY = None
    backend.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
    return backend


def test_a_genuine_id_token_verifies(client, oidc_on, settings):
    token = _real_id_token(client)
    payload = _backend(settings).verify_token(token, nonce=_nonce(token))
    assert payload["sub"] == "olivia"


def _nonce(token):
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))["nonce"]


def test_a_tampered_id_token_is_refused(client, oidc_on, settings):
    token = _real_id_token(client)
    header, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["sub"] = "mallory"
    forged_body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(SuspiciousOperation):
        _backend(settings).verify_token(
            f"{header}.{forged_body}.{signature}", nonce=claims["nonce"]
        )


def test_a_token_from_another_issuer_or_for_another_client_is_refused(client, oidc_on, settings):
    token = _real_id_token(client)
    backend = _backend(settings)
    settings.OIDC_ISSUER = "https://login.example.org"
    with pytest.raises(SuspiciousOperation, match="issuer"):
        backend.verify_token(token, nonce=_nonce(token))
    settings.OIDC_ISSUER = oidc_on.issuer
    settings.OIDC_RP_CLIENT_ID = "another-client"
    with pytest.raises(SuspiciousOperation, match="client"):
        backend.verify_token(token, nonce=_nonce(token))


def test_oidc_urls_are_404_while_oidc_is_off(client, db):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
