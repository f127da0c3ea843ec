"""Duplicate detection (communities/selectors/similar.py): the same answers on SQLite and on
PostgreSQL (pg_trgm), over the 96 shipped community names."""

import time
from pathlib import Path

import pytest

from communities.importing import import_communities
from communities.models import Community, Proposal
from communities.selectors.similar import (
    SIMILARITY_THRESHOLD,
    name_similarity,
    similar_names,
    trigram_similarity,
    trigrams,
)
from tests.personas import make_person

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo_communities.csv"


@pytest.fixture
def demo(db):
    import_communities(DEMO.read_bytes())


def names(matches) -> list[str]:
    return [match.name for match in matches]


def test_trigrams_are_pg_trgm_s():
    # pg_trgm's documentation: show_trgm('Cat') and similarity('word', 'two words') = 0.363636.
    assert trigrams(["cat"]) == {"  c", " ca", "cat", "at "}
    assert trigram_similarity(trigrams(["word"]), trigrams(["two", "words"])) == pytest.approx(
        4 / 11
    )


@pytest.mark.parametrize(
    ("proposed", "existing"),
    [
        ("Open Data Comunity of Practice", "Open Data Community of Practice"),  # one letter off
        ("Agile Development CoP", "Agile Development Community of Practice"),
        ("agile development community of practise", "Agile Development Community of Practice"),
        ("Plain Languag Writers", "Plain Language Community of Practice"),
        ("Accessibility Community of Practice", "Section 508 IT Accessibility Community"),
        ("AI CoP", "AI Community of Practice"),
    ],
)
def test_near_duplicates_of_shipped_names_are_caught(demo, proposed, existing):
    assert names(similar_names(proposed))[0] == existing


@pytest.mark.parametrize(
    "proposed",
    [
        "Data Science Community of Practice",  # "Open Data" shares one word only
        "Cloud Computing CoP",
        "UX Community",  # known miss: the acronym of "User Experience (UX) Community of Practice"
        "Community of Practice",  # generic words alone are like no name in particular
    ],
)
def test_a_shared_community_of_practice_alone_is_not_a_match(demo, proposed):
    assert similar_names(proposed) == []


def test_every_status_counts_and_archived_ones_are_marked(db):
    Community.objects.create(name="Old Web Group", slug="old-web", status="archived")
    [match] = similar_names("Old Web Groop")
    assert match.community.status == "archived" and match.url == "/c/old-web/"


def test_open_proposals_count_but_decided_ones_do_not(db):
    someone = make_person("someone")
    waiting = Proposal.objects.create(
        proposer=someone, name="Research Software Engineers", purpose="p" * 30, audience="All"
    )
    Proposal.objects.create(
        proposer=someone, name="Research Software Engineering", purpose="p" * 30,
        audience="All", status="withdrawn",
    )  # fmt: skip
    assert [m.proposal for m in similar_names("Research Software Engineer")] == [waiting]
    assert similar_names("Research Software Engineers", exclude_proposal=waiting) == []


def test_the_threshold_sits_between_the_shipped_pairs():
    assert name_similarity("Open Data Comunity of Practice", "Open Data Community of Practice") == 1
    assert name_similarity("Staff Council", "Staff Senate") >= SIMILARITY_THRESHOLD
    assert name_similarity("Data Science CoP", "Open Data Community of Practice") < 0.3


@pytest.mark.parametrize("name", ["", "   ", "!!!", "\x00", "a" * 10_000, "word " * 5_000])
def test_odd_or_huge_input_answers_quickly(demo, name):
    started = time.perf_counter()
    assert isinstance(similar_names(name), list)
    assert time.perf_counter() - started < 1.0


def test_two_queries_however_many_names(demo, django_assert_num_queries):
    with django_assert_num_queries(2):
        similar_names("Open Data Comunity of Practice")
