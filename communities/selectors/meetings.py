"""Reads about meetings: a series' rule in words, who can be marked present."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from .. import recurrence
from ..models import Meeting, MeetingSeries, Membership


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
