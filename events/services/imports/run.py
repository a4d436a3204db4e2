"""One import of a dataset's CSV file: reading, validating, resolving and writing in bulk.

An import reads a CSV file (UTF-8 with or without BOM; cp1252, then latin-1 when it is not UTF-8:
reading.py), turns each record into an `EventRow` through its format's `parse` (formats.py,
parsing.py), collecting `RowError`s with line and column instead of stopping at the first, then
writes the good rows in chunks:

1. actors: every alias is loaded once into a dict; names not in it are tried without a trailing
   qualifier ("Islamic State (Syria)" -> "Islamic State", the full name then becoming an alias),
   and what still matches nothing becomes a new actor. New actors and aliases are bulk-created.
2. places: the existing places inside the chunk's bounding box are loaded in one query; a row
   snaps to the nearest one with the same normalised name within SNAP_KM, else a new place
   (no GeoNames id) is bulk-created and later rows snap to it.
3. sources: one per distinct source text, looked up by title in one query, bulk-created.
   (1 to 3: resolution.py.)
4. events: on PostgreSQL COPY into a staging table, then one INSERT ... ON CONFLICT on the
   (dataset, external_id) unique constraint (copy_writer.py); elsewhere bulk_create/bulk_update
   after one query for the ids already there (orm_writer.py). Unchanged rows are not rewritten.
   EventActor rows are diffed in bulk. The first load of a dataset on PostgreSQL COPYs
   straight into the tables instead (CopyWriter.prepare / _write_fresh): nothing of it can be
   there yet. No table is locked against readers (CopyWriter.begin).

The whole import is one transaction: a bad row means nothing is written, unless skip_bad, which
writes the good rows and a CSV report of the bad ones (report.py). dry_run does everything, then
rolls back.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypedDict

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from tqdm import tqdm

from events.services.datasets import dataset_ensure
from events.services.imports.copy_writer import CopyWriter
from events.services.imports.formats import CsvFormat
from events.services.imports.orm_writer import OrmWriter
from events.services.imports.own_rows import own_rows_split
from events.services.imports.parsing import DUPLICATE_ID, WRONG_FIELD_COUNT
from events.services.imports.reading import FILE_NOT_FOUND, csv_open, records, sniff_encoding
from events.services.imports.report import (
    ImportFailed,
    ImportReport,
    default_report_path,
    errors_write,
)
from events.services.imports.resolution import (
    ActorResolver,
    PlaceResolver,
    RegistryLock,
    SourceResolver,
)
from events.services.imports.rows import EventRow, Row
from events.services.imports.sqlite_writer import SqliteWriter

CHUNK_SIZE = 20_000  # rows resolved and written at a time: bounds memory, not the transaction
TAIL_FRACTION = 5  # the last chunk of a threaded import: a fifth of a chunk (_Importer.tail_from)
UNKNOWN_WRITER = "Unknown writer {writer!r}: use 'auto', 'copy' (PostgreSQL only) or 'orm'."
PROGRESS_EVERY = 1000  # rows read between two progress reports (the bar's and on_progress's)

# on_progress(rows read, rows expected): called from inside the import's transaction, so it must
# not write to the database (nothing it wrote would be seen before the commit; on SQLite it
# would wait for the import's own write lock): the import jobs write a file (import_jobs.py).
ProgressCallback = Callable[[int, int], None]


def _sqlite_locks_at_begin() -> bool:
    options = connection.settings_dict.get("OPTIONS", {})
    return str(options.get("transaction_mode", "")).upper() in ("IMMEDIATE", "EXCLUSIVE")


class ImportOptions(TypedDict, total=False):
    """events_import's keyword arguments, as each dataset's import function takes them."""

    skip_bad: bool
    dry_run: bool
    report_path: str | Path | None
    progress: bool
    writer: str
    chunk_size: int
    first_load_copy: bool
    on_progress: ProgressCallback | None


def get_writer(fmt: CsvFormat, writer: str) -> OrmWriter | CopyWriter:
    """'auto': PostgreSQL's COPY writer; on SQLite the executemany writer when the import's
    transaction holds the write lock from its start (it takes ids itself), else the ORM's."""
    if writer == "auto":
        writer = "copy" if connection.vendor == "postgresql" else "orm"
        if connection.vendor == "sqlite" and _sqlite_locks_at_begin():
            return SqliteWriter(fmt)
    if writer == "copy" and connection.vendor == "postgresql":
        return CopyWriter(fmt)
    if writer == "orm":
        return OrmWriter(fmt)
    raise ValueError(UNKNOWN_WRITER.format(writer=writer))


class _DryRun(Exception):
    pass


def events_import(
    fmt_class: type[CsvFormat],
    path: str | Path,
    *,
    skip_bad: bool = False,
    dry_run: bool = False,
    report_path: str | Path | None = None,
    progress: bool = True,
    writer: str = "auto",
    chunk_size: int = CHUNK_SIZE,
    first_load_copy: bool = True,
    on_progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import one CSV file of `fmt_class`'s format; see the module docstring for how.

    `on_progress(rows read, rows expected)`: every PROGRESS_EVERY rows read and at the end of
    reading (see ProgressCallback). `first_load_copy` (PostgreSQL): the first load of a dataset
    COPYs straight into the tables (CopyWriter); False sends it through the staging table like
    any other import.

    Raises ImportFailed (nothing written) for a file-level problem, or for bad rows unless
    `skip_bad`, which imports the good rows and writes the bad ones to a CSV report
    (`report_path`, by default next to the file as NAME.errors.csv).
    """
    started = time.perf_counter()
    path = Path(path)
    if not path.is_file():
        raise ImportFailed(FILE_NOT_FOUND.format(path=path))
    encoding, lines = sniff_encoding(path)
    expected_rows = max(lines - 1, 0)  # the header is a line
    report = ImportReport(dataset=fmt_class.dataset, path=path, encoding=encoding, dry_run=dry_run)
    try:
        with transaction.atomic(), _import_runtime():
            with csv_open(path, encoding) as (reader, header):
                fmt = fmt_class(header, path)
                importer = _Importer(
                    fmt, report, skip_bad=skip_bad, writer=writer, chunk_size=chunk_size
                )
                importer.on_progress = on_progress
                importer.expected_rows = expected_rows
                with _progress_bar(fmt, path, expected_rows, enabled=progress) as bar:
                    importer.run(
                        reader,
                        path,
                        bar,
                        expected_rows=expected_rows,
                        first_load_copy=first_load_copy,
                    )
                report.format = fmt.format_name()  # after reading: the dates' order is known
            # Its terms (staff only until published), in the same transaction as its events.
            # Last: the row's trigger bumps the data version, whose row lock an import must
            # take only after the registry lock, as its events' writes do (else two imports
            # of new datasets deadlock).
            dataset_ensure(key=fmt_class.dataset)
            _conclude(report, path, skip_bad=skip_bad, report_path=report_path)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    report.elapsed = time.perf_counter() - started
    return report


def _progress_bar(fmt: CsvFormat, path: Path, rows: int, *, enabled: bool) -> tqdm:
    return tqdm(total=rows, unit=" rows", desc=f"{fmt.dataset} {path.name}", disable=not enabled)


def _conclude(
    report: ImportReport, path: Path, *, skip_bad: bool, report_path: str | Path | None
) -> None:
    """The report of bad rows written when asked for; ImportFailed for bad rows without
    skip_bad (which rolls the import back)."""
    if report.errors and (skip_bad or report_path):
        report.report_path = errors_write(
            report.errors, Path(report_path) if report_path else default_report_path(path)
        )
    if report.errors and not skip_bad:
        raise ImportFailed(report.failure_message(), errors=report.errors, report=report)


# While an import runs: the writer thread re-takes the GIL after each 128 KB piece of COPY data
# it has sent, and with Python's default 5 ms switch interval it waits that long for the parsing
# thread each time (a 100k-row load sends ~70 MB). 0.1 ms lets it in at once.
IMPORT_SWITCH_INTERVAL = 0.0001


@contextmanager
def _import_runtime() -> Iterator[None]:
    """The interpreter tuned for an import, restored after: the switch interval above, and no
    cyclic garbage collection, whose passes over the millions of objects a chunk holds (rows,
    dicts, tuples; no cycles among them, so reference counting frees them) cost ~10% of a load.
    """
    interval, collecting = sys.getswitchinterval(), gc.isenabled()
    sys.setswitchinterval(IMPORT_SWITCH_INTERVAL)
    gc.disable()
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        if collecting:
            gc.enable()


class _Importer:
    """One run of events_import: reads, validates, and hands chunks to the resolvers and writer."""

    def __init__(
        self,
        fmt: CsvFormat,
        report: ImportReport,
        *,
        skip_bad: bool,
        writer: str,
        chunk_size: int,
    ):
        self.fmt = fmt
        self.report = report
        self.skip_bad = skip_bad
        self.chunk_size = chunk_size
        self.writer = get_writer(fmt, writer)
        lock = RegistryLock()  # taken before the first new actor, place or source (resolution.py)
        self.actors = ActorResolver(fmt, lock)
        self.places = PlaceResolver(fmt.dataset, lock)
        self.sources = SourceResolver(lock)
        self.own_format = bool(getattr(fmt, "own_format", False))
        self.known_writer = OrmWriter(fmt)
        self.chunk: list[EventRow] = []
        self.seen: dict[str, int] = {}  # external id -> line, to report duplicates
        # On PostgreSQL one writer thread writes chunk k while this thread parses chunk k+1: the
        # server works on one core, Python on the other. Same connection and transaction
        # (psycopg serialises its use), at most one chunk in flight.
        self.db = connections[DEFAULT_DB_ALIAS]
        self.executor = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer")
            if isinstance(self.writer, CopyWriter)
            else None
        )
        self.in_flight: Future | None = None
        # The last rows go out as a small chunk of their own: nothing overlaps the last write
        # (the reader has finished), so a short one ends the import sooner.
        self.tail_from = -1
        self.on_progress: ProgressCallback | None = None
        self.expected_rows = 0

    def run(
        self,
        reader: Any,
        path: Path,
        bar: tqdm,
        *,
        expected_rows: int,
        first_load_copy: bool,
    ) -> None:
        """Reads, validates and writes every record of `reader`; `expected_rows`: the file's
        data lines."""
        self.writer.begin(expected_rows, first_load_copy)
        if self.executor is not None and expected_rows > self.chunk_size:
            self.tail_from = expected_rows - self.chunk_size // TAIL_FRACTION
        if self.executor is not None:
            self.db.inc_thread_sharing()
        try:
            self._read(reader, path, bar)
            if self.chunk and (self.skip_bad or not self.report.errors):
                self._flush()
            if self.in_flight is not None:
                self.in_flight.result()
        finally:
            if self.executor is not None:
                self.executor.shutdown(wait=True)  # never leave a writer using the connection
                self.db.dec_thread_sharing()
        self.writer.finish()

    def _read(self, reader: Any, path: Path, bar: tqdm) -> None:
        report = self.report
        unshown = 0
        for line, values in records(reader, path):
            report.rows += 1
            unshown += 1
            if unshown == PROGRESS_EVERY:
                bar.update(unshown)
                unshown = 0
                self._report_progress()
            event = self._event(line, values)
            if event is None or (report.errors and not self.skip_bad):
                continue  # on a failing import, only validate the rest, to report every error
            self.chunk.append(event)
            if len(self.chunk) >= self.chunk_size or report.rows == self.tail_from:
                self._flush()
        bar.update(unshown)
        self._report_progress()

    def _report_progress(self) -> None:
        if self.on_progress is not None:
            # A file's line count overcounts rows when cells hold line breaks: never past 100%.
            self.on_progress(self.report.rows, max(self.expected_rows, self.report.rows))

    def _event(self, line: int, values: list[str]) -> EventRow | None:
        """The record's EventRow, or None when it is bad (its errors then in the report)."""
        fmt = self.fmt
        header, width = fmt.header, len(fmt.header)
        row = Row(line, dict(zip(header, map(str.strip, values), strict=False)))
        event = None
        if len(values) < width or (len(values) > width and any(v.strip() for v in values[width:])):
            missing = header[len(values)] if len(values) < width else f"field {width + 1}"
            row.error(missing, WRONG_FIELD_COUNT.format(found=len(values), expected=width), "")
        else:
            event = fmt.parse(row)
        if event is not None and not row.errors:
            first = self.seen.setdefault(event.external_id, line)
            if first != line:
                row.error(fmt.id_column, DUPLICATE_ID.format(id=event.external_id, first=first))
        if row.errors:
            self.report.errors.extend(row.errors)
            self.report.skipped += 1
            return None
        return event

    def _flush(self) -> None:
        batch, self.chunk = self.chunk, []
        if self.in_flight is not None:
            # Before any query of ours: if the writer failed, its error is the one to see, not
            # "current transaction is aborted" from the next query.
            self.in_flight.result()
            self.in_flight = None
        self.actors.resolve(batch, self.report)
        self.places.resolve(batch, self.report)
        self.sources.resolve(batch, self.report)
        if self.own_format:
            # Our own export re-imported: rows of events already here update them by pk.
            known, batch = own_rows_split(batch, self.fmt.dataset)
            if known:
                self.known_writer.write_known(known, self.report)
            if not batch:
                return
        prepared = self.writer.prepare(batch)
        if self.executor is None:
            self.writer.write(batch, self.report, prepared)
        else:
            self.in_flight = self.executor.submit(self.writer.write, batch, self.report, prepared)
