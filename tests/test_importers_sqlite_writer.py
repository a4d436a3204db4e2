"""The SQLite writer (executemany over plain tuples, issue 15's SpatiaLite speed): it stores
exactly what Django's ORM writer stores, takes ids that never reuse a deleted event's, leaves
the link copies right, and writes nothing when an import fails. The fixtures are self-written
files in ACLED's format (tests/support/csvfiles.py): unit tests of the writer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.db import connection

from events.models import Event, EventActor, EventSource
from events.services.imports.acled import AcledFormat, events_import_acled
from events.services.imports.orm_writer import OrmWriter
from events.services.imports.report import ImportFailed
from events.services.imports.run import get_writer
from events.services.imports.sqlite_writer import SqliteWriter
from tests.support.csvfiles import ACLED_SMALL, csv_rows, csv_write
from tests.support.factories import event_make
from tests.support.linkcopies import stale_links

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the executemany writer is SQLite's"
)

# Every column an import writes, but the id and the times of writing.
EVENT_VALUES = [
    f.attname
    for f in Event._meta.concrete_fields
    if f.attname not in ("id", "created", "updated", "verified_at")
]


def stored() -> list:
    """Every stored value of the events, their links (copies too) and sources, without ids."""
    events = []
    for values in Event.objects.order_by("external_id").values(*EVENT_VALUES, "verified_at"):
        location = values.pop("location")
        values["location"] = None if location is None else (location.srid, *location.coords)
        values["verified_at"] = values["verified_at"] is not None
        events.append(values)
    links = sorted(
        EventActor.objects.values_list(
            "event__external_id", "actor__name", "role", "event_date", "event_lon", "event_lat"
        )
    )
    sources = sorted(
        EventSource.objects.values_list(
            "event__external_id", "source__title", "quote", "quote_start", "added_by_id"
        )
    )
    return [events, links, sources]


def odd_file(tmp_path: Path) -> Path:
    """ACLED_SMALL with text and coordinates a hand-made writer could get wrong."""
    rows = csv_rows(ACLED_SMALL)
    odd = ["tab\there", "two\nlines", "quote ' and \" and %s and ?", "Дейр-эз-Зор دير الزور"]  # noqa: RUF001
    for i, row in enumerate(rows):
        row["notes"] = f"{odd[i % len(odd)]} {row['notes']}"
        row["admin3"] = odd[(i + 1) % len(odd)]  # kept in extra (JSON)
        row["latitude"] = repr(float(row["latitude"]) + 1e-9 * (i + 1) / 3)
    return csv_write(tmp_path / "odd.csv", rows)


def test_auto_takes_the_sqlite_writer_when_the_import_holds_the_write_lock(db, monkeypatch):
    with ACLED_SMALL.open(encoding="utf-8", newline="") as fh:
        fmt = AcledFormat(next(csv.reader(fh)), ACLED_SMALL)
    assert type(get_writer(fmt, "auto")) is SqliteWriter
    assert type(get_writer(fmt, "orm")) is OrmWriter
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "transaction_mode", "DEFERRED")
    # Without the lock taken at BEGIN another connection could insert between its id lookup
    # and its inserts: the ORM's writer then, whose ids SQLite assigns.
    assert type(get_writer(fmt, "auto")) is OrmWriter


def test_it_stores_what_the_orm_writer_stores(db, tmp_path):
    path = odd_file(tmp_path)
    events_import_acled(path, progress=False, writer="orm")
    by_orm = stored()
    Event.objects.all().delete()

    report = events_import_acled(path, progress=False)

    assert report.created == len(by_orm[0]) > 0
    assert stored() == by_orm
    assert any("\t" in e["summary"] for e in by_orm[0])
    assert stale_links() == []


def test_a_reimport_and_a_changed_file_after_it_behave_as_the_orm_writers(db, tmp_path):
    events_import_acled(ACLED_SMALL, progress=False)
    again = events_import_acled(ACLED_SMALL, progress=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, again.rows)

    rows = csv_rows(ACLED_SMALL)
    rows[0]["event_date"] = "2016-12-31"
    rows.append({**rows[1], "event_id_cnty": "SYR9999", "notes": "a new row"})
    report = events_import_acled(csv_write(tmp_path / "changed.csv", rows), progress=False)

    assert (report.created, report.updated) == (1, 1)
    moved = Event.objects.get(external_id=rows[0]["event_id_cnty"])
    assert str(moved.date) == "2016-12-31"
    assert Event.objects.get(external_id="SYR9999").event_actors.exists()
    assert stale_links() == []


def test_ids_never_reuse_a_deleted_events_and_later_events_continue_after_them(db):
    gone = event_make(summary="Deleted before the import")
    gone_pk = gone.pk
    gone.delete()

    events_import_acled(ACLED_SMALL, progress=False)

    loaded = set(Event.objects.values_list("pk", flat=True))
    assert min(loaded) > gone_pk
    assert event_make(summary="After").pk > max(loaded)


def test_a_failed_import_writes_nothing(db, tmp_path):
    """The bad row is the last: the chunks before it were written (chunks of two), then the
    failure rolls them back."""
    rows = csv_rows(ACLED_SMALL)
    rows[-1]["event_date"] = "banana"
    with pytest.raises(ImportFailed):
        events_import_acled(csv_write(tmp_path / "bad.csv", rows), progress=False, chunk_size=2)
    assert Event.objects.count() == 0
    assert EventActor.objects.count() == 0
