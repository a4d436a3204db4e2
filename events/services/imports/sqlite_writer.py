"""The SQLite writer: the ORM writer's rules (orm_writer.py), with its three inserts of new rows
done by `executemany` over plain tuples instead of `bulk_create`.

Why: on SQLite a first load spent about two thirds of its time in Django building model
instances and preparing each of their ~30 values (`bulk_create`'s `as_sql`), not in SQLite.
Here each new event is one tuple of the values the database stores (dates and times as the text
Django's SQLite backend writes, JSON as text, the point made by SpatiaLite's MakePoint), in the
columns of events_event that the PostgreSQL first load COPYs (copy_columns.EVENT_COLUMNS: one
declaration of which columns a new imported event fills).

Ids are taken in Python, from above the table's highest id and its AUTOINCREMENT counter:
safe because the import runs in one transaction that took SQLite's write lock at BEGIN
(settings: transaction_mode IMMEDIATE, which get_writer checks), so nobody else can insert
meanwhile. Each link is written with its copies of the event's date and position (the
link-copies trigger, events.db.link_copies, then finds nothing to correct).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from django.db import DEFAULT_DB_ALIAS, connections

from events.models import Event, EventActor, EventSource
from events.services.imports.batches import ORM_BATCH, batched
from events.services.imports.copy_columns import EVENT_COLUMNS
from events.services.imports.orm_writer import OrmWriter
from events.services.imports.rows import EventRow

_VERIFIED = Event.Status.VERIFIED


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


class _Values:
    """What a chunk's events share: the dataset, and now as Django's SQLite backend writes it."""

    def __init__(self, dataset: str, now: str):
        self.dataset = dataset
        self.now = now


# Each column of EVENT_COLUMNS: its SQL placeholder(s) and its values for a row. The location's
# placeholder takes (longitude, latitude): MakePoint(NULL, NULL, srid) is NULL.
ColumnValue = Callable[[EventRow, _Values], tuple[Any, ...]]
_COLUMNS: dict[str, tuple[str, ColumnValue]] = {
    "id": ("%s", lambda r, v: (r.pk,)),
    "date": ("%s", lambda r, v: (r.date.isoformat(),)),
    "date_precision": ("%s", lambda r, v: (r.date_precision,)),
    "end_date": ("%s", lambda r, v: (_date(r.end_date),)),
    "event_type": ("%s", lambda r, v: (r.event_type,)),
    "sub_event_type": ("%s", lambda r, v: (r.sub_event_type,)),
    "summary": ("%s", lambda r, v: (r.summary,)),
    "place_id": ("%s", lambda r, v: (r.place_id,)),
    "location": ("MakePoint(%s, %s, 4326)", lambda r, v: (r.longitude, r.latitude)),
    "place_name": ("%s", lambda r, v: (r.place_name,)),
    "country_code": ("%s", lambda r, v: (r.country_code,)),
    "geo_precision": ("%s", lambda r, v: (r.geo_precision,)),
    "fatalities": ("%s", lambda r, v: (r.fatalities,)),
    "source_id": ("%s", lambda r, v: (r.source_id,)),
    "extra": ("%s", lambda r, v: (_json(r.extra),)),
    "status": ("%s", lambda r, v: (r.status,)),
    "dataset": ("%s", lambda r, v: (v.dataset,)),
    "external_id": ("%s", lambda r, v: (r.external_id,)),
    "quote": ("''", lambda r, v: ()),
    "extraction": ("'{}'", lambda r, v: ()),
    "created": ("%s", lambda r, v: (v.now,)),
    "updated": ("%s", lambda r, v: (v.now,)),
    "verified_at": ("%s", lambda r, v: (v.now if r.status == _VERIFIED else None,)),
    "unlocated_reason": ("''", lambda r, v: ()),
}
if list(_COLUMNS) != [c.name for c in EVENT_COLUMNS]:  # pragma: no cover - a developer's slip
    raise RuntimeError("sqlite_writer._COLUMNS must follow copy_columns.EVENT_COLUMNS")


def _event_column(name: str) -> str:
    return Event._meta.get_field(name).column  # type: ignore[union-attr,return-value]


class SqliteWriter(OrmWriter):
    """OrmWriter's rules; new events, links and sources inserted with executemany."""

    def __init__(self, fmt: Any):
        super().__init__(fmt)
        self.fresh = False
        self.db = connections[DEFAULT_DB_ALIAS]
        q = self.db.ops.quote_name
        names = ", ".join(q(_event_column(name)) for name in _COLUMNS)
        placeholders = ", ".join(placeholder for placeholder, _ in _COLUMNS.values())
        self.event_table = q(Event._meta.db_table)
        self.events_sql = f"INSERT INTO {self.event_table} ({names}) VALUES ({placeholders})"
        self.getters = [value for _, value in _COLUMNS.values()]
        self.links_sql = (
            f"INSERT INTO {q(EventActor._meta.db_table)} "
            "(event_id, actor_id, role, event_date, event_lon, event_lat) "
            "VALUES (%s, %s, %s, %s, %s, %s)"
        )
        self.sources_sql = (
            f"INSERT INTO {q(EventSource._meta.db_table)} "
            "(event_id, source_id, quote, added_at) VALUES (%s, %s, '', %s)"
        )

    def begin(self, expected_rows: int = 0, first_load_copy: bool = True) -> None:
        # The first load of a dataset (as the COPY writer's, copy_writer.begin): nothing of the
        # file can be there yet (the reader refuses duplicate ids, and the write lock keeps
        # other imports out), so no batch looks its ids up.
        empty = not Event.objects.filter(dataset=self.dataset).exclude(external_id="").exists()
        self.fresh = first_load_copy and empty

    def _existing(self, batch: Sequence[EventRow]) -> dict[str, tuple]:
        return {} if self.fresh else super()._existing(batch)

    def _next_ids(self, cursor: Any, count: int) -> range:
        """`count` ids above any the table has held (AUTOINCREMENT's counter included)."""
        cursor.execute(
            f"SELECT max(COALESCE((SELECT max(id) FROM {self.event_table}), 0), "
            f"COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [Event._meta.db_table],
        )
        top = cursor.fetchone()[0]
        return range(top + 1, top + 1 + count)

    def _create_events(self, rows: list[EventRow], now: dt.datetime) -> None:
        values = _Values(self.dataset, str(self.db.ops.adapt_datetimefield_value(now)))
        getters = self.getters
        with self.db.cursor() as cursor:
            for row, pk in zip(rows, self._next_ids(cursor, len(rows)), strict=True):
                row.pk = pk
            params = [tuple(v for get in getters for v in get(row, values)) for row in rows]
            for chunk in batched(params, ORM_BATCH * 10):
                cursor.executemany(self.events_sql, chunk)

    def _create_links(self, add: list[tuple[int, int, str]], batch: Sequence[EventRow]) -> None:
        # Each link with its event's date and position, from the row it was written with; a
        # link added to an event this batch did not write gets NULLs, which the trigger corrects.
        rows = {row.pk: row for row in batch}
        params: list[tuple[int, int, str, str | None, float | None, float | None]] = []
        for event_id, actor_id, role in add:
            row = rows.get(event_id)
            if row is None:
                params.append((event_id, actor_id, role, None, None, None))
            else:
                params.append(
                    (event_id, actor_id, role, row.date.isoformat(), row.longitude, row.latitude)
                )
        with self.db.cursor() as cursor:
            cursor.executemany(self.links_sql, params)

    def _create_sources(self, add: list[tuple[int, int]], now: dt.datetime) -> None:
        added = self.db.ops.adapt_datetimefield_value(now)
        with self.db.cursor() as cursor:
            cursor.executemany(self.sources_sql, [(e, s, added) for e, s in add])
