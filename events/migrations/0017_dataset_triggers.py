# The database triggers again (a frozen copy, as 0012 explains): the same SQL plus the data
# version's triggers on events_dataset, whose visibility changes what the public sees (migration
# 0016). On a database that ran 0012 it replaces the same triggers with the same bodies and adds
# the new ones; the backfill finds nothing to correct.

from django.db import migrations

DATA_VERSION_ROW = """
    INSERT INTO events_dataversion (id, version, changed) VALUES (1, 1, CURRENT_TIMESTAMP)
    ON CONFLICT (id) DO NOTHING
"""

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION events_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE TRIGGER events_event_data_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events_event
    FOR EACH STATEMENT EXECUTE FUNCTION events_data_changed()
    """,
    """
    CREATE OR REPLACE TRIGGER events_eventactor_data_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events_eventactor
    FOR EACH STATEMENT EXECUTE FUNCTION events_data_changed()
    """,
    """
    CREATE OR REPLACE TRIGGER events_actor_data_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events_actor
    FOR EACH STATEMENT EXECUTE FUNCTION events_data_changed()
    """,
    """
    CREATE OR REPLACE TRIGGER events_actoralias_data_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events_actoralias
    FOR EACH STATEMENT EXECUTE FUNCTION events_data_changed()
    """,
    """
    CREATE OR REPLACE TRIGGER events_place_data_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events_place
    FOR EACH STATEMENT EXECUTE FUNCTION events_data_changed()
    """,
    """
    CREATE OR REPLACE TRIGGER events_source_data_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events_source
    FOR EACH STATEMENT EXECUTE FUNCTION events_data_changed()
    """,
    """
    CREATE OR REPLACE TRIGGER events_dataset_data_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events_dataset
    FOR EACH STATEMENT EXECUTE FUNCTION events_data_changed()
    """,
    """
    CREATE OR REPLACE FUNCTION events_eventactor_date_set() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        SELECT date, ST_X(location), ST_Y(location) INTO NEW.event_date, NEW.event_lon, NEW.event_lat
        FROM events_event WHERE id = NEW.event_id;
        RETURN NEW;
    END $$
    """,
    """
    CREATE OR REPLACE TRIGGER events_eventactor_date_insert
    BEFORE INSERT ON events_eventactor
    FOR EACH ROW WHEN (current_setting('conflictmap.link_dates_from_events', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION events_eventactor_date_set()
    """,
    """
    CREATE OR REPLACE TRIGGER events_eventactor_date_update
    BEFORE UPDATE OF event_id, event_date, event_lon, event_lat ON events_eventactor
    FOR EACH ROW EXECUTE FUNCTION events_eventactor_date_set()
    """,
    """
    CREATE OR REPLACE FUNCTION events_event_date_to_links() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE events_eventactor
        SET (event_date, event_lon, event_lat) = ROW(NEW.date, ST_X(NEW.location), ST_Y(NEW.location))
        WHERE event_id = NEW.id
          AND (event_date, event_lon, event_lat)
              IS DISTINCT FROM (NEW.date, ST_X(NEW.location), ST_Y(NEW.location));
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE TRIGGER events_event_date_to_links
    AFTER UPDATE OF date, location ON events_event
    FOR EACH ROW WHEN (OLD.date IS DISTINCT FROM NEW.date
                       OR OLD.location IS DISTINCT FROM NEW.location)
    EXECUTE FUNCTION events_event_date_to_links()
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS events_event_data_changed ON events_event",
    "DROP TRIGGER IF EXISTS events_eventactor_data_changed ON events_eventactor",
    "DROP TRIGGER IF EXISTS events_actor_data_changed ON events_actor",
    "DROP TRIGGER IF EXISTS events_actoralias_data_changed ON events_actoralias",
    "DROP TRIGGER IF EXISTS events_place_data_changed ON events_place",
    "DROP TRIGGER IF EXISTS events_source_data_changed ON events_source",
    "DROP TRIGGER IF EXISTS events_dataset_data_changed ON events_dataset",
    "DROP TRIGGER IF EXISTS events_eventactor_date_insert ON events_eventactor",
    "DROP TRIGGER IF EXISTS events_eventactor_date_update ON events_eventactor",
    "DROP TRIGGER IF EXISTS events_event_date_to_links ON events_event",
    "DROP FUNCTION IF EXISTS events_data_changed()",
    "DROP FUNCTION IF EXISTS events_eventactor_date_set()",
    "DROP FUNCTION IF EXISTS events_event_date_to_links()",
]

# SQLite has no CREATE OR REPLACE TRIGGER: each is dropped by name, then created.
SQLITE_TRIGGERS = {
    "events_event_data_changed_insert": """
    CREATE TRIGGER events_event_data_changed_insert AFTER INSERT ON events_event FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_event_data_changed_update": """
    CREATE TRIGGER events_event_data_changed_update AFTER UPDATE ON events_event FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_event_data_changed_delete": """
    CREATE TRIGGER events_event_data_changed_delete AFTER DELETE ON events_event FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_eventactor_data_changed_insert": """
    CREATE TRIGGER events_eventactor_data_changed_insert AFTER INSERT ON events_eventactor FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_eventactor_data_changed_update": """
    CREATE TRIGGER events_eventactor_data_changed_update AFTER UPDATE ON events_eventactor FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_eventactor_data_changed_delete": """
    CREATE TRIGGER events_eventactor_data_changed_delete AFTER DELETE ON events_eventactor FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_actor_data_changed_insert": """
    CREATE TRIGGER events_actor_data_changed_insert AFTER INSERT ON events_actor FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_actor_data_changed_update": """
    CREATE TRIGGER events_actor_data_changed_update AFTER UPDATE ON events_actor FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_actor_data_changed_delete": """
    CREATE TRIGGER events_actor_data_changed_delete AFTER DELETE ON events_actor FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_actoralias_data_changed_insert": """
    CREATE TRIGGER events_actoralias_data_changed_insert AFTER INSERT ON events_actoralias FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_actoralias_data_changed_update": """
    CREATE TRIGGER events_actoralias_data_changed_update AFTER UPDATE ON events_actoralias FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_actoralias_data_changed_delete": """
    CREATE TRIGGER events_actoralias_data_changed_delete AFTER DELETE ON events_actoralias FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_place_data_changed_insert": """
    CREATE TRIGGER events_place_data_changed_insert AFTER INSERT ON events_place FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_place_data_changed_update": """
    CREATE TRIGGER events_place_data_changed_update AFTER UPDATE ON events_place FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_place_data_changed_delete": """
    CREATE TRIGGER events_place_data_changed_delete AFTER DELETE ON events_place FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_source_data_changed_insert": """
    CREATE TRIGGER events_source_data_changed_insert AFTER INSERT ON events_source FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_source_data_changed_update": """
    CREATE TRIGGER events_source_data_changed_update AFTER UPDATE ON events_source FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_source_data_changed_delete": """
    CREATE TRIGGER events_source_data_changed_delete AFTER DELETE ON events_source FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_dataset_data_changed_insert": """
    CREATE TRIGGER events_dataset_data_changed_insert AFTER INSERT ON events_dataset FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_dataset_data_changed_update": """
    CREATE TRIGGER events_dataset_data_changed_update AFTER UPDATE ON events_dataset FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_dataset_data_changed_delete": """
    CREATE TRIGGER events_dataset_data_changed_delete AFTER DELETE ON events_dataset FOR EACH ROW
    BEGIN UPDATE events_dataversion SET version = version + 1, changed = CURRENT_TIMESTAMP WHERE id = 1; END
    """,
    "events_eventactor_copies_insert": """
    CREATE TRIGGER events_eventactor_copies_insert
    AFTER INSERT ON events_eventactor
    FOR EACH ROW WHEN NEW.event_date IS NOT (SELECT date FROM events_event WHERE id = NEW.event_id)
                   OR NEW.event_lon IS NOT (SELECT ST_X(location) FROM events_event WHERE id = NEW.event_id)
                   OR NEW.event_lat IS NOT (SELECT ST_Y(location) FROM events_event WHERE id = NEW.event_id)
    BEGIN
        UPDATE events_eventactor SET (event_date, event_lon, event_lat) =
            (SELECT date, ST_X(location), ST_Y(location) FROM events_event WHERE id = NEW.event_id)
        WHERE id = NEW.id;
    END
    """,
    "events_eventactor_copies_update": """
    CREATE TRIGGER events_eventactor_copies_update
    AFTER UPDATE OF event_id, event_date, event_lon, event_lat ON events_eventactor
    FOR EACH ROW WHEN NEW.event_date IS NOT (SELECT date FROM events_event WHERE id = NEW.event_id)
                   OR NEW.event_lon IS NOT (SELECT ST_X(location) FROM events_event WHERE id = NEW.event_id)
                   OR NEW.event_lat IS NOT (SELECT ST_Y(location) FROM events_event WHERE id = NEW.event_id)
    BEGIN
        UPDATE events_eventactor SET (event_date, event_lon, event_lat) =
            (SELECT date, ST_X(location), ST_Y(location) FROM events_event WHERE id = NEW.event_id)
        WHERE id = NEW.id;
    END
    """,
    "events_event_copies_to_links": """
    CREATE TRIGGER events_event_copies_to_links
    AFTER UPDATE OF date, location ON events_event
    FOR EACH ROW WHEN NEW.date IS NOT OLD.date
                   OR ST_X(NEW.location) IS NOT ST_X(OLD.location)
                   OR ST_Y(NEW.location) IS NOT ST_Y(OLD.location)
    BEGIN
        UPDATE events_eventactor SET (event_date, event_lon, event_lat) =
            (NEW.date, ST_X(NEW.location), ST_Y(NEW.location))
        WHERE event_id = NEW.id;
    END
    """,
}
# The date-only triggers the old migrations 0008 to 0010 installed on SQLite.
SQLITE_RETIRED = [
    "events_eventactor_date_insert",
    "events_eventactor_date_update",
    "events_event_date_to_links",
]

# Every link's copies, written only where they differ from its event's.
BACKFILL = {
    "postgresql": """
    UPDATE events_eventactor l
    SET (event_date, event_lon, event_lat) = (e.date, ST_X(e.location), ST_Y(e.location))
    FROM events_event e
    WHERE e.id = l.event_id
      AND (l.event_date, l.event_lon, l.event_lat)
          IS DISTINCT FROM (e.date, ST_X(e.location), ST_Y(e.location))
    """,
    "sqlite": """
    UPDATE events_eventactor SET (event_date, event_lon, event_lat) = (
        SELECT date, ST_X(location), ST_Y(location) FROM events_event
        WHERE events_event.id = events_eventactor.event_id
    )
    WHERE (event_date, event_lon, event_lat) IS NOT (
        SELECT date, ST_X(location), ST_Y(location) FROM events_event
        WHERE events_event.id = events_eventactor.event_id
    )
    """,
}


def _install_statements(vendor):
    if vendor == "postgresql":
        # The triggers first: from then on a concurrent writer waits for this transaction, so
        # no link can be written between the backfill and the triggers.
        return [*POSTGRESQL_INSTALL, DATA_VERSION_ROW, BACKFILL[vendor]]
    if vendor == "sqlite":
        names = [*SQLITE_RETIRED, *SQLITE_TRIGGERS]
        return [
            *(f"DROP TRIGGER IF EXISTS {name}" for name in names),
            *SQLITE_TRIGGERS.values(),
            DATA_VERSION_ROW,
            BACKFILL[vendor],
        ]
    raise NotImplementedError(f"No triggers for {vendor}.")


def install(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for sql in _install_statements(schema_editor.connection.vendor):
            cursor.execute(sql)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        statements = POSTGRESQL_DROP
    else:
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0016_datasets"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
