"""Deleting an account, by the person (/accounts/delete/) or by a coordinator in admin: the same
result either way, through services.memberships like every other way a membership ends."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import account_anonymise
from communities.models import Community, Membership, Proposal, Rsvp
from communities.services import proposals, rsvps
from tests.meeting_helpers import schedule
from tests.personas import add_member

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-03-14 02:30")]


def _delete_own_account(client, user):
    client.force_login(user)
    return client.post(reverse("accounts:delete"), {"confirm": "on"})


def _delete_in_admin(client, superuser, user):
    client.force_login(superuser)
    return client.post(
        reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"}, follow=True
    )


@pytest.fixture(params=["self", "admin"])
def delete_account(request, client, make_user):
    """Delete an account the two ways a person's account can go."""

    def delete(user):
        if request.param == "self":
            return _delete_own_account(client, user)
        superuser = make_user("root", is_staff=True, is_superuser=True)
        return _delete_in_admin(client, superuser, user)

    return delete


def test_the_seat_of_a_deleted_account_goes_to_the_waitlist_who_is_told(
    community, leader, member, make_user, delete_account, django_capture_on_commit_callbacks
):
    meeting = schedule(community, capacity=1)
    waiting = make_user("waiting")
    add_member(community, waiting)
    rsvps.rsvp_set(meeting=meeting, user=member, going=True)
    rsvps.rsvp_set(meeting=meeting, user=waiting, going=True)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(member)

    assert Rsvp.objects.get(meeting=meeting, user=waiting).status == Rsvp.Status.YES
    assert Rsvp.objects.get(meeting=meeting, user=member).status == Rsvp.Status.NO
    told = [m for m in mail.outbox if m.to == [waiting.email]]
    assert len(told) == 1
    assert "You have a place" in told[0].subject


def test_when_the_only_leader_deletes_their_account_the_coordinators_are_told(
    client, community, leader, member, coordinator, delete_account,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(leader)

    assert Community.objects.with_stats().get(pk=community.pk).leader_count == 0
    assert [m.subject for m in mail.outbox if coordinator.email in m.to] == [
        f"{community.name} has no leader"
    ]
    client.logout()
    assert "Seeking a leader" in client.get(community.get_absolute_url()).content.decode()


def test_a_deleted_person_s_pending_proposal_is_withdrawn(employee, delete_account):
    proposal = proposals.proposal_submit(
        proposer=employee, name="Gone Club", purpose="Will not happen.", audience="All"
    )
    delete_account(employee)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN


def test_a_coordinator_deleting_a_user_in_admin_keeps_their_history(
    client, community, member, make_user
):
    superuser = make_user("root", is_staff=True, is_superuser=True)
    response = _delete_in_admin(client, superuser, member)
    assert response.status_code == 200
    member.refresh_from_db()  # the row stays, anonymised, as when they delete it themselves
    assert (member.is_active, member.first_name) == (False, "Former member")
    assert Membership.objects.get(user=member).state == Membership.State.LEFT


def test_a_proposal_whose_proposer_is_gone_cannot_be_approved(client, coordinator, employee):
    proposal = proposals.proposal_submit(
        proposer=employee, name="Orphan Club", purpose="Nobody to lead it.", audience="All"
    )
    employee.is_active = False  # deactivated some other way, the proposal still waiting
    employee.save()
    client.force_login(coordinator)
    data = {"action": "approve", "_selected_action": [proposal.pk], "apply": "1", "note": ""}
    response = client.post("/admin/communities/proposal/", data, follow=True)
    assert "no longer has an active account" in response.content.decode()
    assert not Community.objects.filter(name="Orphan Club").exists()


def test_deleting_twice_changes_nothing_more(community, leader, coordinator):
    account_anonymise(user=leader)
    account_anonymise(user=leader)
    assert Membership.objects.get(user=leader).history.count() == 2


def test_a_user_deleted_from_a_shell_frees_the_seat_and_leaves_the_community_seeking_a_leader(
    community, leader, coordinator, make_user, django_capture_on_commit_callbacks
):
    meeting = schedule(community, capacity=1)
    waiting = make_user("waiting")
    add_member(community, waiting)
    rsvps.rsvp_set(meeting=meeting, user=leader, going=True)
    rsvps.rsvp_set(meeting=meeting, user=waiting, going=True)

    with django_capture_on_commit_callbacks(execute=True):
        leader.delete()  # not the product's way (it anonymises), but a shell can do it

    assert Rsvp.objects.get(meeting=meeting, user=waiting).status == Rsvp.Status.YES
    assert [m.subject for m in mail.outbox if coordinator.email in m.to] == [
        f"{community.name} has no leader"
    ]
    assert any("You have a place" in m.subject for m in mail.outbox if m.to == [waiting.email])
