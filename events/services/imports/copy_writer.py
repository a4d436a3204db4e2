"""The PostgreSQL writer: COPY each chunk into a staging table, then set-based SQL; a first load
of a dataset COPYs straight into the tables."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field
from django.utils import timezone

from events.db.link_copies import link_copies_copy_sql, link_copies_sql
from events.models import Event, EventActor, EventSource
from events.services.imports.copy_columns import (
    EVENT_COLUMNS,
    FRESH_SOURCE_NAMES,
    LINK_COLUMNS,
    LINK_NAMES,
    LINK_STAGE,
    SOURCE_COLUMNS,
    SOURCE_NAMES,
    SOURCE_STAGE,
    STAGE,
    STAGE_COLUMNS,
    FreshChunk,
    fresh_events_text,
    fresh_links_text,
    fresh_sources_text,
    stage_row,
)
from events.services.imports.formats import CsvFormat
from events.services.imports.report import ImportReport
from events.services.imports.rows import EventRow, links_diff

Links = dict[int, dict[tuple[int, str], int]]  # event id -> (actor id, role) -> link id

# The advisory lock key of a dataset's imports (hashtext of this and the dataset's name).
IMPORT_LOCK = "conflictmap import of dataset "


def _event_column(name: str) -> str:
    """The database column of an Event field (get_field is typed to return relations too)."""
    field = Event._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise TypeError(f"Event.{name} is not a field with a column")
    return field.column


class CopyWriter:
    """PostgreSQL: COPY each chunk into a temporary staging table, then set-based SQL.

    One INSERT ... ON CONFLICT (dataset, external_id) WHERE external_id <> '' DO UPDATE writes
    new and changed events (rows whose values are all the same are not rewritten), and RETURNING
    tells which were written. EventActor rows of new events are COPYed straight in; those of
    existing events are diffed against one query.
    """

    def __init__(self, fmt: CsvFormat):
        self.fmt = fmt
        self.dataset = fmt.dataset
        self.fields = fmt.update_fields
        # The wrapper itself, not the thread-local proxy: write() may run in a writer thread.
        self.db = connections[DEFAULT_DB_ALIAS]
        q = self.db.ops.quote_name
        self.event_table = q(Event._meta.db_table)
        self.link_table = q(EventActor._meta.db_table)
        self.source_table = q(EventSource._meta.db_table)
        # A file without a source column leaves the events' sources alone.
        self.has_sources = "source_id" in self.fields
        self.fresh = False
        self.columns = {c.name: q(_event_column(c.name)) for c in EVENT_COLUMNS}
        self._upsert_sql()
        self._link_sql()
        self._source_sql()
        t = self.event_table
        # The first load of a dataset (self.fresh) COPYs straight into the tables, with ids
        # taken from the events' sequence beforehand and the links' copies of their event's
        # date and position written from the same values as the event (link_copies_sql's rule).
        # One nextval per event, in one statement: other writers may take ids meanwhile (no
        # table lock keeps them out), so the ids need not be consecutive, only each its own.
        sequence = f"pg_get_serial_sequence('{Event._meta.db_table}', 'id')"
        self.fresh_ids_sql = f"SELECT nextval({sequence}) FROM generate_series(1, %s)"
        self.fresh_copy_sql = f"COPY {t} ({', '.join(self.columns.values())}) FROM STDIN"
        # The partial unique index answers this (external_id <> '' matches its condition).
        self.existing_sql = (
            f"SELECT external_id, id FROM {t} WHERE dataset = %s AND external_id <> '' "
            f"AND external_id = ANY(%s)"
        )

    def _upsert_sql(self) -> None:
        """The INSERT ... SELECT from the staging table: insert_sql, and insert_new_sql for a
        chunk none of whose ids is in the table yet."""
        t, q, columns = self.event_table, self.db.ops.quote_name, self.columns
        staged = {c.name: c.staged for c in EVENT_COLUMNS if c.staged is not None}
        # Keys of extra this file has no column for survive an update.
        merged_extra = (
            f"({t}.{columns['extra']} - %(extra_keys)s::text[]) || EXCLUDED.{columns['extra']}"
        )
        new_values = {
            f: merged_extra if f == "extra" else f"EXCLUDED.{columns[f]}" for f in self.fields
        }
        assignments = [f"{columns[f]} = {new_values[f]}" for f in self.fields]
        old = ", ".join(f"{t}.{columns[f]}" for f in self.fields)
        new = ", ".join(new_values[f] for f in self.fields)
        # The same comparison against the staged row, to leave unchanged rows out before the
        # upsert: ON CONFLICT DO UPDATE ... WHERE false would still lock (so write) each of them.
        compared = [
            f"(e.{columns[f]} - %(extra_keys)s::text[]) || s.extra" if f == "extra" else staged[f]
            for f in self.fields
        ]
        current = ", ".join(f"e.{columns[f]}" for f in self.fields)
        unchanged = (
            f"SELECT 1 FROM {t} e WHERE e.dataset = %(dataset)s AND e.external_id <> '' "
            f"AND e.external_id = s.external_id "
            f"AND ROW({current}) IS NOT DISTINCT FROM ROW({', '.join(compared)})"
        )
        upsert = (
            f"ON CONFLICT (dataset, external_id) WHERE external_id <> '' DO UPDATE SET "
            f"{', '.join(assignments)}, {q('updated')} = EXCLUDED.{q('updated')} "
            f"WHERE ROW({old}) IS DISTINCT FROM ROW({new}) "
            f"RETURNING {t}.id, {t}.external_id"
        )
        head = (
            f"INSERT INTO {t} ({', '.join(columns[f] for f in staged)}) "
            f"SELECT {', '.join(staged.values())} "
        )
        self.insert_sql = f"{head} FROM {STAGE} s WHERE NOT EXISTS ({unchanged}) {upsert}"
        # ON CONFLICT kept: another session may insert the same ids meanwhile.
        self.insert_new_sql = f"{head} FROM {STAGE} s {upsert}"

    def _link_sql(self) -> None:
        """The links' statements: from the staging table, and a first load's COPY."""
        link = ", ".join(f"l.{name}" for name, _ in LINK_COLUMNS)
        self.link_insert_sql = link_copies_sql(
            LINK_NAMES,
            f"SELECT {link}, e.date, ST_X(e.location), ST_Y(e.location) "
            f"FROM {LINK_STAGE} l "
            f"JOIN {self.event_table} e ON e.id = l.event_id ORDER BY {link}",
        )
        self.fresh_link_sql = link_copies_copy_sql(LINK_NAMES)

    def _source_sql(self) -> None:
        """The sources' statements (source_links.py's rule, set-based): delete the links a
        dataset gave that the file no longer cites, insert the ones not there yet; each
        returns the events it changed. A first load COPYs its rows instead."""
        t = self.source_table
        self.source_delete_sql = (
            f"DELETE FROM {t} es WHERE es.event_id = ANY(%s) AND es.added_by_id IS NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {SOURCE_STAGE} s "
            f"WHERE s.event_id = es.event_id AND s.source_id = es.source_id) "
            f"RETURNING es.event_id"
        )
        self.source_insert_sql = (
            f"INSERT INTO {t} (event_id, source_id, quote, added_at) "
            f"SELECT s.event_id, s.source_id, '', %s FROM {SOURCE_STAGE} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {t} es "
            f"WHERE es.event_id = s.event_id AND es.source_id = s.source_id) "
            f"ORDER BY s.event_id, s.ord RETURNING event_id"
        )
        self.fresh_source_sql = f"COPY {t} ({FRESH_SOURCE_NAMES}) FROM STDIN"

    def begin(self, expected_rows: int = 0, first_load_copy: bool = True) -> None:
        """Staging tables, this dataset's import lock, and whether this is a first load.

        No table lock, and no index or foreign key dropped: readers (the map, the API) go on
        reading the committed rows while an import of any size runs (ACCESS SHARE conflicts
        only with ACCESS EXCLUSIVE, which nothing here takes; bench/bench_import_readers.py
        measures them). Imports of the same dataset wait for each other instead, on an advisory
        lock of the dataset's name held until commit: the "first load" test below and the
        unchanged-row comparisons assume no other import is writing the same ids. Imports of
        other datasets, and curators' edits, run alongside."""
        with self.db.cursor() as cursor:
            # Foreign keys checked as each statement ends rather than all at COMMIT, so that the
            # checks overlap with parsing the next chunk (Django's check_constraints does the same).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, columns in (
                (STAGE, [(c.name, c.sql_type) for c in STAGE_COLUMNS]),
                (LINK_STAGE, LINK_COLUMNS),
                (SOURCE_STAGE, SOURCE_COLUMNS),
            ):
                definition = ", ".join(f"{name} {kind}" for name, kind in columns)
                cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{table}")
                cursor.execute(f"CREATE TEMPORARY TABLE {table} ({definition}) ON COMMIT DROP")
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [IMPORT_LOCK + self.dataset]
            )
            # The first load of a dataset: no row of the file can be there already (the reader
            # refuses duplicate ids; the lock keeps other imports of the dataset out), so there
            # is nothing to look up or compare before inserting. The unique index still checks.
            self.fresh = first_load_copy and self._dataset_empty(cursor)

    def _dataset_empty(self, cursor: Any) -> bool:
        cursor.execute(
            f"SELECT NOT EXISTS (SELECT 1 FROM {self.event_table} "
            f"WHERE dataset = %s AND external_id <> '')",
            [self.dataset],
        )
        return cursor.fetchone()[0]

    def finish(self) -> None:
        with self.db.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGE}")
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{LINK_STAGE}")
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{SOURCE_STAGE}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def write(
        self, events: list[EventRow], report: ImportReport, prepared: tuple[str, str, str] | None
    ) -> None:
        if prepared is not None:
            self._write_fresh(prepared, report, len(events))
            return
        now = timezone.now()
        by_id = {e.external_id: e for e in events}
        with self.db.wrap_database_errors, self.db.cursor() as cursor:
            self._stage(cursor, events)
            existing = self._existing(cursor, by_id)
            current = self._current_links(cursor, existing)
            cursor.execute(
                # With none of the chunk's ids in the table, no comparison with current rows.
                self.insert_sql if existing else self.insert_new_sql,
                {"dataset": self.dataset, "extra_keys": self.fmt.extra_keys, "now": now},
            )
            written = cursor.fetchall()
            for event_id, external_id in written:
                by_id[external_id].pk = event_id
            fields_changed = {pk for pk, ext in written if ext in existing}
            created = [by_id[ext] for _, ext in written if ext not in existing]
            old_events = [by_id[ext] for ext in existing]
            delete, add, actors_changed = links_diff(old_events, current, self.fmt.roles)
            self._write_links(cursor, created, delete, add)
            if self.has_sources:
                actors_changed |= self._write_sources(cursor, events, existing, now)
            touched = actors_changed - fields_changed
            if touched:
                cursor.execute(
                    f"UPDATE {self.event_table} SET updated = %s WHERE id = ANY(%s)",
                    [now, sorted(touched)],
                )
        report.created += len(created)
        report.updated += len(fields_changed | touched)
        report.unchanged += len(existing) - len(fields_changed | touched)

    def _stage(self, cursor: Any, events: list[EventRow]) -> None:
        cursor.execute(f"TRUNCATE {STAGE}")
        names = ", ".join(c.name for c in STAGE_COLUMNS)
        with cursor.copy(f"COPY {STAGE} ({names}) FROM STDIN") as copy:
            write_row = copy.write_row
            for e in events:
                write_row(stage_row(e))

    def _existing(self, cursor: Any, by_id: dict[str, EventRow]) -> dict[str, int]:
        """external id -> event id of the chunk's events already in the table; sets their pk."""
        if self.fresh:
            return {}
        cursor.execute(self.existing_sql, [self.dataset, list(by_id)])
        existing = dict(cursor.fetchall())
        for external_id, event_id in existing.items():
            by_id[external_id].pk = event_id
        return existing

    def _current_links(self, cursor: Any, existing: dict[str, int]) -> Links:
        current: Links = defaultdict(dict)
        if existing:
            cursor.execute(
                f"SELECT l.id, l.event_id, l.actor_id, l.role FROM {self.link_table} l "
                f"WHERE l.event_id = ANY(%s)",
                [list(existing.values())],
            )
            for link_id, event_id, actor_id, role in cursor.fetchall():
                current[event_id][(actor_id, role)] = link_id
        return current

    def _write_links(
        self,
        cursor: Any,
        created: list[EventRow],
        delete: list[int],
        add: list[tuple[int, int, str]],
    ) -> None:
        """The new events' links and the added ones of existing events, through the link
        staging table; the deleted ones of existing events."""
        if delete:
            cursor.execute(f"DELETE FROM {self.link_table} WHERE id = ANY(%s)", [delete])
        cursor.execute(f"TRUNCATE {LINK_STAGE}")
        with cursor.copy(f"COPY {LINK_STAGE} ({LINK_NAMES}) FROM STDIN") as copy:
            write_row = copy.write_row
            for e in created:
                for actor_id, role in sorted(e.actor_ids):
                    write_row((e.pk, actor_id, role))
            for row in add:
                write_row(row)
        # Each link's copies (date, position) read from its event in the same statement:
        # right by construction, so the per-row trigger that would look them up is skipped.
        for sql in self.link_insert_sql:
            cursor.execute(sql)

    def _write_sources(
        self, cursor: Any, events: list[EventRow], existing: dict[str, int], now: Any
    ) -> set[int]:
        """The chunk's sources through the source staging table; the ids of the existing
        events whose sources changed."""
        cursor.execute(f"TRUNCATE {SOURCE_STAGE}")
        with cursor.copy(f"COPY {SOURCE_STAGE} ({SOURCE_NAMES}) FROM STDIN") as copy:
            write_row = copy.write_row
            for e in events:
                for ord_, source_id in enumerate(e.source_ids):
                    write_row((e.pk, source_id, ord_))
        changed: set[int] = set()
        old_ids = list(existing.values())
        if old_ids:
            cursor.execute(self.source_delete_sql, [old_ids])
            changed.update(pk for (pk,) in cursor.fetchall())
        cursor.execute(self.source_insert_sql, [now])
        changed.update(pk for (pk,) in cursor.fetchall())
        return changed & set(old_ids)

    def prepare(self, events: list[EventRow]) -> tuple[str, str, str] | None:
        """On the reading thread, between chunks: for the first load of a dataset, the ids and
        the COPY text of the chunk's events and links, so that the writer thread only sends
        bytes and waits on the server (Python work there would contend with parsing for the
        GIL). None otherwise."""
        if not self.fresh:
            return None
        with self.db.cursor() as cursor:
            cursor.execute(self.fresh_ids_sql, [len(events)])
            ids = [pk for (pk,) in cursor.fetchall()]
        for pk, e in zip(ids, events, strict=True):
            e.pk = pk
        chunk = FreshChunk(events, dataset=self.dataset, now=timezone.now().isoformat())
        return fresh_events_text(chunk), fresh_links_text(chunk), fresh_sources_text(chunk)

    def _write_fresh(self, text: tuple[str, str, str], report: ImportReport, rows: int) -> None:
        """The first load of a dataset: no row of the file can be in the table (see begin), so
        no staging table, no comparison and no ON CONFLICT; each row is written once, from
        prepare's text. The unique index still checks (dataset, external_id) as rows arrive."""
        events, links, sources = text
        before, copy_links, after = self.fresh_link_sql
        # COPY is psycopg's own call: its errors become Django's, as an execute()'s do.
        with self.db.wrap_database_errors, self.db.cursor() as cursor:
            with cursor.copy(self.fresh_copy_sql) as copy:
                copy.write(events)
            cursor.execute(before)
            with cursor.copy(copy_links) as copy:
                copy.write(links)
            cursor.execute(after)
            with cursor.copy(self.fresh_source_sql) as copy:
                copy.write(sources)
        report.created += rows
