"""After a session expires, a button's POST goes through log-in back to the button's page, never
to a blank 405 (issue 15; cop_site.middleware.PostOnlyReturnMiddleware)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PASSWORD
from tests.world import build_world

pytestmark = pytest.mark.clock("2026-11-30 12:00")


def actions(world):
    """(who presses it, the POST-only URL, the page the button is on)."""
    slug = world.community.slug
    meeting = f"/c/{slug}/meetings/{world.meeting.pk}/"
    pending = world.community.memberships.get(user=world.users["pending"])
    return [
        (
            "employee",
            f"/c/{world.open_community.slug}/join/",
            world.open_community.get_absolute_url(),
        ),
        ("member", f"{meeting}rsvp/", meeting),
        ("member", f"/c/{slug}/pulse/", f"/c/{slug}/"),
        ("member", "/me/settings/calendar-reset/", "/me/settings/"),
        ("employee", f"/me/proposals/{world.proposal.pk}/withdraw/", "/me/proposals/"),
        ("leader", f"/c/{slug}/manage/people/{pending.pk}/remove/", f"/c/{slug}/manage/people/"),
        ("leader", f"/c/{slug}/manage/meetings/{world.meeting.pk}/cancel/", meeting),
    ]


def log_in(client, user, next_url):
    return client.post(
        "/accounts/login/",
        {"username": user.get_username(), "password": PASSWORD, "next": next_url},
    )


def test_log_in_after_an_expired_session_returns_to_the_buttons_page(db):
    world = build_world()
    for role, action, page in actions(world):
        client = Client()  # the session has expired: the browser is logged out
        response = client.post(action, {"answer": "yes"}, HTTP_REFERER=f"http://testserver{page}")
        assert response.status_code == 302, action
        assert response["Location"] == f"/accounts/login/?next={page}", action
        landed = log_in(client, world.users[role], page)
        assert landed["Location"] == page, action
        assert client.get(landed["Location"]).status_code == 200, action


def test_without_a_referer_log_in_returns_to_the_page_above_the_action(db):
    world = build_world()
    response = Client().post(f"/me/proposals/{world.proposal.pk}/withdraw/")
    # The proposal's own page (/me/proposals/<id>/) is the nearest page above its withdraw.
    assert response["Location"] == f"/accounts/login/?next=/me/proposals/{world.proposal.pk}/"


def test_a_referer_from_another_site_is_not_followed(db):
    build_world()
    response = Client().post(
        "/me/settings/calendar-reset/", HTTP_REFERER="https://evil.example/phish/"
    )
    assert response["Location"] == "/accounts/login/?next=/me/settings/"


def test_opening_a_post_only_address_leads_to_its_page_and_changes_nothing(db):
    world = build_world()
    client = Client()
    client.force_login(world.users["employee"])
    join = f"/c/{world.open_community.slug}/join/"
    response = client.get(join, follow=True)
    assert response.redirect_chain == [(world.open_community.get_absolute_url(), 302)]
    assert "Nothing was changed" in response.content.decode()
    assert not world.open_community.memberships.filter(user=world.users["employee"]).exists()
    # An old bookmark of a nested action goes to the nearest page above it.
    response = client.get(f"/me/proposals/{world.proposal.pk}/withdraw/")
    assert response["Location"] == f"/me/proposals/{world.proposal.pk}/"
