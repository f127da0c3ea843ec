"""Property tests for the meeting pages and leader tools: the meeting form, the e-mail to members
and the RSVP POST never give a server error, and what people typed comes back escaped.

Each test counts the generated values it feeds in (printed under "harness coverage").
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communities.models import Meeting, MemberMessage, Rsvp
from tests.badinput.test_properties import FAST, assert_safe, nasty, with_nul
from tests.harness_report import record
from tests.world import build_world

# Plausible values mixed with hostile ones, so that some meetings are saved (and their pages
# rendered) and others are refused field by field.
days = st.one_of(nasty, st.dates(date(2020, 1, 1), date(2040, 12, 31)).map(str))
times = st.one_of(nasty, st.times().map(lambda t: t.strftime("%H:%M")))
zones = st.one_of(nasty, st.sampled_from(["UTC", "America/Denver", "Asia/Kolkata", "Etc/GMT+5"]))
urls = st.one_of(nasty, st.sampled_from(["https://meet.example/x", "javascript:alert(1)"]))
counts = st.one_of(nasty, st.integers(-5, 10**12).map(str))


@pytest.fixture
def world(db, settings):
    settings.RATE_LIMITS = {}
    return build_world()


MEETING_FIELDS = {
    "title": nasty,
    "day": days,
    "start_time": times,
    "end_time": times,
    "timezone": zones,
    "location": nasty,
    "online_url": urls,
    "notes": nasty,
    "capacity": counts,
}


VALID_MEETING = {
    "title": "Review",
    "day": "2031-05-06",
    "start_time": "10:00",
    "end_time": "11:00",
    "timezone": "UTC",
    "location": "",
    "online_url": "",
    "notes": "",
    "capacity": "",
}
# A valid meeting with one to four of its fields replaced: most are saved, each refusal is one
# field's message.
meeting_posts = st.lists(
    st.sampled_from(sorted(MEETING_FIELDS)).flatmap(
        lambda name: st.tuples(st.just(name), MEETING_FIELDS[name])
    ),
    min_size=1,
    max_size=4,
).map(lambda changes: {**VALID_MEETING, **dict(changes)})


@settings(FAST, max_examples=50)
@given(data=meeting_posts)
def test_the_meeting_form_survives_any_input_and_escapes_it(client, world, data):
    record("generated inputs", len(data))
    client.force_login(world.users["leader"])
    before = Meeting.objects.count()
    response = client.post(f"/c/{world.community.slug}/manage/meetings/new/", data)
    assert_safe(response)
    if with_nul(*map(str, data.values())):
        assert response.status_code == 400 and Meeting.objects.count() == before
    elif response.status_code == 302:
        record("meetings saved from generated input")
        assert Meeting.objects.count() == before + 1
        assert_safe(client.get(response["Location"]))
        assert_safe(client.get(f"/c/{world.community.slug}/"))
    else:
        assert response.status_code == 200 and "Please correct" in response.content.decode()
        assert Meeting.objects.count() == before


@settings(FAST, max_examples=30)
@given(subject=nasty, body=nasty, mode=st.one_of(nasty, st.sampled_from(["individual", "bcc"])))
def test_the_email_to_members_survives_any_input_and_escapes_it(
    client, world, settings, mailoutbox, subject, body, mode
):
    record("generated inputs", 3)
    settings.MEMBER_MESSAGES_PER_DAY = 10**6
    client.force_login(world.users["leader"])
    url = f"/c/{world.community.slug}/manage/messages/"
    before = MemberMessage.objects.count()
    response = client.post(url, {"subject": subject, "body": body, "mode": mode})
    assert_safe(response)
    if with_nul(subject, body, mode):
        assert response.status_code == 400 and MemberMessage.objects.count() == before
    elif response.status_code == 302:
        assert MemberMessage.objects.count() == before + 1
        assert_safe(client.get(url))  # the message is listed below the form
    else:
        assert response.status_code == 200 and "Please correct" in response.content.decode()
        assert MemberMessage.objects.count() == before


@settings(FAST, max_examples=40)
@given(answer=nasty, extra=nasty, pk=st.one_of(st.just(None), st.integers(-1, 10**12)))
def test_an_rsvp_survives_any_answer_and_meeting_id(client, world, answer, extra, pk):
    record("generated inputs", 3)
    client.force_login(world.users["member"])
    meeting = world.meeting
    url = f"/c/{world.community.slug}/meetings/{meeting.pk if pk is None else pk}/rsvp/"
    response = client.post(url, {"answer": answer, "extra": extra})
    assert_safe(response)
    if with_nul(answer, extra):
        assert response.status_code == 400
        return
    if pk is not None and pk != meeting.pk:
        assert response.status_code == 404
        return
    assert response.status_code == 302
    status = Rsvp.objects.get(meeting=meeting, user=world.users["member"]).status
    assert status == (Rsvp.Status.YES if answer == "yes" else Rsvp.Status.NO)
    assert_safe(client.get(response["Location"]))
