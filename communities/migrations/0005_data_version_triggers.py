"""A data version for caching pages that show communities, memberships and meetings (PostgreSQL).

``communities_dataversion`` holds STRIPES counters; the data version is their sum, which grows by
one with every committed transaction that changed any of those three tables. Triggers bump it, so
every write counts: services, admin, bulk updates and raw SQL alike. The triggers are deferred to
commit time, so a new version becomes visible in the same instant as the data, and a row is
locked only at the very end of a transaction (no lock-order deadlocks). A transaction bumps one
counter (chosen by its transaction id) once, however many rows it changes; spreading the bumps
over several rows keeps concurrent commits (a burst of joins) from queueing on one hot row.
See communities/caching.py. On other databases this migration does nothing.
"""

from django.db import migrations

TABLES = ["communities_community", "communities_membership", "communities_meeting"]
STRIPES = 16

FORWARD = [
    "CREATE TABLE communities_dataversion "
    "(id integer PRIMARY KEY, version bigint NOT NULL, xid bigint NOT NULL DEFAULT 0)",
    "INSERT INTO communities_dataversion (id, version) "
    f"SELECT n, 0 FROM generate_series(0, {STRIPES - 1}) AS n",
    f"""
    CREATE FUNCTION communities_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE communities_dataversion SET version = version + 1, xid = txid_current()
        WHERE id = mod(txid_current(), {STRIPES}) AND xid <> txid_current();
        RETURN NULL;
    END $$
    """,
]
for table in TABLES:
    FORWARD += [
        f"CREATE CONSTRAINT TRIGGER {table}_data_version AFTER INSERT OR UPDATE OR DELETE "
        f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "EXECUTE FUNCTION communities_bump_data_version()",
        f"CREATE TRIGGER {table}_data_version_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION communities_bump_data_version()",
    ]
BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {t}_data_version ON {t}" for t in TABLES),
    *(f"DROP TRIGGER IF EXISTS {t}_data_version_truncate ON {t}" for t in TABLES),
    "DROP FUNCTION IF EXISTS communities_bump_data_version()",
    "DROP TABLE IF EXISTS communities_dataversion",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("communities", "0004_community_search_indexes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
