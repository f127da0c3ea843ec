import pytest
from django.db import connection
from django.urls import reverse

from communities.models import Community
from communities.selectors.directory import search_communities

DIRECTORY = reverse("communities:directory")

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text and trigram search need PostgreSQL"
)


@pytest.fixture
def communities(make_community):
    make_community(
        "Accessibility Community of Practice",
        summary="Making our sites usable by everyone.",
        category="Web",
    )
    make_community("Research Computing Network", summary="Clusters and code.", category="IT")


def _names(params):
    return {c.name for c in search_communities(Community.objects.all(), params)}


def test_every_word_must_match(communities):
    assert _names("accessibility usable") == {"Accessibility Community of Practice"}
    assert _names("accessibility clusters") == set()


def test_an_empty_query_keeps_everything(communities):
    assert len(_names("   ")) == 2


@pytest.mark.postgres
@on_postgres
@pytest.mark.parametrize("query", ["comunity", "acessibility", "Acessibility comunity"])
def test_a_misspelt_word_still_finds_the_community(client, communities, query):
    page = client.get(DIRECTORY, {"q": query}).content.decode()
    assert "Accessibility Community of Practice" in page
    assert "Research Computing Network" not in page


@pytest.mark.postgres
@on_postgres
def test_stemming_matches_other_forms_of_a_word(communities):
    assert _names("practices") == {"Accessibility Community of Practice"}


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
