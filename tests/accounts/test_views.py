"""The log-in page, /me/ (what the site holds), account deletion, logout, leader details."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Profile
from communities.models import Membership
from tests.personas import add_member

pytestmark = pytest.mark.django_db


def test_with_sso_off_the_login_page_is_the_password_form_only(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'name="password"' in page
    assert "/saml2/login/" not in page
    assert "/oidc/authenticate/" not in page


def test_with_sso_on_the_login_page_offers_each_option_with_its_label(client, settings):
    settings.SAML_ENABLED = True
    settings.SAML_LABEL = "Sign in with your University NetID"
    settings.OIDC_ENABLED = True
    settings.OIDC_LABEL = "Sign in with Microsoft (staff)"
    page = client.get("/accounts/login/?next=/propose/").content.decode()
    assert 'href="/saml2/login/?next=/propose/"' in page
    assert "Sign in with your University NetID" in page
    assert 'href="/oidc/authenticate/?next=/propose/"' in page
    assert "Sign in with Microsoft (staff)" in page
    assert "Log in with a site password" in page
    assert page.count("<h1") == 1


def test_local_login_still_works_when_sso_is_on(client, saml_on, oidc_on, make_user):
    make_user("breakglass", is_staff=True)
    response = client.post(
        "/accounts/login/", {"username": "breakglass", "password": "pw-12345-long"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert client.get("/me/").status_code == 200


def test_me_shows_what_the_site_holds_about_an_sso_user(client, make_user):
    user = make_user("alice@example.edu", first_name="Alice", last_name="Archer")
    Profile.objects.create(
        user=user,
        sso_id="saml:alice@example.edu",
        protocol="saml",
        idp="https://idp.example.edu",
        unit="University Library",
        title="Data Librarian",
        affiliations="staff,member",
    )
    client.force_login(user)
    page = client.get("/me/").content.decode()
    assert "What this site holds about you" in page
    for text in ("Alice Archer", "alice@example.edu", "University Library", "Data Librarian"):
        assert text in page
    assert "staff, member" in page
    assert "SAML 2.0 from https://idp.example.edu" in page


def test_me_works_for_a_local_account_without_a_profile(client, employee):
    client.force_login(employee)
    page = client.get("/me/").content.decode()
    assert "What this site holds about you" in page
    assert reverse("accounts:delete") in page


def test_deleting_needs_the_confirmation_box(client, employee):
    client.force_login(employee)
    response = client.post(reverse("accounts:delete"), {})
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    employee.refresh_from_db()
    assert employee.is_active


def test_deleting_anonymises_logs_out_and_keeps_memberships(client, community, employee):
    add_member(community, employee)
    client.force_login(employee)
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    employee.refresh_from_db()
    assert (employee.get_full_name(), employee.email, employee.is_active) == (
        "Former member",
        "",
        False,
    )
    assert Membership.objects.get(user=employee).state == Membership.State.LEFT


def test_deleting_asks_visitors_to_log_in(client):
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert get_user_model().objects.count() == 0


def test_logout_is_post_only_and_ends_a_local_session(client, employee):
    client.force_login(employee)
    # A GET changes nothing: it goes to the site's front page (PostOnlyReturnMiddleware).
    assert client.get("/accounts/logout/")["Location"] == "/"
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_leaders_show_their_title_and_unit_when_known(client, community, leader, make_user):
    Profile.objects.create(user=leader, title="Data Librarian", unit="University Library")
    co_leader = make_user("co", first_name="Cy", last_name="Co")
    add_member(community, co_leader, role=Membership.Role.CO_LEADER)
    page = client.get(community.get_absolute_url()).content.decode()
    assert (
        'Lee Leader (leader) <span class="text-body-secondary">· Data Librarian, University Library</span>'
        in page
    )
    assert "University Library</span>, Cy Co (co-leader)" in page  # the leader first


def test_leader_details_cost_no_query_per_leader(client, community, leader, make_user):
    Profile.objects.create(user=leader, unit="Library")
    with CaptureQueriesContext(connection) as one_leader:
        client.get(community.get_absolute_url())
    for n in range(5):
        co_leader = make_user(f"co{n}")
        Profile.objects.create(user=co_leader, unit=f"Unit {n}")
        add_member(community, co_leader, role=Membership.Role.CO_LEADER)
    with CaptureQueriesContext(connection) as six_leaders:
        page = client.get(community.get_absolute_url()).content.decode()
    assert "Unit 4" in page
    assert len(six_leaders) == len(one_leader)


def test_wrong_passwords_still_lock_a_local_account_when_sso_is_on(client, settings, make_user):
    settings.SAML_ENABLED = settings.OIDC_ENABLED = True
    make_user("breakglass")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "breakglass", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "breakglass", "password": "pw-12345-long"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
