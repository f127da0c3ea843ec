"""The rules every membership change shares (see communities.services.memberships): how a
membership ends, the leader's guard, the seeking-a-leader alert, and the lock-then-check helper.
Callers hold the community's lock (services.locking)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
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


def membership_end(membership: Membership) -> Membership:
    """End ``membership`` (the one way it is done): state ``left``, role ``member``, ``left_at``
    now; the person's seats at coming meetings go to the waitlist; when the last leader goes, the
    coordinators are told. The caller holds the community and membership locks."""
    was_leader = membership.is_leader
    membership.state, membership.role = Membership.State.LEFT, Membership.Role.MEMBER
    membership.left_at = timezone.now()
    membership.save()
    rsvps_release(user=membership.user, community=membership.community)
    if was_leader:
        leaders_left(membership.community)
    return membership
