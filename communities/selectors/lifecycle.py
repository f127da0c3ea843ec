"""Reads for a community's lifecycle: when it last met, what is scheduled, when it turns dormant.

A listed community is ``dormant`` when it has no meeting ahead and none for DORMANT_AFTER_DAYS
(counted from its approval when it never met), else ``active``; only a coordinator archives and
restores. The rule lives in ``lifecycle_status`` and ``dormant_from``; health's scheduled jobs
apply it and its dashboard shows it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Community, Meeting


def dormant_after_days() -> int:
    """Days without a meeting after which an active community becomes dormant (default 180)."""
    return int(getattr(settings, "DORMANT_AFTER_DAYS", 180))


def per_community(queryset: QuerySet, aggregate, field: str = "community") -> Subquery:
    """A scalar subquery: ``aggregate`` over ``queryset`` rows of the outer community."""
    return Subquery(
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(result=aggregate)
        .values("result")
    )


def with_lifecycle(queryset: QuerySet, *, now: datetime | None = None) -> QuerySet:
    """Annotate ``last_meeting_at`` (start of the latest non-cancelled meeting that has begun, or
    None), ``upcoming_count`` (non-cancelled meetings not yet started) and ``approved_at`` (the
    proposal's decision time, else when the community was created)."""
    now = now or timezone.now()
    held = Meeting.objects.filter(cancelled=False, starts_at__lte=now)
    ahead = Meeting.objects.filter(cancelled=False, starts_at__gt=now)
    return queryset.annotate(
        last_meeting_at=per_community(held, Max("starts_at")),
        upcoming_count=Coalesce(per_community(ahead, Count("pk")), 0),
        approved_at=Coalesce(F("proposal__decided_at"), F("created_at")),
    )


def dormant_from(community: Community) -> datetime:
    """When an annotated community (with_lifecycle) turns dormant if nothing is scheduled: the
    later of its last meeting and its approval, plus DORMANT_AFTER_DAYS."""
    since = max(filter(None, [community.last_meeting_at, community.approved_at]))
    return since + timedelta(days=dormant_after_days())


def lifecycle_status(community: Community, *, now: datetime | None = None) -> str:
    """``dormant`` when a community has no meeting ahead and none for DORMANT_AFTER_DAYS (counted
    from its approval when it never met), else ``active``. Ignores the stored status."""
    now = now or timezone.now()
    annotated = with_lifecycle(Community.objects.filter(pk=community.pk), now=now).get()
    if annotated.upcoming_count == 0 and dormant_from(annotated) <= now:
        return Community.Status.DORMANT
    return Community.Status.ACTIVE
