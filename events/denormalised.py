"""Database triggers that keep EventActor.event_date equal to its event's date.

Why triggers and not Python: links and dates are written by many paths (the ORM, admin inlines,
bulk_create, queryset.update, the importers' COPY and INSERT ... SELECT, raw SQL in benchmarks);
a trigger sees them all, so the map's (actor, event_date) index can never disagree with the
events it points to.

- PostgreSQL: a BEFORE INSERT/UPDATE row trigger on events_eventactor sets event_date from the
  event (whatever the writer gave, so a stale value cannot be stored), and an AFTER UPDATE OF date
  row trigger on events_event copies a changed date to the event's links. Bulk writers skip the
  insert trigger with DATES_FROM_EVENTS when their statement joins the date from the events.
- SQLite: triggers cannot change the row being written, so AFTER triggers correct it right after
  (only when it differs: a cheap comparison, no write for correct rows).

`triggers_install` is idempotent. Migration 0008 calls it, and so does every `migrate`
(events.apps): on SQLite, Django rebuilds a table to alter it, which drops its triggers.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

from events.dbtriggers import sqlite_triggers_ensure

EVENT_TABLE = "events_event"
LINK_TABLE = "events_eventactor"
# Set (transaction-locally) only around an INSERT ... SELECT into the links table that takes
# event_date from events_event in the same statement (the importers: dates_from_events_sql):
# such rows are right by construction, and the per-row trigger call would cost a bulk load of
# 230k links about 2 s. Nothing else may set it.
DATES_FROM_EVENTS = "conflictmap.link_dates_from_events"

PG_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION events_eventactor_date_set() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        SELECT date INTO NEW.event_date FROM {EVENT_TABLE} WHERE id = NEW.event_id;
        RETURN NEW;
    END $$
    """,
    f"""
    CREATE OR REPLACE TRIGGER events_eventactor_date_insert
    BEFORE INSERT ON {LINK_TABLE}
    FOR EACH ROW WHEN (current_setting('{DATES_FROM_EVENTS}', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION events_eventactor_date_set()
    """,
    f"""
    CREATE OR REPLACE TRIGGER events_eventactor_date_update
    BEFORE UPDATE OF event_id, event_date ON {LINK_TABLE}
    FOR EACH ROW EXECUTE FUNCTION events_eventactor_date_set()
    """,
    f"""
    CREATE OR REPLACE FUNCTION events_event_date_to_links() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {LINK_TABLE} SET event_date = NEW.date
        WHERE event_id = NEW.id AND event_date IS DISTINCT FROM NEW.date;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE OR REPLACE TRIGGER events_event_date_to_links
    AFTER UPDATE OF date ON {EVENT_TABLE}
    FOR EACH ROW WHEN (OLD.date IS DISTINCT FROM NEW.date)
    EXECUTE FUNCTION events_event_date_to_links()
    """,
]
PG_DROP = [
    f"DROP TRIGGER IF EXISTS events_eventactor_date_insert ON {LINK_TABLE}",
    f"DROP TRIGGER IF EXISTS events_eventactor_date_update ON {LINK_TABLE}",
    f"DROP TRIGGER IF EXISTS events_event_date_to_links ON {EVENT_TABLE}",
    "DROP FUNCTION IF EXISTS events_eventactor_date_set()",
    "DROP FUNCTION IF EXISTS events_event_date_to_links()",
]

_SQLITE_EVENT_DATE = f"(SELECT date FROM {EVENT_TABLE} WHERE id = NEW.event_id)"
SQLITE_TRIGGERS = {
    "events_eventactor_date_insert": f"""
    CREATE TRIGGER events_eventactor_date_insert
    AFTER INSERT ON {LINK_TABLE}
    FOR EACH ROW WHEN NEW.event_date IS NOT {_SQLITE_EVENT_DATE}
    BEGIN
        UPDATE {LINK_TABLE} SET event_date = {_SQLITE_EVENT_DATE} WHERE id = NEW.id;
    END
    """,
    "events_eventactor_date_update": f"""
    CREATE TRIGGER events_eventactor_date_update
    AFTER UPDATE OF event_id, event_date ON {LINK_TABLE}
    FOR EACH ROW WHEN NEW.event_date IS NOT {_SQLITE_EVENT_DATE}
    BEGIN
        UPDATE {LINK_TABLE} SET event_date = {_SQLITE_EVENT_DATE} WHERE id = NEW.id;
    END
    """,
    "events_event_date_to_links": f"""
    CREATE TRIGGER events_event_date_to_links
    AFTER UPDATE OF date ON {EVENT_TABLE}
    FOR EACH ROW WHEN NEW.date IS NOT OLD.date
    BEGIN
        UPDATE {LINK_TABLE} SET event_date = NEW.date WHERE event_id = NEW.id;
    END
    """,
}

BACKFILL = (
    f"UPDATE {LINK_TABLE} SET event_date = "
    f"(SELECT date FROM {EVENT_TABLE} WHERE {EVENT_TABLE}.id = {LINK_TABLE}.event_id) "
    f"WHERE event_date IS NULL OR event_date <> "
    f"(SELECT date FROM {EVENT_TABLE} WHERE {EVENT_TABLE}.id = {LINK_TABLE}.event_id)"
)


def dates_from_events_sql(link_columns: str, select: str) -> list[str]:
    """The statements that insert links with `select`, whose last column must be
    events_event.date of the link's event (joined in the same statement), without the per-row
    trigger: set the bypass, insert, unset it."""
    return [
        f"SELECT set_config('{DATES_FROM_EVENTS}', 'on', true)",
        f"INSERT INTO {LINK_TABLE} ({link_columns}, event_date) {select}",
        f"SELECT set_config('{DATES_FROM_EVENTS}', 'off', true)",
    ]


def has_event_date(connection: BaseDatabaseWrapper) -> bool:
    """Whether the links table exists with its event_date column (migration 0008 applied)."""
    with connection.cursor() as cursor:
        if LINK_TABLE not in connection.introspection.table_names(cursor):
            return False
        columns = connection.introspection.get_table_description(cursor, LINK_TABLE)
    return any(c.name == "event_date" for c in columns)


def triggers_install(connection: BaseDatabaseWrapper, *, backfill: bool = False) -> None:
    """Create (or re-create) the triggers; with backfill, also correct every link's date."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in PG_INSTALL:
                cursor.execute(sql)
        elif connection.vendor == "sqlite":
            sqlite_triggers_ensure(cursor, SQLITE_TRIGGERS)
        else:
            raise NotImplementedError(f"No event_date triggers for {connection.vendor}.")
        if backfill:
            cursor.execute(BACKFILL)


def triggers_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in PG_DROP:
                cursor.execute(sql)
        else:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
