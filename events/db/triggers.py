"""Shared by the modules that keep data right with database triggers (link_copies, dataversion)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper


def triggers_create(
    connection: BaseDatabaseWrapper, *, postgresql: Iterable[str], sqlite: dict[str, str]
) -> None:
    """PostgreSQL: run the CREATE OR REPLACE statements. SQLite: create the named triggers that
    are missing."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in postgresql:
                cursor.execute(sql)
        elif connection.vendor == "sqlite":
            sqlite_triggers_ensure(cursor, sqlite)
        else:
            raise NotImplementedError(f"No triggers for {connection.vendor}.")


def sqlite_triggers_ensure(cursor: CursorWrapper, triggers: dict[str, str]) -> None:
    """Create the named SQLite triggers that are missing (SQLite has no CREATE OR REPLACE
    TRIGGER, and drops a table's triggers when Django rebuilds the table)."""
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    present = {name for (name,) in cursor.fetchall()}
    for name, sql in triggers.items():
        if name not in present:
            cursor.execute(sql)
