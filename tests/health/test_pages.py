import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community, Membership, Proposal
from communities.permissions import COORDINATORS_GROUP
from health.models import PulseAnswer, RenewalRequest
from tests.personas import add_member

from .conftest import attend, backdate


def health_url(community):
    return reverse("health:community", args=[community.slug])


# -- a community's health page -----------------------------------------------------------------


def test_leaders_see_the_parts_and_how_each_is_computed(
    client, community, leader, member, make_meeting
):
    meeting = make_meeting(community, days_from_now=-3)
    attend(meeting, member)
    PulseAnswer.objects.create(
        community=community, meeting=meeting, user=member, value=4, focus="Demos"
    )
    client.force_login(leader)
    page = client.get(health_url(community)).content.decode()
    for part in ("Last meeting", "Upcoming meetings", "Attendance trend", "RSVP trend", "Pulse",
                 "Pulse answer rate", "Leaders", "Members joined and left"):  # fmt: skip
        assert f'<th scope="row">{part}</th>' in page
    assert "3 days ago" in page and "One is a warning" in page
    assert "4.0 of 5" in page and "Demos" in page
    assert "member" not in page.split("Member pulse")[1].split("</section>")[0].lower().replace(
        "members", ""
    )  # suggestions are shown without names


@pytest.mark.parametrize("persona", ["member", "employee"])
def test_others_get_403_on_the_health_page(client, community, leader, member, employee, persona):
    client.force_login({"member": member, "employee": employee}[persona])
    assert client.get(health_url(community)).status_code == 403


def test_the_health_page_needs_login_and_a_real_community(client, community, coordinator):
    response = client.get(health_url(community))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(coordinator)
    assert client.get(health_url(community)).status_code == 200
    assert client.get("/c/no-such-group/health/").status_code == 404


# -- lifecycle on the public pages -------------------------------------------------------------


def test_removing_the_last_leader_shows_seeking_a_leader(client, community, leader, coordinator):
    assert "Seeking a leader" not in client.get(community.get_absolute_url()).content.decode()
    # A coordinator ends the leader's membership in admin.
    Membership.objects.filter(user=leader).update(state="left", role="member")
    assert "Seeking a leader" in client.get(community.get_absolute_url()).content.decode()
    assert "Seeking a leader" in client.get("/").content.decode()
    client.force_login(coordinator)
    dashboard = client.get(reverse("health:dashboard")).content.decode()
    assert "No leader" in dashboard.split('id="attention"')[1].split("</section>")[0]


def test_dormant_communities_are_labelled_and_listed_after_active_ones(client, make_community):
    make_community("Alpha", status=Community.Status.DORMANT)
    make_community("Zulu")
    page = client.get("/?sort=name").content.decode()
    assert page.index("Zulu") < page.index("Alpha") and "Dormant" in page
    page = client.get("/").content.decode()
    assert page.index("Zulu") < page.index("Alpha")


def test_archive_in_admin_keeps_the_page_and_restore_brings_it_back(
    client, community, coordinator, make_meeting
):
    make_meeting(community, days_from_now=7)
    client.force_login(coordinator)
    changelist = reverse("admin:communities_community_changelist")
    client.post(changelist, {"action": "archive_communities", "_selected_action": [community.pk]})
    community.refresh_from_db()
    assert community.status == "archived"
    assert community.name not in client.get("/").content.decode()
    assert "This community is archived" in client.get(community.get_absolute_url()).content.decode()
    client.post(changelist, {"action": "restore_communities", "_selected_action": [community.pk]})
    community.refresh_from_db()
    assert community.status == "active" and community.history.count() == 3


def test_restoring_a_community_that_never_meets_brings_it_back_dormant(
    client, community, coordinator
):
    backdate(community, 400)
    Community.objects.filter(pk=community.pk).update(status="archived")
    client.force_login(coordinator)
    client.post(
        reverse("admin:communities_community_changelist"),
        {"action": "restore_communities", "_selected_action": [community.pk]},
    )
    community.refresh_from_db()
    assert community.status == "dormant"


# -- renewal -----------------------------------------------------------------------------------


def test_a_leader_confirms_the_renewal_in_one_form(client, community, leader):
    RenewalRequest.objects.create(community=community, year=1, due_on="2026-01-01")
    client.force_login(leader)
    url = reverse("health:renewal", args=[community.slug])
    assert "Lee Leader (leader)" in client.get(url).content.decode()
    data = {"description": "Too short", "meeting_cadence": "Monthly"}
    page = client.post(url, data).content.decode()
    assert "20+ characters" in page and "Confirm the leaders" in page
    data |= {"description": "We share practice on accessible design.", "leaders_confirmed": "on"}
    assert client.post(url, data).status_code == 302
    client.post(url, data)  # a double click changes nothing
    community.refresh_from_db()
    renewal = RenewalRequest.objects.get()
    assert community.description == "We share practice on accessible design."
    assert renewal.confirmed_by == leader and community.meeting_cadence == "Monthly"


def test_renewal_without_a_request_says_nothing_is_due(client, community, leader, member):
    client.force_login(leader)
    page = client.get(reverse("health:renewal", args=[community.slug])).content.decode()
    assert "No renewal is waiting" in page and "<form" not in page.split("<main")[1]
    client.force_login(member)
    assert client.get(reverse("health:renewal", args=[community.slug])).status_code == 403


# -- the coordinator's dashboard ---------------------------------------------------------------


def test_the_admin_index_links_to_the_dashboard(client, coordinator):
    client.force_login(coordinator)
    assert reverse("health:dashboard") in client.get("/admin/").content.decode()


def test_the_dashboard_is_for_coordinators_only(client, make_user, employee, leader, coordinator):
    url = reverse("health:dashboard")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    staff = make_user("staff-not-coordinator", is_staff=True)
    for person in (employee, leader, staff):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.get(reverse("health:dashboard_csv")).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_the_dashboard_shows_statuses_attention_and_waiting_proposals(
    client, coordinator, community, leader, employee, make_community
):
    make_community("Quiet Council", kind="council", status="dormant")
    Proposal.objects.create(proposer=employee, name="Data Club", purpose="p", audience="a")
    client.force_login(coordinator)
    page = client.get(reverse("health:dashboard")).content.decode()
    # Sent today: not "waiting 0 days".
    assert "Data Club" in page and "sent today" in page and "waiting 0 days" not in page
    assert "Single leader" in page  # the community has one leader
    assert '<th scope="row">Active</th><td>1</td><td>0</td><td>1</td>' in page
    assert '<th scope="row">Dormant</th><td>0</td><td>1</td><td>1</td>' in page
    assert '<th scope="row">All</th><td>1</td><td>1</td><td>2</td>' in page


def test_the_charts_have_a_text_alternative(client, coordinator, community, member, make_meeting):
    make_meeting(community, days_from_now=-2)
    client.force_login(coordinator)
    page = client.get(reverse("health:dashboard")).content.decode()
    for chart in ("members-chart", "meetings-chart"):
        assert f'role="img" aria-labelledby="{chart}-title {chart}-desc"' in page
        assert f'<title id="{chart}-title">' in page and f'<desc id="{chart}-desc">' in page
    assert "Meetings per month as a table" in page and '<th scope="row">' in page


def test_the_pulse_chart_has_a_text_alternative(client, community, leader):
    client.force_login(leader)
    page = client.get(health_url(community)).content.decode()
    assert f'aria-labelledby="pulse-chart-{community.pk}-title' in page
    assert "Average pulse per month as a table" in page


def test_the_dashboard_query_count_does_not_grow_with_communities(
    client, coordinator, make_community, make_user
):
    client.force_login(coordinator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("health:dashboard")).status_code == 200
        return len(queries)

    for i in range(3):
        add_member(make_community(f"Group {i}"), make_user(), role=Membership.Role.LEADER)
    few = count()
    for i in range(3, 12):
        add_member(make_community(f"Group {i}"), make_user(), role=Membership.Role.LEADER)
    assert count() == few


def test_the_csv_export_has_every_community_and_is_safe_in_spreadsheets(
    client, coordinator, make_community
):
    make_community("=HYPERLINK(evil)")
    make_community("Archived Group", status="archived")
    client.force_login(coordinator)
    response = client.get(reverse("health:dashboard_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    names = [row[0] for row in rows[1:]]
    assert rows[0][:4] == ["name", "url", "kind", "status"]
    assert "'=HYPERLINK(evil)" in names and "Archived Group" in names


def test_coordinators_group_can_open_renewals_in_admin(client, coordinator):
    assert (
        Group.objects.get(name=COORDINATORS_GROUP)
        .permissions.filter(codename="view_renewalrequest")
        .exists()
    )
    client.force_login(coordinator)
    assert client.get(reverse("admin:health_renewalrequest_changelist")).status_code == 200


def test_the_dashboard_says_each_health_label_once(client, coordinator, make_community):
    make_community("Leaderless Group")  # no leader: at risk
    client.force_login(coordinator)
    page = client.get(reverse("health:dashboard")).content.decode()
    assert '<span class="badge text-bg-danger">At risk</span>' in page
    assert "At risk</span> At risk" not in page
