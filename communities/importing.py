"""Import communities from a CSV file in the shared format (see README "Importing a CSV").

Columns: name, kind, category, summary, meeting_cadence, meeting_format, membership, institution,
source_url, status, leader_emails. ``name`` and ``kind`` are required; other columns may be
missing; extra ones are ignored.

``status`` is active, dormant or archived (blank: active for a new community; an existing one
keeps its status, so re-importing a file never restores what a coordinator archived).
``leader_emails`` holds addresses separated by ``;``, commas or spaces: an address with an account
becomes a leader (the first leader, co-leaders after it: services.memberships.membership_grant);
any other is invited as leader by "the coordinators" (services.invitations). An archived row gets
no leaders (a note says so).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction

from .models import Community, Invitation, Kind, MeetingFormat, Membership, MembershipPolicy
from .names import name_clean, name_key
from .services.categories import category_resolve
from .services.communities import community_create, community_update
from .services.invitations import invitations_send
from .services.memberships import membership_grant

REQUIRED_COLUMNS = ("name", "kind")
# Spreadsheets hold up to 32,767 characters a cell; the csv module's default limit is 128 KiB.
csv.field_size_limit(4 * 1024 * 1024)
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
    "status": "status",
}
LEADERS_COLUMN = "leader_emails"
ADDRESS_SEPARATORS = re.compile(r"[\s,;]+")
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
    """Counts of rows created, updated and unchanged, with ``errors`` as (line number, reason)
    and ``matched`` as (line number, what happened) for rows that matched a community whose
    stored name is spelled differently (case, look-alike letters: the stored spelling is kept)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    matched: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # (line, address, community name) of leaders made from accounts, and of addresses invited.
    leaders: list[tuple[int, str, str]] = field(default_factory=list)
    invited: list[tuple[int, str, str]] = field(default_factory=list)
    # (line, "created" or "updated", community name): what the file changes, for a preview.
    changes: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.errors)


def decode(raw: bytes, report: ImportReport) -> str:
    """Bytes to text: UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark;
    else Windows-1252, with a note. Raises ImportFileError for binary data (NUL bytes)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        report.notes.append("The file is UTF-16; it was read as such.")
        return raw.decode("utf-16")
    if b"\x00" in raw[:65536]:
        raise ImportFileError("This is not a text CSV file (it contains binary data).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        report.notes.append(
            f"The file is not valid UTF-8 (byte {error.start}); it was read as Windows-1252. "
            "Check accented letters in the result."
        )
        return raw.decode("cp1252", errors="replace")


def _printable(text: str, limit: int = 60) -> str:
    shown = "".join(ch if ch.isprintable() else "?" for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _clean(value: str) -> str:
    # Control characters (NUL included, which PostgreSQL refuses) never belong in these fields.
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def _choice(value: str, choices, aliases: dict, label: str) -> str:
    value = value.strip().lower()
    value = aliases.get(value, value)
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise ValidationError(f"unknown {label} “{value}” (expected one of: {allowed})")
    return value


def _row_fields(row: dict[str, str]) -> dict[str, str]:
    values = {COLUMN_FIELDS[col]: _clean(row.get(col) or "") for col in COLUMN_FIELDS if col in row}
    try:
        values["name"] = name_clean(values.get("name", ""))  # the one name rule (names.py)
    except ValidationError as error:
        raise ValidationError("the name is empty (or only invisible characters)") from error
    values["kind"] = _choice(values.get("kind", ""), Kind, {}, "kind")
    if "meeting_format" in values:
        values["meeting_format"] = _choice(
            values["meeting_format"], MeetingFormat, FORMAT_ALIASES, "meeting format"
        )
    if "membership_policy" in values:
        values["membership_policy"] = _choice(
            values["membership_policy"], MembershipPolicy, MEMBERSHIP_ALIASES, "membership"
        )
    if not values.get("status", "").strip():
        values.pop("status", None)  # blank: active when new, unchanged when it exists
    else:
        values["status"] = _choice(values["status"], Community.Status, {}, "status")
    return values


def _leader_addresses(row: dict[str, str]) -> list[str]:
    """The addresses of the ``leader_emails`` cell, lower-case, each validated."""
    addresses = [
        a.lower() for a in ADDRESS_SEPARATORS.split(_clean(row.get(LEADERS_COLUMN) or "")) if a
    ]
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError as error:
            raise ValidationError(
                f"leader_emails: “{_printable(address)}” is not an e-mail address"
            ) from error
    return list(dict.fromkeys(addresses))


def _add_leaders(community: Community, addresses: list[str], line: int, report: ImportReport):
    """Known addresses become leaders, the others are invited as leader by the coordinators."""
    if not addresses:
        return
    if community.status == Community.Status.ARCHIVED:
        report.notes.append(
            f"Line {line}: {community.name} is archived; its leaders were not added."
        )
        return
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    unknown = []
    for address in addresses:
        user = users.filter(email__iexact=address).first()
        if user is None:
            unknown.append(address)
            continue
        membership_grant(community=community, user=user, role=Membership.Role.LEADER)
        report.leaders.append((line, address, community.name))
    if unknown:
        sent = invitations_send(
            community=community, emails=unknown, role=Invitation.Role.LEADER, actor=None
        )
        report.invited.extend((line, a, community.name) for a in sent.invited)


def _apply(values: dict[str, str], line: int, report: ImportReport) -> Community:
    if values.get("category"):
        # Filed under the managed list: an alias finds its category, anything else becomes one.
        values["category"], created = category_resolve(values["category"])
        if created:
            report.notes.append(
                f"New category “{_printable(values['category'])}”: merge it into another in "
                "admin (Categories) if it means the same."
            )
    existing = Community.objects.filter(name_key=name_key(values["name"])).first()
    if existing is None:
        community = community_create(**values)
        report.created += 1
        report.changes.append((line, "created", community.name))
        return community
    if existing.name != values["name"]:
        # Matched by look-alike key only: a file must not re-spell a name someone chose (a
        # coordinator renames in admin). Keep the stored spelling and say so for this line.
        values["name"] = existing.name
        report.matched.append((line, f"matched existing “{existing.name}” (spelling differs)"))
    if all(getattr(existing, key) == value for key, value in values.items()):
        report.unchanged += 1
        return existing
    community = community_update(community=existing, **values)
    report.updated += 1
    report.changes.append((line, "updated", community.name))
    return community


class _RecordError(Exception):
    def __init__(self, line: int, error: csv.Error):
        super().__init__(str(error))
        self.line = line


def _rows(text: str):
    """Yield (first line number, cells) for each CSV record; a quoted cell may span lines.

    Strict parsing: malformed quoting raises _RecordError with the record's first line, instead
    of silently swallowing the following rows into one cell.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _RecordError(first_line, error) from error
        yield first_line, cells


def import_communities_preview(raw: bytes) -> ImportReport:
    """What import_communities would do with ``raw``: the same import, inside a transaction that
    is rolled back (no e-mail leaves either: it is sent only on commit). Raises ImportFileError."""
    with transaction.atomic():
        report = import_communities(raw)
        transaction.set_rollback(True)
    return report


def import_communities(raw: bytes) -> ImportReport:
    """Import every good row of a CSV file given as bytes; report each bad row by line number.

    A row matched by name (``names.name_key``, look-alikes included) updates that community, so
    importing twice creates nothing twice; the stored spelling of its name is kept (the row is
    listed in ``report.matched``). Each row is written in its own savepoint: a bad row changes nothing,
    good rows are kept. Raises ImportFileError when the file is binary, has no header or lacks a
    required column (then nothing is imported).
    """
    report = ImportReport()
    text = decode(raw, report)
    rows = _rows(text)
    try:
        _, header = next(rows)
    except (StopIteration, _RecordError) as error:
        raise ImportFileError("The file is empty or not CSV.") from error
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        found = ", ".join(_printable(h, 30) for h in header[:12]) or "none"
        raise ImportFileError(f"Missing required column(s): {', '.join(missing)}. Found: {found}.")
    seen: dict[str, int] = {}
    try:
        for line, cells in rows:
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            try:
                row = dict(zip(header, cells, strict=False))
                values = _row_fields(row)
                leaders = _leader_addresses(row)
                key = name_key(values["name"])
                if key in seen:
                    raise ValidationError(f"the name repeats line {seen[key]}")
                seen[key] = line
                with transaction.atomic():
                    _add_leaders(_apply(values, line, report), leaders, line, report)
            except ValidationError as error:
                report.errors.append((line, "; ".join(_messages(error))))
            except DatabaseError as error:  # e.g. a value the database refuses
                report.errors.append(
                    (line, f"the database refused the row ({type(error).__name__})")
                )
    except _RecordError as error:
        reason = (
            "a quote opened here is never closed"
            if "unexpected end of data" in str(error)
            else f"malformed CSV ({error})"
        )
        report.errors.append((error.line, f"{reason}; the rest of the file was not read"))
    return report


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items()]
    return error.messages
