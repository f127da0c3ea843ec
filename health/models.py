"""Pulse answers, renewal requests and the record of scheduled work already done.

Rules the database can enforce live here: one pulse per member per meeting, values 1–5, one
renewal request per community per year, one record per job key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from communities.models import Community, Meeting


class PulseAnswer(models.Model):
    """A member's answer to the two pulse questions: value (1–5) and what to focus on next.

    ``meeting`` is set when the answer came from the e-mail sent after that meeting (then one
    answer per member per meeting); it is empty for a pulse given any time from the community page.
    Answers are only ever shown to leaders and coordinators, never to other members.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="pulses")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="pulses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulses"
    )
    value = models.PositiveSmallIntegerField("how much value did you get?")
    focus = models.TextField("what should we focus on next?", max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(meeting__isnull=False),
                name="pulse_one_per_member_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="pulse_value_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["community", "created_at"])]

    def __str__(self) -> str:
        return f"{self.value}/5 for {self.community} ({self.created_at:%Y-%m-%d})"


class RenewalRequest(models.Model):
    """The yearly check for one community: leaders confirm purpose, leaders and cadence.

    ``year`` counts years since approval (1 for the first anniversary). ``coordinators_told_at``
    is set when nobody confirmed within the grace period and the coordinators were e-mailed.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="renewals")
    year = models.PositiveSmallIntegerField()
    due_on = models.DateField(help_text="The anniversary that started this renewal.")
    asked_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    leaders_note = models.TextField("changes to the leaders", blank=True)
    coordinators_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="renewal_one_per_year"),
        ]

    def __str__(self) -> str:
        state = "confirmed" if self.confirmed_at else "open"
        return f"{self.community} year {self.year} ({state})"


class JobRecord(models.Model):
    """One piece of scheduled work done: an e-mail sent or a change made, under a unique key.

    The key names the job, the object and the period, e.g. ``pulse:meeting:12:user:5`` or
    ``digest:community:3:user:7:2026-W48``. It is inserted in the same transaction as the e-mail
    is recorded, so a second worker (or a re-run after a crash) finds it and does nothing.
    """

    key = models.CharField(max_length=200, unique=True)
    job = models.CharField(max_length=40, db_index=True)
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="job_records"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["job", "community", "created_at"])]

    def __str__(self) -> str:
        return self.key
