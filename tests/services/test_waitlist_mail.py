"""Someone moved up from a meeting's waitlist is told, within their meeting e-mail settings."""

from __future__ import annotations

import pytest
from django.core import mail

from communities.models import Rsvp
from communities.services import preferences, rsvps
from tests.meeting_helpers import schedule
from tests.personas import add_member

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-03-14 02:30")]


@pytest.fixture
def full_meeting(community, member, make_user):
    meeting = schedule(community, capacity=1)
    rsvps.rsvp_set(meeting=meeting, user=member, going=True)
    waiting = make_user("waiting")
    add_member(community, waiting)
    rsvps.rsvp_set(meeting=meeting, user=waiting, going=True)
    return meeting, waiting


def test_a_place_freed_by_a_no_goes_to_the_first_waiting_who_is_told(
    full_meeting, member, django_capture_on_commit_callbacks
):
    meeting, waiting = full_meeting
    with django_capture_on_commit_callbacks(execute=True):
        rsvps.rsvp_set(meeting=meeting, user=member, going=False)
    assert Rsvp.objects.get(meeting=meeting, user=waiting).status == Rsvp.Status.YES
    assert [(m.to, m.subject.split(":")[0]) for m in mail.outbox] == [
        ([waiting.email], "You have a place")
    ]
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_someone_who_turned_meeting_mail_off_moves_up_without_an_email(
    full_meeting, member, django_capture_on_commit_callbacks
):
    meeting, waiting = full_meeting
    preferences.meeting_emails_set(user=waiting, enabled=False, muted_community_ids=set())
    with django_capture_on_commit_callbacks(execute=True):
        rsvps.rsvp_set(meeting=meeting, user=member, going=False)
    assert Rsvp.objects.get(meeting=meeting, user=waiting).status == Rsvp.Status.YES
    assert mail.outbox == []
