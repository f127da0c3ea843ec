"""Joining and leaving: join or ask to join, the leaders' answer to a request (approve,
decline), leave, and every membership ending when an account is deleted."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ...models import Community, Membership, MembershipPolicy
from ..locking import lock_community, lock_membership
from ..notifications import coordinator_addresses, email_send
from .rules import (
    LEAVING,
    count_members,
    lock_for,
    locked_member,
    membership_end,
)


@transaction.atomic
def membership_join(*, user: AbstractBaseUser, community: Community) -> Membership:
    """Join ``community`` (open policy) or ask to join it (request policy).

    Idempotent: a second call, or a concurrent one, returns the same single membership row.
    Raises ValidationError with code ``restricted`` or ``archived`` when joining is not possible.
    """
    # Concurrent joins of one community queue here (briefly): the member count moves under this
    # lock, and no second row for the same person can be inserted meanwhile.
    community = lock_community(community)
    if not _account_is_active(user.pk):  # deleted since the request began
        raise ValidationError("This account has been deleted.", code="account_deleted")
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
    membership = lock_membership(community, user=user)
    if membership is None:
        membership = Membership.objects.create(
            user=user,
            community=community,
            state=state,
            requested_at=now,
            joined_at=now if state == Membership.State.ACTIVE else None,
        )
        return _joined(membership)
    if membership.state in LEAVING:
        return membership  # already in, or already asked: nothing to do
    membership.community = community
    membership.state, membership.role = state, Membership.Role.MEMBER
    membership.requested_at, membership.left_at = now, None
    membership.joined_at = now if state == Membership.State.ACTIVE else None
    membership.save()
    return _joined(membership)


def _joined(membership: Membership) -> Membership:
    """After a new join or request: count the new member, or tell the leaders about the request."""
    if membership.state == Membership.State.ACTIVE:
        count_members(membership.community, +1)
    _tell_about_request(membership)
    return membership


def _account_is_active(user_id: int) -> bool:
    """Read now, not from the request's user object: the account may have been deleted (made
    inactive) by another request a moment ago."""
    return get_user_model().objects.filter(pk=user_id, is_active=True).exists()


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
    community = lock_community(community)  # two leaders leaving at once queue here
    membership = lock_membership(community, user=user)
    if membership is None or membership.state not in LEAVING:
        return membership
    if (
        membership.is_leader
        and not community.memberships.leaders().exclude(pk=membership.pk).exists()
    ):
        raise ValidationError(
            "You are this community's only leader. Make someone else a leader before you leave.",
            code="last_leader",
        )
    membership.community = community
    return membership_end(membership)


@transaction.atomic
def membership_approve(
    *, community: Community, membership_id: int, actor: AbstractBaseUser
) -> Membership:
    """Approve a pending request and e-mail the requester. Idempotent for an active member.

    Raises PermissionDenied unless ``actor`` leads the community (checked under its lock), and
    ValidationError ``not_pending`` for a request withdrawn or declined meanwhile, or
    ``account_deleted`` when the requester's account was deleted (a request sent in the same
    instant as the deletion can outlive it; selectors.people hides such requests)."""
    community = lock_for(community, actor)
    membership = locked_member(community, membership_id)
    if membership.state == Membership.State.ACTIVE:
        return membership
    if membership.state != Membership.State.PENDING:
        raise ValidationError("This request was withdrawn or declined.", code="not_pending")
    if not _account_is_active(membership.user_id):
        raise ValidationError(
            "This person deleted their account; the request is closed.", code="account_deleted"
        )
    membership.state, membership.joined_at = Membership.State.ACTIVE, timezone.now()
    membership.save()
    count_members(community, +1)
    email_send(
        to=[membership.user.email],
        template="membership_approved",
        context={"community": community, "membership": membership},
    )
    return membership


@transaction.atomic
def membership_decline(
    *, community: Community, membership_id: int, actor: AbstractBaseUser
) -> Membership:
    """Decline a pending request and e-mail the requester. Idempotent for a declined one.

    Raises PermissionDenied unless ``actor`` leads the community (checked under its lock), and
    ValidationError ``not_pending`` for any other state."""
    community = lock_for(community, actor)
    membership = locked_member(community, membership_id)
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
def memberships_end_all(*, user: AbstractBaseUser) -> int:
    """End every active membership and pending request of ``user`` (their account is being
    deleted), one community at a time in primary-key order, each under its community lock.

    Unlike leaving, the only leader is not refused: their community is left seeking a leader and
    the coordinators are told. Returns how many ended. Called by accounts.services.account_anonymise
    (self-service deletion and a coordinator's delete in admin).
    """
    ended = 0
    rows = Membership.objects.filter(user=user, state__in=LEAVING).select_related("community")
    for row in rows.order_by("community_id"):
        community = lock_community(row.community)
        membership = lock_membership(community, user=user)
        if membership is not None and membership.state in LEAVING:
            membership.community = community
            membership_end(membership)
            ended += 1
    return ended


@transaction.atomic
def membership_listing_set(*, user: AbstractBaseUser, listed_community_ids: set[int]) -> int:
    """Choose where ``user`` appears on the members page: listed in the communities named,
    hidden in their other active ones (the default is listed). Only the person's own flag
    changes, so no community lock is needed. Idempotent; returns how many rows changed."""
    mine = Membership.objects.active().filter(user=user)
    shown = mine.filter(community_id__in=listed_community_ids, listed_to_members=False)
    hidden = mine.exclude(community_id__in=listed_community_ids).filter(listed_to_members=True)
    return shown.update(listed_to_members=True) + hidden.update(listed_to_members=False)
