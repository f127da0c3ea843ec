"""Import communities from a CSV file in the shared format (see README "Importing a CSV").

Columns: name, kind, category, summary, meeting_cadence, meeting_format, membership, institution,
source_url. ``name`` and ``kind`` are required; other columns may be missing; extra ones are ignored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from . import services
from .models import Community, Kind, MeetingFormat, MembershipPolicy

REQUIRED_COLUMNS = ("name", "kind")
# Source column -> Community field.
COLUMN_FIELDS = {
    "name": "name",
    "kind": "kind",
    "category": "category",
    "summary": "summary",
    "meeting_cadence": "meeting_cadence",
    "meeting_format": "meeting_format",
    "membership": "membership_policy",
    "institution": "host_unit",
    "source_url": "source_url",
}
# "unknown" membership means nobody has said how to join: leaders (or coordinators) decide.
MEMBERSHIP_ALIASES = {"unknown": MembershipPolicy.REQUEST, "": MembershipPolicy.REQUEST}
FORMAT_ALIASES = {
    "": MeetingFormat.UNKNOWN,
    "in person": MeetingFormat.IN_PERSON,
    "online": MeetingFormat.VIRTUAL,
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, or a required column is missing)."""


@dataclass
class ImportReport:
    """Counts of rows created, updated and unchanged, with ``errors`` as (line number, reason)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.errors)


def decode(raw: bytes, report: ImportReport) -> str:
    """Bytes to text: UTF-8 (with or without a byte-order mark), else Windows-1252 with a note."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        report.notes.append(
            f"The file is not valid UTF-8 (byte {error.start}); it was read as Windows-1252. "
            "Check accented letters in the result."
        )
        return raw.decode("cp1252", errors="replace")


def _choice(value: str, choices, aliases: dict, label: str) -> str:
    value = value.strip().lower()
    value = aliases.get(value, value)
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise ValidationError(f"unknown {label} “{value}” (expected one of: {allowed})")
    return value


def _row_fields(row: dict[str, str]) -> dict[str, str]:
    values = {
        COLUMN_FIELDS[col]: (row.get(col) or "").strip() for col in COLUMN_FIELDS if col in row
    }
    if any("\x00" in value for value in values.values()):
        raise ValidationError("the row contains NUL characters (is this a binary file?)")
    if not values.get("name"):
        raise ValidationError("the name is empty")
    values["name"] = " ".join(values["name"].split())
    values["kind"] = _choice(values.get("kind", ""), Kind, {}, "kind")
    if "meeting_format" in values:
        values["meeting_format"] = _choice(
            values["meeting_format"], MeetingFormat, FORMAT_ALIASES, "meeting format"
        )
    if "membership_policy" in values:
        values["membership_policy"] = _choice(
            values["membership_policy"], MembershipPolicy, MEMBERSHIP_ALIASES, "membership"
        )
    return values


def _apply(values: dict[str, str], report: ImportReport) -> None:
    existing = Community.objects.filter(name__iexact=values["name"]).first()
    if existing is None:
        services.community_create(**values)
        report.created += 1
        return
    if all(getattr(existing, key) == value for key, value in values.items()):
        report.unchanged += 1
        return
    services.community_update(community=existing, **values)
    report.updated += 1


def import_communities(raw: bytes) -> ImportReport:
    """Import every good row of a CSV file given as bytes; report each bad row by line number.

    A row matched by name (ignoring case) updates that community, so importing twice creates
    nothing twice. Each row is written in its own savepoint: a bad row changes nothing, good rows
    are kept. Raises ImportFileError when a required column is missing or the file is not CSV.
    """
    report = ImportReport()
    text = decode(raw, report)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as error:
        raise ImportFileError(f"Not a readable CSV file: {error}") from error
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFileError(
            f"Missing required column(s): {', '.join(missing)}. Found: {', '.join(header) or 'none'}."
        )
    reader.fieldnames = header
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any((v or "").strip() for k, v in row.items() if k is not None):
                continue  # blank line
            try:
                values = _row_fields(row)
                key = values["name"].lower()
                if key in seen:
                    raise ValidationError(f"the name repeats line {seen[key]}")
                seen[key] = line
                with transaction.atomic():
                    _apply(values, report)
            except ValidationError as error:
                report.errors.append((line, "; ".join(_messages(error))))
    except csv.Error as error:
        report.errors.append((reader.line_num, f"unreadable CSV: {error}; the rest was not read"))
    return report


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items()]
    return error.messages
