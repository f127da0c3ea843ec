"""Validators shared by forms and model fields, so the admin and the site refuse the same input."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError

# Every character that starts a new line somewhere: e-mail headers and iCalendar refuse CR and LF,
# and the Unicode line and paragraph separators show as line breaks in browsers and mail clients.
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def validate_single_line(value: str) -> None:
    """Refuse a line break in a one-line field (titles, subjects, locations, names).

    Used as a validator on the model fields (so the admin refuses it too) and on the site's form
    fields. Raises ValidationError (code ``line_break``) shown next to the field.
    """
    if any(ch in LINE_BREAKS for ch in value or ""):
        raise ValidationError("Keep this on one line: remove the line break.", code="line_break")


def single_line(value: str) -> str:
    """``value`` with every line break (and the spaces around it) turned into one space.

    For text already stored that goes where a line break would break the output or fail:
    e-mail subjects and headers, iCalendar SUMMARY and LOCATION. Never raises.
    """
    if not any(ch in LINE_BREAKS for ch in value or ""):
        return value or ""
    for ch in LINE_BREAKS:
        value = value.replace(ch, " ")
    return " ".join(value.split())


def validate_time_zone(value: str) -> None:
    """Refuse a name that is not an IANA time zone known here ("Mars/Olympus", "../../etc").

    On the meeting and series ``timezone`` fields and used by the meeting service, so admin and the
    leader tools refuse the same names. Raises ValidationError (code ``bad_zone``).
    """
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError("Choose a time zone from the list.", code="bad_zone") from error
