"""Directory search: the same behaviour on SQLite (FTS5) and PostgreSQL (tsvector + pg_trgm).

Every test without a database mark runs on whichever database the suite runs on: SQLite by
default, PostgreSQL in CI (DATABASE_URL), so both backends pass the same tests.
"""

import pytest
from django.db import connection
from django.urls import reverse

from communities.models import Community
from communities.search_index import ensure_search_index
from communities.selectors.search import MAX_QUERY_LENGTH, query_words, search_communities

DIRECTORY = reverse("communities:directory")

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="checks PostgreSQL's own indexes"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="checks SQLite's FTS5 index")


@pytest.fixture
def communities(make_community):
    make_community(
        "Accessibility Community of Practice",
        summary="Making our sites usable by everyone.",
        category="Web",
        host_unit="University of Montana",
    )
    make_community(
        "Research Computing Network",
        summary="Clusters and code.",
        category="IT",
        host_unit="University of Michigan",
    )
    make_community(
        "Sustainability Council",
        summary="Campus energy and waste.",
        description="Training for green offices.",
        category="Environment",
    )
    make_community(
        "Artificial Intelligence (AI) Community of Practice",
        summary="Machine learning in teaching.",
        category="AI",
    )


def _names(text):
    return {c.name for c in search_communities(Community.objects.all(), text)}


def _directory_names(client, **params):
    page = client.get(DIRECTORY, params)
    assert page.status_code == 200
    return [c.name for c in page.context["page"].object_list]


def test_every_word_must_match(communities):
    assert _names("accessibility usable") == {"Accessibility Community of Practice"}
    assert _names("accessibility clusters") == set()


def test_an_empty_query_keeps_everything(communities):
    assert len(_names("   ")) == 4
    assert len(_names("&& -- !!")) == 4


def test_a_short_word_matches_whole_words_not_parts_of_words(communities):
    # "AI" is inside "sustAInability", "trAIning" and "mAInly": none of those is the word AI.
    assert _names("AI") == {"Artificial Intelligence (AI) Community of Practice"}


@pytest.mark.parametrize("query", ["comunity", "acessibility", "Acessibility comunity"])
def test_a_misspelt_word_still_finds_the_community(client, communities, query):
    names = _directory_names(client, q=query)
    assert "Accessibility Community of Practice" in names
    assert "Research Computing Network" not in names


def test_the_host_institution_is_searched(communities):
    assert _names("Montana") == {"Accessibility Community of Practice"}
    assert _names("university") == {
        "Accessibility Community of Practice",
        "Research Computing Network",
    }


def test_the_last_word_matches_as_a_prefix_while_typing(communities):
    assert _names("Mont") == {"Accessibility Community of Practice"}
    assert _names("Sustain") == {"Sustainability Council"}
    # Only the last word: an earlier word is a whole word, typed in full.
    assert _names("Mont university") == set()


def test_stemming_matches_other_forms_of_a_word(communities):
    assert _names("practices") == {
        "Accessibility Community of Practice",
        "Artificial Intelligence (AI) Community of Practice",
    }


def test_accents_and_case_do_not_matter(communities):
    assert _names("ACCESSIBILITÉ") == _names("accessibility") != set()


def test_results_come_best_match_first_when_there_is_a_query(client, make_community, communities):
    make_community("Teaching Circle", summary="We talk about accessibility sometimes.")
    # "Accessibility" in the name outranks a mention in the summary, whatever the alphabet says.
    assert _directory_names(client, q="accessibility") == [
        "Accessibility Community of Practice",
        "Teaching Circle",
    ]
    assert _directory_names(client, q="accessibility", sort="name") == [
        "Accessibility Community of Practice",
        "Teaching Circle",
    ]
    assert _directory_names(client, q="teaching circle accessibility") == ["Teaching Circle"]


def test_name_order_without_a_query_even_when_best_match_is_chosen(client, communities):
    names = _directory_names(client, sort="relevance")
    assert names == sorted(names, key=str.lower)


def test_edits_and_deletions_reach_the_index_at_once(make_community):
    community = make_community("Plain Language Writers", summary="Short sentences.")
    assert _names("plain") == {"Plain Language Writers"}
    Community.objects.filter(pk=community.pk).update(name="Clear Writing Group")
    assert _names("plain") == set()
    assert _names("clear") == {"Clear Writing Group"}
    Community.objects.filter(pk=community.pk).delete()
    assert _names("clear") == set()


def test_odd_input_never_fails(client, communities):
    for query in ["x" * 10_000, '"unbalanced', "a OR b", "NEAR(x y)", "col:umn", "*", "🙂"]:
        assert client.get(DIRECTORY, {"q": query}).status_code == 200
    assert len("".join(query_words("word " * 10_000))) <= MAX_QUERY_LENGTH


@pytest.mark.postgres
@on_postgres
def test_search_can_use_both_gin_indexes(communities):
    queryset = search_communities(Community.objects.order_by(), "acessibility")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Tiny tables are scanned anyway; forbid that to see whether the indexes fit the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "community_search_vector" in plan and "community_search_trigram" in plan


@on_sqlite
def test_the_index_comes_back_after_a_migration_drops_its_triggers(communities):
    # Django rebuilds a SQLite table to alter it, which drops the table's triggers.
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER community_search_update")
        cursor.execute("DROP TRIGGER community_search_words_update")
    Community.objects.filter(name__startswith="Research").update(name="Cluster Users")
    assert _names("cluster users") == set()  # stale: what the receiver below must repair
    assert ensure_search_index() is True
    assert _names("cluster users") == {"Cluster Users"}
    assert ensure_search_index() is False  # nothing left to do
