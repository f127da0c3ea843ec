"""Indexes for the directory search on PostgreSQL (see communities/search.py).

pg_trgm for typo-tolerant matching, a GIN index on the weighted full-text document and a GIN
trigram index on name + category + summary. The expressions are written out here (not imported)
so this migration never changes; tests/test_search.py checks that search.py still uses them.
On other databases (SQLite) this migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# What Django generates for Concat("name", Value(" "), "category", Value(" "), "summary") on
# PostgreSQL; written as SQL because an operator class after a Concat() index expression is
# rendered without the parentheses PostgreSQL requires.
TRIGRAM_DOCUMENT = (
    """(COALESCE("name", '') || COALESCE((COALESCE(' ', '') || COALESCE((COALESCE("category", '')"""
    """ || COALESCE((COALESCE(' ', '') || COALESCE("summary", '')), '')), '')), ''))"""
)


def _vector_index():
    vector = (
        SearchVector("name", weight="A", config="english")
        + SearchVector("category", "summary", weight="B", config="english")
        + SearchVector("description", weight="C", config="english")
    )
    return GinIndex(vector, name="community_search_vector")


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("communities", "Community"), _vector_index())
    schema_editor.execute(
        "CREATE INDEX community_search_trigram ON communities_community "
        f"USING gin ({TRIGRAM_DOCUMENT} gin_trgm_ops)"
    )


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS community_search_trigram")
    schema_editor.remove_index(apps.get_model("communities", "Community"), _vector_index())


class Migration(migrations.Migration):
    dependencies = [("communities", "0003_rsvp_attendance")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
