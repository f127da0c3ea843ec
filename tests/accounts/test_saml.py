"""SAML 2.0 sign-in against a real IdP (SimpleSAMLphp on 127.0.0.1), driven over HTTP."""

from __future__ import annotations

import base64

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import Profile

from .conftest import SAML_USERS, saml_idp_login, saml_user

pytestmark = pytest.mark.django_db


def post_to_acs(client, fields):
    return client.post("/saml2/acs/", fields)


def test_a_staff_member_signs_in_and_gets_an_account_with_the_idp_details(client, saml_on):
    fields = saml_idp_login(client, "alice", "alice-pass")
    response = post_to_acs(client, fields)
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    user = get_user_model().objects.get(profile__sso_id="saml:alice@example.edu")
    assert (user.first_name, user.last_name, user.email) == ("Alice", "Archer", "alice@example.edu")
    assert (user.profile.unit, user.profile.title) == ("University Library", "Data Librarian")
    assert user.profile.affiliations == "staff,member"
    assert not user.has_usable_password()
    page = client.get("/me/")
    assert "University Library" in page.content.decode()


def test_the_next_page_survives_the_round_trip(client, saml_on):
    fields = saml_idp_login(client, "alice", "alice-pass", next_url="/propose/")
    assert post_to_acs(client, fields)["Location"] == "/propose/"


def test_a_changed_email_at_the_idp_updates_the_same_user(client, saml_on, saml_idp):
    post_to_acs(client, saml_idp_login(client, "alice", "alice-pass"))
    first = get_user_model().objects.get(profile__sso_id="saml:alice@example.edu")
    client.logout()
    saml_idp.set_users(
        [saml_user("alice", mail=["a.archer@library.example.edu"], title=["Head of Data"])]
    )

    response = post_to_acs(client, saml_idp_login(client, "alice", "alice-pass"))

    assert response.status_code == 302
    assert get_user_model().objects.count() == 1
    user = get_user_model().objects.get(pk=first.pk)
    assert user.email == "a.archer@library.example.edu"
    assert user.profile.title == "Head of Data"


def test_a_local_account_with_the_same_email_is_not_taken_over(client, saml_on, make_user):
    local = make_user("alice-local", email="alice@example.edu")
    post_to_acs(client, saml_idp_login(client, "alice", "alice-pass"))
    signed_in = get_user_model().objects.get(profile__sso_id="saml:alice@example.edu")
    assert signed_in.pk != local.pk
    assert int(client.session["_auth_user_id"]) == signed_in.pk


def test_an_ineligible_affiliation_is_refused_and_nothing_is_created(client, saml_on, settings):
    settings.SSO_ALLOWED_AFFILIATIONS = ["staff", "faculty", "employee"]
    users_before = get_user_model().objects.count()

    response = post_to_acs(client, saml_idp_login(client, "sam", "sam-pass"))

    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot sign in to this site" in page
    assert "staff, faculty, employee" in page
    assert "student" in page
    assert get_user_model().objects.count() == users_before
    assert not Profile.objects.exists()
    assert "_auth_user_id" not in client.session


def test_an_allowed_email_domain_lets_a_person_in_whatever_their_affiliation(
    client, saml_on, settings
):
    settings.SSO_ALLOWED_AFFILIATIONS = ["staff"]
    settings.SSO_ALLOWED_EMAIL_DOMAINS = ["example.edu"]
    response = post_to_acs(client, saml_idp_login(client, "sam", "sam-pass"))
    assert response.status_code == 302
    assert Profile.objects.filter(sso_id="saml:sam@example.edu").exists()


def test_a_replayed_response_is_refused(client, saml_on, django_user_model):
    fields = saml_idp_login(client, "alice", "alice-pass")
    assert post_to_acs(client, fields).status_code == 302
    client.logout()

    replay = post_to_acs(client, fields)

    assert replay.status_code == 403
    assert "Sign-in did not work" in replay.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_response_replayed_in_another_browser_is_refused(client, saml_on):
    fields = saml_idp_login(client, "alice", "alice-pass")
    other_browser = Client()
    response = post_to_acs(other_browser, fields)
    assert response.status_code == 403
    assert "_auth_user_id" not in other_browser.session


def test_a_tampered_assertion_is_refused(client, saml_on):
    fields = saml_idp_login(client, "alice", "alice-pass")
    xml = base64.b64decode(fields["SAMLResponse"]).decode()
    assert "alice@example.edu" in xml
    forged = xml.replace("alice@example.edu", "mallory@example.edu")
    fields["SAMLResponse"] = base64.b64encode(forged.encode()).decode()

    response = post_to_acs(client, fields)

    assert response.status_code == 403
    assert not Profile.objects.exists()
    assert "_auth_user_id" not in client.session


def test_members_of_the_idp_group_become_coordinators_until_removed(
    client, saml_on, saml_idp, settings
):
    settings.SSO_COORDINATOR_GROUP = "cop-coordinators"
    saml_idp.set_users([saml_user("alice", isMemberOf=["library-staff", "cop-coordinators"])])
    post_to_acs(client, saml_idp_login(client, "alice", "alice-pass"))
    user = get_user_model().objects.get(profile__sso_id="saml:alice@example.edu")
    assert user.is_staff
    assert user.groups.filter(name="Coordinators").exists()

    client.logout()
    saml_idp.set_users(SAML_USERS)
    post_to_acs(client, saml_idp_login(client, "alice", "alice-pass"))

    user.refresh_from_db()
    assert not user.is_staff
    assert not user.groups.filter(pk=Group.objects.get(name="Coordinators").pk).exists()


def test_the_sp_metadata_names_our_entity_acs_and_certificate(client, saml_on, sp_keys):
    response = client.get("/saml2/metadata/")
    assert response.status_code == 200
    xml = response.content.decode()
    assert 'entityID="https://cop.example.edu/saml2/metadata/"' in xml
    assert 'Location="http://testserver/saml2/acs/"' in xml
    cert_line = sp_keys[1].read_text().splitlines()[1]
    assert cert_line in xml


def test_saml_urls_are_404_while_saml_is_off(client, db):
    assert client.get("/saml2/metadata/").status_code == 404
    assert client.get("/saml2/login/").status_code == 404


def test_logging_out_sends_the_browser_on_to_the_idp_single_logout(client, saml_on, saml_idp):
    post_to_acs(client, saml_idp_login(client, "alice", "alice-pass"))
    response = client.post("/accounts/logout/")
    assert response.status_code == 200
    assert response["Refresh"].startswith(
        f"0;url={saml_idp.base_url}/saml2/idp/SingleLogoutService.php?SAMLRequest="
    )
    assert "Signing you out" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_refused_sign_ins_never_lock_out_the_address_they_come_from(client, saml_on, settings):
    # Five refusals would trip the password lockout (django-axes) for everyone behind one address.
    settings.SSO_ALLOWED_AFFILIATIONS = ["staff"]
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert post_to_acs(client, saml_idp_login(client, "sam", "sam-pass")).status_code == 403
    assert not AccessAttempt.objects.exists()

    response = post_to_acs(client, saml_idp_login(client, "alice", "alice-pass"))

    assert response.status_code == 302
    assert response["Location"] == "/me/"
