"""The coordinator's dashboard: figures, charts and the CSV rows, assembled from selectors."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.utils import timezone

from communities.models import Community, Kind
from communities.selectors.people import lead_offers_waiting, requests_to_leaderless

from .activity import monthly_activity, proposals_waiting, status_kind_counts
from .charts import bar_chart
from .selectors import attention_reasons, health_parts, health_summary, with_health


def community_rows(*, now: datetime | None = None) -> list[Community]:
    """Every community (archived too), annotated by with_health, each with ``parts``,
    ``health_label``, ``health_level`` and ``reasons`` set. One query."""
    now = now or timezone.now()
    rows = list(with_health(Community.objects.all(), now=now).order_by("name"))
    for community in rows:
        community.parts = health_parts(community, now=now)
        community.health_label, community.health_level = health_summary(community.parts)
        community.reasons = attention_reasons(community, now=now)
    return rows


ATTENTION_ORDER = ["No leader", "Single leader", "Dormant soon", "Renewal overdue", "Falling pulse"]


def attention_groups(rows: list[Community]) -> list[dict]:
    """The communities needing attention grouped by reason, in ATTENTION_ORDER:
    [{"reason", "items": [(community, reason text)]}], empty groups left out."""
    groups = {reason: [] for reason in ATTENTION_ORDER}
    for community in rows:
        for text in community.reasons:
            groups[text.split(" (")[0]].append((community, text))
    return [{"reason": r, "items": items} for r, items in groups.items() if items]


def dashboard_context(*, now: datetime | None = None) -> dict:
    """Template context for the dashboard page (a handful of queries, none per community)."""
    now = now or timezone.now()
    rows = community_rows(now=now)
    counts = Counter()
    for row in status_kind_counts():
        counts[row["status"], row["kind"]] = row["n"]
    statuses = Community.Status.choices
    by_status = [
        {
            "label": label,
            "kinds": [counts[status, kind] for kind, _ in Kind.choices],
            "total": sum(counts[status, kind] for kind, _ in Kind.choices),
        }
        for status, label in statuses
    ]
    months = monthly_activity(now=now)
    return {
        "kinds": Kind.choices,
        "by_status": by_status,
        "kind_totals": [sum(s["kinds"][i] for s in by_status) for i in range(len(Kind.choices))],
        "total": sum(s["total"] for s in by_status),
        "attention": [c for c in rows if c.reasons],
        "attention_groups": attention_groups(rows),
        "proposals": proposals_waiting(now=now),
        "lead_offers": list(lead_offers_waiting()),
        "leaderless_requests": list(requests_to_leaderless()),
        "months": months,
        "members_chart": bar_chart(
            id="members-chart",
            title="Members per month",
            description="Active memberships in listed communities at the end of each of the "
            "last 12 months.",
            value_heading="Members",
            points=[(m.month.strftime("%b"), m.month.strftime("%B %Y"), m.members) for m in months],
        ),
        "meetings_chart": bar_chart(
            id="meetings-chart",
            title="Meetings per month",
            description="Meetings held or scheduled (not cancelled) in each of the last 12 months.",
            value_heading="Meetings",
            points=[
                (m.month.strftime("%b"), m.month.strftime("%B %Y"), m.meetings) for m in months
            ],
        ),
        "rows": rows,
    }


CSV_HEADER = [
    "name", "url", "kind", "status", "health", "attention", "leaders", "members",
    "last_meeting", "days_since_meeting_or_approval", "upcoming_meetings",
    "attendance_per_meeting_90d", "going_per_meeting_90d", "pulse_average_90d",
    "pulse_answers_90d", "pulse_emails_90d", "joined_90d", "left_90d", "pending_requests",
    "renewal_overdue",
]  # fmt: skip


def _safe(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(base_url: str, *, now: datetime | None = None):
    """Yield the CSV header, then one row per community (see CSV_HEADER)."""
    now = now or timezone.now()
    yield CSV_HEADER
    for c in community_rows(now=now):
        since = c.last_meeting_at or c.approved_at
        per = lambda n, m: f"{n / m:.2f}" if m else ""  # noqa: E731
        yield [
            _safe(v)
            for v in (
                c.name, base_url + c.get_absolute_url(), c.kind, c.status, c.health_label,
                "; ".join(c.reasons), c.leader_count, c.member_count,
                c.last_meeting_at.date().isoformat() if c.last_meeting_at else "",
                (now - since).days, c.upcoming_count,
                per(c.present_recent or 0, c.meetings_recent),
                per(c.going_recent or 0, c.meetings_recent),
                f"{c.pulse_avg_recent:.2f}" if c.pulse_avg_recent is not None else "",
                c.pulse_count_recent or 0, c.pulse_invites_recent, c.joined_recent,
                c.left_recent, c.pending_count, "yes" if c.renewal_overdue else "no",
            )
        ]  # fmt: skip
