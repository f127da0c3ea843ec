from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from communities import calendars
from communities.models import (
    Attendance,
    EmailMessageLog,
    Meeting,
    MeetingEmailOptOut,
    Membership,
    Rsvp,
)
from communities.services import meetings, memberships, preferences, rsvps
from tests.meeting_helpers import future_day, schedule
from tests.personas import add_member

DENVER = ZoneInfo("America/Denver")


def _error_codes(error: ValidationError) -> dict:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"start_time": time(11), "end_time": time(10)}, "end_time", "end_before_start"),
        ({"day": date(2020, 1, 1)}, "day", "in_past"),
        ({"online_url": "ftp://files.example.edu/x"}, "online_url", "scheme"),
        ({"online_url": "javascript:alert(1)"}, "online_url", "scheme"),
        ({"title": "x" * 201}, "title", "max_length"),
        ({"timezone_name": "Mars/Olympus"}, "timezone", "bad_zone"),
    ],
)
def test_bad_meetings_are_refused_with_the_field_named(community, fields, field, code):
    with pytest.raises(ValidationError) as caught:
        schedule(community, **fields)
    assert code in _error_codes(caught.value)[field]
    assert not Meeting.objects.exists()


def test_scheduling_emails_each_member_with_the_ics_and_an_unsubscribe_link(
    community, leader, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(community, notify=True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader.email, member.email])
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert message.subject.startswith("New meeting: Monthly meetup")
    assert "10:00–11:00 M" in message.subject  # the zone is shown: MST or MDT
    assert "https://meet.example.edu/abc" in message.body
    assert "/me/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/me/unsub")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    filename, content, mimetype = message.attachments[0]
    assert (filename, mimetype) == ("meeting.ics", "text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["UID"]) == calendars.meeting_uid(meeting)


def test_members_who_opted_out_get_no_meeting_emails(
    community, leader, member, make_user, django_capture_on_commit_callbacks
):
    quiet = make_user("quiet")
    add_member(community, quiet)
    preferences.meeting_emails_set(user=quiet, enabled=False, muted_community_ids=set())
    MeetingEmailOptOut.objects.create(user=member, community=community)
    with django_capture_on_commit_callbacks(execute=True):
        schedule(community, notify=True)
    assert [m.to for m in mail.outbox] == [[leader.email]]


def test_a_one_click_unsubscribe_token_mutes_only_its_community(community, member, make_community):
    other = make_community("Other Group")
    token = preferences.unsubscribe_url(member, community).rstrip("/").rsplit("/", 1)[1]
    preferences.unsubscribe_apply(token=token)
    assert MeetingEmailOptOut.objects.filter(user=member, community=community).exists()
    assert not MeetingEmailOptOut.objects.filter(user=member, community=other).exists()
    with pytest.raises(ValidationError):
        preferences.unsubscribe_apply(token=token[:-2] + "xx")


def test_changing_the_time_emails_members_but_editing_the_agenda_alone_does_not(
    community, member, django_capture_on_commit_callbacks
):
    meeting = schedule(community)
    values = {
        "title": meeting.title, "day": future_day(7), "start_time": time(10), "end_time": time(11),
        "timezone_name": "America/Denver", "location": "Room 101",
        "online_url": meeting.online_url, "capacity": None,
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_update(meeting=meeting, notes="New agenda", **values)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_update(meeting=meeting, **{**values, "start_time": time(9)})
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Changed"]
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert meeting.starts_at.astimezone(DENVER).time() == time(9)


def test_cancelling_twice_sends_one_email_and_restoring_puts_it_back(
    community, member, django_capture_on_commit_callbacks
):
    meeting = schedule(community)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_cancel(meeting=meeting)
        meetings.meeting_cancel(meeting=meeting)
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Cancelled"]
    cancelled_ics = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(cancelled_ics.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_restore(meeting=meeting)
    meeting.refresh_from_db()
    assert not meeting.cancelled and mail.outbox[-1].subject.startswith("On again")


def _next_november_series(community, leader, **extra):
    """A monthly series from the second Wednesday of September next year, four meetings:
    September, October, November (after the first Sunday: MST) and December."""
    year = timezone.localdate().year + 1
    first = date(year, 9, 1) + timedelta(days=(2 - date(year, 9, 1).weekday()) % 7 + 7)
    return meetings.series_schedule(
        community=community, created_by=leader, frequency="monthly", count=4, title="Meetup",
        day=first, start_time=time(10), end_time=time(11), timezone_name="America/Denver",
        **extra,
    )  # fmt: skip


def test_a_monthly_series_across_the_november_dst_change_stays_at_ten_local(community, leader):
    series = _next_november_series(community, leader)
    meetings = list(series.meetings.order_by("starts_at"))
    local = [m.starts_at.astimezone(DENVER) for m in meetings]
    assert [(d.month, d.weekday(), (d.day - 1) // 7 + 1) for d in local] == [
        (9, 2, 2), (10, 2, 2), (11, 2, 2), (12, 2, 2),
    ]  # fmt: skip
    assert {d.time() for d in local} == {time(10)}
    assert [m.starts_at.hour for m in meetings] == [16, 16, 17, 17]  # UTC: MDT, then MST
    assert [d.tzname() for d in local] == ["MDT", "MDT", "MST", "MST"]


def test_the_feed_of_that_series_parses_back_with_the_right_local_times(community, leader):
    _next_november_series(community, leader)
    feed = icalendar.Calendar.from_ical(calendars.community_feed(community))
    events = feed.walk("VEVENT")
    assert len(events) == 4
    starts = [e["DTSTART"] for e in events]
    assert {s.params["TZID"] for s in starts} == {"America/Denver"}
    assert {s.dt.astimezone(DENVER).time() for s in starts} == {time(10)}
    assert [s.dt.astimezone(ZoneInfo("UTC")).hour for s in starts] == [16, 16, 17, 17]
    assert [str(tz["TZID"]) for tz in feed.walk("VTIMEZONE")] == ["America/Denver"]


def test_editing_this_and_following_moves_later_meetings_and_keeps_their_dates(community, leader):
    series = _next_november_series(community, leader)
    first, second, third, fourth = series.meetings.order_by("starts_at")
    dates = [m.starts_at.astimezone(DENVER).date() for m in (third, fourth)]
    meetings.meeting_update(
        meeting=second, following=True, title="Meetup (new time)",
        day=second.starts_at.astimezone(DENVER).date(), start_time=time(9, 30),
        end_time=time(10, 30), timezone_name="America/Denver",
    )  # fmt: skip
    for meeting in (first, second, third, fourth):
        meeting.refresh_from_db()
    assert first.starts_at.astimezone(DENVER).time() == time(10) and first.title == "Meetup"
    for meeting, day in zip((third, fourth), dates, strict=True):
        local = meeting.starts_at.astimezone(DENVER)
        assert (local.date(), local.time(), meeting.title) == (
            day,
            time(9, 30),
            "Meetup (new time)",
        )


def test_editing_one_occurrence_leaves_the_rest_alone(community, leader):
    series = _next_november_series(community, leader)
    first, second = series.meetings.order_by("starts_at")[:2]
    meetings.meeting_update(
        meeting=first, title="Special", day=first.starts_at.astimezone(DENVER).date(),
        start_time=time(14), end_time=time(15), timezone_name="America/Denver",
    )  # fmt: skip
    second.refresh_from_db()
    assert second.title == "Meetup" and second.starts_at.astimezone(DENVER).time() == time(10)


def test_rsvps_beyond_capacity_join_a_waitlist_that_moves_up_in_order(community, make_user):
    meeting = schedule(community, capacity=2)
    people = [make_user(f"p{n}") for n in range(4)]
    for person in people:
        add_member(community, person)
        rsvps.rsvp_set(meeting=meeting, user=person, going=True)
    statuses = dict(Rsvp.objects.values_list("user__username", "status"))
    assert statuses == {"p0": "yes", "p1": "yes", "p2": "waitlist", "p3": "waitlist"}
    rsvps.rsvp_set(meeting=meeting, user=people[0], going=False)
    statuses = dict(Rsvp.objects.values_list("user__username", "status"))
    assert statuses == {"p0": "no", "p1": "yes", "p2": "yes", "p3": "waitlist"}


def test_a_double_yes_keeps_the_place_in_the_waitlist(community, make_user):
    meeting = schedule(community, capacity=1)
    first, second, third = (make_user(f"q{n}") for n in range(3))
    for person in (first, second, third):
        add_member(community, person)
        rsvps.rsvp_set(meeting=meeting, user=person, going=True)
    rsvps.rsvp_set(meeting=meeting, user=second, going=True)  # a second click
    rsvps.rsvp_set(meeting=meeting, user=first, going=False)
    assert Rsvp.objects.get(user=second).status == "yes"
    assert Rsvp.objects.get(user=third).status == "waitlist"


def test_capacity_cannot_drop_below_those_going_and_raising_it_moves_people_up(
    community, make_user
):
    meeting = schedule(community, capacity=1)
    a, b = make_user("a"), make_user("b")
    for person in (a, b):
        add_member(community, person)
        rsvps.rsvp_set(meeting=meeting, user=person, going=True)
    values = {
        "title": meeting.title, "day": future_day(7), "start_time": time(10),
        "end_time": time(11), "timezone_name": "America/Denver",
    }  # fmt: skip
    meetings.meeting_update(meeting=meeting, capacity=2, **values)
    assert Rsvp.objects.get(user=b).status == "yes"
    with pytest.raises(ValidationError) as caught:
        meetings.meeting_update(meeting=meeting, capacity=1, **values)
    assert _error_codes(caught.value) == {"capacity": ["below_going"]}


def test_non_members_cannot_rsvp(community, employee):
    meeting = schedule(community)
    with pytest.raises(ValidationError) as caught:
        rsvps.rsvp_set(meeting=meeting, user=employee, going=True)
    assert caught.value.code == "not_member" and not Rsvp.objects.exists()


def test_attendance_is_recorded_only_after_the_start(community, leader, member):
    meeting = schedule(community)
    with pytest.raises(ValidationError) as caught:
        rsvps.attendance_record(meeting=meeting, recorded_by=leader, present_user_ids={member.pk})
    assert caught.value.code == "not_started"
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    rsvps.attendance_record(meeting=meeting, recorded_by=leader, present_user_ids={member.pk})
    assert dict(Attendance.objects.values_list("user__username", "present")) == {
        "member": True,
        "leader": False,
    }


def test_emailing_many_members_costs_a_constant_number_of_queries(
    community, leader, make_user, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for n in range(40):
        add_member(community, make_user(f"fan{n}"))
    # 18 with 5 members or 40: the request's statements, then the e-mail task (run at once in
    # tests) in its own savepoint. Grows with neither the members nor the e-mails.
    with django_assert_max_num_queries(18), django_capture_on_commit_callbacks(execute=True):
        schedule(community, notify=True)
    assert len(mail.outbox) == 41
    assert EmailMessageLog.objects.filter(status="sent").count() == 41


def test_a_down_mail_server_keeps_the_meeting_and_logs_every_email_as_failed(
    community, member, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.failing_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(community, notify=True)
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    log = EmailMessageLog.objects.get()
    assert (log.status, log.attempts) == ("failed", 1) and "refused" in log.error
    assert log.attachments.get().filename == "meeting.ics"  # a re-send from admin includes it


def test_a_removed_member_gives_up_their_place_to_the_waitlist(community, leader, make_user):
    meeting = schedule(community, capacity=1)
    going, waiting = make_user("going"), make_user("waiting")
    for person in (going, waiting):
        add_member(community, person)
        rsvps.rsvp_set(meeting=meeting, user=person, going=True)
    memberships.membership_remove(
        community=community, membership_id=Membership.objects.get(user=going).pk, actor=leader
    )
    assert dict(Rsvp.objects.values_list("user__username", "status")) == {
        "going": "no",
        "waiting": "yes",
    }


def test_a_member_who_leaves_gives_up_their_place_to_the_waitlist(community, leader, make_user):
    meeting = schedule(community, capacity=1)
    going, waiting = make_user("going"), make_user("waiting")
    for person in (going, waiting):
        add_member(community, person)
        rsvps.rsvp_set(meeting=meeting, user=person, going=True)
    memberships.membership_leave(user=going, community=community)
    assert dict(Rsvp.objects.values_list("user__username", "status")) == {
        "going": "no",
        "waiting": "yes",
    }


def test_an_archived_communitys_coming_meetings_take_no_answers(client, community, leader, member):
    from communities.services import communities as community_services

    meeting = schedule(community, days=7)
    community_services.community_archive(community=community)

    with pytest.raises(ValidationError) as refused:
        rsvps.rsvp_set(meeting=meeting, user=member, going=True)
    assert refused.value.code == "archived"
    client.force_login(member)
    page = client.get(f"/c/{community.slug}/meetings/{meeting.pk}/").content.decode()
    assert "No answers: Accessibility Community of Practice is archived." in page
    assert "Yes, I&#x27;m going" not in page and "Yes, I'm going" not in page
