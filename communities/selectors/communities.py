"""Reads for a community's own pages: the community page, its resource links, its messages."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from ..models import Community, CommunityResources, MemberMessage, Membership


def community_page(community: Community) -> Community:
    """``community`` re-read for its page: with_stats counts, its resource links, and its leaders
    (with their profiles) as ``leader_memberships``, leader before co-leaders. One query plus
    one for the leaders."""
    return (
        Community.objects.with_stats()
        .select_related("resources")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.leaders()
                .select_related("user", "user__profile")
                .by_rank("joined_at"),
                to_attr="leader_memberships",
            )
        )
        .get(pk=community.pk)
    )


def community_resources(community: Community) -> CommunityResources | None:
    """The community's resource links (mailing list, chat, shared folder), or None if never set."""
    return CommunityResources.objects.filter(community=community).first()


def sent_messages(community: Community) -> QuerySet[MemberMessage]:
    """The last 20 messages its leaders sent the members, newest first, with their senders."""
    return MemberMessage.objects.filter(community=community).select_related("sender")[:20]
