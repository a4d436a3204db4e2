"""The database triggers of events/db (the data version, the links' copies of their event's date
and position): what each database holds, body included, is what events/db defines; the migration
that installs them holds a frozen copy equal to events/db's SQL; a database migrated from 0010
with data comes out with its links' copies right."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from events.apps import TRIGGERS_MIGRATION
from events.db import dataversion, link_copies
from events.models import DataVersion, EventActor
from tests.support.linkcopies import stale_links

# The newest migration that installs triggers: the one whose frozen SQL must equal events/db's.
FROZEN = importlib.import_module(f"events.migrations.{TRIGGERS_MIGRATION[1]}")
BEFORE_COPIES = "0010_eventactor_date_bulk_bypass"  # links had event_date, no position yet

# This app's triggers and trigger functions are all named events_*; PostGIS and SpatiaLite
# add their own (postgis_cache_bbox, SpatiaLite's gii_/tmi_... geometry triggers).
PG_HELD = """
    SELECT 'trigger', t.tgname || ' ON ' || c.relname, pg_get_triggerdef(t.oid)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
      AND t.tgname LIKE 'events\\_%'
    UNION ALL
    SELECT 'function', p.proname || '()', l.lanname || ' ' || p.prosrc
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
    WHERE p.pronamespace = current_schema()::regnamespace AND p.prorettype = 'trigger'::regtype
      AND p.proname LIKE 'events\\_%'
"""
SQLITE_HELD = """
    SELECT 'trigger', name, sql FROM sqlite_master
    WHERE type = 'trigger' AND name LIKE 'events\\_%' ESCAPE '\\'
"""
STALE_MIGRATION = (
    "events/db's trigger SQL and the frozen copy in migration {} differ. Never edit an applied "
    "migration: write a new one that installs events/db's SQL (copied in, written out), and "
    "point tests/test_db_triggers.py and events.apps.TRIGGERS_MIGRATION at it."
)


def sql_normalised(sql: str) -> str:
    """One space between words, none inside parentheses: layout is not meaning."""
    text = " ".join(sql.split())
    return re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))


def triggers_held() -> dict[tuple[str, str], str]:
    """(kind, name) -> normalised definition, as the database holds it. A name is what DROP
    takes: "trigger ON table" and "function()" on PostgreSQL, the trigger's name on SQLite."""
    with connection.cursor() as cursor:
        cursor.execute(PG_HELD if connection.vendor == "postgresql" else SQLITE_HELD)
        return {(kind, name): sql_normalised(sql) for kind, name, sql in cursor.fetchall()}


def triggers_expected() -> dict[tuple[str, str], str]:
    """What events/db defines, in the words triggers_held reads. SQLite keeps a trigger's SQL as
    written; PostgreSQL reports it in its own words (pg_get_triggerdef), so there events/db's
    SQL is run, in a savepoint rolled back, on a database cleared of this app's triggers, and
    read back."""
    if connection.vendor == "sqlite":
        wanted = {**dataversion.SQLITE_TRIGGERS, **link_copies.SQLITE_TRIGGERS}
        return {("trigger", name): sql_normalised(sql) for name, sql in wanted.items()}
    with transaction.atomic(), connection.cursor() as cursor:
        for kind, name in sorted(triggers_held(), reverse=True):  # triggers before functions
            cursor.execute(f"DROP {kind.upper()} {name}")
        link_copies.triggers_install(connection)
        dataversion.triggers_install(connection)
        expected = triggers_held()
        transaction.set_rollback(True)
    return expected


def triggers_differences() -> list[str]:
    """What the database holds that events/db does not define, or defines otherwise."""
    held, expected = triggers_held(), triggers_expected()
    out = []
    for key in sorted(held.keys() | expected.keys()):
        what = " ".join(key)
        if key not in held:
            out.append(f"{what}: missing")
        elif key not in expected:
            out.append(f"{what}: not defined in events/db")
        elif held[key] != expected[key]:
            out.append(f"{what}: body differs\n  held: {held[key]}\n  code: {expected[key]}")
    return out


def _normalised(sql):
    if isinstance(sql, str):
        return sql_normalised(sql)
    if isinstance(sql, dict):
        return {key: _normalised(value) for key, value in sql.items()}
    return [_normalised(s) for s in sql]


@pytest.mark.parametrize(
    ("frozen", "runtime"),
    [
        (
            FROZEN.POSTGRESQL_INSTALL,
            [*dataversion.PG_INSTALL, *link_copies.PG_INSTALL],
        ),
        (
            FROZEN.SQLITE_TRIGGERS,
            {**dataversion.SQLITE_TRIGGERS, **link_copies.SQLITE_TRIGGERS},
        ),
        (FROZEN.BACKFILL, link_copies.BACKFILL),
        (FROZEN.DATA_VERSION_ROW, dataversion.ROW_INSERT),
    ],
    ids=["postgresql", "sqlite", "backfill", "data-version-row"],
)
def test_the_migrations_frozen_sql_is_events_dbs_sql(frozen, runtime):
    assert _normalised(frozen) == _normalised(runtime), STALE_MIGRATION.format(FROZEN.__name__)


def test_the_frozen_drops_name_every_installed_postgresql_trigger():
    """The migration's reverse removes all it installs (SQLite's drops come from its names)."""
    created = re.compile(r"CREATE OR REPLACE (TRIGGER|FUNCTION) (\w+)")
    installed = {created.search(sql).group(2) for sql in FROZEN.POSTGRESQL_INSTALL}
    dropped = {re.search(r"IF EXISTS (\w+)", sql).group(1) for sql in FROZEN.POSTGRESQL_DROP}
    assert installed == dropped


def test_the_database_holds_the_triggers_events_db_defines(db):
    assert triggers_expected(), "events/db defines no triggers for this database"
    assert triggers_differences() == []


# A trigger of each database replaced under its own name by one with another body.
CHANGED_BODY = {
    "postgresql": (
        "function events_data_changed()",
        [
            "CREATE OR REPLACE FUNCTION events_data_changed() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$"
        ],
    ),
    "sqlite": (
        "trigger events_event_copies_to_links",
        [
            "DROP TRIGGER events_event_copies_to_links",
            "CREATE TRIGGER events_event_copies_to_links AFTER UPDATE OF date ON events_event "
            "FOR EACH ROW BEGIN UPDATE events_eventactor SET event_date = NEW.date "
            "WHERE event_id = NEW.id; END",
        ],
    ),
}


def test_the_check_notices_a_trigger_whose_body_changed(db):
    name, statements = CHANGED_BODY[connection.vendor]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    differences = triggers_differences()
    assert len(differences) == 1
    assert differences[0].startswith(f"{name}: body differs")


def test_the_check_notices_a_missing_and_an_unknown_trigger(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER events_place_data_changed ON events_place")
            cursor.execute(
                "CREATE TRIGGER events_place_extra AFTER DELETE ON events_place "
                "FOR EACH STATEMENT EXECUTE FUNCTION events_data_changed()"
            )
            missing, unknown = (
                "events_place_data_changed ON events_place",
                "events_place_extra ON events_place",
            )
        else:
            cursor.execute("DROP TRIGGER events_place_data_changed_delete")
            cursor.execute(
                "CREATE TRIGGER events_place_extra AFTER DELETE ON events_place "
                "FOR EACH ROW BEGIN SELECT 1; END"
            )
            missing, unknown = "events_place_data_changed_delete", "events_place_extra"
    assert triggers_differences() == [
        f"trigger {missing}: missing",
        f"trigger {unknown}: not defined in events/db",
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps triggers on ALTER")
def test_after_migrate_sqlite_gets_back_the_triggers_a_table_rebuild_dropped(db):
    with connection.cursor() as cursor:  # what Django's rebuild of the two tables leaves
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('events_event', 'events_eventactor') AND name LIKE 'events\\_%' "
            "ESCAPE '\\'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER {name}")
    dropped = triggers_differences()
    assert len(dropped) == 9  # events_event's 4 and events_eventactor's 5
    assert all(difference.endswith(": missing") for difference in dropped)
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert triggers_differences() == []


def _links_as_of_0010() -> None:
    """Events and links written by a database at 0010: no trigger, so no counter row and link
    dates wrong or missing."""
    state = MigrationExecutor(connection).loader.project_state(("events", BEFORE_COPIES))
    state.apps.get_model("events", "DataVersion").objects.all().delete()
    actor = state.apps.get_model("events", "Actor").objects.create(name="Armed Group", slug="ag")
    model = state.apps.get_model("events", "Event")
    common = {"event_type": "Battles", "sub_event_type": "Armed clash", "summary": "A clash"}
    located = model.objects.create(
        date=dt.date(2017, 1, 18), location=Point(37.1, 36.2, srid=4326), **common
    )
    unlocated = model.objects.create(date=dt.date(2018, 3, 1), **common)
    link = state.apps.get_model("events", "EventActor")
    link.objects.bulk_create(
        [
            link(event=located, actor=actor, role="actor1", event_date=None),
            link(event=located, actor=actor, role="actor2", event_date=dt.date(1999, 1, 1)),
            link(event=unlocated, actor=actor, role="actor1", event_date=dt.date(2018, 3, 1)),
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_from_0010_with_data_gets_its_links_copies_and_triggers():
    call_command("migrate", "events", BEFORE_COPIES, verbosity=0)
    try:
        assert triggers_held() == {}
        _links_as_of_0010()
    finally:
        call_command("migrate", "events", verbosity=0)
    assert EventActor.objects.count() == 3
    assert stale_links() == []
    assert set(EventActor.objects.values_list("event_date", "event_lon", "event_lat")) == {
        (dt.date(2017, 1, 18), 37.1, 36.2),
        (dt.date(2018, 3, 1), None, None),
    }
    assert triggers_differences() == []
    assert DataVersion.objects.filter(pk=1).exists()
