"""The rules every membership change shares (see communities.services.memberships): how a
membership ends, the leader's guard, the seeking-a-leader alert, the lock-then-check helper, and
the stored member count. Callers hold the community's lock (services.locking).

``Community.member_count`` (active memberships) moves only in ``count_members``, called by every
change into or out of the active state while the community row is locked, so concurrent joins and
leaves never lose an update; bulk loaders call ``member_counts_refresh``."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ...models import Community, Membership
from ...permissions import may_hand_over, require_leads
from ..locking import lock_community, lock_membership
from ..notifications import coordinator_addresses, email_send
from ..rsvps import rsvps_release

LEAVING = (Membership.State.ACTIVE, Membership.State.PENDING)
LEADER_ONLY = (
    "Only the leader can step down or hand leadership over; a co-leader cannot remove or demote "
    "them."
)


def locked_member(community: Community, membership_id: int) -> Membership:
    found = lock_membership(community, pk=membership_id)
    if found is None:
        raise ValidationError("That person is not in this community.", code="not_found")
    found.community = community  # the locked row, not a fresh read
    return found


def lock_for(community: Community, actor: AbstractBaseUser) -> Community:
    """Lock ``community``, then check that ``actor`` still leads it (or is a coordinator).

    Raises PermissionDenied: a leader removed or demoted a moment ago cannot act any more."""
    community = lock_community(community)
    require_leads(actor, community)
    return community


def guard_the_leader(membership: Membership, actor: AbstractBaseUser) -> None:
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


def leaders_left(community: Community) -> None:
    """E-mail the coordinators when the community has no leader any more (it is then shown as
    "Seeking a leader" while active)."""
    if not community.memberships.leaders().exists():
        email_send(
            to=coordinator_addresses(), template="seeking_leader", context={"community": community}
        )


def count_members(community: Community, delta: int) -> None:
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


def membership_activate(
    community: Community, user: AbstractBaseUser, role: str, *, row: Membership | None
) -> Membership:
    """Make ``user`` an active member of ``community`` in ``role`` (the one way a person is made
    active by someone else: co-leader added, invitation granted, offer to lead accepted).

    ``row`` is the person's membership already locked by the caller (lock_membership), or None
    when they never had one. Joining now (the row was not active) sets the join date and moves
    the member count; an active row keeps its join date. The caller holds the community lock.
    """
    membership = row or Membership(community=community, user=user, state=Membership.State.LEFT)
    joining = membership.state != Membership.State.ACTIVE
    if joining:
        membership.joined_at, membership.left_at = timezone.now(), None
    membership.state, membership.role = Membership.State.ACTIVE, role
    membership.community = community
    membership.full_clean()
    membership.save()
    if joining:
        count_members(community, +1)
    return membership


def membership_end(membership: Membership) -> Membership:
    """End ``membership`` (the one way it is done): state ``left``, role ``member``, ``left_at``
    now; the person's seats at coming meetings go to the waitlist; when the last leader goes, the
    coordinators are told. The caller holds the community and membership locks."""
    was_leader, was_active = membership.is_leader, membership.state == Membership.State.ACTIVE
    membership.state, membership.role = Membership.State.LEFT, Membership.Role.MEMBER
    membership.left_at = timezone.now()
    membership.save()
    if was_active:
        count_members(membership.community, -1)
    rsvps_release(user=membership.user, community=membership.community)
    if was_leader:
        leaders_left(membership.community)
    return membership
