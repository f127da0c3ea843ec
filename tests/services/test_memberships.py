import pytest
from django.core.exceptions import ValidationError

from communities.models import Membership, MembershipPolicy
from communities.services import memberships
from tests.personas import add_member


def test_joining_an_open_community_makes_an_active_member(community, employee):
    membership = memberships.membership_join(user=employee, community=community)
    assert membership.state == Membership.State.ACTIVE
    assert membership.joined_at is not None


def test_double_join_keeps_one_membership(community, employee):
    memberships.membership_join(user=employee, community=community)
    memberships.membership_join(user=employee, community=community)
    assert Membership.objects.filter(user=employee, community=community).count() == 1


def test_joining_a_request_community_waits_for_approval(make_community, employee):
    community = make_community(membership_policy=MembershipPolicy.REQUEST)
    membership = memberships.membership_join(user=employee, community=community)
    assert membership.state == Membership.State.PENDING
    assert memberships.membership_join(user=employee, community=community).pk == membership.pk


def test_a_restricted_community_cannot_be_joined(make_community, employee):
    community = make_community(membership_policy=MembershipPolicy.RESTRICTED)
    with pytest.raises(ValidationError) as error:
        memberships.membership_join(user=employee, community=community)
    assert error.value.code == "restricted"
    assert not Membership.objects.exists()


def test_an_archived_community_takes_no_members(make_community, employee):
    community = make_community(status="archived")
    with pytest.raises(ValidationError):
        memberships.membership_join(user=employee, community=community)


def test_leaving_keeps_the_row_as_history_and_rejoining_reuses_it(community, member):
    left = memberships.membership_leave(user=member, community=community)
    assert left.state == Membership.State.LEFT and left.left_at is not None
    again = memberships.membership_join(user=member, community=community)
    assert again.pk == left.pk and again.state == Membership.State.ACTIVE and again.left_at is None


def test_double_leave_is_harmless(community, member):
    memberships.membership_leave(user=member, community=community)
    memberships.membership_leave(user=member, community=community)
    assert Membership.objects.get(user=member).state == Membership.State.LEFT


def test_leaving_a_community_never_joined_does_nothing(community, employee):
    assert memberships.membership_leave(user=employee, community=community) is None


def test_the_only_leader_cannot_leave(community, leader):
    with pytest.raises(ValidationError) as error:
        memberships.membership_leave(user=leader, community=community)
    assert error.value.code == "last_leader"
    assert Membership.objects.get(user=leader).is_leader


def test_a_leader_can_leave_when_a_co_leader_remains(community, leader, make_user):
    add_member(community, make_user(), role=Membership.Role.CO_LEADER)
    memberships.membership_leave(user=leader, community=community)
    assert Membership.objects.get(user=leader).state == Membership.State.LEFT


def test_a_join_request_is_sent_to_the_leaders(
    make_community, make_user, employee, django_capture_on_commit_callbacks
):
    from django.core import mail

    community = make_community(membership_policy=MembershipPolicy.REQUEST)
    lead = make_user("lead")
    add_member(community, lead, role=Membership.Role.LEADER)
    with django_capture_on_commit_callbacks(execute=True):
        memberships.membership_join(user=employee, community=community)
        memberships.membership_join(user=employee, community=community)  # a double click: one mail
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert employee.email in mail.outbox[0].body


def test_a_request_to_a_leaderless_community_goes_to_the_coordinators(
    make_community, employee, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    community = make_community(membership_policy=MembershipPolicy.REQUEST)
    with django_capture_on_commit_callbacks(execute=True):
        memberships.membership_join(user=employee, community=community)
    assert mail.outbox[0].to == [coordinator.email]
    assert "/admin/communities/membership/" in mail.outbox[0].body
