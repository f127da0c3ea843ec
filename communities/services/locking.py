"""Row locks: the one helper every write that counts rows goes through, and the order to take them.

Rules that count rows (a community keeps a leader, a meeting's capacity, one renewal per year, a
message limit per day) read and write with the rows they count locked by ``SELECT ... FOR
UPDATE``, until the transaction ends. SQLite has no row locks (it serialises writers); the locks
matter on PostgreSQL.

Lock order. A transaction that needs several locks takes them in this order, never the reverse,
so two transactions cannot wait for each other:

1. a proposal row (proposal_approve, proposal_decline, proposal_withdraw re-read it with its
   proposer, so the same statement locks the proposer's user row too, after it; account deletion
   locks the person's waiting proposals first, proposals_withdraw_all);
2. a user row (proposal_submit: one proposer's double submit runs one after the other; account
   deletion and sign-in: the user, then their profile);
3. a community row (lock_community: joining, leaving, every change to people, messages to
   members, lifecycle changes; the scheduled jobs with ``skip_locked``; account deletion takes
   the person's communities one at a time in primary-key order, memberships_end_all; a
   coordinator moving a membership to another community in admin locks both, in primary-key
   order, membership_admin_save). The stored member count moves under this lock. The
   permission check that depends on current roles runs after this lock (services.memberships);
4. membership rows of that community (``of=("self",)`` when their users are read with them);
5. meeting rows (lock_meeting; several at once in primary-key order, as rsvps_release does
   with ``of=("self",)`` so their communities are not locked again, or a
   series' later meetings in start order after the first one, as meeting_update does);
6. rows that hang off a meeting or community: pulse answers, renewal requests, e-mail log rows.

Known exceptions, kept as they are (this module only names them):
- lock_meeting re-reads the meeting with ``select_related("community")`` and no ``of=``, so the
  same statement also locks the community row, after the meeting row. A leader removing a member
  (community, then that member's meetings) and an RSVP to one of those meetings can therefore
  deadlock on PostgreSQL, which aborts one of them.
- health's renewal_confirm locks the renewal request before its community. Nothing that holds a
  community lock waits for a renewal lock (ask_renewals only inserts the next year's row), so
  this cannot deadlock.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from ..models import Community, Meeting, Membership

M = TypeVar("M", bound=Model)


def lock(
    queryset: QuerySet[M], *, skip_locked: bool = False, of: tuple[str, ...] = ()
) -> QuerySet[M]:
    """``queryset`` as ``SELECT ... FOR UPDATE``: the rows it returns stay locked until the
    transaction ends. Evaluate it inside ``transaction.atomic`` (Django raises otherwise).

    ``skip_locked`` leaves out rows another transaction holds (scheduled jobs share work that
    way instead of queueing); ``of`` limits the lock to the named tables of a select_related
    query. Every row lock in communities and health goes through here: keep the order above.
    """
    return queryset.select_for_update(skip_locked=skip_locked, of=of)


def lock_community(community: Community) -> Community:
    """``community`` re-read with its row locked (step 3 of the lock order). Leader and membership
    changes, messages to members and lifecycle changes of one community queue here."""
    return lock(Community.objects.filter(pk=community.pk)).get()


def lock_membership(community: Community, **lookup) -> Membership | None:
    """The membership of ``community`` matching ``lookup`` (``user=`` or ``pk=``), with its user,
    re-read with its row locked (step 4), or None. Only the membership row is locked
    (``of=("self",)``): user rows come before communities in the order."""
    found = Membership.objects.select_related("user").filter(community=community, **lookup)
    return lock(found, of=("self",)).first()


def lock_meeting(meeting: Meeting) -> Meeting:
    """``meeting`` re-read with its row locked (step 5), its community loaded (and locked with it:
    see the exceptions above). RSVPs, attendance and edits to one meeting queue here, so counts
    against its capacity stay true."""
    return lock(Meeting.objects.select_related("community").filter(pk=meeting.pk)).get()
