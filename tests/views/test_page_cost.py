"""A page's cost must not grow with the data: the same number of queries for a community of a
few members and one of hundreds, and no query that reads every membership or every community."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Community, Meeting, Membership
from communities.services.memberships import member_counts_refresh
from tests.personas import add_member

pytestmark = pytest.mark.clock("2026-11-30 12:00")


def _grow(community: Community, people: int, communities: int) -> None:
    """``people`` more members of ``community`` and ``communities`` more communities with a
    meeting each, written in bulk (as seed_scale does)."""
    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(username=f"bulk{start + i}", email=f"bulk{start + i}@example.edu")
        for i in range(people)
    )
    Membership.objects.bulk_create(Membership(community=community, user=u) for u in users)
    first = Community.objects.count()
    others = Community.objects.bulk_create(
        Community(
            name=f"Other {first + i}", name_key=f"other {first + i}", slug=f"other-{first + i}"
        )
        for i in range(communities)
    )
    soon = timezone.now() + timedelta(days=3)
    Meeting.objects.bulk_create(
        Meeting(community=c, title="Meet", starts_at=soon, ends_at=soon + timedelta(hours=1))
        for c in [community, *others]
    )
    member_counts_refresh([community])


def _sql(client, url) -> list[str]:
    client.get(url)  # what a process loads once (content types, templates)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_the_community_page_costs_the_same_at_any_size(client, community, leader, member, who):
    if who == "member":
        client.force_login(member)
    url = community.get_absolute_url()
    small = _sql(client, url)
    _grow(community, people=300, communities=40)
    large = _sql(client, url)
    assert len(large) == len(small)
    assert "<dt>Members</dt><dd>302</dd>" in client.get(url).text
    # Nothing counts the community's memberships: the count is stored on the community.
    assert not [q for q in large if "COUNT(" in q and "communities_membership" in q]


def test_the_leaders_are_read_without_joining_the_users_table(client, community, leader, member):
    queries = _sql(client, community.get_absolute_url())
    leaders = [q for q in queries if 'FROM "communities_membership"' in q]
    assert leaders and all('JOIN "auth_user"' not in q for q in leaders)
    assert "Lee Leader (leader)" in client.get(community.get_absolute_url()).text


def test_my_communities_costs_the_same_at_any_size(client, community, member, make_community):
    for n in range(3):
        add_member(make_community(f"Mine {n}"), member)
    client.force_login(member)
    url = reverse("communities:my_communities")
    small = _sql(client, url)
    _grow(community, people=50, communities=60)
    large = _sql(client, url)
    assert len(large) == len(small)
    # The upcoming meetings are matched to the user's communities already read, not joined
    # with the whole communities table.
    meetings = [q for q in large if 'FROM "communities_meeting"' in q]
    assert meetings and all('JOIN "communities_community"' not in q for q in meetings)
    assert "Meet" in client.get(url).text


def test_the_directory_costs_the_same_at_any_size(client, community, leader, member):
    small = _sql(client, "/?sort=members")
    _grow(community, people=200, communities=40)
    large = _sql(client, "/?sort=members")
    assert len(large) == len(small)
    assert "202 members" in client.get("/?sort=members").text
