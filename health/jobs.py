"""The scheduled work behind ``manage.py run_due_jobs``: pulses, dormancy, renewals, digests
(leaders' and members'), meeting reminders.

Safe to run twice at once and after a crash:
- Each e-mail has a JobRecord key (job + object + period). The key is inserted in the same
  transaction that records the e-mail (communities.services.notifications.email_send, which
  delivers on commit). A second worker inserting the same key blocks on the unique index until
  the first commits, then fails and skips; a crash before commit leaves neither key nor e-mail.
- Work on one object (a meeting, a community, a renewal) happens with its row locked by
  communities.services.locking.lock(..., skip_locked=True) on PostgreSQL: two workers share the
  work instead of queueing behind each other. (SQLite has no row locks; it serialises writers.)
- Nothing is ever sent about cancelled meetings or archived communities.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from communities.models import (
    Attendance,
    Community,
    EmailMessageLog,
    Meeting,
    MeetingEmailOptOut,
    Membership,
    Rsvp,
)
from communities.selectors.lifecycle import dormant_from, with_lifecycle
from communities.selectors.people import community_mail_recipients
from communities.services.communities import community_set_lifecycle
from communities.services.locking import lock
from communities.services.notifications import (
    coordinator_addresses,
    email_deliver,
    email_send,
    email_send_each,
)
from communities.services.preferences import (
    DIGEST,
    community_mail_item,
    mail_headers,
    unsubscribe_url,
)

from .activity import pulse_summary
from .conf import (
    DORMANT_WARNING_DAYS,
    PULSE_SEND_WINDOW_DAYS,
    RENEWAL_GRACE_DAYS,
    RENEWAL_REMINDER_DAYS,
    meeting_reminder_hours,
)
from .models import JobRecord, PulseAnswer, RenewalRequest
from .tokens import pulse_token_make

logger = logging.getLogger(__name__)

LISTED = [Community.Status.ACTIVE, Community.Status.DORMANT]
# An e-mail still pending this long after it was recorded was stranded by a crash between commit
# and delivery (delivery itself times out after EMAIL_TIMEOUT seconds).
STRANDED_AFTER = timedelta(minutes=15)
# Digests go out from Monday at this local hour, once per ISO week.
DIGEST_HOUR = 7


def record_once(key: str, *, job: str, community: Community | None = None) -> bool:
    """Insert the JobRecord ``key``; False if it exists (the work was done, or is being done by a
    worker whose transaction has not committed yet: the insert waits for it). Must run inside
    the transaction that does the work."""
    try:
        with transaction.atomic():  # savepoint, so a duplicate leaves the outer transaction usable
            JobRecord.objects.create(key=key, job=job, community=community)
    except IntegrityError:
        return False
    return True


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _leader_emails(community: Community) -> list[str]:
    return list(community.memberships.leaders().values_list("user__email", flat=True))


def _locked_community(pk: int) -> Community | None:
    """The community row locked for this worker, or None if another worker holds it or it was
    archived meanwhile."""
    return lock(Community.objects.filter(pk=pk, status__in=LISTED), skip_locked=True).first()


# -- pulse -------------------------------------------------------------------------------------


def pulse_recipients(meeting: Meeting):
    """Active users with an e-mail who were marked present or answered "yes" (and were not marked
    absent), who have not answered this meeting's pulse yet."""
    present = Attendance.objects.filter(meeting=meeting, present=True).values("user")
    absent = Attendance.objects.filter(meeting=meeting, present=False).values("user")
    going = Rsvp.objects.filter(meeting=meeting, status=Rsvp.Status.YES).values("user")
    answered = PulseAnswer.objects.filter(meeting=meeting).values("user")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=present) | Q(pk__in=going), is_active=True)
        .exclude(pk__in=absent)
        .exclude(pk__in=answered)
        .exclude(email="")
        .order_by("pk")
    )


def send_pulses(now: datetime) -> int:
    """E-mail the pulse link once per person after each meeting that ended in the last
    PULSE_SEND_WINDOW_DAYS days (not cancelled, community not archived). People recorded as
    present later get theirs on a later run. Returns the number of e-mails."""
    due = Meeting.objects.filter(
        cancelled=False,
        ends_at__lte=now,
        ends_at__gt=now - timedelta(days=PULSE_SEND_WINDOW_DAYS),
        community__status__in=LISTED,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in due:
        with transaction.atomic():
            meeting = lock(
                Meeting.objects.select_related("community").filter(
                    pk=pk, cancelled=False, community__status__in=LISTED
                ),
                skip_locked=True,
                of=("self",),
            ).first()
            if meeting is None:
                continue
            for user in pulse_recipients(meeting):
                key = f"pulse:meeting:{meeting.pk}:user:{user.pk}"
                if not record_once(key, job="pulse", community=meeting.community):
                    continue
                token = pulse_token_make(meeting_id=meeting.pk, user_id=user.pk)
                email_send(
                    to=[user.email],
                    template="health/pulse",
                    context={
                        "meeting": meeting,
                        "user": user,
                        "url": _absolute(reverse("health:pulse", args=[token])),
                    },
                )
                sent += 1
    return sent


# -- lifecycle ---------------------------------------------------------------------------------


def update_dormancy(now: datetime) -> int:
    """Mark active communities dormant when nothing is scheduled and they have not met for
    DORMANT_AFTER_DAYS; make dormant ones active again once a meeting is held or scheduled.
    Leaders are told when theirs turns dormant. Returns the number of status changes."""
    changed = 0
    for community in with_lifecycle(Community.objects.filter(status__in=LISTED), now=now):
        dormant = community.upcoming_count == 0 and dormant_from(community) <= now
        target = Community.Status.DORMANT if dormant else Community.Status.ACTIVE
        if target == community.status:
            continue
        with transaction.atomic():
            locked = _locked_community(community.pk)
            if locked is None or not community_set_lifecycle(community=locked, status=target):
                continue
            changed += 1
            if target == Community.Status.DORMANT:
                key = f"dormant:community:{community.pk}:{now.date().isoformat()}"
                if record_once(key, job="dormant", community=locked):
                    email_send(
                        to=_leader_emails(locked),
                        template="health/dormant",
                        context={"community": locked, "url": _absolute(locked.get_absolute_url())},
                    )
    return changed


def warn_dormant_soon(now: datetime) -> int:
    """Tell leaders once, DORMANT_WARNING_DAYS ahead, that their community will turn dormant
    unless a meeting is scheduled. Returns the number of e-mails."""
    sent = 0
    soon = now + timedelta(days=DORMANT_WARNING_DAYS)
    candidates = with_lifecycle(
        Community.objects.filter(status=Community.Status.ACTIVE), now=now
    ).filter(upcoming_count=0)
    for community in candidates:
        on = dormant_from(community)
        if not now < on <= soon:
            continue
        with transaction.atomic():
            locked = _locked_community(community.pk)
            key = f"dormant-soon:community:{community.pk}:{on.date().isoformat()}"
            if locked is None or not record_once(key, job="dormant-soon", community=locked):
                continue
            sent += bool(
                email_send(
                    to=_leader_emails(locked),
                    template="health/dormant_soon",
                    context={"community": locked, "dormant_on": on},
                )
            )
    return sent


# -- renewal -----------------------------------------------------------------------------------


def _years_since(start: datetime, now: datetime) -> int:
    a, b = timezone.localtime(start).date(), timezone.localtime(now).date()
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))


def _anniversary(start: datetime, years: int):
    """The local date ``years`` after ``start`` (29 February becomes 28 February)."""
    day = timezone.localtime(start).date()
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def ask_renewals(now: datetime) -> int:
    """On each anniversary of a community's approval, open that year's renewal and e-mail its
    leaders a link to the renewal form. Returns the number of renewals opened."""
    opened = 0
    for community in with_lifecycle(Community.objects.filter(status__in=LISTED), now=now):
        year = _years_since(community.approved_at, now)
        if year < 1 or community.renewals.filter(year=year).exists():
            continue
        with transaction.atomic():
            locked = _locked_community(community.pk)
            if locked is None:
                continue
            try:
                with transaction.atomic():
                    RenewalRequest.objects.create(
                        community=locked,
                        year=year,
                        due_on=_anniversary(community.approved_at, year),
                    )
            except IntegrityError:
                continue  # another worker opened it
            opened += 1
            email_send(
                to=_leader_emails(locked),
                template="health/renewal",
                context={
                    "community": locked,
                    "url": _absolute(reverse("health:renewal", args=[locked.slug])),
                    "grace_days": RENEWAL_GRACE_DAYS,
                },
            )
    return opened


def _open_renewals(asked_before: datetime):
    return RenewalRequest.objects.filter(
        confirmed_at=None, asked_at__lte=asked_before, community__status__in=LISTED
    )


def remind_renewals(now: datetime) -> int:
    """Remind leaders once when a renewal is still open after RENEWAL_REMINDER_DAYS."""
    sent = 0
    for renewal in _open_renewals(now - timedelta(days=RENEWAL_REMINDER_DAYS)).select_related(
        "community"
    ):
        with transaction.atomic():
            key = f"renewal-reminder:renewal:{renewal.pk}"
            if not record_once(key, job="renewal-reminder", community=renewal.community):
                continue
            sent += bool(
                email_send(
                    to=_leader_emails(renewal.community),
                    template="health/renewal",
                    context={
                        "community": renewal.community,
                        "url": _absolute(reverse("health:renewal", args=[renewal.community.slug])),
                        "grace_days": RENEWAL_GRACE_DAYS,
                        "reminder": True,
                    },
                )
            )
    return sent


def tell_coordinators_overdue(now: datetime) -> int:
    """Tell the coordinators about each renewal nobody confirmed within RENEWAL_GRACE_DAYS."""
    told = 0
    due = _open_renewals(now - timedelta(days=RENEWAL_GRACE_DAYS)).filter(coordinators_told_at=None)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            renewal = lock(
                RenewalRequest.objects.select_related("community").filter(
                    pk=pk, confirmed_at=None, coordinators_told_at=None
                ),
                skip_locked=True,
                of=("self",),
            ).first()
            if renewal is None:
                continue
            renewal.coordinators_told_at = now
            renewal.save(update_fields=["coordinators_told_at"])
            told += 1
            email_send(
                to=coordinator_addresses(),
                template="health/renewal_overdue",
                context={
                    "renewal": renewal,
                    "community": renewal.community,
                    "url": _absolute(reverse("health:dashboard")),
                },
            )
    return told


# -- weekly digest -----------------------------------------------------------------------------


def digest_period(now: datetime) -> str | None:
    """The ISO week ("2026-W48") a digest run at ``now`` belongs to, or None before Monday
    DIGEST_HOUR local time (so digests arrive in the morning, not at midnight)."""
    local = timezone.localtime(now)
    if local.isoweekday() == 1 and local.hour < DIGEST_HOUR:
        return None
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}"


def digest_context(community: Community, now: datetime) -> dict:
    """What a leader's weekly digest says about ``community``: members who joined in the last 7
    days, pending requests, non-cancelled meetings in the next 14 days, pulse of the last 30."""
    week_ago = now - timedelta(days=7)
    members = community.memberships.select_related("user")
    return {
        "community": community,
        "new_members": list(members.active().filter(joined_at__gte=week_ago)),
        "pending": members.filter(state=Membership.State.PENDING).count(),
        "meetings": list(
            community.meetings.filter(
                cancelled=False, starts_at__gt=now, starts_at__lte=now + timedelta(days=14)
            )
        ),
        "pulse": pulse_summary(community, now=now),
        "url": _absolute(reverse("health:community", args=[community.slug])),
    }


def send_digests(now: datetime) -> int:
    """Once per ISO week, e-mail each leader of each listed community its digest."""
    period = digest_period(now)
    if period is None:
        return 0
    leaders = list(
        Membership.objects.leaders()
        .filter(community__status__in=LISTED)
        .exclude(user__email="")
        .values_list("community_id", "user_id", "user__email")
    )
    keys = {(c, u): f"digest:community:{c}:user:{u}:{period}" for c, u, _ in leaders}
    done = set(JobRecord.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    todo: dict[int, list[tuple[int, str]]] = {}
    for c, u, email in leaders:
        if keys[c, u] not in done:
            todo.setdefault(c, []).append((u, email))
    sent = 0
    for community_id, people in todo.items():
        with transaction.atomic():
            community = _locked_community(community_id)
            if community is None:
                continue
            context = digest_context(community, now)
            for user_id, email in people:
                if record_once(keys[community_id, user_id], job="digest", community=community):
                    email_send(to=[email], template="health/digest", context=context)
                    sent += 1
    return sent


# -- meeting reminders ---------------------------------------------------------------------------


def send_meeting_reminders(now: datetime) -> int:
    """Remind those going to each meeting that starts within meeting_reminder_hours() (the day
    before, by default), once per person and start time: a meeting moved to another time is
    reminded of again, a rerun never. Cancelled meetings, archived communities and people who
    opted out of the community's e-mail (selectors.people.community_mail_recipients) get none.
    Returns the number of e-mails."""
    hours = meeting_reminder_hours()
    if hours <= 0:
        return 0
    due = Meeting.objects.filter(
        cancelled=False,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=hours),
        community__status__in=LISTED,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in due:
        with transaction.atomic():
            meeting = lock(
                Meeting.objects.select_related("community").filter(
                    pk=pk, cancelled=False, community__status__in=LISTED
                ),
                skip_locked=True,
                of=("self",),
            ).first()
            if meeting is None:
                continue
            community = meeting.community
            going = meeting.rsvps.filter(status=Rsvp.Status.YES).values_list("user_id", flat=True)
            items = []
            for user in community_mail_recipients(community, among=going):
                key = (
                    f"reminder:meeting:{meeting.pk}:{meeting.starts_at:%Y%m%dT%H%M}:user:{user.pk}"
                )
                if record_once(key, job="reminder", community=community):
                    context = {"meeting": meeting, "community": community}
                    items.append(community_mail_item(user, community, context))
            sent += len(email_send_each(template="meeting_reminder", items=items))
    return sent


# -- weekly digest for members (opt-in) --------------------------------------------------------


def member_digest_sections(user, now: datetime) -> list[dict]:
    """What ``user``'s weekly digest says: for each listed community they are an active member
    of and take e-mail from, the coming meetings scheduled in the last 7 days and the members
    who joined in them (not the user). Communities with nothing new are left out."""
    week_ago = now - timedelta(days=7)
    muted = MeetingEmailOptOut.objects.filter(user=user).values("community")
    communities = Community.objects.filter(
        memberships__user=user,
        memberships__state=Membership.State.ACTIVE,
        status__in=LISTED,
    ).exclude(pk__in=muted)
    sections = []
    for community in communities.order_by("name"):
        meetings = list(
            community.meetings.filter(cancelled=False, starts_at__gt=now, created_at__gte=week_ago)
        )
        joined = list(
            community.memberships.active()
            .filter(joined_at__gte=week_ago, listed_to_members=True)
            .exclude(user=user)
            .select_related("user")
        )
        if meetings or joined:
            sections.append({"community": community, "meetings": meetings, "new_members": joined})
    return sections


def send_member_digests(now: datetime) -> int:
    """Once per ISO week (from Monday DIGEST_HOUR), e-mail each member who asked for it
    (MemberSettings.member_digest) and has not switched communities' e-mail off their digest
    (member_digest_sections); nothing when there is nothing new. Returns the number of e-mails."""
    period = digest_period(now)
    if period is None:
        return 0
    people = (
        get_user_model()
        .objects.filter(is_active=True, cop_settings__member_digest=True)
        .exclude(email="")
        .exclude(cop_settings__meeting_emails=False)
    )
    sent = 0
    for user in people.order_by("pk"):
        sections = member_digest_sections(user, now)
        if not sections:
            continue
        with transaction.atomic():
            if not record_once(f"member-digest:user:{user.pk}:{period}", job="member-digest"):
                continue
            email_send(
                to=[user.email],
                template="member_digest",
                context={
                    "user": user,
                    "sections": sections,
                    "settings_url": _absolute(reverse("communities:my_settings")),
                    "unsubscribe_url": unsubscribe_url(user, None, kind=DIGEST),
                },
                headers=mail_headers(user, None, kind=DIGEST),
            )
            sent += 1
    return sent


# -- e-mail stranded by a crash ----------------------------------------------------------------


def deliver_stranded(now: datetime) -> int:
    """Deliver e-mails recorded but never attempted (the process died between commit and
    delivery). Rows are locked so two workers never send the same one. Measured against the real
    clock, not ``now``: being stranded is about time that really passed since the row was saved."""
    delivered = 0
    with transaction.atomic():
        stranded = lock(
            EmailMessageLog.objects.filter(
                status=EmailMessageLog.Status.PENDING,
                attempts=0,
                created_at__lte=timezone.now() - STRANDED_AFTER,
            ),
            skip_locked=True,
        )
        for log in stranded[:100]:
            delivered += email_deliver(log)
    return delivered


JOBS: list[tuple[str, Callable[[datetime], int]]] = [
    ("pulses sent", send_pulses),
    ("lifecycle changes", update_dormancy),
    ("dormancy warnings sent", warn_dormant_soon),
    ("renewals opened", ask_renewals),
    ("renewal reminders sent", remind_renewals),
    ("overdue renewals reported", tell_coordinators_overdue),
    ("digests sent", send_digests),
    ("meeting reminders sent", send_meeting_reminders),
    ("member digests sent", send_member_digests),
    ("stranded e-mails delivered", deliver_stranded),
]


def run_due_jobs(now: datetime | None = None) -> dict[str, int]:
    """Run every job once and return {job description: count}. A job that fails is logged and
    the others still run; its work is retried on the next run."""
    now = now or timezone.now()
    report = {}
    for name, job in JOBS:
        try:
            report[name] = job(now)
        except Exception:  # one broken job must not stop the others; cron runs us again
            logger.exception("Job %r failed", name)
            report[name] = -1
    return report
