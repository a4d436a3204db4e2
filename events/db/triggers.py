"""Shared by the modules that keep data right with database triggers (denormalised, dataversion)."""

from __future__ import annotations


def sqlite_triggers_ensure(cursor, triggers: dict[str, str]) -> None:
    """Create the named SQLite triggers that are missing (SQLite has no CREATE OR REPLACE
    TRIGGER, and drops a table's triggers when Django rebuilds the table)."""
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    present = {name for (name,) in cursor.fetchall()}
    for name, sql in triggers.items():
        if name not in present:
            cursor.execute(sql)
