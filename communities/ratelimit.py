"""Per-user rate limits on the writes people could abuse: proposing, joining, RSVP, e-mail to
members and invitations. The limits are ``settings.RATE_LIMITS`` (action -> (count, window in seconds)) and are
written down in the README.

Counts live in Django's cache (Redis when REDIS_URL is set, else the database cache), in fixed
windows: simple, shared by every worker process, and good enough to stop a script or a stuck key.
When the cache is unreachable the limit is not applied (logged): a broken cache must not stop people
from joining communities.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def rate_limit_exceeded(user: AbstractBaseUser, action: str, target: object = None) -> bool:
    """Count one ``action`` by ``user`` and return True when it goes over the limit.

    ``action`` is a key of settings.RATE_LIMITS; an action without a limit is never refused.
    ``target`` (e.g. a community's pk) makes repeats on the same target within the window count
    once, so double clicks and retries are never refused. Raises nothing: cache errors are logged
    and the action is allowed.
    """
    limit = settings.RATE_LIMITS.get(action)
    if limit is None:
        return False
    count, window = limit
    key = f"ratelimit:{action}:{user.pk}:{int(time.time() // window)}"
    try:
        # A savepoint: with the database cache, a failing query must not spoil the caller's
        # transaction.
        with transaction.atomic():
            if target is not None and not cache.add(f"{key}:{target}", 1, timeout=window):
                return False  # this target was already counted in this window
            cache.add(key, 0, timeout=window)
            used = cache.incr(key)
    except Exception:  # any cache backend failure: Redis down, cache table missing...
        logger.warning("Rate limit for %s not applied: the cache failed", action, exc_info=True)
        return False
    return used > count


def rate_limit_message(action: str) -> str:
    """A sentence telling the user how many ``action`` they may do per window."""
    count, window = settings.RATE_LIMITS[action]
    period = "an hour" if window == 3600 else f"{window // 60} minutes"
    if window == 86400:
        period = "a day"
    # (one, many) so that a limit of 1 reads "1 proposal", not "1 proposals".
    one, many = {
        "propose": ("proposal", "proposals"),
        "join": ("join request", "join requests"),
        "rsvp": ("RSVP", "RSVPs"),
        "email_members": ("message to members", "messages to members"),
        "invite": ("invitation", "invitations"),
        "contact_leaders": ("message to leaders", "messages to leaders"),
        "offer_to_lead": ("offer to lead", "offers to lead"),
    }.get(action, ("of these actions", "of these actions"))
    what = one if count == 1 else many
    return f"You can send {count} {what} in {period}. Please try again later."
