from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

# The migration that installs the database triggers (a frozen copy of events/db's SQL).
TRIGGERS_MIGRATION = ("events", "0017_dataset_triggers")


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Conflict events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        post_migrate.connect(_data_version_row, sender=self)
        post_migrate.connect(_sqlite_triggers_restore, sender=self)
        connection_created.connect(_sqlite_busy_timeout)


def _sqlite_busy_timeout(connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """SQLite: wait for the write lock as long as settings say (OPTIONS["timeout"], seconds).
    Python's sqlite3 sets that wait when it connects, but loading mod_spatialite then resets it
    to SpatiaLite's own 5 s, so a second import or a curator's save behind an import failed with
    "database is locked" after 5 s instead of waiting its turn. Set again once it is loaded."""
    if connection.vendor != "sqlite":
        return
    seconds = connection.settings_dict.get("OPTIONS", {}).get("timeout")
    if seconds is not None:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(float(seconds) * 1000)}")


def _data_version_row(using: str, **kwargs: object) -> None:
    """The counter's row, on every database: `flush` empties every table and then sends
    post_migrate, and without the row the triggers would have nothing to bump (the API's ETag
    would then never change)."""
    from django.db import connections

    from events.db.dataversion import row_ensure

    connection = connections[using]
    if TRIGGERS_MIGRATION in _applied(connection):
        row_ensure(connection)


def _sqlite_triggers_restore(using: str, **kwargs: object) -> None:
    """SQLite only: Django alters a SQLite table by building a new one and dropping the old,
    which drops the old one's triggers, so a migration after 0012 that alters a table of
    events_* leaves it without them; the ones missing are created again here, from events/db.
    PostgreSQL's ALTER TABLE keeps a table's triggers: its migrations alone install them."""
    from django.db import connections

    from events.db import dataversion, link_copies

    connection = connections[using]
    if connection.vendor == "sqlite" and TRIGGERS_MIGRATION in _applied(connection):
        link_copies.triggers_install(connection)
        dataversion.triggers_install(connection)


def _applied(connection: BaseDatabaseWrapper) -> set[tuple[str, str]]:
    from django.db.migrations.recorder import MigrationRecorder

    return set(MigrationRecorder(connection).applied_migrations())
