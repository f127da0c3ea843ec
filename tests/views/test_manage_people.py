import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from communities.models import Community, Membership, MembershipPolicy
from tests.personas import add_member


@pytest.fixture
def request_community(community, leader):
    Community.objects.filter(pk=community.pk).update(membership_policy=MembershipPolicy.REQUEST)
    return community


def _url(name, community, *args):
    return reverse(f"communities:{name}", args=[community.slug, *args])


def test_the_roster_lists_name_email_role_and_joined_date(client, community, leader, member):
    client.force_login(leader)
    page = client.get(_url("manage_people", community)).content.decode()
    assert "Lee Leader" in page and "member@example.edu" in page and "Co-leader" not in page


def test_approving_a_request_makes_a_member_and_tells_them(
    client, request_community, leader, employee, django_capture_on_commit_callbacks
):
    pending = add_member(request_community, employee, state=Membership.State.PENDING)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("manage_approve", request_community, pending.pk))
        client.post(_url("manage_approve", request_community, pending.pk))  # double click
    pending.refresh_from_db()
    assert pending.state == "active" and pending.joined_at
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([employee.email], f"Welcome to {request_community.name}")
    ]


def test_declining_a_request_tells_the_requester(
    client, request_community, leader, employee, django_capture_on_commit_callbacks
):
    pending = add_member(request_community, employee, state=Membership.State.PENDING)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("manage_decline", request_community, pending.pk))
    assert Membership.objects.get(pk=pending.pk).state == "declined"
    assert mail.outbox[0].to == [employee.email] and "did not approve" in mail.outbox[0].body


def test_removing_a_member_keeps_the_row_as_history(client, community, leader, member):
    client.force_login(leader)
    client.post(_url("manage_remove", community, Membership.objects.get(user=member).pk))
    assert Membership.objects.get(user=member).state == "left"


def test_a_membership_of_another_community_cannot_be_touched(
    client, community, leader, make_community, make_user
):
    other = make_community("Other Group")
    stranger = add_member(other, make_user("stranger"))
    client.force_login(leader)
    response = client.post(_url("manage_remove", community, stranger.pk), follow=True)
    assert "not in this community" in response.content.decode()
    assert Membership.objects.get(pk=stranger.pk).state == "active"


def test_a_leader_adds_and_removes_a_co_leader_by_email(
    client, community, leader, make_user, django_capture_on_commit_callbacks
):
    newcomer = make_user("newcomer", email="New.Comer@example.edu")
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("manage_co_leader_add", community), {"identifier": "new.comer@example.edu"}
        )
    membership = Membership.objects.get(user=newcomer)
    assert (membership.role, membership.state) == ("co_leader", "active")
    assert "co-leader" in mail.outbox[0].subject
    client.post(_url("manage_role", community, membership.pk), {"role": "member"})
    assert Membership.objects.get(user=newcomer).role == "member"


def test_an_unknown_co_leader_is_reported(client, community, leader):
    client.force_login(leader)
    response = client.post(
        _url("manage_co_leader_add", community), {"identifier": "ghost@example.edu"}, follow=True
    )
    assert "No one with that username" in response.content.decode()


def test_handing_over_makes_the_member_the_leader_and_the_old_one_a_co_leader(
    client, community, leader, member
):
    client.force_login(leader)
    target = Membership.objects.get(user=member)
    client.post(
        _url("manage_hand_over", community), {"membership": target.pk, "stay_as_co_leader": "on"}
    )
    assert Membership.objects.get(user=member).role == "leader"
    assert Membership.objects.get(user=leader).role == "co_leader"


def test_the_only_leader_cannot_step_down_by_themselves(client, community, leader):
    client.force_login(leader)
    own = Membership.objects.get(user=leader)
    response = client.post(_url("manage_role", community, own.pk), {"role": "member"}, follow=True)
    assert "Hand over leadership" in response.content.decode()
    assert Membership.objects.get(user=leader).role == "leader"


def test_when_a_coordinator_removes_the_last_leader_the_community_seeks_one(
    client, community, leader, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("manage_remove", community, Membership.objects.get(user=leader).pk))
    assert mail.outbox[0].to == [coordinator.email]
    assert "has no leader" in mail.outbox[0].subject
    assert Community.objects.with_stats().get(pk=community.pk).leader_count == 0
    assert "Seeking a leader" in client.get(community.get_absolute_url()).content.decode()


def test_removing_a_co_leader_while_a_leader_remains_tells_only_them(
    client, community, leader, make_user, django_capture_on_commit_callbacks
):
    co = add_member(community, make_user("co"), role=Membership.Role.CO_LEADER)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("manage_remove", community, co.pk))
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([co.user.email], f"You are no longer a member of {community.name}")
    ]


def test_the_csv_export_opens_in_excel_and_defuses_formulas(client, community, leader, make_user):
    add_member(community, make_user("evil", first_name='=HYPERLINK("x")', last_name="Smith"))
    add_member(community, make_user("plus", first_name="+1", last_name="", email="@x@example.edu"))
    add_member(community, make_user("accent", first_name="Zoë", last_name="Ångström"))
    client.force_login(leader)
    response = client.get(_url("manage_export", community))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "E-mail", "Role", "Joined"]
    names = {row[0] for row in rows[1:]}
    assert '\'=HYPERLINK("x") Smith' in names and "'+1" in names and "Zoë Ångström" in names
    assert any(row[1] == "'@x@example.edu" for row in rows)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_people_page_costs_the_same_queries_for_many_members(
    client, community, leader, make_user, django_assert_max_num_queries
):
    for n in range(30):
        add_member(community, make_user(f"p{n}"))
        add_member(community, make_user(f"r{n}"), state=Membership.State.PENDING)
    client.force_login(leader)
    with django_assert_max_num_queries(12):
        assert client.get(_url("manage_people", community)).status_code == 200
