"""A counter of changes to the data the API serves: the source of its ETag and Last-Modified.

Why a counter kept by database triggers: events, links, actors, aliases, places and sources are
written by many paths (admin, ingest, seeds, the importers' COPY and INSERT ... SELECT, raw SQL);
a trigger sees every one, so a cached response can never outlive the data it was built from.
Readers take the version *before* they read the data: a change committed in between makes the
client fetch once more, never keep a stale copy.

- PostgreSQL: one statement-level trigger per table (a 100k-row COPY bumps it once). Writers
  queue on the counter's row until they commit, which serialises concurrent writers; curation
  saves are short, and a long import delays an admin save until it commits (docs/scaling.md).
- SQLite: row-level triggers (SQLite has no other kind); it has one writer at a time anyway.

The triggers are installed by a migration (0012) holding a frozen copy of the SQL below, which
is the current definition (tests/test_db_triggers.py keeps the two equal and checks what each
database holds). `triggers_install` is idempotent; it runs after every `migrate` on SQLite
(events.apps), because SQLite drops a table's triggers when Django rebuilds the table to alter it.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

from events.db.triggers import triggers_create

TABLE = "events_dataversion"
TRACKED = (
    "events_event",
    "events_eventactor",
    "events_actor",
    "events_actoralias",
    "events_place",
    "events_source",
    "events_dataset",  # a dataset's visibility changes what the public sees (migration 0016)
)
BUMP = f"UPDATE {TABLE} SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1"

# The counter's one row, which the triggers bump: created by migration 0012, and again after a
# `flush` (which empties every table) by the post_migrate hook in events.apps.
ROW_INSERT = (
    f"INSERT INTO {TABLE} (id, version, changed) VALUES (1, 1, CURRENT_TIMESTAMP) "
    "ON CONFLICT (id) DO NOTHING"
)

PG_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION events_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {BUMP};
        RETURN NULL;
    END $$
    """,
    *(
        f"CREATE OR REPLACE TRIGGER {table}_data_changed "
        f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION events_data_changed()"
        for table in TRACKED
    ),
]
SQLITE_TRIGGERS = {
    f"{table}_data_changed_{op.lower()}": (
        f"CREATE TRIGGER {table}_data_changed_{op.lower()} AFTER {op} ON {table} "
        f"FOR EACH ROW BEGIN {BUMP}; END"
    )
    for table in TRACKED
    for op in ("INSERT", "UPDATE", "DELETE")
}


def row_ensure(connection: BaseDatabaseWrapper) -> None:
    """Create the counter's row if it is missing (a flush empties every table)."""
    with connection.cursor() as cursor:
        cursor.execute(ROW_INSERT)


def triggers_install(connection: BaseDatabaseWrapper) -> None:
    """Create the counter's row and triggers where missing."""
    row_ensure(connection)
    triggers_create(connection, postgresql=PG_INSTALL, sqlite=SQLITE_TRIGGERS)
