"""Reads for a community's own pages: the community page, its resource links, its messages."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from ..models import Community, CommunityResources, MemberMessage, Membership


def community_page(community: Community) -> Community:
    """``community`` re-read for its page: its next meeting, its resource links, and its leaders
    (with their profiles) as ``leader_memberships``, leader before co-leaders, and their number
    as ``leader_count``. Three queries, whatever the community's size: ``member_count`` is a
    field; the leaders' memberships come from the partial index ``membership_leaders`` and their
    users by primary key (a join let PostgreSQL scan the whole users table for two leaders)."""
    leaders = Membership.objects.leaders().by_rank("joined_at")
    users = get_user_model().objects.select_related("profile")
    community = (
        Community.objects.with_next_meeting()
        .select_related("resources")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=leaders.prefetch_related(Prefetch("user", queryset=users)),
                to_attr="leader_memberships",
            )
        )
        .get(pk=community.pk)
    )
    community.leader_count = len(community.leader_memberships)
    return community


def community_resources(community: Community) -> CommunityResources | None:
    """The community's resource links (mailing list, chat, shared folder), or None if never set."""
    return CommunityResources.objects.filter(community=community).first()


def sent_messages(community: Community) -> QuerySet[MemberMessage]:
    """The last 20 messages its leaders sent the members, newest first, with their senders."""
    return MemberMessage.objects.filter(community=community).select_related("sender")[:20]
