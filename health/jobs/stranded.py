"""The stranded e-mail job: deliver e-mails a crash left pending between commit and delivery."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from communities.models import EmailMessageLog
from communities.services.locking import lock
from communities.services.notifications import email_deliver

# An e-mail still pending this long after it was recorded was stranded by a crash between commit
# and delivery (delivery itself times out after EMAIL_TIMEOUT seconds).
STRANDED_AFTER = timedelta(minutes=15)


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
