"""The weekly digest job: leaders get one e-mail a week about their community."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from communities.models import Community, Membership
from communities.services.notifications import email_send

from ..activity import pulse_summary
from ..models import JobRecord
from .base import LISTED, absolute_url, locked_community, record_once

DIGEST_HOUR = 7


def digest_period(now: datetime) -> str | None:
    """The ISO week ("2026-W48") a digest run at ``now`` belongs to, or None before Monday
    DIGEST_HOUR local time (so digests arrive in the morning, not at midnight)."""
    local = timezone.localtime(now)
    if local.isoweekday() == 1 and local.hour < DIGEST_HOUR:
        return None
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}"


def digest_context(community: Community, now: datetime) -> dict:
    """What a leader's weekly digest says about ``community``: members who joined in the last 7
    days, pending requests, non-cancelled meetings in the next 14 days, pulse of the last 30."""
    week_ago = now - timedelta(days=7)
    members = community.memberships.select_related("user")
    return {
        "community": community,
        "new_members": list(members.active().filter(joined_at__gte=week_ago)),
        "pending": members.filter(state=Membership.State.PENDING).count(),
        "meetings": list(
            community.meetings.filter(
                cancelled=False, starts_at__gt=now, starts_at__lte=now + timedelta(days=14)
            )
        ),
        "pulse": pulse_summary(community, now=now),
        "url": absolute_url(reverse("health:community", args=[community.slug])),
    }


def send_digests(now: datetime) -> int:
    """Once per ISO week, e-mail each leader of each listed community its digest."""
    period = digest_period(now)
    if period is None:
        return 0
    leaders = list(
        Membership.objects.leaders()
        .filter(community__status__in=LISTED)
        .exclude(user__email="")
        .values_list("community_id", "user_id", "user__email")
    )
    keys = {(c, u): f"digest:community:{c}:user:{u}:{period}" for c, u, _ in leaders}
    done = set(JobRecord.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    todo: dict[int, list[tuple[int, str]]] = {}
    for c, u, email in leaders:
        if keys[c, u] not in done:
            todo.setdefault(c, []).append((u, email))
    sent = 0
    for community_id, people in todo.items():
        with transaction.atomic():
            community = locked_community(community_id)
            if community is None:
                continue
            context = digest_context(community, now)
            for user_id, email in people:
                if record_once(keys[community_id, user_id], job="digest", community=community):
                    email_send(to=[email], template="health/digest", context=context)
                    sent += 1
    return sent
