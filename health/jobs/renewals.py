"""The renewal jobs: once a year each community is asked to renew; reminders, then the
coordinators are told about overdue ones."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from communities.selectors.lifecycle import with_lifecycle
from communities.services.locking import lock
from communities.services.notifications import coordinator_addresses, email_send

from ..conf import (
    RENEWAL_GRACE_DAYS,
    RENEWAL_REMINDER_DAYS,
)
from ..models import RenewalRequest
from .base import LISTED, absolute_url, leader_emails, locked_community, record_once


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
            locked = locked_community(community.pk)
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
                to=leader_emails(locked),
                template="health/renewal",
                context={
                    "community": locked,
                    "url": absolute_url(reverse("health:renewal", args=[locked.slug])),
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
                    to=leader_emails(renewal.community),
                    template="health/renewal",
                    context={
                        "community": renewal.community,
                        "url": absolute_url(
                            reverse("health:renewal", args=[renewal.community.slug])
                        ),
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
                    "url": absolute_url(reverse("health:dashboard")),
                },
            )
    return told
