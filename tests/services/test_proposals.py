import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from communities.models import Community, EmailMessageLog, Membership, Proposal
from communities.services import proposals

PROPOSAL = {
    "name": "Plain Language Writers",
    "purpose": "Share techniques for writing clear web content and forms.",
    "audience": "Anyone who writes for the public.",
}


@pytest.fixture
def proposal(employee, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return proposals.proposal_submit(proposer=employee, **PROPOSAL)


def test_submitting_tells_the_coordinators_and_the_proposer(proposal, coordinator, employee):
    recipients = [m.to for m in mail.outbox]
    assert [coordinator.email] in recipients and [employee.email] in recipients
    assert "Plain Language Writers" in mail.outbox[0].subject


def test_approval_makes_the_community_live_with_its_proposer_as_leader(
    proposal, coordinator, employee, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        community = proposals.proposal_approve(
            proposal=proposal, coordinator=coordinator, note="Welcome!"
        )
    assert community.status == Community.Status.ACTIVE
    assert Membership.objects.leaders().get(community=community).user == employee
    proposal.refresh_from_db()
    assert (proposal.status, proposal.community, proposal.decided_by) == (
        "approved",
        community,
        coordinator,
    )
    assert mail.outbox[0].to == [employee.email] and "Welcome!" in mail.outbox[0].body


def test_approving_twice_creates_nothing_twice(proposal, coordinator):
    first = proposals.proposal_approve(proposal=proposal, coordinator=coordinator)
    second = proposals.proposal_approve(proposal=proposal, coordinator=coordinator)
    assert first == second
    assert Community.objects.count() == 1 and Membership.objects.count() == 1


def test_approving_a_name_that_exists_is_refused_and_changes_nothing(
    proposal, coordinator, make_community
):
    make_community("plain language writers")
    with pytest.raises(ValidationError) as error:
        proposals.proposal_approve(proposal=proposal, coordinator=coordinator)
    assert "already exists" in str(error.value)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert not Membership.objects.exists()


def test_declining_keeps_the_note_and_tells_the_proposer(
    proposal, coordinator, employee, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposals.proposal_decline(
            proposal=proposal, coordinator=coordinator, note="Join WLI instead."
        )
    proposal.refresh_from_db()
    assert (
        proposal.status == Proposal.Status.DECLINED
        and proposal.coordinator_note == "Join WLI instead."
    )
    assert mail.outbox[0].to == [employee.email] and "Join WLI instead." in mail.outbox[0].body
    with pytest.raises(ValidationError):
        proposals.proposal_approve(proposal=proposal, coordinator=coordinator)
    assert not Community.objects.exists()


def test_a_failing_mail_server_keeps_the_proposal(
    employee, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.failing_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposals.proposal_submit(proposer=employee, **PROPOSAL)
    assert Proposal.objects.filter(pk=proposal.pk).exists()
    failed = EmailMessageLog.objects.filter(status=EmailMessageLog.Status.FAILED)
    assert failed.count() == 2 and "refused" in failed.first().error


def test_only_the_proposer_can_withdraw(proposal, make_user):
    with pytest.raises(PermissionError):
        proposals.proposal_withdraw(proposal=proposal, user=make_user())
    proposals.proposal_withdraw(proposal=proposal, user=proposal.proposer)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN


def test_a_double_submit_files_one_proposal_and_one_set_of_mails(
    employee, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = proposals.proposal_submit(proposer=employee, **PROPOSAL)
        second = proposals.proposal_submit(
            proposer=employee, **{**PROPOSAL, "name": "plain language WRITERS"}
        )
    assert first.pk == second.pk and Proposal.objects.count() == 1
    assert len(mail.outbox) == 2  # one to the coordinators, one to the proposer
