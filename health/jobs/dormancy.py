"""The lifecycle jobs: move listed communities between active and dormant, and warn leaders
before a community goes dormant."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from communities.models import Community
from communities.selectors.lifecycle import dormant_from, with_lifecycle
from communities.services.communities import community_set_lifecycle
from communities.services.notifications import email_send

from ..conf import (
    DORMANT_WARNING_DAYS,
)
from .base import LISTED, absolute_url, leader_emails, locked_community, record_once


def update_dormancy(now: datetime) -> int:
    """Mark active communities dormant when nothing is scheduled and they have not met for
    DORMANT_AFTER_DAYS; make dormant ones active again once a meeting is held or scheduled.
    Leaders are told when theirs turns dormant. Returns the number of status changes."""
    changed = 0
    for community in with_lifecycle(Community.objects.filter(status__in=LISTED), now=now):
        dormant = community.upcoming_count == 0 and dormant_from(community) <= now
        target = Community.Status.DORMANT if dormant else Community.Status.ACTIVE
        if target == community.status:
            continue
        with transaction.atomic():
            locked = locked_community(community.pk)
            if locked is None or not community_set_lifecycle(community=locked, status=target):
                continue
            changed += 1
            if target == Community.Status.DORMANT:
                key = f"dormant:community:{community.pk}:{now.date().isoformat()}"
                if record_once(key, job="dormant", community=locked):
                    email_send(
                        to=leader_emails(locked),
                        template="health/dormant",
                        context={
                            "community": locked,
                            "url": absolute_url(locked.get_absolute_url()),
                        },
                    )
    return changed


def warn_dormant_soon(now: datetime) -> int:
    """Tell leaders once, DORMANT_WARNING_DAYS ahead, that their community will turn dormant
    unless a meeting is scheduled. Returns the number of e-mails."""
    sent = 0
    soon = now + timedelta(days=DORMANT_WARNING_DAYS)
    candidates = with_lifecycle(
        Community.objects.filter(status=Community.Status.ACTIVE), now=now
    ).filter(upcoming_count=0)
    for community in candidates:
        on = dormant_from(community)
        if not now < on <= soon:
            continue
        with transaction.atomic():
            locked = locked_community(community.pk)
            key = f"dormant-soon:community:{community.pk}:{on.date().isoformat()}"
            if locked is None or not record_once(key, job="dormant-soon", community=locked):
                continue
            sent += bool(
                email_send(
                    to=leader_emails(locked),
                    template="health/dormant_soon",
                    context={"community": locked, "dormant_on": on},
                )
            )
    return sent
