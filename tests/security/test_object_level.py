"""Object-level access: people reach only their own proposals, leaders only their own communities.

The leader tools and meeting pages (issue 3) use get_led_community; their "leader of A edits B's
meeting by id" cases belong in the permission table and here when they ship.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from communities.models import Proposal
from communities.permissions import get_led_community
from tests.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("role", ["leader", "coordinator"])
def test_a_leader_or_coordinator_reaches_the_community_they_lead(world, role):
    assert get_led_community(world.community.slug, world.users[role]) == world.community


@pytest.mark.parametrize("role", ["other_leader", "member", "pending", "employee"])
def test_anyone_else_is_refused_with_403(world, role):
    with pytest.raises(PermissionDenied):
        get_led_community(world.community.slug, world.users[role])


@pytest.mark.parametrize("slug", ["no-such-community", "a\x00b"])
def test_an_unknown_community_is_404_before_any_permission_question(world, slug):
    with pytest.raises(Http404):
        get_led_community(slug, world.users["leader"])


@pytest.mark.parametrize("role", ["member", "other_leader", "coordinator"])
def test_nobody_else_withdraws_or_reads_a_proposal_by_its_id(client, world, role):
    client.force_login(world.users[role])
    pk = world.proposal.pk
    assert client.post(f"/me/proposals/{pk}/withdraw/").status_code == 404
    response = client.get(f"/propose/sent/{pk}/")
    assert response.status_code == 404 and world.proposal.name not in response.content.decode()
    assert Proposal.objects.get(pk=pk).status == Proposal.Status.SUBMITTED
    assert world.proposal.name not in client.get("/me/proposals/").content.decode()
