"""Trigram indexes on community and proposal names for duplicate detection
(communities/selectors/similar.py: ``%`` and ``%>`` on ``name``). PostgreSQL only: on other
databases (SQLite) this migration does nothing, and similar.py scores every name in Python."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "community_name_trigram": "communities_community",
    "proposal_name_trigram": "communities_proposal",
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, table in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (name gin_trgm_ops)")


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("communities", "0012_meeting_time_zone_validated")]

    operations = [
        TrigramExtension(),  # already there since 0004; repeated so this migration stands alone
        migrations.RunPython(add_indexes, remove_indexes),
    ]
