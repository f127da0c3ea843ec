"""Every leader tool: leaders and co-leaders of that community and coordinators get in; a leader
of another community and a member get 403; anonymous users are sent to log in."""

import pytest
from django.urls import reverse

from communities.models import Membership
from tests.meeting_helpers import schedule
from tests.personas import add_member

GET_TOOLS = [
    "manage", "manage_page", "manage_people", "manage_export", "manage_email",
    "manage_meeting_new", "manage_series_new",
]  # fmt: skip
POST_TOOLS = [
    "manage_co_leader_add", "manage_hand_over",
]  # fmt: skip
MEMBERSHIP_TOOLS = ["manage_approve", "manage_decline", "manage_remove", "manage_role"]
MEETING_GET_TOOLS = ["manage_meeting_edit", "manage_attendance"]
MEETING_POST_TOOLS = ["manage_meeting_cancel", "manage_meeting_restore"]


@pytest.fixture
def urls(community, member):
    meeting = schedule(community)
    membership = Membership.objects.get(user=member)
    slug = community.slug
    get = [reverse(f"communities:{n}", args=[slug]) for n in GET_TOOLS]
    get += [reverse(f"communities:{n}", args=[slug, meeting.pk]) for n in MEETING_GET_TOOLS]
    post = [reverse(f"communities:{n}", args=[slug]) for n in POST_TOOLS]
    post += [reverse(f"communities:{n}", args=[slug, membership.pk]) for n in MEMBERSHIP_TOOLS]
    post += [reverse(f"communities:{n}", args=[slug, meeting.pk]) for n in MEETING_POST_TOOLS]
    return {"get": get, "post": post}


def _all(client, urls):
    return [client.get(u).status_code for u in urls["get"]] + [
        client.post(u).status_code for u in urls["post"]
    ]


def test_anonymous_users_are_sent_to_log_in(client, urls):
    for url in urls["get"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for url in urls["post"]:
        assert client.post(url)["Location"].startswith("/accounts/login/")


def test_members_get_403_on_every_tool(client, urls, member):
    client.force_login(member)
    assert set(_all(client, urls)) == {403}
    assert Membership.objects.get(user=member).state == "active"  # nothing was removed


def test_a_leader_of_another_community_gets_403(client, urls, make_community, make_user):
    other_leader = make_user("otherleader")
    add_member(make_community("Other Group"), other_leader, role=Membership.Role.LEADER)
    client.force_login(other_leader)
    assert set(_all(client, urls)) == {403}


def test_an_employee_gets_403(client, urls, employee):
    client.force_login(employee)
    assert set(_all(client, urls)) == {403}


@pytest.mark.parametrize("persona", ["leader", "co_leader", "coordinator"])
def test_leaders_co_leaders_and_coordinators_open_every_page(
    client, urls, persona, leader, coordinator, make_user, community
):
    user = {"leader": leader, "coordinator": coordinator}.get(persona)
    if user is None:
        user = make_user("co")
        add_member(community, user, role=Membership.Role.CO_LEADER)
    client.force_login(user)
    assert {client.get(u).status_code for u in urls["get"]} == {200}


def test_an_unknown_community_is_404(client, leader):
    client.force_login(leader)
    assert client.get(reverse("communities:manage", args=["nope"])).status_code == 404


def test_tools_change_state_only_by_post(client, urls, leader):
    client.force_login(leader)
    # A GET only leads to a page (PostOnlyReturnMiddleware); nothing changes.
    assert {client.get(u).status_code for u in urls["post"]} == {302}


def test_the_community_page_links_to_the_tools_only_for_leaders(client, community, leader, member):
    tools = reverse("communities:manage", args=[community.slug])
    client.force_login(member)
    assert tools not in client.get(community.get_absolute_url()).content.decode()
    client.force_login(leader)
    assert tools in client.get(community.get_absolute_url()).content.decode()
