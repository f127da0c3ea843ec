"""A join request sent in the same instant as the account's deletion cannot become a member."""

import pytest
from django.core.exceptions import ValidationError

from communities.models import Membership, MembershipPolicy
from communities.selectors.people import pending_requests
from communities.services import memberships
from tests.personas import add_member


def test_a_deleted_accounts_request_is_hidden_and_cannot_be_approved(
    make_community, leader, make_user
):
    community = make_community("Request Circle", membership_policy=MembershipPolicy.REQUEST)
    add_member(community, leader, role=Membership.Role.LEADER)
    person = make_user("gone")
    request = memberships.membership_join(user=person, community=community)
    # The deletion committed between the join's start and its commit: the row outlived it.
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    assert list(pending_requests(community)) == []
    with pytest.raises(ValidationError) as refused:
        memberships.membership_approve(community=community, membership_id=request.pk, actor=leader)
    assert refused.value.code == "account_deleted"
    community.refresh_from_db()
    assert community.member_count == 1  # the leader only


def test_a_deleted_account_cannot_join(make_community, make_user):
    community = make_community("Open Circle", membership_policy=MembershipPolicy.OPEN)
    person = make_user("gone")
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    with pytest.raises(ValidationError) as refused:
        memberships.membership_join(user=person, community=community)
    assert refused.value.code == "account_deleted"
    assert not community.memberships.exists()
