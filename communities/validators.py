"""Validators shared by forms and model fields, so the admin and the site refuse the same input."""

from __future__ import annotations

import unicodedata
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import regex
from django.core.exceptions import ValidationError

# Every character that starts a new line somewhere: e-mail headers and iCalendar refuse CR and LF,
# and the Unicode line and paragraph separators show as line breaks in browsers and mail clients.
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


# Unicode's Bidi_Control characters (from the `regex` package's Unicode data, as names.py reads
# its properties): invisible, they reorder the text around them, so "Invoice <U+202E>fdp.exe"
# shows as "Invoice exe.pdf". A one-line field never needs them (names have them removed instead:
# names.py).
BIDI_CONTROL = regex.compile(r"\p{Bidi_Control}")


def _is_control(ch: str) -> bool:
    # Unicode category Cc: C0 (U+0000-001F), DEL and C1 (U+007F-009F). ESC starts terminal escape
    # sequences, BEL rings; none of them belongs in a title, a subject or an iCalendar line.
    return unicodedata.category(ch) == "Cc"


def validate_single_line(value: str) -> None:
    """Refuse a line break or any other control character in a one-line field (titles,
    subjects, locations, names, online links).

    Used as a validator on the model fields (so the admin refuses it too) and on the site's form
    fields. Raises ValidationError shown next to the field: code ``line_break`` for a line break
    (CR, LF, U+2028...), ``control_character`` for any other character of Unicode category Cc
    (ESC, BEL, DEL, tab, the C1 controls), ``direction_control`` for an invisible text-direction
    character (BIDI_CONTROL).
    """
    value = value or ""
    if any(ch in LINE_BREAKS for ch in value):
        raise ValidationError("Keep this on one line: remove the line break.", code="line_break")
    if any(_is_control(ch) for ch in value):
        raise ValidationError(
            "Remove the control character (such as Escape, Tab or Delete): it cannot be shown.",
            code="control_character",
        )
    if BIDI_CONTROL.search(value):
        raise ValidationError(
            "Remove the invisible text-direction character: it makes the text read differently "
            "from how it was typed.",
            code="direction_control",
        )


def single_line(value: str) -> str:
    """``value`` with every line break and tab (and the spaces around it) turned into one space
    and every other control character removed.

    For text already stored that goes where a line break would break the output or fail, and a
    control character would reach the reader raw: e-mail subjects and headers, iCalendar SUMMARY,
    LOCATION and URL. Never raises.
    """
    value = value or ""
    if not any(ch in LINE_BREAKS or _is_control(ch) for ch in value):
        return value
    spaced = "".join(" " if ch in LINE_BREAKS or ch == "\t" else ch for ch in value)
    return " ".join("".join(ch for ch in spaced if not _is_control(ch)).split())


def plain_text(value: str) -> str:
    """``value`` (several lines) with its line breaks made ``\\n`` and every other control
    character removed (a tab becomes a space). For stored free text that goes into an iCalendar
    DESCRIPTION. Never raises."""
    lines = "".join("\n" if ch in LINE_BREAKS else ch for ch in (value or "").replace("\r\n", "\n"))
    return "".join(" " if ch == "\t" else ch for ch in lines if ch in "\n\t" or not _is_control(ch))


def validate_time_zone(value: str) -> None:
    """Refuse a name that is not an IANA time zone known here ("Mars/Olympus", "../../etc").

    On the meeting and series ``timezone`` fields and used by the meeting service, so admin and the
    leader tools refuse the same names. Raises ValidationError (code ``bad_zone``).
    """
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError("Choose a time zone from the list.", code="bad_zone") from error
