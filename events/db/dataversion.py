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

`triggers_install` is idempotent; migration 0009 and every `migrate` (events.apps) call it,
because SQLite drops a table's triggers when Django rebuilds the table to alter it.
"""

from __future__ import annotations

import datetime as dt

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from events.db.triggers import sqlite_triggers_ensure

TABLE = "events_dataversion"
TRACKED = (
    "events_event",
    "events_eventactor",
    "events_actor",
    "events_actoralias",
    "events_place",
    "events_source",
)
BUMP = f"UPDATE {TABLE} SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION events_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {BUMP};
    RETURN NULL;
END $$
"""


def _pg_trigger(table: str) -> str:
    return (
        f"CREATE OR REPLACE TRIGGER {table}_data_changed "
        f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION events_data_changed()"
    )


def _sqlite_triggers() -> dict[str, str]:
    return {
        f"{table}_data_changed_{op.lower()}": (
            f"CREATE TRIGGER {table}_data_changed_{op.lower()} AFTER {op} ON {table} "
            f"FOR EACH ROW BEGIN {BUMP}; END"
        )
        for table in TRACKED
        for op in ("INSERT", "UPDATE", "DELETE")
    }


def has_table(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        return TABLE in connection.introspection.table_names(cursor)


def triggers_install(connection: BaseDatabaseWrapper) -> None:
    """Create the counter's row and triggers where missing."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE id = 1")
        if not cursor.fetchone()[0]:
            cursor.execute(
                f"INSERT INTO {TABLE} (id, version, changed) VALUES (1, 1, CURRENT_TIMESTAMP)"
            )
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in TRACKED:
                cursor.execute(_pg_trigger(table))
        elif connection.vendor == "sqlite":
            sqlite_triggers_ensure(cursor, _sqlite_triggers())
        else:
            raise NotImplementedError(f"No data-version triggers for {connection.vendor}.")


def triggers_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in TRACKED:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_data_changed ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS events_data_changed()")
        else:
            for name in _sqlite_triggers():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def data_version() -> tuple[int, dt.datetime]:
    """(version, when it last changed, UTC). One primary-key read, on the database the router
    picks for reading events, so a replica's version always matches that replica's data."""
    from events.models import DataVersion, Event

    connection = connections[router.db_for_read(Event) or router.db_for_read(DataVersion)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, changed FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:  # a database migrated before the counter existed, and never since
        return 0, dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    version, changed = row
    if isinstance(changed, str):  # SQLite's CURRENT_TIMESTAMP: 'YYYY-MM-DD HH:MM:SS', UTC
        changed = dt.datetime.fromisoformat(changed)
    if changed.tzinfo is None:
        changed = changed.replace(tzinfo=dt.UTC)
    return version, changed
