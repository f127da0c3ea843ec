"""Reads about meetings: a series' rule in words, who can be marked present, and the campus-wide
list of upcoming meetings (/meetings/ and its ICS and Atom feeds)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .. import recurrence
from ..models import Attendance, Community, Meeting, MeetingSeries, Membership, Rsvp


def series_pattern(series: MeetingSeries) -> str:
    """The series' rule in words, e.g. "Monthly on the second Wednesday"."""
    return recurrence.describe(
        frequency=series.frequency,
        first_date=series.first_date,
        interval=series.interval,
        ordinal=series.week_of_month,
    )


def attendance_candidates(meeting: Meeting):
    """People whose attendance can be recorded: active members and anyone who answered."""
    members = Membership.objects.active().filter(community=meeting.community_id).values("user")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=members) | Q(rsvps__meeting=meeting))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def upcoming_meetings(community: Community, *, limit: int = 5) -> QuerySet[Meeting]:
    """The community's next ``limit`` meetings not yet over (cancelled ones too), soonest first."""
    return (
        Meeting.objects.filter(community=community).select_related("community").upcoming()[:limit]
    )


def leader_meetings(community: Community, *, now: datetime) -> tuple[QuerySet, QuerySet]:
    """For the leader tools' overview: the next 20 meetings not yet over, soonest first, and the
    10 latest that are over, latest first (cancelled ones included), with their series."""
    meetings = Meeting.objects.filter(community=community).select_related("series")
    return (
        meetings.filter(ends_at__gte=now).order_by("starts_at")[:20],
        meetings.filter(ends_at__lt=now).order_by("-starts_at")[:10],
    )


def meeting_answers(meeting: Meeting) -> tuple[list[Rsvp], list[Rsvp]]:
    """Who is going and who is on the waitlist, each in the order they answered. One query."""
    answers = list(
        meeting.rsvps.exclude(status=Rsvp.Status.NO)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    going = [r for r in answers if r.status == Rsvp.Status.YES]
    return going, [r for r in answers if r.status == Rsvp.Status.WAITLIST]


def present_user_ids(meeting: Meeting):
    """Ids of the people to show ticked on the attendance form: those recorded present, or, the
    first time, those who said they would come."""
    present = Attendance.objects.filter(meeting=meeting, present=True).values_list(
        "user_id", flat=True
    )
    if not present:  # first time: start from who said they would come
        present = meeting.rsvps.filter(status="yes").values_list("user_id", flat=True)
    return present


class CampusPeriod:
    """The ``when`` filter of /meetings/: the rest of this week or of this month."""

    WEEK = "week"
    MONTH = "month"
    CHOICES = [(WEEK, "This week"), (MONTH, "This month")]


def period_end(period: str, *, now: datetime) -> datetime | None:
    """When ``period`` ends, as an aware datetime: midnight starting next Monday (``week``) or
    the 1st of next month (``month``), both in the site's zone (settings.TIME_ZONE), since
    "this week" means the reader's calendar week on campus. None for any other value."""
    today = now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    if period == CampusPeriod.WEEK:
        end = today + timedelta(days=7 - today.weekday())
    elif period == CampusPeriod.MONTH:
        end = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    else:
        return None
    return datetime(end.year, end.month, end.day, tzinfo=ZoneInfo(settings.TIME_ZONE))


def campus_meetings(
    *, now: datetime, meeting_format: str = "", category: str = "", period: str = ""
) -> QuerySet[Meeting]:
    """Upcoming meetings (not yet over at ``now``) of every listed community (active or dormant,
    never archived), soonest first, with their community loaded: one query however many.

    Cancelled meetings stay in the list (the page marks them, the ICS feed sends them with
    STATUS:CANCELLED so subscribed calendars drop them). ``meeting_format`` and ``category``
    narrow by the community's format and category; ``period`` is a CampusPeriod value (empty or
    unknown: no end). Unknown formats or categories simply match nothing.
    """
    meetings = (
        Meeting.objects.filter(ends_at__gte=now)
        .exclude(community__status=Community.Status.ARCHIVED)
        .select_related("community")
        .order_by("starts_at", "pk")
    )
    if meeting_format:
        meetings = meetings.filter(community__meeting_format=meeting_format)
    if category:
        meetings = meetings.filter(community__category=category)
    end = period_end(period, now=now)
    if end is not None:
        meetings = meetings.filter(starts_at__lt=end)
    return meetings
