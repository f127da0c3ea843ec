"""Writes to proposals, and the one home of their workflow:

    submitted → changes requested → (revised) submitted → approved / declined
    submitted or changes requested → withdrawn (by the proposer) or declined

A coordinator requests changes with a note; the proposer revises the same proposal, which is
submitted again; either side can add a note to the proposal's thread, and the other side is
e-mailed. Every status change is a saved Proposal row, so django-simple-history records it
(who, when, before and after); the notes are rows of their own.

Each is atomic with the proposal (or the proposer) row locked (services.locking), so a double
submit files one proposal and approving twice creates one community. E-mail is queued with
notifications.email_send, which sends only after the transaction commits.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Community, Proposal, ProposalNote
from ..names import name_clean, name_key
from ..permissions import is_coordinator
from .communities import community_create, community_name_check
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
    for waiting in Proposal.objects.filter(proposer=proposer, status__in=Proposal.OPEN_STATUSES):
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
    """Decline an open proposal (submitted, or waiting for changes) and e-mail the proposer with
    the coordinator's note.

    Idempotent for an already declined proposal. Raises ValidationError (``not_submitted``) for an
    approved or withdrawn one.
    """
    proposal = _locked_proposal(proposal)
    if proposal.status == Proposal.Status.DECLINED:
        return proposal
    if not proposal.is_open:
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
    """Let the proposer withdraw a proposal still open (submitted or changes requested;
    idempotent).

    Raises PermissionError for anyone but the proposer, ValidationError (``not_submitted``) once
    a coordinator has decided.
    """
    proposal = _locked_proposal(proposal)
    if proposal.proposer_id != user.pk:
        raise PermissionError("Only the proposer can withdraw a proposal.")
    if proposal.status == Proposal.Status.WITHDRAWN:
        return proposal
    if not proposal.is_open:
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
        Proposal.objects.filter(proposer=proposer, status__in=Proposal.OPEN_STATUSES).order_by("pk")
    )
    ids = [proposal.pk for proposal in waiting]
    for proposal in Proposal.objects.filter(pk__in=ids):
        proposal.status = Proposal.Status.WITHDRAWN
        proposal.save()  # one by one, so each change lands in the proposal's history
    return len(ids)


NOTE_MAX_LENGTH = 2000


# A repeat of the same note by the same person within this many seconds is a double click.
DOUBLE_SUBMIT_SECONDS = 120


def _note_body(body: str) -> str:
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise ValidationError({"body": ValidationError("Write a note.", code="note_empty")})
    if len(body) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "body": ValidationError(
                    f"Keep the note under {NOTE_MAX_LENGTH} characters.", code="note_too_long"
                )
            }
        )
    return body


def _note_mail(note: ProposalNote) -> None:
    """E-mail a new note to the other side: the coordinators for the proposer's note, the
    proposer for a coordinator's. Reply-To is the note's author (a human wrote it)."""
    proposal = note.proposal
    to = [proposal.proposer.email] if note.from_coordinator else coordinator_addresses()
    headers = {"Reply-To": note.author.email} if note.author and note.author.email else None
    email_send(
        to=to, template="proposal_note", context={"proposal": proposal, "note": note},
        headers=headers,
    )  # fmt: skip


@transaction.atomic
def proposal_request_changes(
    *, proposal: Proposal, coordinator: AbstractBaseUser, note: str = ""
) -> Proposal:
    """Send a submitted proposal back to its proposer with a note saying what to change; the note
    starts (or continues) the proposal's thread and is e-mailed to the proposer.

    Idempotent: a proposal already waiting for changes is returned unchanged. Raises
    ValidationError ``{"body": ...}`` (``note_empty``, ``note_too_long``) without a usable note,
    ``not_submitted`` for a decided or withdrawn proposal.
    """
    proposal = _locked_proposal(proposal)
    if proposal.status == Proposal.Status.CHANGES_REQUESTED:
        return proposal
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(
            f"“{proposal.name}” is {proposal.get_status_display().lower()}; changes can only be "
            "requested on a submitted proposal.",
            code="not_submitted",
        )
    body = _note_body(note)
    proposal.status, proposal.coordinator_note = Proposal.Status.CHANGES_REQUESTED, body
    proposal.save()
    ProposalNote.objects.create(
        proposal=proposal, author=coordinator, from_coordinator=True, body=body
    )
    email_send(
        to=[proposal.proposer.email],
        template="proposal_changes_requested",
        context={"proposal": proposal, "note": body},
        headers={"Reply-To": coordinator.email} if coordinator.email else None,
    )
    return proposal


@transaction.atomic
def proposal_revise(
    *, proposal: Proposal, user: AbstractBaseUser, note: str = "", **fields
) -> Proposal:
    """The proposer's revision after a request for changes: ``fields`` (Proposal fields, as on
    /propose/) replace the old values and the proposal is submitted again; an optional ``note``
    joins the thread. The coordinators are e-mailed.

    Idempotent against a double submit: a proposal already submitted again is returned
    unchanged. Raises PermissionError for anyone but the proposer; ValidationError
    ``not_changes_requested`` when no change was asked for, and the name rule's and the model's
    errors (``{"name": ...}``) for bad values.
    """
    proposal = _locked_proposal(proposal)
    if proposal.proposer_id != user.pk:
        raise PermissionError("Only the proposer can revise a proposal.")
    if proposal.status == Proposal.Status.SUBMITTED:
        return proposal
    if proposal.status != Proposal.Status.CHANGES_REQUESTED:
        raise ValidationError(
            "This proposal is not waiting for changes.", code="not_changes_requested"
        )
    for field, value in fields.items():
        setattr(proposal, field, value)
    try:
        proposal.name = community_name_check(proposal.name)  # the one name rule
    except ValidationError as error:
        raise ValidationError({"name": error}) from error
    proposal.full_clean()
    proposal.status = Proposal.Status.SUBMITTED
    proposal.save()
    if note.strip():
        ProposalNote.objects.create(proposal=proposal, author=user, body=_note_body(note))
    email_send(
        to=coordinator_addresses(),
        template="proposal_revised",
        context={"proposal": proposal, "note": note.strip()},
        headers={"Reply-To": user.email} if user.email else None,
    )
    return proposal


@transaction.atomic
def proposal_note_add(*, proposal: Proposal, author: AbstractBaseUser, body: str) -> ProposalNote:
    """Add a note to an open proposal's thread and e-mail the other side (services docstring).

    The proposer and coordinators may write (PermissionError for anyone else). Raises
    ValidationError ``not_open`` once the proposal is decided or withdrawn, and ``{"body": ...}``
    for an empty or too long note. The proposal row is locked so a note never lands after a
    decision taken at the same moment. Idempotent against a double click: the same author's same
    text as their latest note within DOUBLE_SUBMIT_SECONDS returns that note, saved and sent once.
    """
    proposal = _locked_proposal(proposal)
    coordinator = is_coordinator(author)
    if proposal.proposer_id != author.pk and not coordinator:
        raise PermissionError("Only the proposer and the coordinators can write here.")
    if not proposal.is_open:
        raise ValidationError(
            f"“{proposal.name}” is {proposal.get_status_display().lower()}: the thread is closed.",
            code="not_open",
        )
    body = _note_body(body)
    latest = proposal.notes.order_by("-created_at", "-pk").first()
    if (
        latest is not None
        and latest.author_id == author.pk
        and latest.body == body
        and timezone.now() - latest.created_at < timedelta(seconds=DOUBLE_SUBMIT_SECONDS)
    ):
        return latest  # the same click again (under the proposal lock, so never two at once)
    note = ProposalNote.objects.create(
        proposal=proposal,
        author=author,
        from_coordinator=coordinator and proposal.proposer_id != author.pk,
        body=body,
    )
    _note_mail(note)
    return note
