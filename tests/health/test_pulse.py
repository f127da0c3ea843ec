import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from health.jobs import pulses
from health.models import PulseAnswer
from health.tokens import pulse_token_make

from .conftest import attend, rsvp


@pytest.fixture
def meeting(make_meeting, community):
    return make_meeting(community, days_from_now=-1, title="March meetup")


def pulse_url(meeting, user):
    return reverse("health:pulse", args=[pulse_token_make(meeting_id=meeting.pk, user_id=user.pk)])


def test_the_emailed_link_works_without_a_password_and_saves_one_answer(
    client, meeting, member, django_capture_on_commit_callbacks
):
    attend(meeting, member)
    with django_capture_on_commit_callbacks(execute=True):
        pulses.send_pulses(timezone.now())
    url = re.search(r"http\S+/pulse/\S+/", mail.outbox[0].body).group(0)
    path = url.removeprefix("http://127.0.0.1:8000")
    assert "How much value did you get?" in client.get(path).content.decode()
    response = client.post(path, {"value": "4", "focus": "More hands-on demos"})
    assert response.status_code == 302
    answer = PulseAnswer.objects.get()
    assert (answer.user, answer.meeting, answer.value) == (member, meeting, 4)
    assert answer.focus == "More hands-on demos"


def test_a_used_link_cannot_answer_again(client, meeting, member):
    url = pulse_url(meeting, member)
    client.post(url, {"value": "2"})
    response = client.post(url, {"value": "5"})
    assert PulseAnswer.objects.get().value == 2
    assert "cannot be used again" in response.content.decode()


def test_a_forged_or_tampered_link_is_refused(client, meeting, member, employee):
    token = pulse_token_make(meeting_id=meeting.pk, user_id=member.pk)
    forged = signing.dumps({"m": meeting.pk, "u": employee.pk}, salt="wrong", compress=True)
    _payload, rest = token.split(":", 1)
    other = signing.dumps({"m": meeting.pk, "u": employee.pk}, salt="health.pulse", compress=True)
    swapped = other.split(":", 1)[0] + ":" + rest  # someone else's payload, this signature
    for bad in (forged, swapped, token[:-2] + "xx", "nonsense"):
        response = client.post(reverse("health:pulse", args=[bad]), {"value": "1"})
        assert response.status_code == 400
    assert not PulseAnswer.objects.exists()


def test_an_expired_link_is_refused(client, meeting, member, settings):
    url = pulse_url(meeting, member)
    later = signing.time.time() + 31 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(url, {"value": "3"})
    assert response.status_code == 410 and not PulseAnswer.objects.exists()


def test_a_cancelled_meetings_link_is_closed(client, meeting, member):
    meeting.cancelled = True
    meeting.save()
    assert client.post(pulse_url(meeting, member), {"value": "3"}).status_code == 410


def test_the_pulse_page_never_shows_other_members_answers(client, meeting, member, leader):
    client.post(pulse_url(meeting, leader), {"value": "1", "focus": "A secret complaint"})
    page = client.get(pulse_url(meeting, member)).content.decode()
    assert "secret complaint" not in page
    client.post(pulse_url(meeting, member), {"value": "5"})
    assert "secret complaint" not in client.get(pulse_url(meeting, member)).content.decode()


def test_a_value_outside_1_to_5_gets_a_message_and_saves_nothing(client, meeting, member):
    response = client.post(pulse_url(meeting, member), {"value": "9", "focus": "kept"})
    page = response.content.decode()
    assert response.status_code == 200 and "Select a valid choice" in page and "kept" in page
    assert not PulseAnswer.objects.exists()


def test_the_database_allows_one_answer_per_member_per_meeting(meeting, member, community):
    PulseAnswer.objects.create(community=community, meeting=meeting, user=member, value=3)
    with pytest.raises(IntegrityError):
        PulseAnswer.objects.create(community=community, meeting=meeting, user=member, value=4)


def test_members_can_give_a_pulse_from_the_community_page(client, community, member):
    client.force_login(member)
    page = client.get(community.get_absolute_url()).content.decode()
    assert "How is this community going for you?" in page
    url = reverse("health:pulse_give", args=[community.slug])
    client.post(url, {"value": "3"})
    client.post(url, {"value": "4", "focus": "Guest speakers"})  # a change of mind
    answer = PulseAnswer.objects.get()
    assert (answer.value, answer.focus, answer.meeting) == (4, "Guest speakers", None)


def test_an_anytime_pulse_a_week_later_counts_again(client, community, member):
    client.force_login(member)
    url = reverse("health:pulse_give", args=[community.slug])
    client.post(url, {"value": "3"})
    PulseAnswer.objects.update(created_at=PulseAnswer.objects.get().created_at - timedelta(days=8))
    client.post(url, {"value": "5"})
    assert PulseAnswer.objects.count() == 2


def test_outsiders_get_no_prompt_and_cannot_post_a_pulse(client, community, employee):
    client.force_login(employee)
    assert (
        "How is this community going"
        not in client.get(community.get_absolute_url()).content.decode()
    )
    response = client.post(reverse("health:pulse_give", args=[community.slug]), {"value": "5"})
    assert response.status_code == 302 and not PulseAnswer.objects.exists()


def test_giving_a_pulse_requires_login(client, community):
    response = client.post(reverse("health:pulse_give", args=[community.slug]), {"value": "5"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_rsvp_yes_people_also_get_the_email(meeting, member, employee, make_user):
    said_no = make_user("said-no")
    rsvp(meeting, employee)
    rsvp(meeting, said_no, status="no")
    assert set(pulses.pulse_recipients(meeting)) == {employee}
