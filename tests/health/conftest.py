"""Helpers for the health tests: meetings in the past or future, RSVPs, attendance, backdating."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from communities.models import Attendance, Community, Meeting, Rsvp


@pytest.fixture
def make_meeting(db):
    def make(community, *, days_from_now: float = -1, hours: float = 1, **fields):
        starts = timezone.now() + timedelta(days=days_from_now)
        fields.setdefault("title", f"Meeting of {community.name}")
        return Meeting.objects.create(
            community=community, starts_at=starts, ends_at=starts + timedelta(hours=hours), **fields
        )

    return make


def rsvp(meeting, user, status=Rsvp.Status.YES):
    return Rsvp.objects.create(meeting=meeting, user=user, status=status)


def attend(meeting, user, present=True):
    return Attendance.objects.create(meeting=meeting, user=user, present=present)


def backdate(community, days: int) -> Community:
    """Pretend the community was created ``days`` ago (created_at is auto_now_add)."""
    Community.objects.filter(pk=community.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    community.refresh_from_db()
    return community
