"""The PostgreSQL bulk load (events/importers/base.py, bulk_begin): secondary indexes and foreign
keys dropped for the load and restored in the same transaction, with the same result as a
row-by-row load, and nothing changed when the import fails or is a dry run."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import DatabaseError, connection

from events.importers.acled import events_import_acled
from events.importers.base import ImportFailed
from events.models import Event, EventActor
from tests.linkcopies import stale_links

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bulk load is PostgreSQL's (COPY writer)"
)

DATA = Path(__file__).parent / "data"
SMALL = DATA / "acled_small.csv"
BROKEN = DATA / "acled_broken.csv"
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
    events_import_acled(SMALL, progress=False, bulk=False)
    row_by_row = stored()
    Event.objects.all().delete()

    report = events_import_acled(SMALL, progress=False, bulk=True)

    assert report.created == len(row_by_row[0])
    assert stored() == row_by_row
    assert schema() == before
    assert EventActor.objects.filter(event_date__isnull=True).count() == 0
    assert stale_links() == []


def test_bulk_reimport_updates_and_keeps_link_copies_right(db, tmp_path):
    events_import_acled(SMALL, progress=False, bulk=True)
    lines = SMALL.read_text(encoding="utf-8").splitlines(keepends=True)
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
        events_import_acled(SMALL, progress=False, chunk_size=2, bulk=True)
    assert Event.objects.count() == 0
    assert schema() == before


def test_bad_rows_and_dry_runs_leave_the_schema_as_it_was(db):
    before = schema()
    with pytest.raises(ImportFailed):
        events_import_acled(BROKEN, progress=False, bulk=True)
    report = events_import_acled(SMALL, progress=False, bulk=True, dry_run=True)
    assert report.created > 0
    assert Event.objects.count() == 0
    assert schema() == before
