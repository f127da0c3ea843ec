"""Reads over time: members and meetings per month, a community's pulse, proposals waiting.

Months are calendar months in settings.TIME_ZONE; each function runs a fixed number of queries
(conditional aggregates), whatever the number of communities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count, FloatField, Q
from django.utils import timezone

from communities.models import Community, Meeting, Membership, Proposal

from .conf import HEALTH_WINDOW_DAYS
from .models import JobRecord, PulseAnswer


def last_months(count: int = 12, *, now: datetime | None = None) -> list[datetime]:
    """Starts of the last ``count`` calendar months (this one last), aware, in TIME_ZONE."""
    local = timezone.localtime(now or timezone.now(), ZoneInfo(settings.TIME_ZONE))
    year, month = local.year, local.month
    starts = []
    for _ in range(count):
        starts.append(datetime(year, month, 1, tzinfo=local.tzinfo))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _next_month(start: datetime) -> datetime:
    year, month = (start.year, start.month + 1) if start.month < 12 else (start.year + 1, 1)
    return datetime(year, month, 1, tzinfo=start.tzinfo)


def _month_ends(starts: list[datetime]) -> list[datetime]:
    return [_next_month(start) for start in starts]


@dataclass(frozen=True)
class MonthRow:
    month: date
    members: int
    joined: int
    meetings: int


def monthly_activity(*, now: datetime | None = None) -> list[MonthRow]:
    """For each of the last 12 months: active members at the month's end (or now), memberships
    started, and meetings held (not cancelled), across listed communities. Two queries."""
    now = now or timezone.now()
    starts = last_months(now=now)
    ends = [min(end, now) for end in _month_ends(starts)]
    counted = Membership.objects.filter(
        community__status__in=[Community.Status.ACTIVE, Community.Status.DORMANT],
        state__in=[Membership.State.ACTIVE, Membership.State.LEFT],
        joined_at__isnull=False,
    )
    member_counts = counted.aggregate(
        **{
            f"m{i}": Count(
                "pk", filter=Q(joined_at__lt=end) & (Q(left_at__isnull=True) | Q(left_at__gte=end))
            )
            for i, end in enumerate(ends)
        },
        **{
            f"j{i}": Count("pk", filter=Q(joined_at__gte=start, joined_at__lt=end))
            for i, (start, end) in enumerate(zip(starts, ends, strict=True))
        },
    )
    meeting_counts = (
        Meeting.objects.filter(cancelled=False)
        .exclude(community__status=Community.Status.ARCHIVED)
        .aggregate(
            **{
                f"n{i}": Count("pk", filter=Q(starts_at__gte=start, starts_at__lt=end))
                for i, (start, end) in enumerate(zip(starts, ends, strict=True))
            }
        )
    )
    return [
        MonthRow(
            start.date(), member_counts[f"m{i}"], member_counts[f"j{i}"], meeting_counts[f"n{i}"]
        )
        for i, start in enumerate(starts)
    ]


@dataclass(frozen=True)
class PulseMonth:
    month: date
    average: float | None
    answers: int


@dataclass(frozen=True)
class PulseSummary:
    """A community's pulse for its leaders: ``months`` (last 12), totals over the last 90 days
    (``answers``, ``average``, ``invites``, ``rate`` in 0..1 or None) and the latest ``focus``
    suggestions as (date, text) pairs, without names."""

    months: list[PulseMonth]
    answers: int
    average: float | None
    invites: int
    rate: float | None
    focus: list[tuple[datetime, str]]


def pulse_summary(community: Community, *, now: datetime | None = None) -> PulseSummary:
    """The pulse panel's figures for one community. Three queries."""
    now = now or timezone.now()
    starts = last_months(now=now)
    ends = _month_ends(starts)
    answers = PulseAnswer.objects.filter(community=community)
    since = now - timedelta(days=HEALTH_WINDOW_DAYS)
    figures = answers.aggregate(
        **{
            f"a{i}": Avg(
                "value", filter=Q(created_at__gte=s, created_at__lt=e), output_field=FloatField()
            )
            for i, (s, e) in enumerate(zip(starts, ends, strict=True))
        },
        **{
            f"n{i}": Count("pk", filter=Q(created_at__gte=s, created_at__lt=e))
            for i, (s, e) in enumerate(zip(starts, ends, strict=True))
        },
        recent=Count("pk", filter=Q(created_at__gte=since)),
        recent_meeting=Count("pk", filter=Q(created_at__gte=since, meeting__isnull=False)),
        recent_avg=Avg("value", filter=Q(created_at__gte=since), output_field=FloatField()),
    )
    invites = JobRecord.objects.filter(
        job="pulse", community=community, created_at__gte=since
    ).count()
    focus = list(
        answers.exclude(focus="").order_by("-created_at").values_list("created_at", "focus")[:5]
    )
    return PulseSummary(
        months=[
            PulseMonth(s.date(), figures[f"a{i}"], figures[f"n{i}"]) for i, s in enumerate(starts)
        ],
        answers=figures["recent"],
        average=figures["recent_avg"],
        invites=invites,
        rate=min(figures["recent_meeting"] / invites, 1.0) if invites else None,
        focus=focus,
    )


def proposals_waiting(*, now: datetime | None = None) -> list[Proposal]:
    """Submitted proposals, oldest first, each with ``age_days``."""
    now = now or timezone.now()
    proposals = list(
        Proposal.objects.filter(status=Proposal.Status.SUBMITTED)
        .select_related("proposer")
        .order_by("created_at")
    )
    for proposal in proposals:
        proposal.age_days = (now - proposal.created_at).days
    return proposals


def status_kind_counts() -> list[dict]:
    """Rows of {status, kind, n} for every status and kind that has communities. One query."""
    return list(
        Community.objects.order_by()
        .values("status", "kind")
        .annotate(n=Count("pk"))
        .order_by("status", "kind")
    )
