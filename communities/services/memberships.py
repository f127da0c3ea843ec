"""Writes to memberships: joining, leaving, and what a community's leaders do with its people
(approve or decline requests, remove members, co-leaders, hand-over).

A leader cannot leave, or step down, as the community's only leader (they hand over first); when
a removal or a coordinator's demotion leaves none, the coordinators are told it is seeking one.
Changes made by leaders lock the community row first (services.locking), so two leaders acting at
once cannot both remove the last leader or approve twice. The views check that the actor leads
the community (permissions.get_led_community).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Community, Membership, MembershipPolicy
from ..selectors.people import find_user
from .locking import lock, lock_community
from .notifications import coordinator_addresses, email_send
from .rsvps import rsvps_release


def _locked_membership(user: AbstractBaseUser, community: Community) -> Membership | None:
    return lock(Membership.objects.filter(user=user, community=community)).first()


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
    lock(Community.objects.filter(pk=community.pk)).first()
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


def _locked_member(community: Community, membership_id: int) -> Membership:
    found = lock(
        Membership.objects.select_related("user").filter(community=community, pk=membership_id)
    ).first()
    if found is None:
        raise ValidationError("That person is not in this community.", code="not_found")
    return found


def _leaders_left(community: Community) -> None:
    """E-mail the coordinators when the community has no leader any more."""
    if not community.memberships.leaders().exists():
        email_send(
            to=coordinator_addresses(), template="seeking_leader", context={"community": community}
        )


@transaction.atomic
def membership_approve(*, community: Community, membership_id: int) -> Membership:
    """Approve a pending request and e-mail the requester. Idempotent for an active member.
    Raises ValidationError ``not_pending`` for a request withdrawn or declined meanwhile."""
    community = lock_community(community)
    membership = _locked_member(community, membership_id)
    if membership.state == Membership.State.ACTIVE:
        return membership
    if membership.state != Membership.State.PENDING:
        raise ValidationError("This request was withdrawn or declined.", code="not_pending")
    membership.state, membership.joined_at = Membership.State.ACTIVE, timezone.now()
    membership.save()
    email_send(
        to=[membership.user.email],
        template="membership_approved",
        context={"community": community, "membership": membership},
    )
    return membership


@transaction.atomic
def membership_decline(*, community: Community, membership_id: int) -> Membership:
    """Decline a pending request and e-mail the requester. Idempotent for a declined one.
    Raises ValidationError ``not_pending`` for any other state."""
    community = lock_community(community)
    membership = _locked_member(community, membership_id)
    if membership.state == Membership.State.DECLINED:
        return membership
    if membership.state != Membership.State.PENDING:
        raise ValidationError("Only pending requests can be declined.", code="not_pending")
    membership.state = Membership.State.DECLINED
    membership.save()
    email_send(
        to=[membership.user.email],
        template="membership_declined",
        context={"community": community, "membership": membership},
    )
    return membership


@transaction.atomic
def membership_remove(
    *, community: Community, membership_id: int, actor: AbstractBaseUser
) -> Membership:
    """Remove an active member (leaders too); the row stays as history with state ``left``.

    Idempotent for someone already gone. Raises ValidationError ``self`` when the actor removes
    themselves (they use "Leave"). When the last leader goes, the community is seeking a leader and
    the coordinators are e-mailed.
    """
    community = lock_community(community)
    membership = _locked_member(community, membership_id)
    if membership.user_id == actor.pk:
        raise ValidationError("Use “Leave” on the community page to leave.", code="self")
    if membership.state != Membership.State.ACTIVE:
        return membership
    was_leader = membership.is_leader
    membership.state, membership.role = Membership.State.LEFT, Membership.Role.MEMBER
    membership.left_at = timezone.now()
    membership.save()
    rsvps_release(user=membership.user, community=community)
    if was_leader:
        _leaders_left(community)
    return membership


@transaction.atomic
def membership_set_role(
    *, community: Community, membership_id: int, role: str, actor: AbstractBaseUser
) -> Membership:
    """Make an active member a co-leader, or a co-leader a plain member.

    The leader role moves only by ``leadership_hand_over``. Idempotent. Raises ValidationError
    ``not_active`` for a pending or former member, ``bad_role``, and ``last_leader`` when a
    leader would demote themselves as the only one (hand over first); a coordinator may demote
    the last leader, which leaves the community seeking one and tells the coordinators.
    """
    if role not in (Membership.Role.CO_LEADER, Membership.Role.MEMBER):
        raise ValidationError("Choose co-leader or member.", code="bad_role")
    community = lock_community(community)
    membership = _locked_member(community, membership_id)
    if membership.state != Membership.State.ACTIVE:
        raise ValidationError("Only active members can take a role.", code="not_active")
    if membership.role == role:
        return membership
    others = community.memberships.leaders().exclude(pk=membership.pk).exists()
    if membership.is_leader and not others and membership.user_id == actor.pk:
        raise ValidationError(
            "You are the only leader. Hand over leadership before you step down.",
            code="last_leader",
        )
    was_leader = membership.is_leader
    membership.role = role
    membership.save()
    if was_leader and role == Membership.Role.MEMBER:
        _leaders_left(community)
    return membership


@transaction.atomic
def co_leader_add(*, community: Community, identifier: str) -> Membership:
    """Make an existing user (username or e-mail) a co-leader, joining them if needed.

    Idempotent for a current leader or co-leader. Raises ValidationError keyed ``identifier``
    (code ``unknown_user``) when no active user matches.
    """
    user = find_user(identifier)
    if user is None:
        raise ValidationError(
            {"identifier": "No one with that username or e-mail address has an account."},
            code="unknown_user",
        )
    community = lock_community(community)
    membership = lock(Membership.objects.filter(community=community, user=user)).first()
    if membership is None:
        membership = Membership(community=community, user=user)
    if membership.is_leader:
        return membership
    now = timezone.now()
    if membership.state != Membership.State.ACTIVE:
        membership.joined_at, membership.left_at = now, None
    membership.state, membership.role = Membership.State.ACTIVE, Membership.Role.CO_LEADER
    membership.full_clean()
    membership.save()
    email_send(to=[user.email], template="co_leader_added", context={"community": community})
    return membership


@transaction.atomic
def leadership_hand_over(
    *, community: Community, membership_id: int, stay_as_co_leader: bool = True
) -> Membership:
    """Make an active member the leader. The current leader(s) become co-leaders, or members when
    ``stay_as_co_leader`` is False. Idempotent. Raises ValidationError ``not_active``."""
    community = lock_community(community)
    membership = _locked_member(community, membership_id)
    if membership.state != Membership.State.ACTIVE:
        raise ValidationError("Only an active member can become the leader.", code="not_active")
    if membership.role == Membership.Role.LEADER:
        return membership
    former = Membership.Role.CO_LEADER if stay_as_co_leader else Membership.Role.MEMBER
    for current in community.memberships.active().filter(role=Membership.Role.LEADER):
        current.role = former
        current.save()
    membership.role = Membership.Role.LEADER
    membership.save()
    email_send(
        to=[membership.user.email],
        template="leadership_handed_over",
        context={"community": community},
    )
    return membership
