"""What every scheduled job shares: the once-only JobRecord key, absolute links, leaders' addresses
and the row lock on a listed community (see health.jobs for the rules)."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from communities.models import Community, Meeting
from communities.services.locking import lock

from ..models import JobRecord

LISTED = [Community.Status.ACTIVE, Community.Status.DORMANT]


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


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def leader_emails(community: Community) -> list[str]:
    return list(community.memberships.leaders().values_list("user__email", flat=True))


def locked_community(pk: int) -> Community | None:
    """The community row locked for this worker, or None if another worker holds it or it was
    archived meanwhile."""
    return lock(Community.objects.filter(pk=pk, status__in=LISTED), skip_locked=True).first()


def locked_meeting(pk: int) -> Meeting | None:
    """The meeting row (with its community) locked for this worker, or None if another worker
    holds it, or it was cancelled or its community archived meanwhile."""
    return lock(
        Meeting.objects.select_related("community").filter(
            pk=pk, cancelled=False, community__status__in=LISTED
        ),
        skip_locked=True,
        of=("self",),
    ).first()
