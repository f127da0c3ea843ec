"""Tunable numbers for pulse, health and renewal, read from Django settings with defaults.

DORMANT_AFTER_DAYS belongs to the lifecycle: see communities.selectors.lifecycle.

Each is a function so tests can change the setting (pytest-django's ``settings`` fixture).
"""

from __future__ import annotations

from django.conf import settings


def pulse_token_max_age_days() -> int:
    """Days a pulse link in an e-mail keeps working (default 30)."""
    return int(getattr(settings, "PULSE_TOKEN_MAX_AGE_DAYS", 30))


def meeting_reminder_hours() -> int:
    """Hours before a meeting its reminder goes to those going (settings.MEETING_REMINDER_HOURS,
    default 24: the day before; 0 turns reminders off)."""
    return int(getattr(settings, "MEETING_REMINDER_HOURS", 24))


# How long after a meeting ends its pulse e-mails may still go out: a job that was down for a
# week should not ask about a meeting people have long forgotten.
PULSE_SEND_WINDOW_DAYS = 7
# Days a renewal may stay unconfirmed before the coordinators are told; reminder half-way.
RENEWAL_GRACE_DAYS = 30
RENEWAL_REMINDER_DAYS = 14
# Leaders are warned this many days before their community would turn dormant.
DORMANT_WARNING_DAYS = 30
# The window for "recent" in health figures (joined, left, attendance, pulse).
HEALTH_WINDOW_DAYS = 90
