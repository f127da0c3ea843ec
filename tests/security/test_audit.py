"""Every change to a community, a membership role and a proposal decision leaves an audit record
(django-simple-history): who, when, before and after, readable by coordinators in admin."""

from __future__ import annotations

from django.urls import reverse

from communities.models import Community, Membership, Proposal
from communities.services import communities, proposals
from tests.conftest import admin_form_data
from tests.personas import add_member

CHANGELIST = reverse("admin:communities_proposal_changelist")


def test_an_approval_in_admin_records_the_coordinator_on_every_row_it_changes(
    client, coordinator, employee
):
    proposal = proposals.proposal_submit(
        proposer=employee, name="Map Makers", purpose="Share GIS methods and data.", audience="All"
    )
    client.force_login(coordinator)
    data = {"action": "approve", "_selected_action": [proposal.pk], "apply": "1", "note": "Yes"}
    client.post(CHANGELIST, data)

    decision = Proposal.history.filter(id=proposal.pk).latest("history_date")
    assert decision.history_user == coordinator and decision.status == "approved"
    change = decision.diff_against(decision.prev_record)
    assert {c.field: (c.old, c.new) for c in change.changes}["status"] == ("submitted", "approved")
    community = Community.objects.get(name="Map Makers")
    assert community.history.get().history_user == coordinator
    leader = Membership.objects.get(community=community)
    assert leader.history.get().history_user == coordinator


def test_a_role_change_in_admin_keeps_who_and_the_old_role(client, coordinator, community, member):
    membership = Membership.objects.get(user=member)
    client.force_login(coordinator)
    url = reverse("admin:communities_membership_change", args=[membership.pk])
    data = {**admin_form_data(client, url), "role": Membership.Role.CO_LEADER}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    latest = membership.history.latest("history_date")
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes["role"] == ("member", "co_leader")
    assert latest.history_user == coordinator and latest.history_date is not None


def test_a_member_joining_on_the_site_is_recorded_as_themselves(client, community, employee):
    client.force_login(employee)
    client.post(reverse("communities:join", args=[community.slug]))
    assert Membership.objects.get(user=employee).history.get().history_user == employee


def test_coordinators_read_the_history_of_a_community_in_admin(client, coordinator, community):
    client.force_login(coordinator)
    communities.community_update(community=community, name="Digital Accessibility")
    add_member(community, coordinator)
    url = reverse("admin:communities_community_history", args=[community.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    # The "Changes" column shows the field with its value before and after.
    assert (
        "<strong>name:</strong>" in html.lower() and "Accessibility Community of Practice" in html
    )
