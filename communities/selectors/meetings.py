"""Reads about meetings: a series' rule in words, who can be marked present."""

from __future__ import annotations

from datetime import datetime

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
