from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from communities.models import Attendance, Meeting, MeetingSeries
from communities.services import rsvps
from tests.meeting_helpers import future_day, schedule
from tests.personas import add_member

FORM = {
    "title": "Lunch and learn",
    "start_time": "12:00",
    "end_time": "13:00",
    "timezone": "America/Denver",
    "location": "Room 5",
    "online_url": "https://meet.example.edu/x",
    "notes": "Bring lunch.",
    "capacity": "",
}


@pytest.fixture
def form():
    return {**FORM, "day": future_day(10).isoformat()}


def _url(name, community, *args):
    return reverse(f"communities:{name}", args=[community.slug, *args])


def test_a_leader_schedules_a_meeting_and_members_are_emailed(
    client, community, leader, member, form, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("manage_meeting_new", community), form)
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at.astimezone(timezone.get_current_timezone()).hour == 12
    assert {m.to[0] for m in mail.outbox} == {leader.email, member.email}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end_time": "11:00"}, "must end after it starts"),
        ({"day": "2020-01-01"}, "cannot be in the past"),
        ({"online_url": "ftp://files.example.edu/x"}, "must start with http"),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"capacity": "0"}, "greater than or equal to 1"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_kept(
    client, community, leader, form, change, message
):
    client.force_login(leader)
    response = client.post(_url("manage_meeting_new", community), {**form, **change})
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "invalid-feedback" in page and 'id="form-errors"' in page
    assert "Bring lunch." in page and not Meeting.objects.exists()


def test_every_problem_is_shown_at_once(client, community, leader, form):
    client.force_login(leader)
    bad = {"day": "2020-01-01", "end_time": "11:00", "online_url": "ftp://x.example.edu"}
    page = client.post(_url("manage_meeting_new", community), {**form, **bad}).content.decode()
    assert "Please correct 3 problems" in page


def test_capacity_below_those_going_is_refused_on_edit(
    client, community, leader, member, form, make_user
):
    meeting = schedule(community, capacity=3)
    other = add_member(community, make_user("other")).user
    rsvps.rsvp_set(meeting=meeting, user=member, going=True)
    rsvps.rsvp_set(meeting=meeting, user=other, going=True)
    client.force_login(leader)
    response = client.post(
        _url("manage_meeting_edit", community, meeting.pk), {**form, "capacity": "1"}
    )
    assert "2 people are already going" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.capacity == 3


def test_a_leader_schedules_a_monthly_series(client, community, leader, form):
    client.force_login(leader)
    response = client.post(
        _url("manage_series_new", community),
        {**form, "frequency": "monthly", "interval": "1", "count": "3"},
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.meetings.count() == 3
    page = client.get(series.meetings.first().get_absolute_url()).content.decode()
    assert "Monthly on the" in page


def test_editing_a_series_meeting_offers_this_or_following(client, community, leader, form):
    client.force_login(leader)
    client.post(
        _url("manage_series_new", community),
        {**form, "frequency": "weekly", "interval": "2", "count": "3"},
    )
    second = Meeting.objects.order_by("starts_at")[1]
    edit = _url("manage_meeting_edit", community, second.pk)
    assert "This and the following meetings" in client.get(edit).content.decode()
    day = second.starts_at.astimezone(timezone.get_current_timezone()).date().isoformat()
    client.post(
        edit, {**form, "day": day, "start_time": "15:00", "end_time": "16:00", "scope": "following"}
    )
    hours = [
        m.starts_at.astimezone(timezone.get_current_timezone()).hour
        for m in Meeting.objects.order_by("starts_at")
    ]
    assert hours == [12, 15, 15]


def test_cancel_and_restore_by_post(client, community, leader):
    meeting = schedule(community)
    client.force_login(leader)
    client.post(_url("manage_meeting_cancel", community, meeting.pk))
    meeting.refresh_from_db()
    assert meeting.cancelled
    assert "Restore the meeting" in client.get(meeting.get_absolute_url()).content.decode()
    client.post(_url("manage_meeting_restore", community, meeting.pk))
    meeting.refresh_from_db()
    assert not meeting.cancelled


def test_attendance_after_the_meeting(client, community, leader, member):
    meeting = schedule(community)
    rsvps.rsvp_set(meeting=meeting, user=member, going=True)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(days=1) + timedelta(hours=1),
    )
    client.force_login(leader)
    url = _url("manage_attendance", community, meeting.pk)
    page = client.get(url).content.decode()
    assert f'value="{member.pk}"' in page and "checked" in page  # preset from RSVPs
    client.post(url, {"present": [str(member.pk), str(leader.pk)]})
    assert set(Attendance.objects.filter(present=True).values_list("user", flat=True)) == {
        member.pk,
        leader.pk,
    }


def test_attendance_before_the_meeting_is_refused(client, community, leader, member):
    meeting = schedule(community)
    client.force_login(leader)
    response = client.post(
        _url("manage_attendance", community, meeting.pk), {"present": [str(member.pk)]}
    )
    assert "once the meeting has started" in response.content.decode()
    assert not Attendance.objects.exists()
