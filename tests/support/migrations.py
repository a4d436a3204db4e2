"""Testing a data migration: the database migrated back to before it, rows written as the models
then were, and migrated forward again (whatever the test asserts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@contextmanager
def migrated_back_to(name: str) -> Iterator[Apps]:
    """The events app migrated back to migration `name`; yields the models as they were then,
    and migrates forward to the newest on leaving (the migrations under test run there)."""
    call_command("migrate", "events", name, verbosity=0)
    try:
        yield MigrationExecutor(connection).loader.project_state(("events", name)).apps
    finally:
        call_command("migrate", "events", verbosity=0)


def version_as_of(apps: Apps, event: Any, fields: dict[str, Any]) -> Any:
    """The first history version of `event` (made with `fields`) as that state stored one."""
    return apps.get_model("events", "HistoricalEvent").objects.create(
        id=event.pk,
        history_date=dt.datetime(2017, 1, 19, tzinfo=dt.UTC),
        history_type="+",
        created=event.created,
        updated=event.updated,
        status="draft",
        **fields,
    )
