"""An invited person with no account yet signs in through the test SAML IdP from the invitation
page, comes back to it, and accepts: the account the IdP made is matched by the address the IdP
sent (issue 13: "and, in another test, through the test SAML IdP")."""

from __future__ import annotations

import pytest

from communities.models import Membership
from communities.services.communities import community_create
from communities.services.invitations import invitation_path, invitations_send
from tests.personas import add_member, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The site on 127.0.0.1, as in test_browser.py: same site as the IdP for the SAML cookie."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1")
    yield server.url
    server.stop()


def test_an_invited_person_signs_in_by_saml_and_accepts(new_context, site, saml_on, settings):
    settings.SAML_LABEL = "Sign in with your University account"
    saml_on(site)
    community = community_create(name="Research Data Managers")
    leader = make_person("leader")
    add_member(community, leader, role=Membership.Role.LEADER)
    invitations_send(community=community, emails=["Alice@Example.edu"], actor=leader)
    path = invitation_path(community.invitations.get())

    page = new_context().new_page()
    page.goto(f"{site}{path}")
    page.get_by_role("link", name="Sign in to accept").click()
    page.get_by_role("link", name="Sign in with your University account").click()
    page.fill('input[name="username"]', "alice")
    page.fill('input[name="password"]', "alice-pass")
    page.locator('input[name="password"]').press("Enter")
    page.wait_for_url(f"{site}{path}")
    page.get_by_role("button", name="Accept and join Research Data Managers").click()
    page.wait_for_url(f"{site}{community.get_absolute_url()}")
    assert "Welcome: you are now in Research Data Managers" in page.locator("main").inner_text()
    membership = community.memberships.get(user__email="alice@example.edu")
    assert membership.state == Membership.State.ACTIVE
    assert membership.user.profile.sso_id == "saml:alice@example.edu"
