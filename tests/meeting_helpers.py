"""Helpers for meeting tests: schedule a meeting N days from now at a local time."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from communities.services import meetings


def future_day(days: int = 7) -> date:
    return timezone.localdate() + timedelta(days=days)


def schedule(community, *, days: int = 7, capacity=None, notify: bool = False, **fields):
    """A meeting ``days`` from today, 10:00–11:00 in the site's zone (no e-mail unless asked)."""
    values = {
        "title": "Monthly meetup",
        "day": future_day(days),
        "start_time": time(10),
        "end_time": time(11),
        "timezone_name": "America/Denver",
        "location": "Room 101",
        "online_url": "https://meet.example.edu/abc",
        "notes": "Show and tell.",
        "capacity": capacity,
        **fields,
    }
    return meetings.meeting_schedule(community=community, notify=notify, **values)
