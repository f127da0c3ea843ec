"""Meetings (one-off or part of a series), RSVPs with their waitlist, and attendance.

Rules the database can enforce live here as constraints; every write goes through the services
package.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from ..querysets import MeetingQuerySet
from ..validators import validate_single_line, validate_time_zone
from .communities import Community


class Meeting(models.Model):
    """One meeting of a community. Times are aware datetimes stored in UTC; ``timezone`` names
    the IANA zone the meeting is held in (used to show local times)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200, validators=[validate_single_line])
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    timezone = models.CharField(
        max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    location = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    online_url = models.URLField(
        "online link", max_length=500, blank=True, validators=[validate_single_line]
    )
    notes = models.TextField("agenda and notes", blank=True)
    # At least one seat, or none given (no limit): the leader form, admin and the database agree.
    capacity = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    cancelled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The series this meeting was generated from (None for a one-off). Its times are its own:
    # editing one occurrence changes only this row.
    series = models.ForeignKey(
        "MeetingSeries", on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    # RFC 5545 SEQUENCE: bumped on every change a calendar should pick up (time, place, status).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="meeting_capacity_positive",
            ),
        ]
        indexes = [models.Index(fields=["community", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.community})"

    def get_absolute_url(self) -> str:
        return reverse(
            "communities:meeting_detail", kwargs={"slug": self.community.slug, "pk": self.pk}
        )

    @property
    def zone(self) -> ZoneInfo:
        """The zone the meeting's local times are in: its own, or the site's (settings.TIME_ZONE)
        for a name not known here (rows saved before the field was validated)."""
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(settings.TIME_ZONE)


class MeetingSeries(models.Model):
    """A recurring meeting: a pattern in local wall-clock time plus an IANA zone name.

    Occurrences are stored as Meeting rows (``series`` points here). Keeping the local time and the
    zone name, rather than a UTC offset, is what keeps a 10:00 meeting at 10:00 across DST changes.
    """

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly (every N weeks)"
        MONTHLY = "monthly", "Monthly, on the same weekday (e.g. second Wednesday)"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="series")
    title = models.CharField(max_length=200, validators=[validate_single_line])
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(default=1, help_text="Every N weeks (weekly).")
    # Monthly: which weekday of the month; 1..4, or -1 for the last one. Unused for weekly.
    week_of_month = models.SmallIntegerField(null=True, blank=True)
    first_date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    timezone = models.CharField(
        max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    count = models.PositiveSmallIntegerField(help_text="How many meetings the series holds.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "meeting series"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="series_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(interval__gte=1), name="series_interval_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.community}, {self.get_frequency_display()})"


class Rsvp(models.Model):
    """A member's answer for one meeting. ``waitlist`` holds "yes" answers beyond the capacity,
    first come first served by ``created_at``."""

    class Status(models.TextChoices):
        YES = "yes", "Going"
        NO = "no", "Not going"
        WAITLIST = "waitlist", "On the waiting list"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="rsvp_one_per_person"),
        ]
        indexes = [models.Index(fields=["meeting", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.meeting}: {self.get_status_display()}"


class Attendance(models.Model):
    """Who came to a meeting, recorded by a leader afterwards. One row per person per meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}: {'present' if self.present else 'absent'}"
