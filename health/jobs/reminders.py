"""The meeting reminder job: those going hear about a meeting the day before (a setting)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from communities.models import Meeting, Rsvp
from communities.selectors.people import community_mail_recipients
from communities.services.notifications import email_send_each
from communities.services.preferences import community_mail_item

from ..conf import meeting_reminder_hours
from .base import LISTED, locked_meeting, record_once


def send_meeting_reminders(now: datetime) -> int:
    """Remind those going to each meeting that starts within meeting_reminder_hours() (the day
    before, by default), once per person and start time: a meeting moved to another time is
    reminded of again, a rerun never. Cancelled meetings, archived communities and people who
    opted out of the community's e-mail (selectors.people.community_mail_recipients) get none.
    Returns the number of e-mails."""
    hours = meeting_reminder_hours()
    if hours <= 0:
        return 0
    due = Meeting.objects.filter(
        cancelled=False,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=hours),
        community__status__in=LISTED,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in due:
        with transaction.atomic():
            meeting = locked_meeting(pk)
            if meeting is None:
                continue
            community = meeting.community
            going = meeting.rsvps.filter(status=Rsvp.Status.YES).values_list("user_id", flat=True)
            items = []
            for user in community_mail_recipients(community, among=going):
                key = (
                    f"reminder:meeting:{meeting.pk}:{meeting.starts_at:%Y%m%dT%H%M}:user:{user.pk}"
                )
                if record_once(key, job="reminder", community=community):
                    context = {"meeting": meeting, "community": community}
                    items.append(community_mail_item(user, community, context))
            sent += len(email_send_each(template="meeting_reminder", items=items))
    return sent
