"""Search the host unit (institution) too, on PostgreSQL: the two GIN indexes of migration 0004
are rebuilt with ``host_unit`` in them (see communities/selectors/search.py, whose expressions
must stay identical to these; tests/test_search.py checks with EXPLAIN). SQLite's full-text index
is kept by communities/search_index.py instead. On other databases this migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# What Django generates on PostgreSQL for
# Concat("name", Value(" "), "category", Value(" "), "summary", Value(" "), "host_unit");
# written as SQL because an operator class after a Concat() index expression is rendered without
# the parentheses PostgreSQL requires.
TRIGRAM_DOCUMENT = (
    """(COALESCE("name", '') || COALESCE((COALESCE(' ', '') || COALESCE((COALESCE("category", '')"""
    """ || COALESCE((COALESCE(' ', '') || COALESCE((COALESCE("summary", '')"""
    """ || COALESCE((COALESCE(' ', '') || COALESCE("host_unit", '')), '')), '')), '')), '')), ''))"""
)
OLD_TRIGRAM_DOCUMENT = (
    """(COALESCE("name", '') || COALESCE((COALESCE(' ', '') || COALESCE((COALESCE("category", '')"""
    """ || COALESCE((COALESCE(' ', '') || COALESCE("summary", '')), '')), '')), ''))"""
)


def _vector_index(*b_columns):
    vector = (
        SearchVector("name", weight="A", config="english")
        + SearchVector(*b_columns, weight="B", config="english")
        + SearchVector("description", weight="C", config="english")
    )
    return GinIndex(vector, name="community_search_vector")


def _rebuild(b_columns, trigram_document):
    def rebuild(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        community = apps.get_model("communities", "Community")
        schema_editor.execute("DROP INDEX IF EXISTS community_search_trigram")
        schema_editor.execute("DROP INDEX IF EXISTS community_search_vector")
        schema_editor.add_index(community, _vector_index(*b_columns))
        schema_editor.execute(
            "CREATE INDEX community_search_trigram ON communities_community "
            f"USING gin ({trigram_document} gin_trgm_ops)"
        )

    return rebuild


class Migration(migrations.Migration):
    dependencies = [("communities", "0013_rules_one_home_fixes")]

    operations = [
        migrations.RunPython(
            _rebuild(("category", "summary", "host_unit"), TRIGRAM_DOCUMENT),
            _rebuild(("category", "summary"), OLD_TRIGRAM_DOCUMENT),
        )
    ]
