"""The directory is cached for visitors on PostgreSQL, and no change is ever hidden by the cache.

These tests commit for real (transactional), because the data version is bumped at commit.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.caching import data_version
from communities.models import Community, Membership
from communities.services import memberships
from tests.personas import add_member

DIRECTORY = reverse("communities:directory")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the data version needs PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_a_committed_change_bumps_the_version_once_per_transaction(make_community, make_user):
    before = data_version()
    community = make_community("Versioned")
    after_create = data_version()
    assert after_create > before
    memberships.membership_join(user=make_user(), community=community)
    assert data_version() == after_create + 1


def test_visitors_see_a_join_at_once(client, make_community, make_user):
    community = make_community("Cached Group")
    add_member(community, make_user())
    assert "1 member\n" in client.get(DIRECTORY).content.decode()
    memberships.membership_join(user=make_user(), community=community)
    assert "2 members" in client.get(DIRECTORY).content.decode()


def test_bulk_updates_outside_services_also_invalidate(client, make_community):
    make_community("Soon Archived")
    assert "Soon Archived" in client.get(DIRECTORY).content.decode()
    Community.objects.filter(name="Soon Archived").update(status="archived")
    assert "Soon Archived" not in client.get(DIRECTORY).content.decode()


def test_logged_in_people_always_get_a_fresh_page(client, make_community, make_user):
    community = make_community("Fresh Group")
    user = make_user()
    client.force_login(user)
    assert "0 members" in client.get(DIRECTORY).content.decode()
    client.post(reverse("communities:join", args=[community.slug]))
    assert Membership.objects.filter(user=user, state="active").exists()
    assert "1 member\n" in client.get(DIRECTORY).content.decode()


def test_a_repeat_visit_costs_one_query(client, make_community):
    make_community("Busy Group")
    client.get(DIRECTORY)
    with CaptureQueriesContext(connection) as queries:
        assert "Busy Group" in client.get(DIRECTORY).content.decode()
    assert len(queries) == 1  # the data version


@pytest.mark.parametrize("path", ["/meetings/", "/meetings/calendar.ics", "/meetings/feed.atom"])
def test_the_campus_meetings_and_their_feeds_are_cached_for_visitors(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert len(queries) == 1  # the data version
