from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

# The migration that installs the database triggers (a frozen copy of events/db's SQL).
TRIGGERS_MIGRATION = ("events", "0012_database_triggers")


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Conflict events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_data_version_row, sender=self)
        post_migrate.connect(_sqlite_triggers_restore, sender=self)


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
