"""Leaders' changes to people and roles: remove a member, co-leader or member role, add a
co-leader, hand leadership over, a new community's founder, and a coordinator's change in admin."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ...models import Community, Membership
from ...permissions import is_coordinator, may_hand_over, require_leads
from ...selectors.people import community_mail_recipients, find_user
from ..locking import lock, lock_community, lock_membership
from ..notifications import email_send, email_send_each
from ..preferences import community_mail_item
from ..rsvps import rsvps_release
from .rules import (
    LEADER_ONLY,
    count_members,
    guard_the_leader,
    leaders_left,
    lock_for,
    locked_member,
    membership_activate,
    membership_end,
)


@transaction.atomic
def membership_remove(
    *, community: Community, membership_id: int, actor: AbstractBaseUser
) -> Membership:
    """Remove an active member (co-leaders too) and e-mail them; the row stays as history.

    They are not e-mailed if they opted out of this community's e-mail, or all.
    Idempotent for someone already gone. Raises PermissionDenied unless ``actor`` leads the
    community (checked under its lock); ValidationError ``self`` when the actor removes themselves
    (they use "Leave"), ``leader_only`` when a co-leader removes the leader. When a coordinator
    removes the last leader, the community is seeking one and the coordinators are e-mailed.
    """
    community = lock_for(community, actor)
    membership = locked_member(community, membership_id)
    if membership.user_id == actor.pk:
        raise ValidationError("Use “Leave” on the community page to leave.", code="self")
    if membership.state != Membership.State.ACTIVE:
        return membership
    guard_the_leader(membership, actor)
    membership_end(membership)
    # Told within their own e-mail choices for this community (they may have muted it).
    told = community_mail_recipients(community, among=[membership.user_id], members_only=False)
    email_send_each(
        template="membership_removed",
        items=[community_mail_item(user, community, {"community": community}) for user in told],
    )
    return membership


@transaction.atomic
def membership_set_role(
    *, community: Community, membership_id: int, role: str, actor: AbstractBaseUser
) -> Membership:
    """Make an active member a co-leader, or a co-leader a plain member.

    The leader role moves only by ``leadership_hand_over``: the leader cannot be demoted here,
    except by a coordinator (which may leave the community seeking a leader; the coordinators are
    then told). Idempotent. Raises PermissionDenied unless ``actor`` leads the community (checked
    under its lock); ValidationError ``bad_role``, ``not_active`` for a pending or former member,
    ``leader_only`` for the leader.
    """
    if role not in (Membership.Role.CO_LEADER, Membership.Role.MEMBER):
        raise ValidationError("Choose co-leader or member.", code="bad_role")
    community = lock_for(community, actor)
    membership = locked_member(community, membership_id)
    if membership.state != Membership.State.ACTIVE:
        raise ValidationError("Only active members can take a role.", code="not_active")
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.LEADER and not is_coordinator(actor):
        raise ValidationError(
            "The leader role moves only by hand-over. Hand over leadership before you step down."
            if membership.user_id == actor.pk
            else LEADER_ONLY,
            code="leader_only",
        )
    was_leader = membership.is_leader
    membership.role = role
    membership.save()
    if was_leader and role == Membership.Role.MEMBER:
        leaders_left(community)
    return membership


@transaction.atomic
def co_leader_add(*, community: Community, identifier: str, actor: AbstractBaseUser) -> Membership:
    """Make an existing user (username or e-mail) a co-leader, joining them if needed (their
    join date is then now). Idempotent for a current leader or co-leader.

    Raises ValidationError keyed ``identifier`` (code ``unknown_user``) when no active user
    matches, PermissionDenied unless ``actor`` leads the community (checked under its lock).
    """
    user = find_user(identifier)
    if user is None:
        raise ValidationError(
            {"identifier": "No one with that username or e-mail address has an account."},
            code="unknown_user",
        )
    community = lock_for(community, actor)
    row = lock_membership(community, user=user)
    if row is not None and row.is_leader:
        return row
    membership = membership_activate(community, user, Membership.Role.CO_LEADER, row=row)
    email_send(to=[user.email], template="co_leader_added", context={"community": community})
    return membership


@transaction.atomic
def leadership_hand_over(
    *,
    community: Community,
    membership_id: int,
    actor: AbstractBaseUser,
    stay_as_co_leader: bool = True,
) -> tuple[Membership, bool]:
    """Make an active member the leader. The current leader becomes a co-leader, or a member when
    ``stay_as_co_leader`` is False. Returns ``(membership, changed)``.

    Idempotent: when that member is the leader already (the same form sent twice), nothing
    changes, no e-mail goes out and ``changed`` is False; this answer is given to any active
    member, so the leader who has just handed over (now perhaps a plain member) is not refused.
    Only the leader hands over (or a coordinator; or any co-leader while the community has no
    leader). Raises PermissionDenied unless ``actor`` is an active member or a coordinator, and
    for a change unless they lead the community (both checked under its lock); ValidationError
    ``not_active``, ``leader_only`` for a co-leader while there is a leader.
    """
    community = lock_community(community)
    if not is_coordinator(actor) and not community.memberships.active().filter(user_id=actor.pk):
        raise PermissionDenied("Only this community's leaders can do that.")
    membership = locked_member(community, membership_id)
    if membership.state != Membership.State.ACTIVE:
        raise ValidationError("Only an active member can become the leader.", code="not_active")
    if membership.role == Membership.Role.LEADER:
        return membership, False
    require_leads(actor, community)
    current = list(lock(community.memberships.active().filter(role=Membership.Role.LEADER)))
    if not may_hand_over(actor, community):
        raise ValidationError("Only the leader can hand leadership over.", code="leader_only")
    former = Membership.Role.CO_LEADER if stay_as_co_leader else Membership.Role.MEMBER
    for leader in current:
        leader.role = former
        leader.save()
    membership.role = Membership.Role.LEADER
    membership.save()
    email_send(
        to=[membership.user.email],
        template="leadership_handed_over",
        context={"community": community},
    )
    return membership, True


def leader_appoint(*, community: Community, user: AbstractBaseUser) -> Membership:
    """Make ``user`` the leader of ``community``, which has none (a coordinator accepted their
    offer to lead: services.lead_offers). They join now if they were not an active member; a
    pending request of theirs is fulfilled. The caller holds the community lock and has checked
    that it still has no leader; the caller tells the person."""
    row = lock_membership(community, user=user)
    return membership_activate(community, user, Membership.Role.LEADER, row=row)


def founder_appoint(*, community: Community, user: AbstractBaseUser) -> Membership:
    """Make ``user`` the first leader of ``community``, a new community with no members yet
    (services.proposals.proposal_approve, inside its transaction, which created the community:
    nobody else can see its row yet). Joined now."""
    membership = Membership.objects.create(
        community=community,
        user=user,
        role=Membership.Role.LEADER,
        state=Membership.State.ACTIVE,
        joined_at=timezone.now(),
    )
    count_members(community, +1)
    return membership


@transaction.atomic
def membership_admin_save(*, membership: Membership) -> Membership:
    """Save a coordinator's change to ``membership`` in admin (the membership page or the
    community's inline): ``role`` and ``state`` as they chose, under the community lock.

    A membership that stops being active ends as every other path ends it (seats released,
    waitlist moved up); a new active one gets its join date; when the change leaves the community
    without a leader, the coordinators are e-mailed. Raises ValidationError for values the model
    refuses (a leader role on a membership that is not active). A membership moved to another
    community leaves the first one's member count for the second's (both locked, in primary-key
    order).
    """
    saved = Membership.objects.filter(pk=membership.pk).values_list("community", flat=True)
    previous = saved.first() if membership.pk else None
    ids = {membership.community_id, previous or membership.community_id}
    locked = {c.pk: c for c in lock(Community.objects.filter(pk__in=ids).order_by("pk"))}
    community = locked[membership.community_id]
    before = lock(Membership.objects.filter(pk=membership.pk)).first() if membership.pk else None
    was_active = before is not None and before.state == Membership.State.ACTIVE
    was_leader = before is not None and before.is_leader
    ending = was_active and membership.state != Membership.State.ACTIVE
    if membership.state == Membership.State.ACTIVE and not was_active:
        membership.joined_at, membership.left_at = membership.joined_at or timezone.now(), None
    if ending:
        membership.left_at = membership.left_at or timezone.now()
    membership.full_clean()
    membership.save()
    is_active, moved = membership.state == Membership.State.ACTIVE, len(locked) > 1
    if was_active and (moved or not is_active):
        count_members(locked[before.community_id], -1)
    if is_active and (moved or not was_active):
        count_members(community, +1)
    if ending:
        rsvps_release(user=membership.user, community=community)
    if was_leader and not membership.is_leader:
        leaders_left(community)
    return membership


@transaction.atomic
def membership_grant(*, community: Community, user: AbstractBaseUser, role: str) -> Membership:
    """Make ``user`` an active member of ``community`` in ``role`` (member, co_leader or leader),
    joining them now if needed, whatever the join policy: for an invitation a leader or the
    coordinators sent (services.invitations; the CSV import's leaders), which is the approval.

    Never lowers a role: a co-leader invited as a member stays co-leader. ``leader`` gives the
    leader role only while the community has no leader, co-leader otherwise (the role moves
    only by hand-over). Idempotent. Raises ValidationError ``archived`` for an archived community.
    """
    if role not in Membership.Role.values:
        raise ValidationError("Choose leader, co-leader or member.", code="bad_role")
    community = lock_community(community)
    if community.status == Community.Status.ARCHIVED:
        raise ValidationError(
            "This community is archived and takes no new members.", code="archived"
        )
    if (
        role == Membership.Role.LEADER
        and community.memberships.leaders()
        .filter(role=Membership.Role.LEADER)
        .exclude(user=user)
        .exists()
    ):
        role = Membership.Role.CO_LEADER
    row = lock_membership(community, user=user)
    current = row.role if row is not None and row.state == Membership.State.ACTIVE else None
    ranks = [Membership.Role.MEMBER, Membership.Role.CO_LEADER, Membership.Role.LEADER]
    if current is not None and ranks.index(current) > ranks.index(role):
        role = current  # never lowered
    return membership_activate(community, user, role, row=row)
