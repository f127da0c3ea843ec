"""sso_sign_in and account_anonymise, without an IdP: identities built by hand."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.identity import Identity, SignInRefused, identity_from_oidc, identity_from_saml
from accounts.models import Profile
from accounts.services import FORMER_MEMBER, account_anonymise, sso_sign_in
from communities.models import Membership
from tests.personas import add_member

pytestmark = pytest.mark.django_db


def saml_identity(**fields):
    values = {
        "protocol": "saml",
        "idp": "https://idp.example.edu/idp/shibboleth",
        "subject": "alice@example.edu",
        "email": "alice@example.edu",
        "given_name": "Alice",
        "family_name": "Archer",
        "unit": "University Library",
        "title": "Data Librarian",
        "affiliations": ("staff",),
    }
    return Identity(**{**values, **fields})


def test_first_sign_in_creates_a_user_without_a_usable_password():
    user = sso_sign_in(identity=saml_identity())
    assert user.username == "alice@example.edu"
    assert not user.has_usable_password()
    assert user.profile.sso_id == "saml:alice@example.edu"


def test_a_username_taken_by_a_local_account_gets_a_suffix(make_user):
    make_user("alice@example.edu")
    user = sso_sign_in(identity=saml_identity())
    assert user.username == "alice@example.edu-2"


def test_the_same_sub_at_two_oidc_issuers_is_two_people():
    one = sso_sign_in(identity=Identity(protocol="oidc", idp="https://a.example", subject="42"))
    two = sso_sign_in(identity=Identity(protocol="oidc", idp="https://b.example", subject="42"))
    assert one.pk != two.pk


def test_signing_in_twice_keeps_one_user_and_one_profile():
    sso_sign_in(identity=saml_identity())
    sso_sign_in(identity=saml_identity(unit="Special Collections"))
    assert get_user_model().objects.count() == 1
    assert Profile.objects.get().unit == "Special Collections"


def test_a_missing_identifier_is_refused_with_the_attribute_name():
    with pytest.raises(SignInRefused, match="eduPersonPrincipalName") as refused:
        sso_sign_in(identity=saml_identity(subject=""))
    assert refused.value.code == "missing_identifier"
    assert not get_user_model().objects.exists()


def test_eligibility_by_subdomain_of_an_allowed_domain(settings):
    settings.SSO_ALLOWED_EMAIL_DOMAINS = ["example.edu"]
    sso_sign_in(identity=saml_identity(affiliations=(), email="a@med.example.edu"))
    with pytest.raises(SignInRefused):
        sso_sign_in(
            identity=saml_identity(subject="b@x.org", affiliations=(), email="b@notexample.edu")
        )


def test_coordinator_rights_given_in_admin_are_not_removed_by_sign_in(settings, coordinator):
    settings.SSO_COORDINATOR_GROUP = "cop-coordinators"
    Profile.objects.create(user=coordinator, sso_id="saml:alice@example.edu", protocol="saml")
    user = sso_sign_in(identity=saml_identity(groups=()))
    assert user.pk == coordinator.pk
    assert user.is_staff
    assert user.groups.filter(name="Coordinators").exists()


def test_scoped_affiliations_and_list_claims_are_mapped():
    saml = identity_from_saml(
        {
            "issuer": "https://idp.example.edu",
            "ava": {
                "eduPersonPrincipalName": ["alice@example.edu"],
                "eduPersonAffiliation": ["Staff@example.edu", "member"],
                "ou": ["Library"],
            },
        }
    )
    assert saml.affiliations == ("staff", "member")
    assert saml.unit == "Library"
    oidc = identity_from_oidc(
        {"sub": "7", "affiliation": "faculty", "department": ["Physics"], "email_verified": False},
        "https://op.example",
    )
    assert (oidc.affiliations, oidc.unit, oidc.email_verified) == (("faculty",), "Physics", False)


def test_the_attribute_map_is_configurable(settings):
    settings.SAML_ATTRIBUTES = {**settings.SAML_ATTRIBUTES, "unit": "departmentNumber"}
    identity = identity_from_saml(
        {"issuer": "x", "ava": {"departmentNumber": ["D-17"], "ou": ["Ignored"]}}
    )
    assert identity.unit == "D-17"


def test_anonymising_removes_identity_and_keeps_memberships_as_former_member(
    community, make_user, leader
):
    user = sso_sign_in(identity=saml_identity())
    membership = add_member(community, user, role=Membership.Role.CO_LEADER)
    Group.objects.get(name="Coordinators").user_set.add(user)

    account_anonymise(user=user)

    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.email) == (FORMER_MEMBER, "", "")
    assert user.username == f"former-member-{user.pk}"
    assert not user.is_active
    assert not user.groups.exists()
    profile = Profile.objects.get(user=user)
    assert profile.sso_id is None
    assert (profile.unit, profile.title, profile.affiliations) == ("", "", "")
    assert profile.anonymised_at is not None
    membership.refresh_from_db()
    assert (membership.state, membership.role) == (Membership.State.LEFT, Membership.Role.MEMBER)
    assert membership.history.count() == 2


def test_anonymising_twice_changes_nothing_more():
    user = sso_sign_in(identity=saml_identity())
    account_anonymise(user=user)
    first = Profile.objects.get(user=user).anonymised_at
    account_anonymise(user=user)
    assert Profile.objects.get(user=user).anonymised_at == first


def test_after_anonymising_the_same_person_signing_in_starts_afresh():
    user = sso_sign_in(identity=saml_identity())
    account_anonymise(user=user)
    again = sso_sign_in(identity=saml_identity())
    assert again.pk != user.pk
