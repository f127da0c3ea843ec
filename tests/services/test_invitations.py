"""services.invitations and services.memberships.membership_grant, without the views: the rules
a view cannot show on its own (roles, races with the membership rules, archived communities)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from communities.models import Community, Invitation, Membership
from communities.services.invitations import (
    invitation_accept,
    invitation_token,
    invitations_send,
)
from communities.services.memberships import membership_grant
from tests.personas import add_member

pytestmark = pytest.mark.clock("2026-11-30 12:00")


def test_grant_never_lowers_a_role(community, leader):
    assert membership_grant(community=community, user=leader, role="member").role == "leader"


def test_grant_makes_a_co_leader_when_the_community_has_a_leader(community, leader, employee):
    membership = membership_grant(community=community, user=employee, role="leader")
    assert membership.role == Membership.Role.CO_LEADER
    assert community.memberships.get(role="leader").user == leader


def test_grant_turns_a_pending_request_into_a_membership(community, employee):
    add_member(community, employee, state=Membership.State.PENDING)
    membership = membership_grant(community=community, user=employee, role="member")
    assert membership.state == Membership.State.ACTIVE and membership.joined_at is not None
    assert community.memberships.filter(user=employee).count() == 1


def test_grant_refuses_an_archived_community(make_community, employee):
    archived = make_community("Old", status=Community.Status.ARCHIVED)
    with pytest.raises(ValidationError) as caught:
        membership_grant(community=archived, user=employee, role="member")
    assert caught.value.code == "archived"


def test_only_a_leader_of_the_community_or_a_coordinator_invites(community, member, coordinator):
    with pytest.raises(PermissionDenied):
        invitations_send(community=community, emails=["a@example.edu"], actor=member)
    report = invitations_send(community=community, emails=["a@example.edu"], actor=coordinator)
    assert report.invited == ["a@example.edu"]


def test_inviting_again_while_pending_is_reported_and_sends_nothing_new(community, leader):
    invitations_send(community=community, emails=["a@example.edu"], actor=leader)
    report = invitations_send(community=community, emails=["A@example.edu"], actor=leader)
    assert report.already_invited == ["a@example.edu"] and report.invited == []
    assert Invitation.objects.count() == 1


def test_accepting_after_the_community_was_archived_creates_nothing(community, leader, employee):
    invitations_send(community=community, emails=[employee.email], actor=leader)
    token = invitation_token(Invitation.objects.get())
    community.status = Community.Status.ARCHIVED
    community.save()
    with pytest.raises(ValidationError) as caught:
        invitation_accept(token=token, user=employee)
    assert caught.value.code == "archived"
    assert not community.memberships.filter(user=employee).exists()


def test_an_invitation_to_lead_a_leaderless_community_makes_the_leader(make_community, employee):
    leaderless = make_community("Seeking")
    invitations_send(
        community=leaderless, emails=[employee.email], role=Invitation.Role.LEADER, actor=None
    )
    membership = invitation_accept(token=invitation_token(Invitation.objects.get()), user=employee)
    assert membership.role == Membership.Role.LEADER
