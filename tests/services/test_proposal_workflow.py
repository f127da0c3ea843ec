"""The proposal workflow (issue 14, item 1): changes requested, revised, a thread of notes,
every transition in the history; rules in communities/services/proposals.py."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from communities.models import Proposal, ProposalNote
from communities.services import proposals

PROPOSAL = {
    "name": "Plain Language Writers",
    "purpose": "Share techniques for writing clear web content and forms.",
    "audience": "Anyone who writes for the public.",
}


@pytest.fixture
def proposal(employee, coordinator):
    return proposals.proposal_submit(proposer=employee, **PROPOSAL)


@pytest.fixture
def sent_back(proposal, coordinator):
    return proposals.proposal_request_changes(
        proposal=proposal, coordinator=coordinator, note="Name a co-leader, please."
    )


def test_requesting_changes_sends_the_note_to_the_proposer(
    proposal, coordinator, employee, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposals.proposal_request_changes(
            proposal=proposal, coordinator=coordinator, note="Name a co-leader, please."
        )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CHANGES_REQUESTED
    [note] = proposal.notes.all()
    assert (note.author, note.from_coordinator) == (coordinator, True)
    [message] = mail.outbox
    assert message.to == [employee.email] and "Name a co-leader, please." in message.body
    assert message.extra_headers["Reply-To"] == coordinator.email  # the human who wrote it


def test_changes_need_a_note(proposal, coordinator):
    with pytest.raises(ValidationError) as error:
        proposals.proposal_request_changes(proposal=proposal, coordinator=coordinator, note="  ")
    assert error.value.error_dict["body"][0].code == "note_empty"
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


def test_requesting_changes_twice_keeps_one_note(sent_back, coordinator):
    proposals.proposal_request_changes(proposal=sent_back, coordinator=coordinator, note="Again")
    assert sent_back.notes.count() == 1


def test_the_proposer_revises_and_it_is_submitted_again(
    sent_back, employee, coordinator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposals.proposal_revise(
            proposal=sent_back, user=employee, note="Added Robin as co-leader.",
            **{**PROPOSAL, "proposed_co_leaders": "Robin"},
        )  # fmt: skip
    sent_back.refresh_from_db()
    assert (sent_back.status, sent_back.proposed_co_leaders) == ("submitted", "Robin")
    assert sent_back.notes.last().body == "Added Robin as co-leader."
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    # Approval works on the revised proposal.
    community = proposals.proposal_approve(proposal=sent_back, coordinator=coordinator)
    assert community.name == "Plain Language Writers"


def test_only_the_proposer_revises_and_only_when_asked(proposal, sent_back, make_user):
    with pytest.raises(PermissionError):
        proposals.proposal_revise(proposal=sent_back, user=make_user(), **PROPOSAL)
    proposals.proposal_revise(proposal=sent_back, user=sent_back.proposer, **PROPOSAL)
    # A double submit of the revision changes nothing more.
    again = proposals.proposal_revise(
        proposal=sent_back, user=sent_back.proposer, **{**PROPOSAL, "name": "Other"}
    )
    assert again.name == "Plain Language Writers"


def test_a_revision_obeys_the_name_rule(sent_back, make_community):
    make_community("Taken Name")
    with pytest.raises(ValidationError) as error:
        proposals.proposal_revise(
            proposal=sent_back, user=sent_back.proposer, **{**PROPOSAL, "name": "TAKEN name"}
        )
    assert error.value.error_dict["name"][0].code == "name_taken"


def test_a_proposal_waiting_for_changes_cannot_be_approved_but_can_be_declined(
    sent_back, coordinator
):
    with pytest.raises(ValidationError) as error:
        proposals.proposal_approve(proposal=sent_back, coordinator=coordinator)
    assert error.value.code == "not_submitted"
    proposals.proposal_decline(proposal=sent_back, coordinator=coordinator, note="Not now.")
    sent_back.refresh_from_db()
    assert sent_back.status == Proposal.Status.DECLINED


def test_the_proposer_can_withdraw_while_changes_are_asked(sent_back, employee):
    proposals.proposal_withdraw(proposal=sent_back, user=employee)
    sent_back.refresh_from_db()
    assert sent_back.status == Proposal.Status.WITHDRAWN


def test_notes_go_to_the_other_side(
    proposal, employee, coordinator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposals.proposal_note_add(proposal=proposal, author=employee, body="Any news?")
        proposals.proposal_note_add(proposal=proposal, author=coordinator, body="Next week.")
    assert [m.to for m in mail.outbox] == [[coordinator.email], [employee.email]]
    assert "Any news?" in mail.outbox[0].body
    assert [n.from_coordinator for n in proposal.notes.all()] == [False, True]


def test_outsiders_cannot_write_and_closed_threads_stay_closed(proposal, coordinator, make_user):
    with pytest.raises(PermissionError):
        proposals.proposal_note_add(proposal=proposal, author=make_user(), body="Hi")
    with pytest.raises(ValidationError) as error:
        proposals.proposal_note_add(proposal=proposal, author=coordinator, body="x" * 2001)
    assert error.value.error_dict["body"][0].code == "note_too_long"
    proposals.proposal_decline(proposal=proposal, coordinator=coordinator)
    with pytest.raises(ValidationError) as error:
        proposals.proposal_note_add(proposal=proposal, author=proposal.proposer, body="Why?")
    assert error.value.code == "not_open"
    assert not ProposalNote.objects.exists()


def test_every_transition_is_in_the_history(sent_back, coordinator):
    proposals.proposal_revise(proposal=sent_back, user=sent_back.proposer, **PROPOSAL)
    proposals.proposal_approve(proposal=sent_back, coordinator=coordinator)
    statuses = list(sent_back.history.order_by("history_id").values_list("status", flat=True))
    assert statuses == ["submitted", "changes_requested", "submitted", "approved"]
