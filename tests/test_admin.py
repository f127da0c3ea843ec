import pytest
from django.core import mail
from django.urls import reverse

from communities.models import Community, Membership, Proposal
from communities.services import proposals
from tests.conftest import admin_form_data, at_site_time

CHANGELIST = reverse("admin:communities_proposal_changelist")


def _proposal(user, name="Plain Language Writers"):
    return proposals.proposal_submit(
        proposer=user, name=name, purpose="Share techniques for clear writing.", audience="Writers"
    )


def test_a_non_staff_user_cannot_reach_admin(client, employee):
    client.force_login(employee)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_coordinator_sees_the_proposal_list_with_filters(client, coordinator, employee):
    _proposal(employee)
    client.force_login(coordinator)
    page = client.get(CHANGELIST, {"status__exact": "submitted", "q": "plain"}).content.decode()
    assert "Plain Language Writers" in page


def test_approve_action_asks_for_a_note_then_creates_the_community(
    client, coordinator, employee, django_capture_on_commit_callbacks
):
    proposal = _proposal(employee)
    client.force_login(coordinator)
    data = {"action": "approve", "_selected_action": [proposal.pk]}
    confirm = client.post(CHANGELIST, data)
    assert confirm.status_code == 200 and "Note to the proposer" in confirm.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(CHANGELIST, {**data, "apply": "1", "note": "Great idea."}, follow=True)
    assert "Approved “Plain Language Writers”" in done.content.decode()
    community = Community.objects.get(name="Plain Language Writers")
    assert Membership.objects.leaders().get(community=community).user == employee
    assert "Great idea." in mail.outbox[0].body
    # Approving again (a replayed POST) creates nothing new.
    client.post(CHANGELIST, {**data, "apply": "1", "note": ""})
    assert Community.objects.count() == 1


def test_approving_a_taken_name_shows_a_clear_message(
    client, coordinator, employee, make_community
):
    proposal = _proposal(employee)
    make_community("PLAIN language writers")
    client.force_login(coordinator)
    data = {"action": "approve", "_selected_action": [proposal.pk], "apply": "1", "note": ""}
    page = client.post(CHANGELIST, data, follow=True).content.decode()
    assert "already exists" in page
    assert Proposal.objects.get().status == "submitted"


def test_decline_action(client, coordinator, employee):
    proposal = _proposal(employee)
    client.force_login(coordinator)
    data = {
        "action": "decline",
        "_selected_action": [proposal.pk],
        "apply": "1",
        "note": "Not now.",
    }
    client.post(CHANGELIST, data)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.coordinator_note) == ("declined", "Not now.")


def test_the_coordinator_manages_communities_but_cannot_delete_them(client, coordinator, community):
    client.force_login(coordinator)
    url = reverse("admin:communities_community_change", args=[community.pk])
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("admin:communities_community_delete", args=[community.pk])).status_code
        == 403
    )


def test_renaming_in_admin_keeps_the_old_url(client, coordinator, community):
    client.force_login(coordinator)
    url = reverse("admin:communities_community_change", args=[community.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        {
            "name": "Digital Accessibility",
            "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
            "meetings-TOTAL_FORMS": 0, "meetings-INITIAL_FORMS": 0,
            "former_slugs-TOTAL_FORMS": 0, "former_slugs-INITIAL_FORMS": 0,
        }
    )  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert client.get("/c/accessibility-community-of-practice/").status_code == 301
    assert client.get("/c/digital-accessibility/").status_code == 200


def test_a_name_taken_in_another_case_is_a_form_error_not_a_500(
    client, coordinator, make_community
):
    make_community("Ñandu Club")
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:communities_community_add"),
        {
            "name": "ñANDU club", "kind": "community", "meeting_format": "unknown",
            "membership_policy": "open", "status": "active",
            "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
            "meetings-TOTAL_FORMS": 0, "meetings-INITIAL_FORMS": 0,
            "former_slugs-TOTAL_FORMS": 0, "former_slugs-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Community.objects.count() == 1


def test_approving_again_says_nothing_changed(client, coordinator, employee):
    proposal = _proposal(employee)
    client.force_login(coordinator)
    data = {"action": "approve", "_selected_action": [proposal.pk], "apply": "1", "note": ""}
    client.post(CHANGELIST, data)
    page = client.post(CHANGELIST, data, follow=True).content.decode()
    assert "was already approved; nothing changed" in page


def test_coordinators_can_read_leaders_messages_and_series_in_admin(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/communities/membermessage/").status_code == 200
    assert client.get("/admin/communities/meetingseries/").status_code == 200


# 01:30 on 7 November 2027 happens twice in Denver (MDT, then again an hour later in MST).
@pytest.mark.clock("2027-11-07T01:30:00-07:00", tick=False)  # the second 01:30, in MST
def test_a_membership_from_the_repeated_hour_saves_as_its_first_occurrence(
    client, coordinator, community, member
):
    membership = Membership.objects.get(user=member)
    url = reverse("admin:communities_membership_change", args=[membership.pk])
    client.force_login(coordinator)
    data = {**admin_form_data(client, url), "role": Membership.Role.CO_LEADER}

    response = client.post(url, data)

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.CO_LEADER
    # Read back as the first 01:30 (MDT, UTC-6): the documented choice, one hour earlier.
    assert membership.joined_at == at_site_time("2027-11-07T01:30:00-06:00")


def test_a_time_skipped_when_clocks_go_forward_is_refused_next_to_the_field(
    client, coordinator, community, member
):
    membership = Membership.objects.get(user=member)
    url = reverse("admin:communities_membership_change", args=[membership.pk])
    client.force_login(coordinator)
    data = {**admin_form_data(client, url), "joined_at_0": "2027-03-14", "joined_at_1": "02:30"}

    response = client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "02:30 does not exist on 14 March 2027" in errors["joined_at"][0]


@pytest.mark.parametrize("name", ["\u3164", "\u200b", "D\u0430ta Science"])
def test_the_proposal_change_form_follows_the_name_rule(
    client, coordinator, employee, make_community, name
):
    make_community("Data Science")
    proposal = _proposal(employee)
    client.force_login(coordinator)
    url = reverse("admin:communities_proposal_change", args=[proposal.pk])
    response = client.post(url, {**admin_form_data(client, url), "name": name})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"]
    proposal.refresh_from_db()
    assert proposal.name == "Plain Language Writers"


def test_the_proposal_change_form_stores_the_cleaned_name(client, coordinator, employee):
    proposal = _proposal(employee)
    client.force_login(coordinator)
    url = reverse("admin:communities_proposal_change", args=[proposal.pk])
    response = client.post(url, {**admin_form_data(client, url), "name": "Plain\u202e Writers"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.name == "Plain Writers"


def test_an_approved_proposal_can_still_be_edited_in_admin(client, coordinator, employee):
    proposal = _proposal(employee)
    proposals.proposal_approve(proposal=proposal, coordinator=coordinator)
    client.force_login(coordinator)
    url = reverse("admin:communities_proposal_change", args=[proposal.pk])
    response = client.post(url, {**admin_form_data(client, url), "audience": "Every writer"})
    assert response.status_code == 302


@pytest.mark.clock("2026-11-30 12:00")  # the meeting on 2027-03-20 is in the future
def test_admin_refuses_a_meeting_capacity_of_zero(client, coordinator, community):
    from datetime import date, time

    from tests.meeting_helpers import schedule

    meeting = schedule(community, day=date(2027, 3, 20), start_time=time(10), end_time=time(11))
    client.force_login(coordinator)
    url = reverse("admin:communities_meeting_change", args=[meeting.pk])
    response = client.post(url, {**admin_form_data(client, url), "capacity": "0"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["capacity"]
    meeting.refresh_from_db()
    assert meeting.capacity is None


@pytest.mark.clock("2026-11-30 12:00")  # the meeting on 2027-03-20 is in the future
def test_the_database_refuses_a_meeting_capacity_of_zero(community):
    from datetime import date, time

    from django.db import IntegrityError, transaction

    from communities.models import Meeting
    from tests.meeting_helpers import schedule

    meeting = schedule(community, day=date(2027, 3, 20), start_time=time(10), end_time=time(11))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(capacity=0)


def test_the_proposal_page_and_the_approve_page_name_similar_communities(
    client, coordinator, employee, make_community
):
    archived = make_community("Plain Language Community of Practice", status="archived")
    proposal = _proposal(employee, name="Plain Languag Writers")
    other = _proposal(coordinator, name="Plain Language Writers Group")
    client.force_login(coordinator)
    page = client.get(
        reverse("admin:communities_proposal_change", args=[proposal.pk])
    ).content.decode()
    assert (
        f'<a href="{archived.get_absolute_url()}">{archived.name}</a> (community, archived' in page
    )
    other_url = reverse("admin:communities_proposal_change", args=[other.pk])
    assert f'<a href="{other_url}">Plain Language Writers Group</a> (another open proposal' in page
    data = {"action": "approve", "_selected_action": [proposal.pk]}
    page = client.post(CHANGELIST, data).content.decode()
    assert "Similar names:" in page and f'href="{archived.get_absolute_url()}"' in page


def test_a_proposal_unlike_any_name_says_so(client, coordinator, employee):
    proposal = _proposal(employee, name="Knitting Circle")
    client.force_login(coordinator)
    page = client.get(
        reverse("admin:communities_proposal_change", args=[proposal.pk])
    ).content.decode()
    assert "No community or open proposal has a similar name." in page
