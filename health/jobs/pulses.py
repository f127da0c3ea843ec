"""The pulse job: after a meeting, e-mail each person who came a link to say how it went."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from communities.models import Attendance, Meeting, Rsvp
from communities.services.notifications import email_send

from ..conf import (
    PULSE_SEND_WINDOW_DAYS,
)
from ..models import PulseAnswer
from ..tokens import pulse_token_make
from .base import LISTED, absolute_url, locked_meeting, record_once


def pulse_recipients(meeting: Meeting):
    """Active users with an e-mail who were marked present or answered "yes" (and were not marked
    absent), who have not answered this meeting's pulse yet."""
    present = Attendance.objects.filter(meeting=meeting, present=True).values("user")
    absent = Attendance.objects.filter(meeting=meeting, present=False).values("user")
    going = Rsvp.objects.filter(meeting=meeting, status=Rsvp.Status.YES).values("user")
    answered = PulseAnswer.objects.filter(meeting=meeting).values("user")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=present) | Q(pk__in=going), is_active=True)
        .exclude(pk__in=absent)
        .exclude(pk__in=answered)
        .exclude(email="")
        .order_by("pk")
    )


def send_pulses(now: datetime) -> int:
    """E-mail the pulse link once per person after each meeting that ended in the last
    PULSE_SEND_WINDOW_DAYS days (not cancelled, community not archived). People recorded as
    present later get theirs on a later run. Returns the number of e-mails."""
    due = Meeting.objects.filter(
        cancelled=False,
        ends_at__lte=now,
        ends_at__gt=now - timedelta(days=PULSE_SEND_WINDOW_DAYS),
        community__status__in=LISTED,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in due:
        with transaction.atomic():
            meeting = locked_meeting(pk)
            if meeting is None:
                continue
            for user in pulse_recipients(meeting):
                key = f"pulse:meeting:{meeting.pk}:user:{user.pk}"
                if not record_once(key, job="pulse", community=meeting.community):
                    continue
                token = pulse_token_make(meeting_id=meeting.pk, user_id=user.pk)
                email_send(
                    to=[user.email],
                    template="health/pulse",
                    context={
                        "meeting": meeting,
                        "user": user,
                        "url": absolute_url(reverse("health:pulse", args=[token])),
                    },
                )
                sent += 1
    return sent
