"""The member count stored on each community (services.memberships keeps it): every way in or out
of a community moves it by exactly one, and it always equals the active memberships counted."""

from __future__ import annotations

from accounts.services import account_anonymise
from communities.models import Community, Membership, MembershipPolicy
from communities.services import memberships, proposals
from tests.personas import add_member


def stored(community: Community) -> int:
    return Community.objects.get(pk=community.pk).member_count


def counted(community: Community) -> int:
    return community.memberships.active().count()


def test_joining_and_leaving_move_the_count_by_one(community, leader, employee):
    assert stored(community) == 1
    memberships.membership_join(user=employee, community=community)
    memberships.membership_join(user=employee, community=community)  # double click
    assert stored(community) == 2 == counted(community)
    memberships.membership_leave(user=employee, community=community)
    memberships.membership_leave(user=employee, community=community)
    assert stored(community) == 1 == counted(community)
    memberships.membership_join(user=employee, community=community)  # back again
    assert stored(community) == 2 == counted(community)


def test_a_request_counts_only_once_approved(make_community, make_user):
    community = make_community(membership_policy=MembershipPolicy.REQUEST)
    boss, asker, other = make_user(), make_user(), make_user()
    add_member(community, boss, role=Membership.Role.LEADER)
    first = memberships.membership_join(user=asker, community=community)
    second = memberships.membership_join(user=other, community=community)
    assert stored(community) == 1
    memberships.membership_approve(community=community, membership_id=first.pk, actor=boss)
    memberships.membership_approve(community=community, membership_id=first.pk, actor=boss)
    memberships.membership_decline(community=community, membership_id=second.pk, actor=boss)
    assert stored(community) == 2 == counted(community)
    memberships.membership_leave(user=other, community=community)  # nothing to withdraw
    assert stored(community) == 2


def test_removing_a_member_and_adding_a_co_leader(community, leader, member, make_user):
    row = Membership.objects.get(user=member)
    memberships.membership_remove(community=community, membership_id=row.pk, actor=leader)
    memberships.membership_remove(community=community, membership_id=row.pk, actor=leader)
    assert stored(community) == 1 == counted(community)
    newcomer = make_user("newcomer")
    memberships.co_leader_add(community=community, identifier="newcomer", actor=leader)
    memberships.co_leader_add(community=community, identifier="newcomer", actor=leader)
    assert stored(community) == 2 == counted(community)
    again = Membership.objects.get(user=newcomer)
    memberships.leadership_hand_over(community=community, membership_id=again.pk, actor=leader)
    assert stored(community) == 2 == counted(community)


def test_deleting_an_account_leaves_each_of_its_communities(make_community, make_user):
    person = make_user()
    joined = [make_community(membership_policy=MembershipPolicy.OPEN) for _ in range(3)]
    for community in joined:
        memberships.membership_join(user=person, community=community)
    assert [stored(c) for c in joined] == [1, 1, 1]
    account_anonymise(user=person)
    account_anonymise(user=person)
    assert [stored(c) for c in joined] == [0, 0, 0]


def test_a_coordinators_change_in_admin_moves_the_count(community, member, make_community):
    row = Membership.objects.get(user=member)
    row.state = Membership.State.LEFT
    memberships.membership_admin_save(membership=row)
    assert stored(community) == 0 == counted(community)
    row.state = Membership.State.ACTIVE
    memberships.membership_admin_save(membership=row)
    assert stored(community) == 1 == counted(community)
    elsewhere = make_community()
    row.community = elsewhere  # moved to another community
    memberships.membership_admin_save(membership=row)
    assert (stored(community), stored(elsewhere)) == (0, 1)
    assert counted(community) == 0 and counted(elsewhere) == 1


def test_an_approved_proposal_starts_with_its_founder_counted(make_user, coordinator):
    proposal = proposals.proposal_submit(
        proposer=make_user(), name="Plain Language Circle", purpose="Clear writing.", audience="All"
    )
    community = proposals.proposal_approve(proposal=proposal, coordinator=coordinator)
    assert stored(community) == 1 == counted(community)


def test_the_page_and_the_directory_show_the_stored_count(client, community, leader, member):
    assert "<dt>Members</dt><dd>2</dd>" in client.get(community.get_absolute_url()).text
    assert "2 members" in client.get("/").text


def test_refresh_repairs_counts_written_around_the_services(community, make_user):
    for _ in range(3):
        Membership.objects.create(community=community, user=make_user())
    assert stored(community) == 0
    assert memberships.member_counts_refresh() >= 1
    assert stored(community) == 3


def test_a_joined_community_object_carries_the_new_count(make_community, make_user):
    community = make_community(membership_policy=MembershipPolicy.OPEN)
    membership = memberships.membership_join(user=make_user(), community=community)
    assert membership.community.member_count == 1
