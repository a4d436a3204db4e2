"""The PostgreSQL bulk load (events/services/imports/bulk_load.py, bulk_begin): secondary
indexes and foreign keys dropped for the load and restored in the same transaction, with the same
result as a row-by-row load, and nothing changed when the import fails or is a dry run."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import DatabaseError, connection

from events.models import Event, EventActor
from events.services.imports.acled import events_import_acled
from events.services.imports.report import ImportFailed
from tests.support.csvfiles import ACLED_BROKEN, ACLED_SMALL, csv_rows, csv_write
from tests.support.factories import event_make
from tests.support.linkcopies import stale_links

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bulk load is PostgreSQL's (COPY writer)"
)

TABLES = ("events_event", "events_eventactor")


def schema() -> dict[str, list]:
    """Every index and constraint of the events and links tables, as PostgreSQL defines them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE tablename = ANY(%s) ORDER BY 1, 2",
            [list(TABLES)],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
            [list(TABLES)],
        )
        constraints = cursor.fetchall()
    return {"indexes": indexes, "constraints": constraints}


def stored() -> list[tuple]:
    """What an import leaves, without ids: events and their links with their copies."""
    events = sorted(
        Event.objects.values_list(
            "external_id", "date", "event_type", "place_name", "fatalities", "country_code"
        )
    )
    links = sorted(
        EventActor.objects.values_list(
            "event__external_id", "actor__name", "role", "event_date", "event_lon", "event_lat"
        )
    )
    return [events, links]


def test_bulk_load_stores_what_a_row_by_row_load_stores_and_restores_the_schema(db):
    before = schema()
    events_import_acled(ACLED_SMALL, progress=False, bulk=False)
    row_by_row = stored()
    Event.objects.all().delete()

    report = events_import_acled(ACLED_SMALL, progress=False, bulk=True)

    assert report.created == len(row_by_row[0])
    assert stored() == row_by_row
    assert schema() == before
    assert EventActor.objects.filter(event_date__isnull=True).count() == 0
    assert stale_links() == []


def test_bulk_reimport_updates_and_keeps_link_copies_right(db, tmp_path):
    events_import_acled(ACLED_SMALL, progress=False, bulk=True)
    lines = ACLED_SMALL.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith("SYR1001,2017-01-18,")
    lines[1] = lines[1].replace("SYR1001,2017-01-18,", "SYR1001,2016-12-31,")
    changed = tmp_path / "changed.csv"
    changed.write_text("".join(lines), encoding="utf-8")

    report = events_import_acled(changed, progress=False, bulk=True)

    assert (report.created, report.updated) == (0, 1)
    moved = Event.objects.get(external_id="SYR1001")
    assert str(moved.date) == "2016-12-31"
    assert {str(d) for d in moved.event_actors.values_list("event_date", flat=True)} == {
        "2016-12-31"
    }
    assert stale_links() == []


def test_a_failed_bulk_load_leaves_data_and_schema_as_they_were(refuse_insert_of):
    before = schema()
    refuse_insert_of("SYR1011")
    with pytest.raises(DatabaseError, match="refused by the test trigger"):
        events_import_acled(ACLED_SMALL, progress=False, chunk_size=2, bulk=True)
    assert Event.objects.count() == 0
    assert schema() == before


def test_bad_rows_and_dry_runs_leave_the_schema_as_it_was(db):
    before = schema()
    with pytest.raises(ImportFailed):
        events_import_acled(ACLED_BROKEN, progress=False, bulk=True)
    report = events_import_acled(ACLED_SMALL, progress=False, bulk=True, dry_run=True)
    assert report.created > 0
    assert Event.objects.count() == 0
    assert schema() == before


ODD_NOTES = [
    "tab\there",
    "two\nlines and a CR\r\nhere",
    "back\\slash, \\N and \\t spelled out",
    'quotes " and \' and a JSON-looking {"a": 1}',
    "Ünïcödé: دير الزور, Дейр-эз-Зор, 代尔祖尔",  # noqa: RUF001
]


def odd_copy(tmp_path: Path) -> Path:
    """ACLED_SMALL with text COPY's text format must escape, and coordinates with every digit."""
    rows = csv_rows(ACLED_SMALL)
    for i, row in enumerate(rows):
        row["notes"] = ODD_NOTES[i % len(ODD_NOTES)] + " " + row["notes"]
        row["admin3"] = ODD_NOTES[(i + 1) % len(ODD_NOTES)]  # kept in extra (JSON)
        row["latitude"] = repr(float(row["latitude"]) + 1e-9 * (i + 1) / 3)
        row["longitude"] = repr(float(row["longitude"]) - 1e-9 * (i + 1) / 7)
    return csv_write(tmp_path / "odd.csv", rows)


def everything() -> list[tuple]:
    """Each event's stored text, extra and exact coordinates, with its links' copies."""
    events = [
        (e.external_id, e.summary, e.extra, e.location.x, e.location.y, e.status, e.verified_at)
        for e in Event.objects.order_by("external_id")
    ]
    links = sorted(
        EventActor.objects.values_list(
            "event__external_id", "actor__name", "role", "event_date", "event_lon", "event_lat"
        )
    )
    return [
        [
            (ext, summary, extra, x, y, status, bool(at))
            for ext, summary, extra, x, y, status, at in events
        ],
        links,
    ]


def test_a_first_bulk_load_stores_odd_text_and_coordinates_exactly(db, tmp_path):
    """The first load of a dataset COPYs straight into the tables from text it formats itself:
    the same events as the staged path, every escape and every digit kept."""
    path = odd_copy(tmp_path)
    events_import_acled(path, progress=False, bulk=False)  # staged: INSERT ... SELECT
    staged = everything()
    Event.objects.all().delete()

    report = events_import_acled(path, progress=False, bulk=True)  # first load: straight COPY

    assert report.created == len(staged[0])
    assert everything() == staged
    summaries = [s for _, s, *_ in staged[0]]
    assert all(any(odd in s for s in summaries) for odd in ODD_NOTES)
    assert stale_links() == []


def test_events_created_after_a_first_bulk_load_get_new_ids(db):
    """The load takes a block of ids from the events' sequence; later writers continue after
    it."""
    events_import_acled(ACLED_SMALL, progress=False, bulk=True)
    loaded = set(Event.objects.values_list("pk", flat=True))
    later = event_make(summary="After")
    assert later.pk > max(loaded)
