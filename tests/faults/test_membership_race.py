"""Two leaders changing each other's membership at the same moment, on PostgreSQL (SQLite
serialises writers, so the race cannot happen there and the test is skipped; CI runs it).

The actor's right to change people depends on their current role, so it is checked under the same
community row lock as the change (services.memberships): whoever comes second finds they are no
longer a leader and gets 403, as they would one after the other."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client

from accounts.services import account_anonymise
from communities.models import Membership, MembershipPolicy
from communities.services import communities, proposals
from tests.personas import add_member, make_coordinator, make_person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


def _cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _together(*calls):
    """Run each call in its own thread, released at the same moment; return their results."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait()
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [f.result() for f in [pool.submit(run, call) for call in calls]]


def _remove(actor, target: Membership, slug: str):
    cookie = _cookie(actor)

    def post() -> int:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
        return client.post(f"/c/{slug}/manage/people/{target.pk}/remove/").status_code

    return post


@pytest.mark.parametrize("round_", range(5))
def test_two_co_leaders_removing_each_other_at_once_leaves_one_of_them(round_):
    community = communities.community_create(
        name=f"Race {round_}", membership_policy=MembershipPolicy.OPEN
    )
    rows = {}
    for name in ("leader", "ann", "bob"):
        role = Membership.Role.LEADER if name == "leader" else Membership.Role.CO_LEADER
        rows[name] = add_member(community, make_person(f"{name}{round_}"), role=role)
    ann, bob = rows["ann"], rows["bob"]

    statuses = _together(
        _remove(ann.user, bob, community.slug), _remove(bob.user, ann, community.slug)
    )

    # One after the other the second gets 403: at the same moment it must too.
    assert sorted(statuses) == [302, 403]
    co_leaders = community.memberships.leaders().filter(role=Membership.Role.CO_LEADER)
    assert co_leaders.count() == 1


@pytest.mark.parametrize("round_", range(3))
def test_deleting_an_account_while_its_proposal_is_approved_leaves_no_former_member_leading(
    round_,
):
    proposer = make_person(f"proposer{round_}")
    coordinator = make_coordinator(f"coordinator{round_}")
    proposal = proposals.proposal_submit(
        proposer=proposer, name=f"Vanishing {round_}", purpose="Either way.", audience="All"
    )

    def approve():
        try:
            return proposals.proposal_approve(proposal=proposal, coordinator=coordinator)
        except ValidationError as error:
            return error.code

    def delete():
        return account_anonymise(user=proposer)

    outcome, _ = _together(approve, delete)  # neither deadlocks nor raises

    # Whichever came first, nobody inactive leads a community.
    assert not Membership.objects.filter(user=proposer, state=Membership.State.ACTIVE).exists()
    if outcome == "not_submitted":  # the deletion won: the proposal was withdrawn
        proposal.refresh_from_db()
        assert proposal.status == proposal.Status.WITHDRAWN
