"""Every write to the domain. Views, admin actions and management commands call these.

Each service is atomic, validates before saving, and turns a unique-constraint race into a
ValidationError with a code (never a 500). E-mail is queued with notifications.email_send, which
sends only after the transaction commits.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import (
    Community,
    FormerSlug,
    Membership,
    MembershipPolicy,
    Proposal,
    normalize_name,
    slug_candidates,
)
from .notifications import coordinator_addresses, email_send
from .rsvp_services import rsvps_release

# Fields a Community takes from outside (importer, admin, leader tools). Status and slug are managed.
COMMUNITY_FIELDS = (
    "name", "kind", "category", "summary", "description", "meeting_cadence", "meeting_format",
    "usual_location", "membership_policy", "joining_instructions", "host_unit", "external_url",
    "source_url", "status",
)  # fmt: skip


def _slug_is_free(slug: str, community: Community | None = None) -> bool:
    taken = Community.objects.filter(slug=slug)
    if community is not None and community.pk:
        taken = taken.exclude(pk=community.pk)
    former = FormerSlug.objects.filter(slug=slug)
    if community is not None and community.pk:
        former = former.exclude(community=community)
    return not taken.exists() and not former.exists()


def community_name_taken(name: str, *, exclude: Community | None = None) -> bool:
    """True when another community already has ``name``, compared by ``models.normalize_name`` (case
    in any script, look-alike and invisible characters ignored)."""
    others = Community.objects.filter(name_key=normalize_name(name))
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def _name_taken(name: str) -> ValidationError:
    return ValidationError(
        {"name": ValidationError(f"A community called “{name}” already exists.", code="name_taken")}
    )


def _assign_slug(community: Community) -> None:
    for candidate in slug_candidates(community.name):
        if candidate == community.slug or _slug_is_free(candidate, community):
            community.slug = candidate
            return


@transaction.atomic
def community_create(**fields) -> Community:
    """Create a community from COMMUNITY_FIELDS values; its slug is made from the name.

    Raises ValidationError (code ``name_taken``) when the name exists, ignoring case, and the
    model's field errors for bad values.
    """
    community = Community(**{k: v for k, v in fields.items() if k in COMMUNITY_FIELDS})
    community.name = community.name.strip()
    if community_name_taken(community.name):
        raise _name_taken(community.name)
    _assign_slug(community)
    community.full_clean()
    try:
        with transaction.atomic():
            community.save()
    except IntegrityError as error:  # a concurrent create took the name or slug first
        raise _name_taken(community.name) from error
    return community


@transaction.atomic
def community_update(*, community: Community, **fields) -> Community:
    """Change a community's fields. A new name gives a new slug; the old one keeps redirecting.

    Raises ValidationError (``name_taken``) for a name another community has, and field errors.
    """
    old_slug = community.slug
    for key, value in fields.items():
        if key in COMMUNITY_FIELDS:
            setattr(community, key, value)
    community.name = community.name.strip()
    if community_name_taken(community.name, exclude=community):
        raise _name_taken(community.name)
    _assign_slug(community)
    community.full_clean()
    community.save()
    if community.slug != old_slug:
        FormerSlug.objects.filter(slug=community.slug).delete()
        FormerSlug.objects.get_or_create(slug=old_slug, defaults={"community": community})
    return community


def _locked_membership(user: AbstractBaseUser, community: Community) -> Membership | None:
    return Membership.objects.select_for_update().filter(user=user, community=community).first()


@transaction.atomic
def membership_join(*, user: AbstractBaseUser, community: Community) -> Membership:
    """Join ``community`` (open policy) or ask to join it (request policy).

    Idempotent: a second call, or a concurrent one, returns the same single membership row.
    Raises ValidationError with code ``restricted`` or ``archived`` when joining is not possible.
    """
    if community.status == Community.Status.ARCHIVED:
        raise ValidationError(
            "This community is archived and takes no new members.", code="archived"
        )
    if community.membership_policy == MembershipPolicy.RESTRICTED:
        raise ValidationError(
            "Members of this group are appointed or elected; see the page for how.",
            code="restricted",
        )
    state = (
        Membership.State.ACTIVE
        if community.membership_policy == MembershipPolicy.OPEN
        else Membership.State.PENDING
    )
    now = timezone.now()
    membership = _locked_membership(user, community)
    if membership is None:
        try:
            # The savepoint lets us recover when a concurrent request inserted the row first.
            with transaction.atomic():
                membership = Membership.objects.create(
                    user=user,
                    community=community,
                    state=state,
                    requested_at=now,
                    joined_at=now if state == Membership.State.ACTIVE else None,
                )
        except IntegrityError:
            membership = _locked_membership(user, community)
        else:
            _tell_about_request(membership)
            return membership
    if membership.state in (Membership.State.ACTIVE, Membership.State.PENDING):
        return membership  # already in, or already asked: nothing to do
    membership.state, membership.role = state, Membership.Role.MEMBER
    membership.requested_at, membership.left_at = now, None
    membership.joined_at = now if state == Membership.State.ACTIVE else None
    membership.save()
    _tell_about_request(membership)
    return membership


def _tell_about_request(membership: Membership) -> None:
    """E-mail a new join request to the community's leaders, or to the coordinators if it has none."""
    if membership.state != Membership.State.PENDING:
        return
    community = membership.community
    leaders = [m.user.email for m in community.memberships.leaders().select_related("user")]
    email_send(
        to=leaders or coordinator_addresses(),
        template="membership_requested",
        context={"membership": membership, "community": community, "to_coordinators": not leaders},
    )


@transaction.atomic
def membership_leave(*, user: AbstractBaseUser, community: Community) -> Membership | None:
    """Leave ``community`` or withdraw a pending request. The row stays, with state ``left``.

    Idempotent: leaving when not a member returns the row unchanged (or None if there is none).
    Raises ValidationError (code ``last_leader``) when the user is the community's only leader:
    a community must keep a leader, so they must hand over first.
    """
    # Lock the community row so two leaders cannot both leave at the same moment.
    Community.objects.select_for_update().filter(pk=community.pk).first()
    membership = _locked_membership(user, community)
    if membership is None or membership.state not in (
        Membership.State.ACTIVE,
        Membership.State.PENDING,
    ):
        return membership
    if (
        membership.is_leader
        and not community.memberships.leaders().exclude(pk=membership.pk).exists()
    ):
        raise ValidationError(
            "You are this community's only leader. Make someone else a leader before you leave.",
            code="last_leader",
        )
    membership.state, membership.role, membership.left_at = (
        Membership.State.LEFT,
        Membership.Role.MEMBER,
        timezone.now(),
    )
    membership.save()
    # A leaver's seats at coming meetings go to the waiting list.
    rsvps_release(user=user, community=community)
    return membership


@transaction.atomic
def proposal_submit(*, proposer: AbstractBaseUser, **fields) -> Proposal:
    """Save a proposal, then (after commit) e-mail the coordinators and the proposer.

    Idempotent per proposer and name: while a proposal of the same (normalised) name by the same
    person is still waiting, that proposal is returned and nothing new is saved or sent.

    ``fields`` are Proposal fields (name, purpose, audience, ...). Raises ValidationError for bad
    values; mail failures never raise (see notifications.email_send).
    """
    proposal = Proposal(proposer=proposer, **fields)
    proposal.name = proposal.name.strip()
    proposal.full_clean()
    # Lock the proposer's row so a double submit runs one after the other, then return the
    # proposal already waiting under that name instead of filing (and e-mailing) it twice.
    get_user_model().objects.select_for_update().filter(pk=proposer.pk).first()
    key = normalize_name(proposal.name)
    for waiting in Proposal.objects.filter(proposer=proposer, status=Proposal.Status.SUBMITTED):
        if normalize_name(waiting.name) == key:
            return waiting
    proposal.save()
    context = {"proposal": proposal}
    email_send(
        to=coordinator_addresses(), template="proposal_submitted_coordinators", context=context
    )
    email_send(to=[proposer.email], template="proposal_submitted_proposer", context=context)
    return proposal


def _locked_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("proposer").get(pk=proposal.pk)


@transaction.atomic
def proposal_approve(
    *, proposal: Proposal, coordinator: AbstractBaseUser, note: str = ""
) -> Community:
    """Approve a submitted proposal: create the active community and make the proposer its leader.

    All in one transaction, with the proposal row locked, so approving twice (or two coordinators
    at once) creates one community: an already approved proposal returns its community unchanged.
    Raises ValidationError with code ``name_taken`` when a community of that name exists, or
    ``not_submitted`` for a declined or withdrawn proposal.
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
    Membership.objects.create(
        community=community,
        user=proposal.proposer,
        role=Membership.Role.LEADER,
        state=Membership.State.ACTIVE,
        joined_at=now,
    )
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
