"""Every change to a membership goes through this package: join, request, approve, decline, leave,
remove, roles, co-leaders, hand-over, a new community's founder, a coordinator's change in admin,
and account deletion. Callers import the services from here; the modules are

- ``joining``: join or ask to join, approve or decline a request, leave, account deletion, where
  the person appears on the members page;
- ``roles``: remove, co-leader or member role, add a co-leader, hand-over, founder, admin's change,
  an invitation's grant, an accepted offer to lead;
- ``rules``: what they share, the stored member count and making someone active included.
  Each rule lives in one function there:

  - a membership ends only in ``membership_end`` (state ``left``, role ``member``; the person's
    seats at coming meetings go to the waitlist, who are told: services.rsvps);
  - a community keeps a leader: the only one cannot leave or step down (they hand over first);
    where a coordinator or an account deletion leaves none, it is "seeking a leader" and the
    coordinators are e-mailed (``leaders_left``);
  - only the leader (or a coordinator) touches the leader's membership (``guard_the_leader``);
  - who may change people depends on current roles, so ``lock_for`` checks it after locking the
    community row (services.locking): of two leaders removing each other at once, the second
    gets PermissionDenied (403), as one after the other.
"""

from .joining import (
    membership_approve,
    membership_decline,
    membership_join,
    membership_leave,
    membership_listing_set,
    memberships_end_all,
)
from .roles import (
    co_leader_add,
    founder_appoint,
    leader_appoint,
    leadership_hand_over,
    membership_admin_save,
    membership_grant,
    membership_remove,
    membership_set_role,
)
from .rules import member_counts_refresh

# The one entry point for membership changes: callers import these names from here.
__all__ = [
    "co_leader_add",
    "founder_appoint",
    "leader_appoint",
    "leadership_hand_over",
    "member_counts_refresh",
    "membership_admin_save",
    "membership_approve",
    "membership_decline",
    "membership_grant",
    "membership_join",
    "membership_leave",
    "membership_listing_set",
    "membership_remove",
    "membership_set_role",
    "memberships_end_all",
]
