"""Recurring meetings: dates of a series and local wall-clock time → UTC.

Pure functions, no database. A series is defined in local time plus an IANA zone name; each
occurrence is turned into an aware datetime only at the end, so a 10:00 meeting in America/Denver is
at 16:00 UTC in October (MDT) and 17:00 UTC in November (MST) while staying 10:00 local.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKLY = "weekly"
MONTHLY = "monthly"
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def local_to_utc(day: date, at: time, zone_name: str) -> datetime:
    """The aware UTC datetime of wall-clock ``at`` on ``day`` in zone ``zone_name``.

    A time that does not exist (skipped by a spring-forward change) is read with the offset in force
    before the change, so 02:30 becomes 03:30 local; an ambiguous one takes its first occurrence.
    Raises ZoneInfoNotFoundError for an unknown zone.
    """
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone_name)).astimezone(UTC)


def week_of_month(day: date) -> int:
    """Which of its weekday ``day`` is in its month: 1..4, or -1 when it is the 5th (the last)."""
    ordinal = (day.day - 1) // 7 + 1
    return -1 if ordinal == 5 else ordinal


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The ``ordinal``-th ``weekday`` (Monday 0) of a month; ordinal -1 is the last one."""
    if ordinal == -1:
        last = calendar.monthrange(year, month)[1]
        day = date(year, month, last)
        return day - timedelta(days=(day.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))


def occurrence_dates(
    *, frequency: str, first_date: date, count: int, interval: int = 1, ordinal: int | None = None
) -> list[date]:
    """The local dates of a series' ``count`` meetings, starting with ``first_date``.

    ``weekly``: every ``interval`` weeks on the weekday of ``first_date``. ``monthly``: on the
    ``ordinal``-th (1..4, or -1 for last) weekday of ``first_date`` each month; when ``ordinal`` is
    None it is taken from ``first_date`` (the second Wednesday stays the second Wednesday).
    Raises ValueError for an unknown frequency.
    """
    if frequency == WEEKLY:
        return [first_date + timedelta(weeks=interval * n) for n in range(count)]
    if frequency != MONTHLY:
        raise ValueError(f"Unknown frequency {frequency!r}")
    ordinal = ordinal if ordinal is not None else week_of_month(first_date)
    dates, year, month = [], first_date.year, first_date.month
    while len(dates) < count:
        dates.append(nth_weekday(year, month, first_date.weekday(), ordinal))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def describe(
    *, frequency: str, first_date: date, interval: int = 1, ordinal: int | None = None
) -> str:
    """Words for a pattern: "Every week on Wednesday", "Monthly on the second Wednesday"."""
    weekday = first_date.strftime("%A")
    if frequency == WEEKLY:
        return (
            f"Every week on {weekday}" if interval == 1 else f"Every {interval} weeks on {weekday}"
        )
    ordinal = ordinal if ordinal is not None else week_of_month(first_date)
    return f"Monthly on the {ORDINALS[ordinal]} {weekday}"
