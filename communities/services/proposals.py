"""Writes to proposals: an employee submits one, a coordinator approves or declines it, the
proposer may withdraw it while it waits.

Each is atomic with the proposal (or the proposer) row locked (services.locking), so a double
submit files one proposal and approving twice creates one community. E-mail is queued with
notifications.email_send, which sends only after the transaction commits.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Community, Proposal
from ..names import name_clean, name_key
from .communities import community_create
from .locking import lock
from .memberships import founder_appoint
from .notifications import coordinator_addresses, email_send


@transaction.atomic
def proposal_submit(*, proposer: AbstractBaseUser, **fields) -> Proposal:
    """Save a proposal, then (after commit) e-mail the coordinators and the proposer.

    Idempotent per proposer and name: while a proposal of the same (normalised) name by the same
    person is still waiting, that proposal is returned and nothing new is saved or sent.

    ``fields`` are Proposal fields (name, purpose, audience, ...). Raises ValidationError for bad
    values (``name_empty`` for a name with nothing visible: names.name_clean); mail failures never
    raise (see notifications.email_send).
    """
    proposal = Proposal(proposer=proposer, **fields)
    try:
        proposal.name = name_clean(proposal.name)  # the one name rule (communities.names)
    except ValidationError as error:
        raise ValidationError({"name": error}) from error
    proposal.full_clean()
    # Lock the proposer's row so a double submit runs one after the other, then return the
    # proposal already waiting under that name instead of filing (and e-mailing) it twice.
    lock(get_user_model().objects.filter(pk=proposer.pk)).first()
    key = name_key(proposal.name)
    for waiting in Proposal.objects.filter(proposer=proposer, status=Proposal.Status.SUBMITTED):
        if name_key(waiting.name) == key:
            return waiting
    proposal.save()
    context = {"proposal": proposal}
    email_send(
        to=coordinator_addresses(), template="proposal_submitted_coordinators", context=context
    )
    email_send(to=[proposer.email], template="proposal_submitted_proposer", context=context)
    return proposal


def _locked_proposal(proposal: Proposal) -> Proposal:
    return lock(Proposal.objects.select_related("proposer").filter(pk=proposal.pk)).get()


@transaction.atomic
def proposal_approve(
    *, proposal: Proposal, coordinator: AbstractBaseUser, note: str = ""
) -> Community:
    """Approve a submitted proposal: create the active community and make the proposer its leader.

    All in one transaction, with the proposal row locked, so approving twice (or two coordinators
    at once) creates one community: an already approved proposal returns its community unchanged.
    Raises ValidationError ``{"name": ...}`` with code ``name_taken`` or ``name_empty`` (the name
    rule, services.communities.community_name_check), ``not_submitted`` for a declined or
    withdrawn proposal, ``proposer_inactive`` when the proposer's account is deleted or
    deactivated (the community would have no leader).
    """
    proposal = _locked_proposal(proposal)
    if proposal.status == Proposal.Status.APPROVED and proposal.community_id:
        return proposal.community
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(
            f"“{proposal.name}” is {proposal.get_status_display().lower()}; only submitted "
            "proposals can be approved.",
            code="not_submitted",
        )
    if not proposal.proposer.is_active:
        raise ValidationError(
            f"“{proposal.name}” cannot be approved: the person who proposed it no longer has an "
            "active account, so nobody would lead it. Decline it, or create the community here "
            "in admin and appoint a leader.",
            code="proposer_inactive",
        )
    community = community_create(
        name=proposal.name,
        kind=proposal.kind,
        category=proposal.category,
        summary=proposal.purpose.split("\n")[0][:300],
        description=f"{proposal.purpose}\n\nWho it is for: {proposal.audience}",
        meeting_cadence=proposal.intended_cadence,
        meeting_format=proposal.intended_format,
    )
    now = timezone.now()
    founder_appoint(community=community, user=proposal.proposer)
    proposal.status, proposal.community = Proposal.Status.APPROVED, community
    proposal.coordinator_note, proposal.decided_by, proposal.decided_at = note, coordinator, now
    proposal.save()
    email_send(
        to=[proposal.proposer.email],
        template="proposal_approved",
        context={"proposal": proposal, "community": community},
    )
    return community


@transaction.atomic
def proposal_decline(
    *, proposal: Proposal, coordinator: AbstractBaseUser, note: str = ""
) -> Proposal:
    """Decline a submitted proposal and e-mail the proposer with the coordinator's note.

    Idempotent for an already declined proposal. Raises ValidationError (``not_submitted``) for an
    approved or withdrawn one.
    """
    proposal = _locked_proposal(proposal)
    if proposal.status == Proposal.Status.DECLINED:
        return proposal
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(
            f"“{proposal.name}” is {proposal.get_status_display().lower()} and cannot be declined.",
            code="not_submitted",
        )
    proposal.status, proposal.coordinator_note = Proposal.Status.DECLINED, note
    proposal.decided_by, proposal.decided_at = coordinator, timezone.now()
    proposal.save()
    email_send(
        to=[proposal.proposer.email], template="proposal_declined", context={"proposal": proposal}
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user: AbstractBaseUser) -> Proposal:
    """Let the proposer withdraw a proposal still waiting for a decision (idempotent).

    Raises PermissionError for anyone but the proposer, ValidationError (``not_submitted``) once
    a coordinator has decided.
    """
    proposal = _locked_proposal(proposal)
    if proposal.proposer_id != user.pk:
        raise PermissionError("Only the proposer can withdraw a proposal.")
    if proposal.status == Proposal.Status.WITHDRAWN:
        return proposal
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(
            "A coordinator has already decided on this proposal.", code="not_submitted"
        )
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save()
    return proposal


@transaction.atomic
def proposals_withdraw_all(*, proposer: AbstractBaseUser) -> int:
    """Withdraw every proposal of ``proposer`` still waiting for a decision (their account is
    being deleted: accounts.services.account_anonymise). Returns how many.

    Locks those proposal rows first (step 1 of the lock order, before the caller locks the user),
    so a coordinator approving one at the same moment either finishes first or finds it withdrawn.
    """
    waiting = lock(
        Proposal.objects.filter(proposer=proposer, status=Proposal.Status.SUBMITTED).order_by("pk")
    )
    ids = [proposal.pk for proposal in waiting]
    for proposal in Proposal.objects.filter(pk__in=ids):
        proposal.status = Proposal.Status.WITHDRAWN
        proposal.save()  # one by one, so each change lands in the proposal's history
    return len(ids)
