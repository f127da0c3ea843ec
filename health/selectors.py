"""Reads: the health of every community (see activity.py for figures over time). Lifecycle dates
(last meeting, dormancy) come from communities.selectors.lifecycle.

All of it is annotated in a constant number of queries however many communities are listed
(subqueries), so the dashboard and the CSV export have no N+1. Times are aware datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Avg,
    Count,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from communities.models import Attendance, Community, Meeting, Membership, Rsvp
from communities.selectors.lifecycle import (
    dormant_after_days,
    dormant_from,
    per_community,
    with_lifecycle,
)

from .conf import DORMANT_WARNING_DAYS, HEALTH_WINDOW_DAYS, RENEWAL_GRACE_DAYS
from .models import JobRecord, PulseAnswer, RenewalRequest

# -- health ------------------------------------------------------------------------------------


def with_health(queryset: QuerySet | None = None, *, now: datetime | None = None) -> QuerySet:
    """Annotate what the health parts need (see HEALTH_RULES) on top of with_stats and
    with_lifecycle. "Recent" is the last HEALTH_WINDOW_DAYS (90) days, "before" the 90 days
    before that. Constant query count: one query for any number of communities."""
    now = now or timezone.now()
    window = timedelta(days=HEALTH_WINDOW_DAYS)
    recent, before = (now - window, now), (now - 2 * window, now - window)
    queryset = queryset if queryset is not None else Community.objects.all()
    queryset = with_lifecycle(queryset.with_stats(), now=now)
    held = Meeting.objects.filter(cancelled=False)
    present = Attendance.objects.filter(present=True, meeting__cancelled=False)
    going = Rsvp.objects.filter(status=Rsvp.Status.YES, meeting__cancelled=False)
    key = "meeting__community"
    annotations = {}
    for name, (start, end) in {"recent": recent, "before": before}.items():
        annotations |= {
            f"meetings_{name}": per_community(
                held.filter(starts_at__gte=start, starts_at__lt=end), Count("pk")
            ),
            f"present_{name}": per_community(
                present.filter(meeting__starts_at__gte=start, meeting__starts_at__lt=end),
                Count("pk"),
                key,
            ),
            f"going_{name}": per_community(
                going.filter(meeting__starts_at__gte=start, meeting__starts_at__lt=end),
                Count("pk"),
                key,
            ),
            f"pulse_avg_{name}": per_community(
                PulseAnswer.objects.filter(created_at__gte=start, created_at__lt=end),
                Avg("value", output_field=FloatField()),
            ),
            f"pulse_count_{name}": per_community(
                PulseAnswer.objects.filter(created_at__gte=start, created_at__lt=end),
                Count("pk"),
            ),
        }
    joined = Membership.objects.filter(joined_at__gte=recent[0])
    left = Membership.objects.filter(state=Membership.State.LEFT, left_at__gte=recent[0])
    overdue = RenewalRequest.objects.filter(
        community=OuterRef("pk"),
        confirmed_at=None,
        asked_at__lte=now - timedelta(days=RENEWAL_GRACE_DAYS),
    )
    return queryset.annotate(
        **annotations,
        joined_recent=Coalesce(per_community(joined, Count("pk")), 0),
        left_recent=Coalesce(per_community(left, Count("pk")), 0),
        pulse_invites_recent=Coalesce(
            per_community(
                JobRecord.objects.filter(job="pulse", created_at__gte=recent[0]), Count("pk")
            ),
            0,
        ),
        pulse_meeting_answers_recent=Coalesce(
            per_community(
                PulseAnswer.objects.filter(meeting__isnull=False, created_at__gte=recent[0]),
                Count("pk"),
            ),
            0,
        ),
        pending_count=Coalesce(
            per_community(Membership.objects.filter(state=Membership.State.PENDING), Count("pk")),
            Value(0, output_field=IntegerField()),
        ),
        renewal_overdue=Exists(overdue),
    )


@dataclass(frozen=True)
class HealthPart:
    """One measured part of a community's health: ``level`` is ok, warn, bad or none (no data)."""

    name: str
    value: str
    level: str
    rule: str


# How each part is computed and judged: shown on the pages and repeated in the README.
HEALTH_RULES = {
    "Last meeting": "Days since the latest meeting that was not cancelled (since approval if it "
    "never met). Fine up to 60 days, a warning after that, at risk once it passes the dormancy "
    "limit.",
    "Upcoming meetings": "Meetings scheduled and not cancelled. None scheduled is a warning.",
    "Attendance trend": "People marked present per meeting in the last 90 days, against the 90 "
    "days before. A drop of more than 20% is a warning.",
    "RSVP trend": "“Going” answers per meeting in the last 90 days, against the 90 days before. "
    "A drop of more than 20% is a warning.",
    "Pulse": "Average of members' value ratings (1–5) in the last 90 days. Below 3.5 is a "
    "warning, below 2.5 at risk. A fall of more than half a point from the 90 days before (with "
    "3+ answers in each) is a warning too.",
    "Pulse answer rate": "Pulse answers after meetings divided by the pulse e-mails sent in the "
    "last 90 days. Below 30% is a warning.",
    "Leaders": "Active leaders and co-leaders. One is a warning (nobody to take over), none is "
    "at risk.",
    "Members joined and left": "Memberships started and ended in the last 90 days. More leaving "
    "than joining is a warning.",
}


def _per_meeting(count: int | None, meetings: int | None) -> float | None:
    return (count or 0) / meetings if meetings else None


def _trend(name: str, recent: float | None, before: float | None) -> HealthPart:
    if recent is None:
        return HealthPart(name, "No meetings in the last 90 days", "none", HEALTH_RULES[name])
    text = f"{recent:.1f} per meeting"
    if before is None:
        return HealthPart(name, text + " (nothing to compare with)", "ok", HEALTH_RULES[name])
    text += f", was {before:.1f}"
    level = "warn" if before > 0 and recent < 0.8 * before else "ok"
    return HealthPart(name, text, level, HEALTH_RULES[name])


def pulse_is_falling(community: Community) -> bool:
    """True when the recent pulse average fell more than half a point (3+ answers each window)."""
    return (
        (community.pulse_count_recent or 0) >= 3
        and (community.pulse_count_before or 0) >= 3
        and community.pulse_avg_recent < community.pulse_avg_before - 0.5
    )


def health_parts(community: Community, *, now: datetime | None = None) -> list[HealthPart]:
    """The parts of a community's health, each with its value, level and rule, from a community
    annotated by with_health."""
    now = now or timezone.now()
    since = community.last_meeting_at or community.approved_at
    days = (now - since).days
    level = "ok" if days <= 60 else "warn" if days <= dormant_after_days() else "bad"
    never = "" if community.last_meeting_at else " (never met; counted from approval)"
    parts = [
        HealthPart("Last meeting", f"{days} days ago{never}", level, HEALTH_RULES["Last meeting"]),
        HealthPart(
            "Upcoming meetings",
            str(community.upcoming_count),
            "ok" if community.upcoming_count else "warn",
            HEALTH_RULES["Upcoming meetings"],
        ),
        _trend(
            "Attendance trend",
            _per_meeting(community.present_recent, community.meetings_recent),
            _per_meeting(community.present_before, community.meetings_before),
        ),
        _trend(
            "RSVP trend",
            _per_meeting(community.going_recent, community.meetings_recent),
            _per_meeting(community.going_before, community.meetings_before),
        ),
    ]
    avg = community.pulse_avg_recent
    if avg is None:
        parts.append(
            HealthPart("Pulse", "No answers in the last 90 days", "none", HEALTH_RULES["Pulse"])
        )
    else:
        level = "ok" if avg >= 3.5 else "warn" if avg >= 2.5 else "bad"
        text = f"{avg:.1f} of 5 from {community.pulse_count_recent} answers"
        if community.pulse_avg_before is not None:
            text += f", was {community.pulse_avg_before:.1f}"
        if pulse_is_falling(community):
            level, text = ("bad" if level == "bad" else "warn"), text + " (falling)"
        parts.append(HealthPart("Pulse", text, level, HEALTH_RULES["Pulse"]))
    invites, answers = community.pulse_invites_recent, community.pulse_meeting_answers_recent
    if invites:
        rate = min(answers / invites, 1.0)
        parts.append(
            HealthPart(
                "Pulse answer rate",
                f"{rate:.0%} ({answers} of {invites})",
                "ok" if rate >= 0.3 else "warn",
                HEALTH_RULES["Pulse answer rate"],
            )
        )
    else:
        parts.append(
            HealthPart(
                "Pulse answer rate",
                "No pulse e-mails sent yet",
                "none",
                HEALTH_RULES["Pulse answer rate"],
            )
        )
    leaders = community.leader_count
    parts.append(
        HealthPart(
            "Leaders",
            str(leaders),
            "ok" if leaders >= 2 else "warn" if leaders == 1 else "bad",
            HEALTH_RULES["Leaders"],
        )
    )
    joined, left = community.joined_recent, community.left_recent
    parts.append(
        HealthPart(
            "Members joined and left",
            f"{joined} joined, {left} left",
            "warn" if left > joined else "ok",
            HEALTH_RULES["Members joined and left"],
        )
    )
    return parts


def health_summary(parts: list[HealthPart]) -> tuple[str, str]:
    """An overall label and level from the parts: "At risk" when any part is at risk, "Needs
    attention" with two or more warnings, else "Healthy"."""
    levels = [p.level for p in parts]
    if "bad" in levels:
        return "At risk", "bad"
    if levels.count("warn") >= 2:
        return "Needs attention", "warn"
    return "Healthy", "ok"


def attention_reasons(community: Community, *, now: datetime | None = None) -> list[str]:
    """Why a coordinator should look at a community annotated by with_health (may be empty)."""
    now = now or timezone.now()
    reasons = []
    if community.status == Community.Status.ARCHIVED:
        return reasons
    if community.leader_count == 0:
        reasons.append("No leader")
    elif community.leader_count == 1:
        reasons.append("Single leader")
    if (
        community.status == Community.Status.ACTIVE
        and community.upcoming_count == 0
        and dormant_from(community) <= now + timedelta(days=DORMANT_WARNING_DAYS)
    ):
        reasons.append(f"Dormant soon ({dormant_from(community):%Y-%m-%d})")
    if community.renewal_overdue:
        reasons.append("Renewal overdue")
    if pulse_is_falling(community):
        reasons.append("Falling pulse")
    return reasons
