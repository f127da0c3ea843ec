"""The QuerySets of communities' models (each model's manager is ``<QuerySet>.as_manager()``).

Chainable filters and annotations only; reads that span several models or depend on who looks
are selectors. Other models are reached through relations (``self.model.memberships``), never
imported: models.py imports this module.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Case, Count, Min, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone


class CommunityQuerySet(models.QuerySet):
    def listed(self) -> CommunityQuerySet:
        """Communities shown in the directory: active and dormant ones, never archived."""
        return self.exclude(status=self.model.Status.ARCHIVED)

    def with_stats(self) -> CommunityQuerySet:
        """Annotate ``leader_count`` and ``next_meeting_at`` (with_leader_count,
        with_next_meeting). ``member_count`` is a field, kept by services.memberships.

        Subqueries rather than joins, so the counts do not multiply each other and the number of
        queries stays constant however many rows are listed.
        """
        return self.with_leader_count().with_next_meeting()

    def with_leader_count(self) -> CommunityQuerySet:
        """Annotate ``leader_count``: active leaders and co-leaders, read from the partial index
        ``membership_leaders`` (only the leaders' rows, however big the community)."""
        Membership = self.model.memberships.rel.related_model
        leaders = (
            Membership.objects.leaders()
            .filter(community=OuterRef("pk"))
            .values("community")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(leader_count=Coalesce(Subquery(leaders), 0))

    def with_next_meeting(self) -> CommunityQuerySet:
        """Annotate ``next_meeting_at``: aware UTC datetime of the next meeting not yet over and
        not cancelled, or None."""
        Meeting = self.model.meetings.rel.related_model
        upcoming = (
            Meeting.objects.filter(
                community=OuterRef("pk"), cancelled=False, ends_at__gte=timezone.now()
            )
            .values("community")
            .annotate(first=Min("starts_at"))
            .values("first")
        )
        return self.annotate(next_meeting_at=Subquery(upcoming))


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(state=self.model.State.ACTIVE)

    def leaders(self) -> MembershipQuerySet:
        return self.active().filter(role__in=self.model.LEADER_ROLES)

    def by_rank(self, *then: str) -> MembershipQuerySet:
        """Ordered leader first, then co-leaders, then members (the roles' codes alone would sort
        "co_leader" before "leader"), then by ``then`` (field names, as for ``order_by``)."""
        Role = self.model.Role
        rank = Case(
            When(role=Role.LEADER, then=Value(0)),
            When(role=Role.CO_LEADER, then=Value(1)),
            default=Value(2),
        )
        return self.order_by(rank, *then)


class MeetingQuerySet(models.QuerySet):
    def upcoming(self) -> MeetingQuerySet:
        """Meetings not yet over, soonest first (cancelled ones included; templates mark them)."""
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")
