"""The data version the API's caches are validated against (events/db/dataversion.py keeps it)."""

from __future__ import annotations

import datetime as dt

from django.db import connections, router

from events.db.dataversion import TABLE
from events.models import DataVersion, Event


def data_version() -> tuple[int, dt.datetime]:
    """(version, when it last changed, UTC). One primary-key read, on the database the router
    picks for reading events, so a replica's version always matches that replica's data."""
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
