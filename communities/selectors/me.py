"""Reads for a signed-in person's own pages: their communities, meetings, proposals, settings."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from ..models import (
    Meeting,
    MeetingEmailOptOut,
    MemberSettings,
    Membership,
    Proposal,
    ProposalNote,
)


def my_communities(user: AbstractBaseUser) -> tuple[list[Membership], list[Meeting]]:
    """The user's active and pending memberships (active first, by community name), and the next
    10 meetings of those communities that are not cancelled, each with its community. Two
    queries, whose cost follows the user's memberships, not the number of communities: the
    meetings are matched to the communities already read instead of joined with the communities
    table (PostgreSQL hashed the whole table for that join)."""
    memberships = list(
        Membership.objects.filter(
            user=user, state__in=[Membership.State.ACTIVE, Membership.State.PENDING]
        )
        .select_related("community")
        .order_by("state", "community__name")
    )
    communities = {m.community_id: m.community for m in memberships}
    upcoming = list(
        Meeting.objects.filter(community_id__in=communities, cancelled=False).upcoming()[:10]
    )
    for meeting in upcoming:
        meeting.community = communities[meeting.community_id]
    return memberships, upcoming


def my_proposals(user: AbstractBaseUser) -> QuerySet[Proposal]:
    """The proposals ``user`` made, newest first, with the communities approved ones became."""
    return Proposal.objects.filter(proposer=user).select_related("community")


def proposal_notes(proposal: Proposal) -> QuerySet[ProposalNote]:
    """The thread of ``proposal``, oldest first, with the authors loaded (one query)."""
    return proposal.notes.select_related("author")


def muted_community_ids(user: AbstractBaseUser) -> set[int]:
    """Ids of the communities whose meeting e-mails ``user`` turned off."""
    return set(MeetingEmailOptOut.objects.filter(user=user).values_list("community_id", flat=True))


def feed_owner(token: str) -> AbstractBaseUser | None:
    """The active user whose personal calendar feed has the secret ``token``, or None (unknown,
    reset, or the account is deactivated)."""
    found = MemberSettings.objects.select_related("user").filter(calendar_token=token).first()
    if found is None or not found.user.is_active:
        return None
    return found.user
