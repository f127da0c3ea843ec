"""A real browser: a leader invites two addresses at once, one of a person with an account and
one of a person without; each opens the link from their e-mail, the first signs in, the second
makes a site account from the invitation, and both end up members."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from communities.models import Membership
from tests.e2e.conftest import log_in_with_form
from tests.personas import PASSWORD

pytestmark = pytest.mark.browser


def link_in_mail_to(address: str) -> str:
    """The path of the invitation link in the (one) e-mail sent to ``address``."""
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return urlsplit(re.search(r"https?://\S+/invitations/\S+/", message.body)[0]).path


def test_a_leader_invites_two_people_and_both_end_up_members(world, open_page):
    community = world.community
    leader = open_page()
    leader.goto("/accounts/login/")
    log_in_with_form(leader, "leader", PASSWORD)
    leader.goto(f"/c/{community.slug}/manage/")
    leader.get_by_role("navigation", name="Leader tools").get_by_role(
        "link", name="Invitations"
    ).click()
    # other_leader has an account (and leads another community); fresh@ has none.
    leader.get_by_label("E-mail addresses").fill("Other_Leader@example.edu\nfresh@example.edu")
    leader.get_by_label("Personal note").fill("Join us: <b>we</b> review pages monthly.")
    leader.get_by_role("button", name="Send invitations").click()
    assert (
        "Invited: other_leader@example.edu, fresh@example.edu."
        in leader.locator("main").inner_text()
    )

    # The person with an account opens the link logged out, signs in, comes back and accepts.
    known = open_page()
    known.goto(link_in_mail_to("other_leader@example.edu"))
    text = known.locator("main").inner_text()
    assert "Lee Leader invited other_leader@example.edu" in text
    assert "Join us: <b>we</b> review pages monthly." in text  # escaped, shown as written
    known.get_by_role("link", name="Sign in to accept").click()
    log_in_with_form(known, "other_leader", PASSWORD)
    known.get_by_role("button", name=f"Accept and join {community.name}").click()
    known.wait_for_url(f"**{community.get_absolute_url()}")
    assert f"Welcome: you are now in {community.name}" in known.locator("main").inner_text()

    # The person without one makes a site account from the invitation.
    fresh = open_page()
    fresh.goto(link_in_mail_to("fresh@example.edu"))
    fresh.get_by_role("link", name="make an account on this site for fresh@example.edu").click()
    fresh.get_by_label("First name").fill("Frances")
    fresh.get_by_label("Last name").fill("Fresh")
    fresh.locator("#id_password1").fill("correct-horse-4711")
    fresh.get_by_label("Password again").fill("correct-horse-4711")
    fresh.get_by_role("button", name="Create my account and accept").click()
    fresh.wait_for_url(f"**{community.get_absolute_url()}")
    assert "your account is made" in fresh.locator("main").inner_text()

    members = community.memberships.active().values_list("user__email", flat=True)
    assert {"other_leader@example.edu", "fresh@example.edu"} <= set(members)
    assert Membership.objects.get(user__username="fresh@example.edu").role == "member"
    leader.reload()
    rows = leader.locator("main table tbody tr")
    accepted = [r for r in rows.all_inner_texts() if "Accepted" in r]
    assert len(accepted) == 2
    assert leader.csp_errors == [] and known.csp_errors == [] and fresh.csp_errors == []
