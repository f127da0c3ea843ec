"""Recurring meetings: dates of a series and local wall-clock time → UTC.

Pure functions, no database (they raise Django's ValidationError for times that cannot be held). A series is defined in local time plus an IANA zone name; each
occurrence is turned into an aware datetime only at the end, so a 10:00 meeting in America/Denver is
at 16:00 UTC in October (MDT) and 17:00 UTC in November (MST) while staying 10:00 local.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

WEEKLY = "weekly"
MONTHLY = "monthly"
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


# Meetings are planned within these years (inclusive). Outside them a date is a typing slip, and
# near datetime's limits (year 9999) converting between zones overflows.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _error(message: str, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def check_year(day: date) -> None:
    """Refuse a meeting date outside FIRST_YEAR..LAST_YEAR (ValidationError, code ``out_of_range``)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _error(
            "Choose a date between %(first)s and %(last)s.",
            "out_of_range",
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )


def wall_clock(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The aware datetime of wall-clock ``at`` on ``day`` in ``zone``: the one rule for local times
    (the meeting services and the admin's date-time fields both use it).

    - A time that occurs twice (the hour repeated when daylight saving time ends) is read as its
      **first** occurrence, the earlier instant, still on daylight saving time.
    - A time that never occurs (skipped when the clocks go forward) is refused: ValidationError
      with code ``nonexistent_time`` and a message naming the day, the zone and the change.
    - A date outside FIRST_YEAR..LAST_YEAR is refused (code ``out_of_range``, see check_year).
    """
    check_year(day)
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=zone, fold=0)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        # Round-tripping through UTC moves a skipped time: it does not exist that day.
        raise _error(
            "%(time)s does not exist on %(day)s in %(zone)s: the clocks go forward at %(jump)s. "
            "Choose a time before or after the change.",
            "nonexistent_time",
            time=at.strftime("%H:%M"),
            day=f"{day.day} {day:%B %Y}",
            zone=zone.key,
            jump=_jump_time(naive, zone),
        )
    return first


def _jump_time(naive: datetime, zone: ZoneInfo) -> str:
    """The local time at which the clocks went forward on the day of skipped ``naive``."""
    before = naive.replace(minute=0, second=0, microsecond=0)
    while (
        before.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) != before
    ):
        before -= timedelta(hours=1)
    return (before + timedelta(hours=1)).strftime("%H:%M")


def local_to_utc(day: date, at: time, zone_name: str) -> datetime:
    """The aware UTC datetime of wall-clock ``at`` on ``day`` in zone ``zone_name`` (wall_clock's
    rule: a repeated time is its first occurrence; a skipped time or a date outside 2000..2100
    raises ValidationError). Raises ZoneInfoNotFoundError for an unknown zone."""
    return wall_clock(day, at, ZoneInfo(zone_name)).astimezone(UTC)


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
