"""A leader's message to members: within each member's opt-outs, with their own one-click
unsubscribe link, and replies going to the leader (issue 13, item 7)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from communities.models import MeetingEmailOptOut, MemberMessage, MemberSettings
from communities.services import member_messages, preferences
from tests.personas import add_member

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-30 12:00")]


def send(community, leader, capture, mode=MemberMessage.Mode.INDIVIDUAL):
    with capture(execute=True):
        return member_messages.members_email(
            community=community, sender=leader, subject="Room change", body="Room 7.", mode=mode
        )


def unsubscribe_link(message) -> str:
    return message.extra_headers["List-Unsubscribe"].strip("<>")


def test_each_member_gets_a_one_click_unsubscribe_and_replies_go_to_the_leader(
    community, leader, member, django_capture_on_commit_callbacks
):
    send(community, leader, django_capture_on_commit_callbacks)
    to_member = next(m for m in mail.outbox if m.to == [member.email])
    headers = to_member.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Reply-To"] == f"Lee Leader <{leader.email}>"
    assert unsubscribe_link(to_member).split("/me/unsubscribe/")[1] in to_member.body
    assert "No more e-mails from Accessibility Community of Practice" in to_member.body
    assert "Reply-To: Lee Leader <leader@example.edu>" in to_member.message().as_string()


def test_a_member_who_muted_the_community_gets_none_of_its_messages(
    community, leader, member, make_user, django_capture_on_commit_callbacks
):
    quiet = make_user("quiet")
    add_member(community, quiet)
    MeetingEmailOptOut.objects.create(user=quiet, community=community)
    message = send(community, leader, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == [leader.email, member.email]
    assert message.recipient_count == 2


def test_a_member_who_turned_all_community_mail_off_gets_none(
    community, leader, member, django_capture_on_commit_callbacks
):
    preferences.meeting_emails_set(user=member, enabled=False, muted_community_ids=set())
    send(community, leader, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[leader.email]]


def test_bcc_mode_leaves_out_those_who_opted_out_and_replies_to_the_leader(
    community, leader, member, make_user, django_capture_on_commit_callbacks
):
    quiet = make_user("quiet")
    add_member(community, quiet)
    MeetingEmailOptOut.objects.create(user=quiet, community=community)
    send(community, leader, django_capture_on_commit_callbacks, mode=MemberMessage.Mode.BCC)
    (message,) = mail.outbox
    assert quiet.email not in message.bcc and member.email in message.bcc
    assert message.extra_headers["Reply-To"] == f"Lee Leader <{leader.email}>"
    assert "/me/settings/" in message.body


def test_the_mail_apps_one_click_post_unsubscribes_without_logging_in(
    community, leader, member, django_capture_on_commit_callbacks
):
    send(community, leader, django_capture_on_commit_callbacks)
    to_member = next(m for m in mail.outbox if m.to == [member.email])
    path = unsubscribe_link(to_member).removeprefix("http://127.0.0.1:8000")
    anonymous = Client(enforce_csrf_checks=True)
    assert "Unsubscribe" in anonymous.get(path).content.decode()
    assert not MeetingEmailOptOut.objects.filter(user=member).exists()  # a GET changes nothing
    response = anonymous.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert MeetingEmailOptOut.objects.filter(user=member, community=community).exists()
    mail.outbox.clear()
    send(community, leader, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[leader.email]]


def test_nobody_left_to_email_is_a_clear_error(community, leader, member):
    for person in (leader, member):
        MeetingEmailOptOut.objects.create(user=person, community=community)
    with pytest.raises(ValidationError, match="No member takes e-mail"):
        member_messages.members_email(
            community=community, sender=leader, subject="Hi", body="Hello."
        )
    assert not MemberMessage.objects.exists()
    assert not MemberSettings.objects.filter(meeting_emails=False).exists()
