"""Database triggers that keep each EventActor's copy of its event's date and position right.

Why copies: "this actor's events in this date window inside this bbox" (the map's question) is
then one index range of (actor, event_date, event) whose included lon/lat drop the links outside
the view before any event row is read; at 1M events that is ~3.5k event rows read for the
busiest actor's two years in a region instead of ~11k (bench/bench_map.py).

Why triggers and not Python: links, dates and locations are written by many paths (the ORM,
admin inlines, bulk_create, queryset.update, the importers' COPY and INSERT ... SELECT, raw SQL
in benchmarks); a trigger sees them all, so the index can never disagree with the events.

- PostgreSQL: a BEFORE INSERT/UPDATE row trigger on events_eventactor copies date and position
  from the event (whatever the writer gave, so a stale value cannot be stored), and an AFTER
  UPDATE OF date, location row trigger on events_event copies a change to the event's links.
  Bulk writers skip the insert trigger with DATES_FROM_EVENTS when their statement joins the
  copies from the events (link_copies_sql).
- SQLite: triggers cannot change the row being written, so AFTER triggers correct it right after
  (only when it differs: a cheap comparison, no write for correct rows).

The triggers are installed by a migration (0012) holding a frozen copy of the SQL below, which
is the current definition (tests/test_db_triggers.py keeps the two equal and checks what each
database holds). `triggers_install` is idempotent; it runs after every `migrate` on SQLite
(events.apps), because Django rebuilds a SQLite table to alter it, which drops its triggers.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

from events.db.triggers import triggers_create

EVENT_TABLE = "events_event"
LINK_TABLE = "events_eventactor"
# The link columns that copy their event's, and the event expressions they copy.
COPIES = {"event_date": "date", "event_lon": "ST_X(location)", "event_lat": "ST_Y(location)"}
# Set (transaction-locally) only around an INSERT ... SELECT into the links table that takes
# the copies from events_event in the same statement (the importers: link_copies_sql), or a
# COPY whose writer gives each link the values it wrote its event with (link_copies_copy_sql):
# such rows are right by construction, and the per-row trigger call would cost a bulk load of
# 230k links about 2 s. Nothing else may set it.
DATES_FROM_EVENTS = "conflictmap.link_dates_from_events"
_COLUMNS = ", ".join(COPIES)  # event_date, event_lon, event_lat
_OF_EVENT = ", ".join(COPIES.values())  # read from the event's row
_OF_EVENT_E = "e.date, ST_X(e.location), ST_Y(e.location)"  # the same, of an alias e
_OF_NEW = "NEW.date, ST_X(NEW.location), ST_Y(NEW.location)"  # the same, in an events trigger

PG_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION events_eventactor_date_set() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        SELECT {_OF_EVENT} INTO NEW.event_date, NEW.event_lon, NEW.event_lat
        FROM {EVENT_TABLE} WHERE id = NEW.event_id;
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
    BEFORE UPDATE OF event_id, {_COLUMNS} ON {LINK_TABLE}
    FOR EACH ROW EXECUTE FUNCTION events_eventactor_date_set()
    """,
    f"""
    CREATE OR REPLACE FUNCTION events_event_date_to_links() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {LINK_TABLE} SET ({_COLUMNS}) = ROW({_OF_NEW})
        WHERE event_id = NEW.id AND ({_COLUMNS}) IS DISTINCT FROM ({_OF_NEW});
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE OR REPLACE TRIGGER events_event_date_to_links
    AFTER UPDATE OF date, location ON {EVENT_TABLE}
    FOR EACH ROW WHEN (OLD.date IS DISTINCT FROM NEW.date
                       OR OLD.location IS DISTINCT FROM NEW.location)
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

# SQLite: a link is stale when any copy differs from its event's (IS NOT: NULL-safe).
_SQLITE_STALE = " OR ".join(
    f"NEW.{column} IS NOT (SELECT {expr} FROM {EVENT_TABLE} WHERE id = NEW.event_id)"
    for column, expr in COPIES.items()
)
_SQLITE_SET = (
    f"UPDATE {LINK_TABLE} SET ({_COLUMNS}) = "
    f"(SELECT {_OF_EVENT} FROM {EVENT_TABLE} WHERE id = NEW.event_id) WHERE id = NEW.id"
)
# Named for what they copy: the date-only triggers of migrations 0008 to 0010 had other names
# (migration 0012 drops them).
SQLITE_TRIGGERS = {
    "events_eventactor_copies_insert": f"""
    CREATE TRIGGER events_eventactor_copies_insert
    AFTER INSERT ON {LINK_TABLE}
    FOR EACH ROW WHEN {_SQLITE_STALE}
    BEGIN
        {_SQLITE_SET};
    END
    """,
    "events_eventactor_copies_update": f"""
    CREATE TRIGGER events_eventactor_copies_update
    AFTER UPDATE OF event_id, {_COLUMNS} ON {LINK_TABLE}
    FOR EACH ROW WHEN {_SQLITE_STALE}
    BEGIN
        {_SQLITE_SET};
    END
    """,
    "events_event_copies_to_links": f"""
    CREATE TRIGGER events_event_copies_to_links
    AFTER UPDATE OF date, location ON {EVENT_TABLE}
    FOR EACH ROW WHEN NEW.date IS NOT OLD.date
                   OR ST_X(NEW.location) IS NOT ST_X(OLD.location)
                   OR ST_Y(NEW.location) IS NOT ST_Y(OLD.location)
    BEGIN
        UPDATE {LINK_TABLE} SET ({_COLUMNS}) = ({_OF_NEW}) WHERE event_id = NEW.id;
    END
    """,
}
_OF_LINKS_EVENT = (  # SQLite has no UPDATE ... FROM before 3.33 (Django 5.2 allows 3.31)
    f"SELECT {_OF_EVENT} FROM {EVENT_TABLE} WHERE {EVENT_TABLE}.id = {LINK_TABLE}.event_id"
)
# Only the links whose copies differ are written: where the triggers kept them right, it only
# reads.
BACKFILL = {
    "postgresql": (
        f"UPDATE {LINK_TABLE} l SET ({_COLUMNS}) = ({_OF_EVENT_E}) "
        f"FROM {EVENT_TABLE} e WHERE e.id = l.event_id "
        f"AND (l.{', l.'.join(COPIES)}) IS DISTINCT FROM ({_OF_EVENT_E})"
    ),
    "sqlite": (
        f"UPDATE {LINK_TABLE} SET ({_COLUMNS}) = ({_OF_LINKS_EVENT}) "
        f"WHERE ({_COLUMNS}) IS NOT ({_OF_LINKS_EVENT})"
    ),
}


def _without_insert_trigger(statement: str) -> list[str]:
    """[set the bypass, statement, unset it]: the per-row insert trigger skipped for it."""
    return [
        f"SELECT set_config('{DATES_FROM_EVENTS}', 'on', true)",
        statement,
        f"SELECT set_config('{DATES_FROM_EVENTS}', 'off', true)",
    ]


def link_copies_sql(link_columns: str, select: str) -> list[str]:
    """The statements that insert links with `select`, whose last three columns must be
    events_event's date, ST_X(location), ST_Y(location) of the link's event (joined in the
    same statement), without the per-row trigger."""
    return _without_insert_trigger(
        f"INSERT INTO {LINK_TABLE} ({link_columns}, {_COLUMNS}) {select}"
    )


def link_copies_copy_sql(link_columns: str) -> list[str]:
    """[before, COPY, after] for links COPYed with their copies given by the writer, without the
    per-row trigger: only for a writer that takes each link's date and position from the very
    values it writes its event with (the importers' first load of a dataset)."""
    return _without_insert_trigger(f"COPY {LINK_TABLE} ({link_columns}, {_COLUMNS}) FROM STDIN")


def triggers_install(connection: BaseDatabaseWrapper, *, backfill: bool = False) -> None:
    """Create the triggers (PostgreSQL: replaced; SQLite: those missing); with backfill, also
    correct every link's copies."""
    triggers_create(connection, postgresql=PG_INSTALL, sqlite=SQLITE_TRIGGERS)
    if backfill:
        with connection.cursor() as cursor:
            cursor.execute(BACKFILL[connection.vendor])


def triggers_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in PG_DROP:
                cursor.execute(sql)
        else:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
