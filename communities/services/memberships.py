"""Every change to a membership goes through here: join, request, approve, decline, leave,
remove, roles, co-leaders, hand-over, a new community's founder, a coordinator's change in admin,
and account deletion. Each rule lives in one function:

- a membership ends only in ``_end`` (state ``left``, role ``member``; the person's seats at coming
  meetings go to the waitlist, who are told: services.rsvps);
- a community keeps a leader: the only one cannot leave or step down (they hand over first);
  where a coordinator or an account deletion leaves none, it is "seeking a leader" and the
  coordinators are e-mailed (``_leaders_left``);
- only the leader (or a coordinator) touches the leader's membership (``_guard_the_leader``);
- who may change people depends on current roles, so ``_lock_for`` checks it after locking the
  community row (services.locking): of two leaders removing each other at once, the second gets
  PermissionDenied (403), as one after the other;
- ``Community.member_count`` (active memberships) moves only in ``_count``, called by every
  change into or out of the active state while the community row is locked, so concurrent
  joins and leaves never lose an update; bulk loaders call ``member_counts_refresh``.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Community, Membership, MembershipPolicy
from ..permissions import is_coordinator, may_hand_over, require_leads
from ..selectors.people import find_user
from .locking import lock, lock_community, lock_membership
from .notifications import coordinator_addresses, email_send
from .rsvps import rsvps_release

LEAVING = (Membership.State.ACTIVE, Membership.State.PENDING)
LEADER_ONLY = (
    "Only the leader can step down or hand leadership over; a co-leader cannot remove or demote "
    "them."
)


def _locked_member(community: Community, membership_id: int) -> Membership:
    found = lock_membership(community, pk=membership_id)
    if found is None:
        raise ValidationError("That person is not in this community.", code="not_found")
    found.community = community  # the locked row, not a fresh read
    return found


def _lock_for(community: Community, actor: AbstractBaseUser) -> Community:
    """Lock ``community``, then check that ``actor`` still leads it (or is a coordinator).

    Raises PermissionDenied: a leader removed or demoted a moment ago cannot act any more."""
    community = lock_community(community)
    require_leads(actor, community)
    return community


def _guard_the_leader(membership: Membership, actor: AbstractBaseUser) -> None:
    """Only the leader themselves (or a coordinator) touches the leader's membership."""
    if (
        membership.role == Membership.Role.LEADER
        and membership.user_id != actor.pk
        and not may_hand_over(actor, membership.community)
    ):
        raise ValidationError(
            LEADER_ONLY,
            code="leader_only",
        )


def _leaders_left(community: Community) -> None:
    """E-mail the coordinators when the community has no leader any more (it is then shown as
    "Seeking a leader" while active)."""
    if not community.memberships.leaders().exists():
        email_send(
            to=coordinator_addresses(), template="seeking_leader", context={"community": community}
        )


def _count(community: Community, delta: int) -> None:
    """Add ``delta`` (+1 or -1) to the community's stored member count. The caller holds the
    community's lock (lock_community), so the count moves with the memberships it counts."""
    Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + delta)
    community.member_count += delta


def member_counts_refresh(communities=None) -> int:
    """Recount ``Community.member_count`` from the memberships, for ``communities`` (a queryset or
    a list of communities; all when None), in one UPDATE. For bulk loaders that insert
    memberships without the services (seed_scale, seed_demo_history, tests' personas) and as a
    repair. Returns the number of communities updated."""
    active = (
        Membership.objects.filter(community=OuterRef("pk"), state=Membership.State.ACTIVE)
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = Community.objects.all()
    if communities is not None:
        rows = rows.filter(pk__in=[c.pk for c in communities])
    return rows.update(member_count=Coalesce(Subquery(active), 0))


def _end(membership: Membership) -> Membership:
    """End ``membership`` (the one way it is done): state ``left``, role ``member``, ``left_at``
    now; the person's seats at coming meetings go to the waitlist; when the last leader goes, the
    coordinators are told. The caller holds the community and membership locks."""
    was_leader, was_active = membership.is_leader, membership.state == Membership.State.ACTIVE
    membership.state, membership.role = Membership.State.LEFT, Membership.Role.MEMBER
    membership.left_at = timezone.now()
    membership.save()
    if was_active:
        _count(membership.community, -1)
    rsvps_release(user=membership.user, community=membership.community)
    if was_leader:
        _leaders_left(membership.community)
    return membership


@transaction.atomic
def membership_join(*, user: AbstractBaseUser, community: Community) -> Membership:
    """Join ``community`` (open policy) or ask to join it (request policy).

    Idempotent: a second call, or a concurrent one, returns the same single membership row.
    Raises ValidationError with code ``restricted`` or ``archived`` when joining is not possible.
    """
    # Concurrent joins of one community queue here (briefly): the member count moves under this
    # lock, and no second row for the same person can be inserted meanwhile.
    community = lock_community(community)
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
        _count(membership.community, +1)
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
    return _end(membership)


@transaction.atomic
def membership_approve(
    *, community: Community, membership_id: int, actor: AbstractBaseUser
) -> Membership:
    """Approve a pending request and e-mail the requester. Idempotent for an active member.

    Raises PermissionDenied unless ``actor`` leads the community (checked under its lock), and
    ValidationError ``not_pending`` for a request withdrawn or declined meanwhile."""
    community = _lock_for(community, actor)
    membership = _locked_member(community, membership_id)
    if membership.state == Membership.State.ACTIVE:
        return membership
    if membership.state != Membership.State.PENDING:
        raise ValidationError("This request was withdrawn or declined.", code="not_pending")
    membership.state, membership.joined_at = Membership.State.ACTIVE, timezone.now()
    membership.save()
    _count(community, +1)
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
    community = _lock_for(community, actor)
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
    """Remove an active member (co-leaders too) and e-mail them; the row stays as history.

    Idempotent for someone already gone. Raises PermissionDenied unless ``actor`` leads the
    community (checked under its lock); ValidationError ``self`` when the actor removes themselves
    (they use "Leave"), ``leader_only`` when a co-leader removes the leader. When a coordinator
    removes the last leader, the community is seeking one and the coordinators are e-mailed.
    """
    community = _lock_for(community, actor)
    membership = _locked_member(community, membership_id)
    if membership.user_id == actor.pk:
        raise ValidationError("Use “Leave” on the community page to leave.", code="self")
    if membership.state != Membership.State.ACTIVE:
        return membership
    _guard_the_leader(membership, actor)
    _end(membership)
    email_send(
        to=[membership.user.email], template="membership_removed", context={"community": community}
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
    community = _lock_for(community, actor)
    membership = _locked_member(community, membership_id)
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
        _leaders_left(community)
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
    community = _lock_for(community, actor)
    membership = lock_membership(community, user=user) or Membership(
        community=community, user=user, state=Membership.State.LEFT
    )
    if membership.is_leader:
        return membership
    joining = membership.state != Membership.State.ACTIVE
    if joining:
        membership.joined_at, membership.left_at = timezone.now(), None
    membership.state, membership.role = Membership.State.ACTIVE, Membership.Role.CO_LEADER
    membership.full_clean()
    membership.save()
    if joining:
        _count(community, +1)
    email_send(to=[user.email], template="co_leader_added", context={"community": community})
    return membership


@transaction.atomic
def leadership_hand_over(
    *,
    community: Community,
    membership_id: int,
    actor: AbstractBaseUser,
    stay_as_co_leader: bool = True,
) -> Membership:
    """Make an active member the leader. The current leader becomes a co-leader, or a member when
    ``stay_as_co_leader`` is False. Idempotent.

    Only the leader hands over (or a coordinator; or any co-leader while the community has no
    leader). Raises PermissionDenied unless ``actor`` leads the community (checked under its
    lock); ValidationError ``not_active``, ``leader_only`` for a co-leader while there is a leader.
    """
    community = _lock_for(community, actor)
    membership = _locked_member(community, membership_id)
    if membership.state != Membership.State.ACTIVE:
        raise ValidationError("Only an active member can become the leader.", code="not_active")
    if membership.role == Membership.Role.LEADER:
        return membership
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
    return membership


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
    _count(community, +1)
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
            _end(membership)
            ended += 1
    return ended


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
        _count(locked[before.community_id], -1)
    if is_active and (moved or not was_active):
        _count(community, +1)
    if ending:
        rsvps_release(user=membership.user, community=community)
    if was_leader and not membership.is_leader:
        _leaders_left(community)
    return membership
