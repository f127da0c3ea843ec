"""Who may change whose role on the people page: the leader role moves only by hand-over."""

import pytest
from django.core import mail
from django.urls import reverse

from communities.models import Membership
from tests.personas import add_member


def _url(name, community, *args):
    return reverse(f"communities:{name}", args=[community.slug, *args])


@pytest.fixture
def co_leader(community, make_user):
    user = make_user("co", first_name="Co", last_name="Leader")
    add_member(community, user, role=Membership.Role.CO_LEADER)
    return user


def _role(user):
    return Membership.objects.get(user=user).role


def test_a_co_leader_cannot_demote_the_leader(client, community, leader, co_leader):
    client.force_login(co_leader)
    target = Membership.objects.get(user=leader)
    response = client.post(
        _url("manage_role", community, target.pk), {"role": "member"}, follow=True
    )
    assert "Only the leader can step down" in response.content.decode()
    assert _role(leader) == "leader"


def test_a_co_leader_cannot_remove_the_leader(client, community, leader, co_leader):
    client.force_login(co_leader)
    target = Membership.objects.get(user=leader)
    response = client.post(_url("manage_remove", community, target.pk), follow=True)
    assert "Only the leader can step down" in response.content.decode()
    assert Membership.objects.get(user=leader).is_leader


def test_a_co_leader_cannot_hand_leadership_to_themselves(client, community, leader, co_leader):
    client.force_login(co_leader)
    own = Membership.objects.get(user=co_leader)
    response = client.post(
        _url("manage_hand_over", community), {"membership": own.pk, "stay_as_co_leader": "on"},
        follow=True,
    )  # fmt: skip
    assert "Only the leader can hand leadership over" in response.content.decode()
    assert (_role(leader), _role(co_leader)) == ("leader", "co_leader")


def test_a_co_leader_can_take_the_lead_of_a_community_without_a_leader(
    client, community, co_leader
):
    client.force_login(co_leader)
    own = Membership.objects.get(user=co_leader)
    client.post(_url("manage_hand_over", community), {"membership": own.pk})
    assert _role(co_leader) == "leader"


def test_a_coordinator_may_demote_the_leader_and_is_told_it_seeks_one(
    client, community, leader, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    target = Membership.objects.get(user=leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("manage_role", community, target.pk), {"role": "member"})
    assert _role(leader) == "member"
    assert [m.subject for m in mail.outbox] == [f"{community.name} has no leader"]


def test_a_co_leader_is_not_offered_to_remove_the_leader_or_hand_over(
    client, community, leader, co_leader, member
):
    client.force_login(co_leader)
    page = client.get(_url("manage_people", community))
    html = page.content.decode()
    assert 'Remove<span class="visually-hidden"> Lee Leader' not in html
    assert 'Remove<span class="visually-hidden"> member' in html
    assert "Only the leader hands leadership over" in html
    assert _url("manage_hand_over", community) not in html


def test_the_leader_is_offered_to_hand_over(client, community, leader, co_leader):
    client.force_login(leader)
    html = client.get(_url("manage_people", community)).content.decode()
    assert _url("manage_hand_over", community) in html


@pytest.mark.parametrize("stay", [True, False])
def test_a_double_submitted_hand_over_lands_on_a_page_saying_it_is_done(
    client, community, leader, member, stay, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    target = Membership.objects.get(user=member)
    data = {"membership": target.pk, **({"stay_as_co_leader": "on"} if stay else {})}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_url("manage_hand_over", community), data, follow=True)
        second = client.post(_url("manage_hand_over", community), data, follow=True)
    assert first.status_code == 200 and "is now the leader" in first.content.decode()
    assert second.status_code == 200
    assert "already the leader" in second.content.decode()
    assert (_role(leader), _role(member)) == ("co_leader" if stay else "member", "leader")
    assert len([m for m in mail.outbox if "leader" in m.subject.lower()]) == 1


def test_a_plain_member_still_gets_403_from_the_hand_over(client, community, leader, member):
    client.force_login(member)
    own = Membership.objects.get(user=member)
    response = client.post(_url("manage_hand_over", community), {"membership": own.pk})
    assert response.status_code == 403
    assert _role(leader) == "leader"
