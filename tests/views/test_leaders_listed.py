"""Where leaders are listed, the leader comes first; a co-leader added from outside has a join
date like everyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from communities.models import Membership
from tests.personas import add_member

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-03-14 02:30")]


@pytest.fixture
def co_leader(community, make_user):
    # "Aaron Able" sorts before "Lee Leader" by name and "co_leader" before "leader" by code.
    user = make_user("aaron", first_name="Aaron", last_name="Able")
    add_member(community, user, role=Membership.Role.CO_LEADER)
    return user


def test_the_community_page_names_the_leader_before_the_co_leaders(
    client, community, leader, co_leader
):
    page = client.get(community.get_absolute_url()).content.decode()
    assert page.index("Lee Leader (leader)") < page.index("Aaron Able (co-leader)")


def test_the_roster_and_its_csv_start_with_the_leader(client, community, leader, co_leader):
    client.force_login(leader)
    csv = client.get(reverse("communities:manage_export", args=[community.slug]))
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["Lee Leader", "Aaron Able"]
    page = client.get(reverse("communities:manage_people", args=[community.slug]))
    assert [m.user for m in page.context["roster"]] == [leader, co_leader]


def test_a_co_leader_added_from_outside_has_a_join_date(client, community, leader, make_user):
    newcomer = make_user("newcomer", first_name="New", last_name="Comer")
    client.force_login(leader)
    client.post(
        reverse("communities:manage_co_leader_add", args=[community.slug]),
        {"identifier": newcomer.email},
    )
    membership = Membership.objects.get(user=newcomer)
    assert membership.role == Membership.Role.CO_LEADER
    assert membership.joined_at is not None
    csv = client.get(reverse("communities:manage_export", args=[community.slug]))
    assert "New Comer,newcomer@example.edu,Co-leader,2027-03-14" in csv.content.decode()
