"""Scheduled e-mails to members: the reminder before a meeting to those going, and the opt-in
weekly member digest; each once, within the person's opt-outs (issue 13, item 7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from communities.models import Meeting, MeetingEmailOptOut, MemberSettings, Rsvp
from communities.services import meetings, preferences
from health import jobs
from tests.meeting_helpers import schedule
from tests.personas import add_member

# A Monday, noon in the site's zone (America/Denver): the digest's week has begun.
pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-30 12:00")]


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_at(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return jobs.run_due_jobs(now or timezone.now())

    return run_at


def reminders():
    return [m for m in mail.outbox if m.subject.startswith("Reminder:")]


@pytest.fixture
def tomorrow(community, member, leader):
    meeting = schedule(community, days=1, title="Show and tell")  # 10:00 tomorrow, 22 h away
    Rsvp.objects.create(meeting=meeting, user=member, status=Rsvp.Status.YES)
    Rsvp.objects.create(meeting=meeting, user=leader, status=Rsvp.Status.NO)
    return meeting


def test_those_going_are_reminded_once_the_day_before(run, tomorrow, member):
    run()
    run()
    (message,) = reminders()
    assert message.to == [member.email]
    assert message.subject.startswith("Reminder: Show and tell (")
    assert "List-Unsubscribe" in message.extra_headers
    assert "Room 101" in message.body


def test_no_reminder_before_the_window_opens(run, tomorrow, settings):
    settings.MEETING_REMINDER_HOURS = 12
    run()
    assert reminders() == []
    run(timezone.now() + timedelta(hours=11))
    assert len(reminders()) == 1


def test_a_meeting_moved_later_is_reminded_of_again_at_its_new_time(run, tomorrow):
    run()
    later = timedelta(days=2)
    Meeting.objects.filter(pk=tomorrow.pk).update(
        starts_at=tomorrow.starts_at + later, ends_at=tomorrow.ends_at + later
    )
    run(timezone.now() + timedelta(days=2))
    assert len(reminders()) == 2


def test_no_reminder_for_opted_out_or_cancelled(run, tomorrow, member, community):
    MeetingEmailOptOut.objects.create(user=member, community=community)
    run()
    assert reminders() == []
    MeetingEmailOptOut.objects.all().delete()
    meetings.meeting_cancel(meeting=tomorrow)
    run()
    assert reminders() == []


def test_reminders_can_be_turned_off_by_setting(run, tomorrow, settings):
    settings.MEETING_REMINDER_HOURS = 0
    run()
    assert reminders() == []


def digests():
    return [m for m in mail.outbox if m.subject == "This week in your communities"]


@pytest.fixture
def news(community, make_user):
    """A meeting scheduled and a member who joined this week."""
    schedule(community, days=5, title="Accessible PDFs")
    add_member(community, make_user("newcomer", first_name="Nia", last_name="Newcomer"))


def test_the_member_digest_is_opt_in_and_weekly(run, news, member):
    run()
    assert digests() == []  # nobody asked for it
    preferences.meeting_emails_set(
        user=member, enabled=True, muted_community_ids=set(), member_digest=True
    )
    run()
    run(timezone.now() + timedelta(days=2))  # same ISO week: not again
    (message,) = digests()
    assert message.to == [member.email]
    assert "Accessible PDFs" in message.body and "Nia Newcomer" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_digest_unsubscribe_link_stops_only_the_digest(run, news, member):
    preferences.meeting_emails_set(
        user=member, enabled=True, muted_community_ids=set(), member_digest=True
    )
    run()
    (message,) = digests()
    path = message.extra_headers["List-Unsubscribe"].strip("<>").split("8000", 1)[1]
    Client().post(path)
    settings_row = MemberSettings.objects.get(user=member)
    assert (settings_row.member_digest, settings_row.meeting_emails) == (False, True)


def test_the_digest_leaves_out_muted_communities_and_respects_the_global_switch(
    run, news, member, community
):
    preferences.meeting_emails_set(
        user=member, enabled=True, muted_community_ids={community.pk}, member_digest=True
    )
    run()
    assert digests() == []  # its only community is muted: nothing to say
    preferences.meeting_emails_set(
        user=member, enabled=False, muted_community_ids=set(), member_digest=True
    )
    run(timezone.now() + timedelta(days=7))
    assert digests() == []
