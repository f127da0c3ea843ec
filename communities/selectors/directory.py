"""Reads for the directory: the communities it lists, and keyword search over them.

Search is PostgreSQL full-text search with trigram typo tolerance, and a plain case-insensitive
``icontains`` match on other databases (SQLite in development and tests).

On PostgreSQL a community matches a query when either
- its weighted text (name A; category and summary B; purpose C, English stemming) matches all the
  query's words (``plainto_tsquery``), so "meeting" finds "meetings"; or
- every word of three or more letters is trigram-similar to a word in its name, category or
  summary (``word_similarity`` ≥ ``pg_trgm.word_similarity_threshold``, 0.6 by default), so a
  misspelling such as "comunity" or "acessibility" still finds it.
Both conditions are served by GIN indexes built in migration 0004 (``community_search_vector``
and ``community_search_trigram``); the expressions here must stay identical to the indexed ones,
which tests/test_search.py checks with EXPLAIN.
"""

from __future__ import annotations

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat

from ..models import Community

MAX_QUERY_LENGTH = 200
# A real query has a handful of words; 20 keeps a pasted paragraph from building a huge query.
MAX_WORDS = 20
# Shorter words have too few trigrams to tell a typo from a different word.
MIN_TYPO_WORD_LENGTH = 3
SEARCH_CONFIG = "english"


def search_vector() -> SearchVector:
    """The weighted document of a community, as indexed by ``community_search_vector``."""
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("category", "summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def trigram_document() -> Concat:
    """Name, category and summary as one text, as indexed by ``community_search_trigram``."""
    return Concat("name", Value(" "), "category", Value(" "), "summary")


def query_words(value: str) -> list[str]:
    """The words of a raw query: NUL bytes dropped, at most MAX_WORDS from MAX_QUERY_LENGTH chars."""
    return value.replace("\x00", " ")[:MAX_QUERY_LENGTH].split()[:MAX_WORDS]


def search_communities(queryset: QuerySet, value: str) -> QuerySet:
    """Narrow a Community queryset to the communities matching the free-text query ``value``.

    Returns the queryset unchanged for an empty query. On PostgreSQL the result is annotated with
    ``search_rank`` (float, higher is better) for callers that want to order by relevance; the
    order itself is left to the caller. Never raises for odd input (long, NUL bytes, symbols).
    """
    words = query_words(value)
    if not words:
        return queryset
    if connection.vendor != "postgresql":
        return _search_icontains(queryset, words)
    text = " ".join(words)
    query = SearchQuery(text, config=SEARCH_CONFIG)
    typo_words = [word for word in words if len(word) >= MIN_TYPO_WORD_LENGTH]
    matches = Q(search_document=query)
    if typo_words:
        typo = Q()
        for word in typo_words:
            typo &= TrigramWordSimilar(trigram_document(), word)
        matches |= typo
    return (
        queryset.alias(search_document=search_vector())
        .filter(matches)
        .annotate(search_rank=SearchRank(search_vector(), query))
    )


def _search_icontains(queryset: QuerySet, words: list[str]) -> QuerySet:
    """Every word must appear (any case) in the name, summary, purpose or category."""
    for word in words:
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(category__icontains=word)
        )
    return queryset


def directory_communities() -> QuerySet[Community]:
    """The communities the directory lists (active and dormant, never archived), each annotated
    with its member and leader counts and next meeting (models.CommunityQuerySet.with_stats)."""
    return Community.objects.listed().with_stats()
