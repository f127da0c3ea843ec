"""E-mails about a membership or a community's end: removed, archived, moved up from the
waitlist; each within the person's own opt-outs, with a one-click unsubscribe (issue 13, 7)."""

from __future__ import annotations

import pytest
from django.core import mail

from communities.models import Community, Meeting, MeetingEmailOptOut, Membership, Rsvp
from communities.services import communities, memberships, preferences, rsvps
from tests.meeting_helpers import schedule
from tests.personas import add_member

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-30 12:00")]


def remove(community, leader, person, capture):
    row = Membership.objects.get(community=community, user=person)
    with capture(execute=True):
        memberships.membership_remove(community=community, membership_id=row.pk, actor=leader)


def test_a_removed_member_is_told_with_an_unsubscribe_link(
    community, leader, member, django_capture_on_commit_callbacks
):
    remove(community, leader, member, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert message.subject == f"You are no longer a member of {community.name}"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/me/unsubscribe/" in message.body


def test_a_removed_member_who_muted_the_community_is_not_emailed(
    community, leader, member, django_capture_on_commit_callbacks
):
    MeetingEmailOptOut.objects.create(user=member, community=community)
    remove(community, leader, member, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Membership.objects.get(user=member, community=community).state == "left"


@pytest.fixture
def coming(community):
    return [schedule(community, days=3, title="Soon"), schedule(community, days=10, title="Later")]


def test_archiving_cancels_coming_meetings_and_tells_each_member_once(
    community, leader, member, coming, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert communities.community_archive(community=community) is True
        assert communities.community_archive(community=community) is False  # a second click
    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader.email, member.email])
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert message.subject == f"{community.name} is archived"
    assert "- Soon (" in message.body and "- Later (" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert all(m.cancelled and m.sequence == 1 for m in Meeting.objects.all())
    assert Community.objects.get().status == Community.Status.ARCHIVED


def test_archiving_leaves_past_meetings_alone_and_respects_the_global_opt_out(
    community, leader, member, django_capture_on_commit_callbacks, make_user
):
    past = Meeting.objects.create(
        community=community,
        title="Last year",
        starts_at="2025-11-01T17:00Z",
        ends_at="2025-11-01T18:00Z",
    )
    preferences.meeting_emails_set(user=member, enabled=False, muted_community_ids=set())
    with django_capture_on_commit_callbacks(execute=True):
        communities.community_archive(community=community)
    assert [m.to for m in mail.outbox] == [[leader.email]]
    past.refresh_from_db()
    assert past.cancelled is False


def test_moved_up_from_the_waitlist_is_not_emailed_to_someone_who_muted_the_community(
    community, member, make_user, django_capture_on_commit_callbacks
):
    meeting = schedule(community, capacity=1)
    rsvps.rsvp_set(meeting=meeting, user=member, going=True)
    waiting = make_user("waiting")
    add_member(community, waiting)
    rsvps.rsvp_set(meeting=meeting, user=waiting, going=True)
    MeetingEmailOptOut.objects.create(user=waiting, community=community)
    with django_capture_on_commit_callbacks(execute=True):
        rsvps.rsvp_set(meeting=meeting, user=member, going=False)
    assert Rsvp.objects.get(meeting=meeting, user=waiting).status == Rsvp.Status.YES
    assert mail.outbox == []
