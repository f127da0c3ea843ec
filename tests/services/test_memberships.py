import pytest
from django.core.exceptions import ValidationError

from communities import services
from communities.models import Membership, MembershipPolicy
from tests.conftest import add_member


def test_joining_an_open_community_makes_an_active_member(community, employee):
    membership = services.membership_join(user=employee, community=community)
    assert membership.state == Membership.State.ACTIVE
    assert membership.joined_at is not None


def test_double_join_keeps_one_membership(community, employee):
    services.membership_join(user=employee, community=community)
    services.membership_join(user=employee, community=community)
    assert Membership.objects.filter(user=employee, community=community).count() == 1


def test_joining_a_request_community_waits_for_approval(make_community, employee):
    community = make_community(membership_policy=MembershipPolicy.REQUEST)
    membership = services.membership_join(user=employee, community=community)
    assert membership.state == Membership.State.PENDING
    assert services.membership_join(user=employee, community=community).pk == membership.pk


def test_a_restricted_community_cannot_be_joined(make_community, employee):
    community = make_community(membership_policy=MembershipPolicy.RESTRICTED)
    with pytest.raises(ValidationError) as error:
        services.membership_join(user=employee, community=community)
    assert error.value.code == "restricted"
    assert not Membership.objects.exists()


def test_an_archived_community_takes_no_members(make_community, employee):
    community = make_community(status="archived")
    with pytest.raises(ValidationError):
        services.membership_join(user=employee, community=community)


def test_leaving_keeps_the_row_as_history_and_rejoining_reuses_it(community, member):
    left = services.membership_leave(user=member, community=community)
    assert left.state == Membership.State.LEFT and left.left_at is not None
    again = services.membership_join(user=member, community=community)
    assert again.pk == left.pk and again.state == Membership.State.ACTIVE and again.left_at is None


def test_double_leave_is_harmless(community, member):
    services.membership_leave(user=member, community=community)
    services.membership_leave(user=member, community=community)
    assert Membership.objects.get(user=member).state == Membership.State.LEFT


def test_leaving_a_community_never_joined_does_nothing(community, employee):
    assert services.membership_leave(user=employee, community=community) is None


def test_the_only_leader_cannot_leave(community, leader):
    with pytest.raises(ValidationError) as error:
        services.membership_leave(user=leader, community=community)
    assert error.value.code == "last_leader"
    assert Membership.objects.get(user=leader).is_leader


def test_a_leader_can_leave_when_a_co_leader_remains(community, leader, make_user):
    add_member(community, make_user(), role=Membership.Role.CO_LEADER)
    services.membership_leave(user=leader, community=community)
    assert Membership.objects.get(user=leader).state == Membership.State.LEFT
