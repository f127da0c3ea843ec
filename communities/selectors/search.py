"""Keyword search over communities: one interface, a PostgreSQL and a SQLite backend.

``search_communities(queryset, text)`` behaves the same on both databases (tests/test_search.py
runs the same tests on each):

- A community matches when **every word** of the query matches a whole word of its name,
  category, summary, purpose or host unit (institution), in any case and with or without accents.
  Words match other forms of themselves (English stemming: "practices" finds "practice").
- The **last word also matches as a prefix** when it has MIN_PREFIX_LENGTH letters or more
  ("Mont" finds "Montana"), so a query typed in part still finds something. Other words, and short
  ones, match whole words only: "AI" does not find "sustAInability".
- A **misspelt word** (MIN_TYPO_WORD_LENGTH letters or more) also matches words that are close to
  it: "comunity" finds "community", "acessibility" finds "accessibility".
- Results are annotated with ``search_rank`` (float, higher is better: the name counts most, then
  category, summary and host unit, then the purpose); the directory orders by it by default.

PostgreSQL: weighted ``tsvector`` with ``to_tsquery`` (prefix ``:*`` on the last word) and
``pg_trgm``'s strict word similarity for typos (``<<%``: whole words, so a typo match is never
a prefix match in disguise; ``pg_trgm.strict_word_similarity_threshold``, 0.5 by default), both served by the GIN indexes of migration 0013, whose
expressions must stay identical to ``search_vector()`` and ``trigram_document()`` here
(tests/test_search.py checks this with EXPLAIN).
SQLite: the FTS5 tables of communities/search_index.py, ranked with ``bm25()``; a word's prefix
and typo alternatives come from the index's own vocabulary (close words by difflib's ratio).
Other databases: every word as a case-insensitive substring, unranked.

Input is bounded (MAX_QUERY_LENGTH characters, MAX_WORDS words), so no query is slow, and odd
input (NUL bytes, symbols only, 10,000 characters) never raises.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from django.contrib.postgres.lookups import TrigramStrictWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

MAX_QUERY_LENGTH = 200
# A real query has a handful of words; 20 keeps a pasted paragraph from building a huge query.
MAX_WORDS = 20
# Shorter words have too few letters to tell a typo from a different word.
MIN_TYPO_WORD_LENGTH = 3
# A word typed in part: "Mo" would match half the vocabulary, "Mon" is already specific.
MIN_PREFIX_LENGTH = 3
SEARCH_CONFIG = "english"

# SQLite: how close a word must be to count as a typo of it (difflib's ratio, 0-1): 0.8 takes
# one missing, extra or wrong letter in a word of 8 or more letters, and none in short words.
TYPO_SIMILARITY = 0.8
MAX_TYPO_ALTERNATIVES = 5
MAX_PREFIX_ALTERNATIVES = 50

_WORD = re.compile(r"\w+")

MATCHING_SQL = "SELECT rowid FROM community_search WHERE community_search MATCH %s"
# Correlated with the outer query's community row. bm25 column weights, in search_index.COLUMNS
# order: name, category, summary, purpose, host unit.
RANK_SQL = (
    "SELECT -bm25(community_search, 10.0, 4.0, 4.0, 1.0, 4.0) FROM community_search "
    'WHERE community_search MATCH %s AND rowid = "communities_community"."id"'
)


def query_words(value: str) -> list[str]:
    """The words of a raw query, in order: runs of letters and digits, case and accents folded.

    NUL bytes and punctuation separate words; at most MAX_WORDS words from the first
    MAX_QUERY_LENGTH characters. ``"Acessibility, (AI)"`` → ``["acessibility", "ai"]``.
    """
    text = unicodedata.normalize("NFKD", value[:MAX_QUERY_LENGTH])
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return [word for word in _WORD.findall(text) if word.strip("_")][:MAX_WORDS]


def search_communities(queryset: QuerySet, value: str) -> QuerySet:
    """Narrow a Community queryset to the communities matching the free-text query ``value``.

    Returns the queryset unchanged for a query with no words; otherwise filtered and annotated
    with ``search_rank`` (float, higher is better). The order is left to the caller.
    """
    words = query_words(value)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, words)
    if connection.vendor == "sqlite":
        return _search_sqlite(queryset, words)
    return _search_substrings(queryset, words)


# PostgreSQL ---------------------------------------------------------------------------------


def search_vector() -> SearchVector:
    """The weighted document of a community, as indexed by ``community_search_vector``."""
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("category", "summary", "host_unit", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def trigram_document() -> Concat:
    """Name, category, summary and host unit as one text, as indexed by
    ``community_search_trigram``."""
    return Concat("name", Value(" "), "category", Value(" "), "summary", Value(" "), "host_unit")


def _search_postgresql(queryset: QuerySet, words: list[str]) -> QuerySet:
    # Words are runs of \w: no quote, backslash or operator can reach to_tsquery.
    lexemes = [f"'{word}'" for word in words]
    if len(words[-1]) >= MIN_PREFIX_LENGTH:
        lexemes[-1] += ":*"
    query = SearchQuery(" & ".join(lexemes), search_type="raw", config=SEARCH_CONFIG)
    matches = Q(search_document=query)
    typo_words = [word for word in words if len(word) >= MIN_TYPO_WORD_LENGTH]
    if typo_words:
        typo = Q()
        for word in typo_words:
            typo &= TrigramStrictWordSimilar(trigram_document(), word)
        matches |= typo
    return (
        queryset.alias(search_document=search_vector())
        .filter(matches)
        .annotate(search_rank=SearchRank(search_vector(), query))
    )


# SQLite -------------------------------------------------------------------------------------


def _fts_string(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _alternatives(cursor, word: str, *, last: bool) -> list[str]:
    """The index words that ``word`` stands for: itself, words it begins (last word only) and,
    when it is not an indexed word itself, the indexed words it is a typo of."""
    alternatives = [word]
    if last and len(word) >= MIN_PREFIX_LENGTH:
        # Ranges on ``term`` are answered from the index, not by scanning the vocabulary.
        cursor.execute(
            "SELECT term FROM community_search_vocab WHERE term > %s AND term < %s LIMIT %s",
            [word, word + "\U0010ffff", MAX_PREFIX_ALTERNATIVES],
        )
        alternatives += [row[0] for row in cursor.fetchall()]
    if len(word) >= MIN_TYPO_WORD_LENGTH and len(alternatives) == 1:
        cursor.execute("SELECT 1 FROM community_search_vocab WHERE term = %s", [word])
        if cursor.fetchone() is None:
            # Only words of about the same length can be within TYPO_SIMILARITY.
            cursor.execute(
                "SELECT term FROM community_search_vocab WHERE length(term) BETWEEN %s AND %s",
                [len(word) - 2, len(word) + 2],
            )
            vocabulary = [row[0] for row in cursor.fetchall()]
            alternatives += difflib.get_close_matches(
                word, vocabulary, n=MAX_TYPO_ALTERNATIVES, cutoff=TYPO_SIMILARITY
            )
    return alternatives


def _search_sqlite(queryset: QuerySet, words: list[str]) -> QuerySet:
    with connection.cursor() as cursor:
        groups = [
            "("
            + " OR ".join(map(_fts_string, _alternatives(cursor, w, last=i == len(words) - 1)))
            + ")"
            for i, w in enumerate(words)
        ]
    match = " AND ".join(groups)
    matching = RawSQL(MATCHING_SQL, [match])  # noqa: S611 (constant SQL, the match a parameter)
    rank = RawSQL(RANK_SQL, [match], output_field=FloatField())  # noqa: S611
    return queryset.filter(id__in=matching).annotate(search_rank=rank)


# Other databases ----------------------------------------------------------------------------


def _search_substrings(queryset: QuerySet, words: list[str]) -> QuerySet:
    """Every word must appear (any case) in the name, summary, purpose, category or host unit."""
    for word in words:
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(category__icontains=word)
            | Q(host_unit__icontains=word)
        )
    return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
