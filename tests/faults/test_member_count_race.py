"""People joining and leaving one community at the same moment, on PostgreSQL (SQLite serialises
writers; CI runs it): the stored member count moves under the community's row lock, so no
update is lost and it ends equal to the active memberships."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from communities.models import Community, MembershipPolicy
from communities.services import communities, memberships
from tests.personas import add_member, make_person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


def _together(calls):
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait()
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [f.result() for f in [pool.submit(run, call) for call in calls]]


def test_simultaneous_joins_and_leaves_keep_the_count_exact():
    community = communities.community_create(
        name="Busy Community", membership_policy=MembershipPolicy.OPEN
    )
    leavers = [make_person(f"leaver{i}") for i in range(4)]
    for person in leavers:
        add_member(community, person)
    joiners = [make_person(f"joiner{i}") for i in range(8)]

    def join(person):
        return lambda: memberships.membership_join(user=person, community=community)

    def leave(person):
        return lambda: memberships.membership_leave(user=person, community=community)

    # Each joiner clicks twice; each leaver leaves while they join.
    _together([join(p) for p in joiners * 2] + [leave(p) for p in leavers])

    stored = Community.objects.get(pk=community.pk).member_count
    assert stored == community.memberships.active().count() == len(joiners)
