"""Reads about people: a community's roster (and its CSV), its members page, join requests,
finding a user, and who gets a community's e-mail."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import Community, LeadOffer, MeetingEmailOptOut, Membership

# Cells a spreadsheet would run as a formula (CSV injection); they get a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def find_user(identifier: str) -> AbstractBaseUser | None:
    """An active user by exact username or e-mail address (ignoring case), or None."""
    identifier = identifier.strip()
    if not identifier:
        return None
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
        .order_by("pk")
        .first()
    )


def roster(community: Community):
    """Active members, leaders first, then by name, with their users (one query)."""
    return (
        community.memberships.active()
        .select_related("user")
        .by_rank("user__last_name", "user__first_name", "user__username")
    )


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def roster_csv(community: Community) -> str:
    """The roster as CSV text with a UTF-8 byte-order mark (so Excel reads accents), one row per
    active member: name, e-mail, role, joined date (in the site's zone). Cells that a
    spreadsheet would take for a formula start with a quote instead."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["Name", "E-mail", "Role", "Joined"])
    for m in roster(community):
        joined = timezone.localtime(m.joined_at).date().isoformat() if m.joined_at else ""
        name = m.user.get_full_name() or m.user.get_username()
        writer.writerow([_cell(name), _cell(m.user.email), m.get_role_display(), joined])
    return out.getvalue()


def community_mail_recipients(
    community: Community, among: Iterable[int] | None = None, *, members_only: bool = True
) -> list[AbstractBaseUser]:
    """People who want ``community``'s bulk e-mail (meetings, reminders, leaders' messages, news)
    and have an address: active accounts, not switched off globally
    (MemberSettings.meeting_emails), not opted out of this community (MeetingEmailOptOut).

    ``members_only`` (default) keeps active members (leaders included); False is for mail to
    someone who just stopped being one (removed). ``among`` limits them to those user ids.
    Ordered by pk; one query. The one rule every bulk e-mail to members goes through.
    """
    users = get_user_model().objects.filter(is_active=True)
    if among is not None:
        users = users.filter(pk__in=list(among))
    if members_only:
        users = users.filter(
            memberships__community=community, memberships__state=Membership.State.ACTIVE
        )
    return list(
        users.exclude(email="")
        .exclude(cop_settings__meeting_emails=False)
        .exclude(pk__in=MeetingEmailOptOut.objects.filter(community=community).values("user"))
        .order_by("pk")
    )


# The name the meeting services have used since issue 3.
meeting_mail_recipients = community_mail_recipients


def members_page(community: Community) -> tuple[list[Membership], int]:
    """``(listed, hidden_count)`` for a community's members page (seen by its members only):
    active memberships of people who chose to appear there (``listed_to_members``; leaders always
    appear, as on the public page), leaders first then by name, each with ``user.profile`` (unit,
    title) and ``user.cop_settings`` ("ask me about") loaded; and how many chose not to appear.
    Two queries."""
    active = community.memberships.active()
    shown = Q(listed_to_members=True) | Q(role__in=Membership.LEADER_ROLES)
    listed = list(
        active.filter(shown)
        .select_related("user", "user__profile", "user__cop_settings")
        .by_rank("user__last_name", "user__first_name", "user__username")
    )
    return listed, active.exclude(shown).count()


def listed_community_ids(user: AbstractBaseUser) -> set[int]:
    """Communities where ``user`` is an active member and appears on the members page."""
    return set(
        Membership.objects.active()
        .filter(user=user, listed_to_members=True)
        .values_list("community_id", flat=True)
    )


def pending_requests(community: Community) -> QuerySet[Membership]:
    """Requests to join ``community`` waiting for its leaders, oldest first, with their users.
    A deleted (inactive) account's request is left out: one sent in the same instant as the
    deletion can outlive it, and services.memberships refuses to approve it."""
    return (
        community.memberships.filter(state=Membership.State.PENDING, user__is_active=True)
        .select_related("user")
        .order_by("requested_at")
    )


def lead_offers_waiting() -> QuerySet[LeadOffer]:
    """Offers to lead waiting for a coordinator, oldest first, with community and person."""
    return (
        LeadOffer.objects.filter(status=LeadOffer.Status.PENDING)
        .select_related("community", "user")
        .order_by("created_at")
    )


def requests_to_leaderless() -> QuerySet[Membership]:
    """Join requests waiting in communities that have no leader (the coordinators answer them),
    oldest first, with community and person. One query."""
    led = Membership.objects.leaders().values("community")
    return (
        Membership.objects.filter(state=Membership.State.PENDING, user__is_active=True)
        .exclude(community__in=led)
        .exclude(community__status=Community.Status.ARCHIVED)
        .select_related("community", "user")
        .order_by("requested_at")
    )
