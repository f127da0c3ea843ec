"""Which existing communities and open proposals have a name like a proposed one ("did you mean
… ? join it instead"), for /propose/ (live and after submit) and the coordinators' pages.

The measure is PostgreSQL ``pg_trgm``'s ``similarity``: the share of trigrams two texts have in
common, |A ∩ B| / |A ∪ B|, where a text's trigrams are those of each lower-cased word of letters
and digits padded with two spaces before and one after. ``trigram_similarity`` below computes
exactly that in Python, so SQLite (development, tests) gives the same numbers as PostgreSQL.

Names are compared by their *cores*, the names without the generic words every second name
carries (community, of, practice, CoP, council, group...): "Agile Development CoP" against "Agile
Development Community of Practice" is 0.41 whole but 1.0 by cores, and the shared "Community of
Practice" alone no longer makes two unrelated names look alike (whole, "Accessibility Community
of Practice" against "AI Community of Practice" is 0.64).
A name of generic words only is compared, whole, with other such names only. A long word
close to a generic one counts as generic ("comunity"), so a typo there changes nothing. A pair at
or above SIMILARITY_THRESHOLD (0.45, chosen on the 96 shipped names: see tests/test_similar.py) is
shown, most similar first.

Bounded work: the input is cut to NAME_LIMIT characters and MAX_WORDS words before anything else.
On PostgreSQL the candidates come from the GIN trigram indexes on the names (migration
0013_proposal_workflow), through ``%`` (similarity ≥ 0.3, the pg_trgm default) on the whole
name or ``%>`` (word_similarity ≥ 0.6) for any word of the core, the MAX_CANDIDATES likeliest of
each kind, scored in Python; on SQLite every name is scored (a directory holds thousands at most).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.lookups import TrigramSimilar, TrigramWordSimilar
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Greatest

from ..models import Community, Proposal

SIMILARITY_THRESHOLD = 0.45
NAME_LIMIT = 200  # Community.name's and Proposal.name's max_length
MAX_WORDS = 20
MAX_CANDIDATES = 50
MAX_RESULTS = 5
# Words so common in names that they say nothing about the topic.
GENERIC_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "in",
        "on",
        "at",
        "to",
        "community",
        "communities",
        "practice",
        "practices",
        "cop",
        "cops",
        "council",
        "councils",
        "group",
        "groups",
        "network",
    ]
)
_WORD = re.compile(r"[^\W_]+")
# A long word this close to a generic one is taken for a misspelling of it ("comunity": 0.73).
GENERIC_TYPO_SIMILARITY = 0.6


def _words(text: str) -> list[str]:
    return _WORD.findall(text[:NAME_LIMIT].lower())[:MAX_WORDS]


def trigrams(words: list[str]) -> frozenset[str]:
    """pg_trgm's trigrams of already split, lower-cased words ("  w", " wo", "wor", "ord", "rd ")."""
    grams = set()
    for word in words:
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def trigram_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """pg_trgm's ``similarity`` of two trigram sets: 0.0 (nothing shared) to 1.0 (the same)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


_GENERIC_LONG = [trigrams([word]) for word in GENERIC_WORDS if len(word) >= 5]


def _is_generic(word: str) -> bool:
    """A generic word, or a misspelling of a long one ("comunity", "practise")."""
    if word in GENERIC_WORDS:
        return True
    if len(word) < 5:
        return False
    grams = trigrams([word])
    return any(trigram_similarity(grams, g) >= GENERIC_TYPO_SIMILARITY for g in _GENERIC_LONG)


@dataclass(frozen=True)
class NameShape:
    """A name's trigrams, whole and without its generic words (``core``; empty if nothing is left)."""

    whole: frozenset[str]
    core: frozenset[str]
    core_text: str

    @classmethod
    def of(cls, name: str) -> NameShape:
        words = _words(name)
        core = [word for word in words if not _is_generic(word)]
        return cls(trigrams(words), trigrams(core), " ".join(core))


def name_similarity(a: str, b: str) -> float:
    """How alike two community names are, 0.0 to 1.0 (see the module docstring)."""
    return _score(NameShape.of(a), NameShape.of(b))


def _score(a: NameShape, b: NameShape) -> float:
    if a.core and b.core:
        return trigram_similarity(a.core, b.core)
    if not a.core and not b.core:  # two names of generic words only
        return trigram_similarity(a.whole, b.whole)
    return 0.0


@dataclass(frozen=True)
class SimilarName:
    """One existing community or open proposal whose name is like the proposed one."""

    name: str
    score: float  # 0.0 to 1.0
    community: Community | None = None  # set for a community (any status)
    proposal: Proposal | None = None  # set for an open proposal

    @property
    def url(self) -> str:
        """The community's page; a proposal has no public page (coordinators link to admin)."""
        return self.community.get_absolute_url() if self.community else ""


def _candidates(queryset: QuerySet, shape: NameShape, text: str) -> QuerySet:
    """On PostgreSQL, only rows the trigram index finds near the name (or its core)."""
    if connection.vendor != "postgresql":
        return queryset
    near = Q(TrigramSimilar(F("name"), Value(text)))
    similarity = TrigramSimilarity("name", text)
    # Each topic word on its own: a typo in one word must not hide a name that has the others.
    for word in shape.core_text.split():
        near |= Q(TrigramWordSimilar(F("name"), Value(word)))
    if shape.core_text:
        similarity = Greatest(similarity, TrigramWordSimilarity(shape.core_text, "name"))
    return (
        queryset.filter(near)
        .annotate(similarity=similarity)
        .order_by("-similarity", "pk")[:MAX_CANDIDATES]
    )


def similar_names(
    name: str, *, exclude_proposal: Proposal | None = None, limit: int = MAX_RESULTS
) -> list[SimilarName]:
    """Communities (every status) and open proposals (submitted or changes requested) whose names score at least
    SIMILARITY_THRESHOLD against ``name``, most similar first, at most ``limit``.

    ``exclude_proposal`` leaves out the proposal being looked at (a coordinator's page). Never
    raises for odd input (empty, 10,000 characters, symbols only): it returns [] or a short list.
    Two queries on any database.
    """
    text = " ".join(_words(name))
    shape = NameShape.of(text)
    if not shape.whole:
        return []
    communities = Community.objects.only("name", "slug", "status")
    proposals = Proposal.objects.filter(status__in=Proposal.OPEN_STATUSES).only("name", "status")
    if exclude_proposal is not None:
        proposals = proposals.exclude(pk=exclude_proposal.pk)
    found = [
        SimilarName(c.name, _score(shape, NameShape.of(c.name)), community=c)
        for c in _candidates(communities, shape, text)
    ]
    found += [
        SimilarName(p.name, _score(shape, NameShape.of(p.name)), proposal=p)
        for p in _candidates(proposals, shape, text)
    ]
    found = [item for item in found if item.score >= SIMILARITY_THRESHOLD]
    found.sort(key=lambda item: (-item.score, item.name.lower()))
    return found[:limit]
