import pytest
from django.core import mail
from django.urls import reverse

from communities.models import EmailMessageLog, MemberMessage
from tests.personas import add_member

MESSAGE = {"subject": "Room change", "body": "We meet in room 7 now.", "mode": "individual"}


@pytest.fixture
def url(community):
    return reverse("communities:manage_email", args=[community.slug])


def test_individual_messages_go_one_per_member_and_are_recorded(
    client, url, community, leader, member, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, MESSAGE, follow=True)
    assert "Sent to 2 members" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader.email, member.email])
    assert all(m.subject == f"[{community.name}] Room change" for m in mail.outbox)
    record = MemberMessage.objects.get()
    assert (record.sender, record.recipient_count, record.mode) == (leader, 2, "individual")
    assert "Room change" in response.content.decode()  # listed as sent


def test_bcc_sends_one_message_that_hides_the_members(
    client, url, leader, member, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**MESSAGE, "mode": "bcc"})
    (message,) = mail.outbox
    assert message.to == [leader.email] and message.bcc == [member.email]
    assert EmailMessageLog.objects.get().bcc == member.email


def test_the_rate_limit_stops_a_fourth_message_in_a_day(
    client, url, leader, member, settings, django_capture_on_commit_callbacks
):
    settings.MEMBER_MESSAGES_PER_DAY = 3
    client.force_login(leader)
    for _ in range(3):
        client.post(url, MESSAGE)
    response = client.post(url, MESSAGE)
    assert "messages in the last 24 hours" in response.content.decode()
    assert MemberMessage.objects.count() == 3


def test_departed_and_pending_people_get_nothing(
    client, url, community, leader, make_user, django_capture_on_commit_callbacks
):
    add_member(community, make_user("gone"), state="left")
    add_member(community, make_user("waiting"), state="pending")
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, MESSAGE)
    assert [m.to for m in mail.outbox] == [[leader.email]]
