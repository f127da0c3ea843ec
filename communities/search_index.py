"""The SQLite full-text index of communities (FTS5), kept in step with ``communities_community``.

PostgreSQL searches the table itself through the GIN indexes of migrations 0004 and 0013; SQLite
(the README's set-up) needs these FTS5 tables beside it instead:

- ``community_search``: name, category, summary, purpose (``description``) and host unit, English
  stemming (``porter``), case and accents folded (``unicode61 remove_diacritics 2``). Matching
  and the ``bm25()`` ranking run on it.
- ``community_search_words``: the same columns without stemming; its vocabulary
  (``community_search_vocab``, FTS5's ``fts5vocab``) is where a misspelt word finds the real words
  it is close to (see selectors.search).

Both are "external content" tables: they store only the index and read the text from
``communities_community``. Triggers on that table keep them in step with every write (services,
admin, importer, raw SQL).

Why not a migration: Django rebuilds a SQLite table to alter it (new table, copy, drop, rename),
which silently drops that table's triggers. ``ensure_search_index`` runs after every ``migrate``
(a post_migrate receiver), creates whatever is missing and rebuilds the index when it did, so a
later migration of ``communities_community`` can never leave search stale. It does nothing on
other databases.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections

TABLE = "communities_community"
COLUMNS = ("name", "category", "summary", "description", "host_unit")
# FTS table name -> tokenizer.
INDEXES = {
    "community_search": "porter unicode61 remove_diacritics 2",
    "community_search_words": "unicode61 remove_diacritics 2",
}
VOCABULARY = "community_search_vocab"


def _statements_for(index: str, tokenizer: str) -> list[str]:
    columns = ", ".join(COLUMNS)
    new_values = ", ".join(f"new.{c}" for c in COLUMNS)
    old_values = ", ".join(f"old.{c}" for c in COLUMNS)
    # Every name below is one of this module's constants, never input.
    delete = (
        f"INSERT INTO {index} ({index}, rowid, {columns}) VALUES ('delete', old.id, {old_values});"  # noqa: S608
    )
    insert = f"INSERT INTO {index} (rowid, {columns}) VALUES (new.id, {new_values});"  # noqa: S608
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5({columns}, "
        f"content='{TABLE}', content_rowid='id', tokenize='{tokenizer}')",
        f"CREATE TRIGGER IF NOT EXISTS {index}_insert AFTER INSERT ON {TABLE} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_delete AFTER DELETE ON {TABLE} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_update AFTER UPDATE ON {TABLE} "
        f"BEGIN {delete} {insert} END",
    ]


def _existing_objects(cursor) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
    return {row[0] for row in cursor.fetchall()}


def ensure_search_index(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Create the FTS5 tables and triggers that are missing on database ``using`` (SQLite only).

    Returns True when anything was created, in which case both indexes were rebuilt from
    ``communities_community``; False when all was in place or the database is not SQLite.
    Raises django.db.OperationalError if this SQLite build lacks FTS5 (Debian's has it).
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        if TABLE not in _existing_objects(cursor):
            return False  # migrate has not created the table yet
        before = _existing_objects(cursor)
        for index, tokenizer in INDEXES.items():
            for statement in _statements_for(index, tokenizer):
                cursor.execute(statement)
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCABULARY} "
            "USING fts5vocab(community_search_words, 'row')"
        )
        created = _existing_objects(cursor) - before
        if created:
            for index in INDEXES:
                cursor.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")  # noqa: S608
    return bool(created)


def ensure_search_index_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver for the communities app: see ``ensure_search_index``."""
    ensure_search_index(using)
