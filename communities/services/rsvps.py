"""Writes for RSVPs and attendance: answers, the capacity and its waitlist, who came.

Every rule that counts rows runs with the meeting row locked (services.locking.lock_meeting), so
concurrent answers never push a meeting over its capacity and the waitlist stays first come,
first served.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Attendance, Community, Meeting, Membership, Rsvp
from ..selectors.meetings import attendance_candidates
from ..selectors.people import meeting_mail_recipients
from .locking import lock, lock_meeting
from .notifications import email_send_each
from .preferences import meeting_mail_item


def going_count(meeting: Meeting) -> int:
    """How many say yes (the waitlist not included)."""
    return meeting.rsvps.filter(status=Rsvp.Status.YES).count()


def fill_from_waitlist(meeting: Meeting) -> list[Rsvp]:
    """Move people up from the waitlist, first come first served, while there is room, and
    e-mail each one their place (if they take the community's meeting e-mails: the same
    preferences as every meeting e-mail, selectors.people.meeting_mail_recipients).

    Every path that frees a seat calls this (a no, a leaver, a removal, an account deletion, a
    larger capacity). The caller holds the lock on the meeting row. Returns the moved answers."""
    if meeting.capacity is None:
        free = None
    else:
        free = meeting.capacity - going_count(meeting)
        if free <= 0:
            return []
    waiting = meeting.rsvps.filter(status=Rsvp.Status.WAITLIST).order_by("created_at", "pk")
    moved = list(waiting[:free] if free is not None else waiting)
    for rsvp in moved:
        rsvp.status = Rsvp.Status.YES
        rsvp.save(update_fields=["status", "updated_at"])
    if moved and meeting.ends_at >= timezone.now():
        community = meeting.community
        context = {"meeting": meeting, "community": community}
        email_send_each(
            template="waitlist_moved_up",
            items=[
                meeting_mail_item(user, community, context)
                for user in meeting_mail_recipients(community, among=[r.user_id for r in moved])
            ],
        )
    return moved


@transaction.atomic
def rsvp_set(*, meeting: Meeting, user: AbstractBaseUser, going: bool) -> Rsvp:
    """Answer yes or no for ``user``. Yes beyond the capacity goes on the waitlist; a no from
    someone going moves the first person on the waitlist up.

    Idempotent: a repeated yes keeps its place. Raises ValidationError with code ``not_member``
    (only active members may answer), ``cancelled``, ``archived`` (the community is) or ``past``.
    """
    meeting = lock_meeting(meeting)
    if not Membership.objects.active().filter(user=user, community=meeting.community).exists():
        raise ValidationError(
            f"Only members can RSVP. Join {meeting.community.name} first, then answer.",
            code="not_member",
        )
    if meeting.community.status == meeting.community.Status.ARCHIVED:
        raise ValidationError(
            f"{meeting.community.name} is archived: its meetings take no answers.", code="archived"
        )
    if meeting.cancelled:
        raise ValidationError("This meeting is cancelled.", code="cancelled")
    if meeting.ends_at < timezone.now():
        raise ValidationError("This meeting is over.", code="past")
    rsvp = Rsvp.objects.filter(meeting=meeting, user=user).first()
    if going:
        if rsvp is not None and rsvp.status in (Rsvp.Status.YES, Rsvp.Status.WAITLIST):
            return rsvp  # a double click keeps the place already taken
        full = meeting.capacity is not None and going_count(meeting) >= meeting.capacity
        status = Rsvp.Status.WAITLIST if full else Rsvp.Status.YES
    else:
        status = Rsvp.Status.NO
    was_going = rsvp is not None and rsvp.status == Rsvp.Status.YES
    if rsvp is None:
        try:
            with transaction.atomic():
                rsvp = Rsvp.objects.create(meeting=meeting, user=user, status=status)
        except IntegrityError:  # only without row locks (SQLite); the lock above prevents it
            rsvp = Rsvp.objects.get(meeting=meeting, user=user)
            rsvp.status = status
    else:
        rsvp.status = status
        if going:
            rsvp.created_at = timezone.now()  # waitlist place counts from this yes
    rsvp.save()
    if was_going and not going:
        fill_from_waitlist(meeting)
    return rsvp


@transaction.atomic
def rsvps_release(*, user: AbstractBaseUser, community: Community) -> int:
    """Withdraw ``user``'s yes and waitlist answers for ``community``'s meetings that are not
    over (they left or were removed), moving the waitlist up. Returns how many were withdrawn."""
    answers = Rsvp.objects.filter(
        user=user,
        meeting__community=community,
        meeting__ends_at__gte=timezone.now(),
        status__in=[Rsvp.Status.YES, Rsvp.Status.WAITLIST],
    ).values_list("meeting_id", flat=True)
    meeting_ids = list(answers)
    meetings = Meeting.objects.select_related("community").filter(pk__in=meeting_ids)
    # of=("self",): the community row is read, not locked (the caller may hold it already).
    for meeting in lock(meetings.order_by("pk"), of=("self",)):
        Rsvp.objects.filter(meeting=meeting, user=user).update(status=Rsvp.Status.NO)
        fill_from_waitlist(meeting)
    return len(meeting_ids)


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, recorded_by: AbstractBaseUser, present_user_ids: set[int]
) -> int:
    """Record who came: everyone in ``present_user_ids`` present, other members and RSVPs absent.

    Only once the meeting has started. Returns how many were present. Raises ValidationError
    ``not_started`` before the start, ``cancelled`` for a cancelled meeting, ``not_member``
    for an id that is neither a member nor someone who answered.
    """
    meeting = lock_meeting(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            "Attendance can be recorded once the meeting has started.", code="not_started"
        )
    if meeting.cancelled:
        raise ValidationError("This meeting was cancelled.", code="cancelled")
    eligible = set(attendance_candidates(meeting).values_list("pk", flat=True))
    if present_user_ids - eligible:
        raise ValidationError(
            "Only members of the community can be marked present.", code="not_member"
        )
    now = timezone.now()
    for user_id in eligible:
        Attendance.objects.update_or_create(
            meeting=meeting,
            user_id=user_id,
            defaults={
                "present": user_id in present_user_ids,
                "recorded_by": recorded_by,
                "recorded_at": now,
            },
        )
    return len(present_user_ids)
