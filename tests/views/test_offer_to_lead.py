"""Offer to lead (issue 13, item 3): anyone signed in offers to lead a community seeking a
leader; coordinators see the offers on the dashboard and in admin and accept (the person becomes
its leader) or decline; join requests to a leaderless community say the coordinators answer."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from communities.models import LeadOffer, Membership, MembershipPolicy
from communities.services import lead_offers
from tests.personas import add_member

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-30 12:00")]

NOTE = {"note": "I ran the accessibility clinic for two years."}


@pytest.fixture
def leaderless(make_community):
    return make_community("Plain Language Writers", membership_policy=MembershipPolicy.REQUEST)


def offer_url(community):
    return reverse("communities:offer_to_lead", args=[community.slug])


def test_a_signed_in_person_offers_to_lead_and_the_coordinators_are_told(
    client, leaderless, employee, coordinator, django_capture_on_commit_callbacks
):
    page = client.get(leaderless.get_absolute_url()).content.decode()
    assert f'href="{offer_url(leaderless)}"' in page
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer_url(leaderless), NOTE, follow=True)
        client.post(offer_url(leaderless), NOTE)  # a double click: still one offer, one e-mail
    assert "the coordinators have your offer" in response.content.decode()
    offer = LeadOffer.objects.get()
    assert (offer.user, offer.community, offer.status) == (employee, leaderless, "pending")
    (message,) = mail.outbox
    assert message.to == [coordinator.email] and "two years" in message.body


def test_a_community_with_a_leader_takes_no_offers(client, community, leader, employee):
    client.force_login(employee)
    response = client.post(offer_url(community), NOTE)
    assert response["Location"] == community.get_absolute_url()
    assert not LeadOffer.objects.exists()
    with pytest.raises(ValidationError) as refused:
        lead_offers.lead_offer_make(community=community, user=employee, note="")
    assert refused.value.code == "not_seeking"


def test_offering_needs_login_and_a_note_of_reasonable_length(client, leaderless, employee):
    assert client.post(offer_url(leaderless), NOTE)["Location"].startswith("/accounts/login/")
    client.force_login(employee)
    response = client.post(offer_url(leaderless), {"note": "x" * 1001})
    assert response.status_code == 200 and 'id="form-errors"' in response.content.decode()
    assert not LeadOffer.objects.exists()


def test_accepting_makes_the_person_the_leader_and_declines_the_others(
    leaderless, employee, make_user, coordinator, django_capture_on_commit_callbacks
):
    other = make_user("other")
    offer = lead_offers.lead_offer_make(community=leaderless, user=employee, note="Me!")
    second = lead_offers.lead_offer_make(community=leaderless, user=other, note="Or me.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lead_offers.lead_offer_accept(offer=offer, actor=coordinator)
        lead_offers.lead_offer_accept(offer=offer, actor=coordinator)  # idempotent
    membership = Membership.objects.get(community=leaderless, user=employee)
    assert (membership.role, membership.state) == ("leader", "active")
    assert membership.joined_at is not None
    second.refresh_from_db()
    assert second.status == "declined"
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (employee.email, "You are now the leader of Plain Language Writers"),
        (other.email, "Your offer to lead Plain Language Writers"),
    ]
    assert not leaderless.seeking_leader


def test_a_pending_requester_accepted_as_leader_becomes_an_active_leader(
    leaderless, employee, coordinator
):
    add_member(leaderless, employee, state=Membership.State.PENDING)
    offer = lead_offers.lead_offer_make(community=leaderless, user=employee, note="")
    lead_offers.lead_offer_accept(offer=offer, actor=coordinator)
    assert Membership.objects.get(user=employee).is_leader


def test_only_coordinators_decide_and_a_led_community_refuses_a_late_accept(
    leaderless, employee, make_user, coordinator
):
    offer = lead_offers.lead_offer_make(community=leaderless, user=employee, note="")
    with pytest.raises(PermissionDenied):
        lead_offers.lead_offer_accept(offer=offer, actor=employee)
    add_member(leaderless, make_user("appointed"), role=Membership.Role.LEADER)
    with pytest.raises(ValidationError) as refused:
        lead_offers.lead_offer_accept(offer=offer, actor=coordinator)
    assert refused.value.code == "has_leader"
    lead_offers.lead_offer_decline(offer=offer, actor=coordinator)
    offer.refresh_from_db()
    assert offer.status == "declined" and offer.decided_by == coordinator


def test_coordinators_accept_with_the_admin_action(client, leaderless, employee, coordinator):
    offer = lead_offers.lead_offer_make(community=leaderless, user=employee, note="Me!")
    client.force_login(coordinator)
    changelist = reverse("admin:communities_leadoffer_changelist")
    assert "Plain Language Writers" in client.get(changelist).content.decode()
    client.post(changelist, {"action": "accept", "_selected_action": [offer.pk]})
    assert Membership.objects.get(user=employee, community=leaderless).is_leader


def test_the_dashboard_lists_offers_and_requests_to_leaderless_communities(
    client, leaderless, employee, make_user, coordinator, community, leader
):
    lead_offers.lead_offer_make(community=leaderless, user=employee, note="Happy to help.")
    add_member(leaderless, make_user("asker", first_name="Ari", last_name="Asker"), state="pending")
    add_member(
        community, make_user("led-asker", first_name="Lou", last_name="Led"), state="pending"
    )
    client.force_login(coordinator)
    page = client.get(reverse("health:dashboard")).content.decode()
    assert "Offers to lead" in page and "Happy to help." in page
    assert "Ari Asker asks to join" in page
    assert "Lou Led" not in page  # that community has a leader who answers


def test_a_join_request_to_a_leaderless_community_says_the_coordinators_answer(
    client, leaderless, employee
):
    client.force_login(employee)
    page = client.get(leaderless.get_absolute_url()).content.decode()
    assert "the coordinators answer requests to join" in page
    response = client.post(reverse("communities:join", args=[leaderless.slug]), follow=True)
    page = response.content.decode()
    assert "the coordinators will answer your request" in page
    assert "waiting for the coordinators" in page
