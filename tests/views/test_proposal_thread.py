"""A proposal's page with its notes, and the proposer's revision (/me/proposals/<pk>/...)."""

import pytest
from django.core import mail
from django.urls import reverse

from communities.models import Proposal
from communities.services import proposals

FIELDS = {
    "name": "Plain Language Writers",
    "kind": "community",
    "purpose": "Share techniques for writing clear web content and forms.",
    "audience": "Anyone who writes for the public.",
    "intended_format": "virtual",
}


@pytest.fixture
def proposal(employee, coordinator):
    values = {k: v for k, v in FIELDS.items() if k not in ("kind", "intended_format")}
    return proposals.proposal_submit(proposer=employee, **values)


@pytest.fixture
def sent_back(proposal, coordinator):
    return proposals.proposal_request_changes(
        proposal=proposal, coordinator=coordinator, note="Say who <b>leads</b> it."
    )


def url(name, proposal):
    return reverse(f"communities:{name}", args=[proposal.pk])


def test_the_proposer_reads_the_coordinators_note_escaped(client, sent_back, employee):
    client.force_login(employee)
    page = client.get(url("proposal_detail", sent_back)).content.decode()
    assert "Say who &lt;b&gt;leads&lt;/b&gt; it." in page
    assert url("proposal_edit", sent_back) in page


def test_others_get_404_and_coordinators_see_it(client, proposal, make_user, coordinator):
    client.force_login(make_user())
    assert client.get(url("proposal_detail", proposal)).status_code == 404
    assert client.post(url("proposal_note", proposal), {"body": "hi"}).status_code == 404
    client.force_login(coordinator)
    assert client.get(url("proposal_detail", proposal)).status_code == 200


def test_the_proposer_revises_from_my_proposals_and_it_is_sent_again(
    client, sent_back, employee, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    listing = client.get(reverse("communities:my_proposals")).content.decode()
    assert "Changes requested" in listing and url("proposal_edit", sent_back) in listing
    form = client.get(url("proposal_edit", sent_back)).content.decode()
    assert 'value="Plain Language Writers"' in form
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("proposal_edit", sent_back),
            {**FIELDS, "proposed_co_leaders": "Robin Reviewer", "note": "Robin co-leads."},
        )
    assert response.status_code == 302 and response["Location"] == sent_back.get_absolute_url()
    sent_back.refresh_from_db()
    assert (sent_back.status, sent_back.proposed_co_leaders) == ("submitted", "Robin Reviewer")
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_a_revision_with_errors_keeps_what_was_typed(client, sent_back, employee, community):
    client.force_login(employee)
    response = client.post(
        url("proposal_edit", sent_back), {**FIELDS, "name": community.name.upper(), "note": "n"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "already exists" in page
    sent_back.refresh_from_db()
    assert sent_back.status == Proposal.Status.CHANGES_REQUESTED


def test_editing_a_proposal_not_sent_back_redirects(client, proposal, employee):
    client.force_login(employee)
    response = client.get(url("proposal_edit", proposal))
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()


def test_a_note_is_added_and_an_empty_one_explained(client, proposal, employee):
    client.force_login(employee)
    response = client.post(url("proposal_note", proposal), {"body": "  "})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(url("proposal_note", proposal), {"body": "Any news?"})
    assert response.status_code == 302
    assert proposal.notes.get().body == "Any news?"


def test_the_coordinator_requests_changes_in_admin(client, proposal, coordinator):
    client.force_login(coordinator)
    changelist = reverse("admin:communities_proposal_changelist")
    data = {"action": "request_changes", "_selected_action": [proposal.pk]}
    page = client.post(changelist, data).content.decode()
    assert "Request changes to" in page and "Note to the proposer" in page
    client.post(changelist, {**data, "apply": "1", "note": ""})
    proposal.refresh_from_db()
    assert proposal.status == "submitted"  # a note is required
    client.post(changelist, {**data, "apply": "1", "note": "Add a co-leader."})
    proposal.refresh_from_db()
    assert proposal.status == "changes_requested"
    change = client.get(reverse("admin:communities_proposal_change", args=[proposal.pk]))
    page = change.content.decode()
    assert "Add a co-leader." in page and proposal.get_absolute_url() in page


def test_a_double_clicked_note_is_saved_and_sent_once(
    client, proposal, employee, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            client.post(url("proposal_note", proposal), {"body": "Which room do we get?"})
    assert proposal.notes.count() == 1 and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("proposal_note", proposal), {"body": "And which day?"})
    assert proposal.notes.count() == 2  # a different note is a new note
