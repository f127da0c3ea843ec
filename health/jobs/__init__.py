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
from datetime import datetime

from django.utils import timezone

from .digests import send_digests
from .dormancy import update_dormancy, warn_dormant_soon
from .member_digests import send_member_digests
from .pulses import send_pulses
from .reminders import send_meeting_reminders
from .renewals import ask_renewals, remind_renewals, tell_coordinators_overdue
from .stranded import deliver_stranded

logger = logging.getLogger(__name__)

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
