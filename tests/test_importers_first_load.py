"""The first load of a dataset on PostgreSQL (CopyWriter: COPY straight into the tables): the
same result as the staged path, no lock that makes readers wait and no index or constraint
dropped while it runs (issue 12: the map stalled 9 s during a 90k import when the load dropped
indexes), and nothing changed when the import fails or is a dry run."""

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
    connection.vendor != "postgresql", reason="the first-load COPY is PostgreSQL's (COPY writer)"
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


def test_a_first_load_stores_what_the_staged_path_stores_and_keeps_the_schema(db):
    before = schema()
    events_import_acled(ACLED_SMALL, progress=False, first_load_copy=False)
    row_by_row = stored()
    Event.objects.all().delete()

    report = events_import_acled(ACLED_SMALL, progress=False)

    assert report.created == len(row_by_row[0])
    assert stored() == row_by_row
    assert schema() == before
    assert EventActor.objects.filter(event_date__isnull=True).count() == 0
    assert stale_links() == []


def test_a_reimport_after_a_first_load_updates_and_keeps_link_copies_right(db, tmp_path):
    events_import_acled(ACLED_SMALL, progress=False)
    lines = ACLED_SMALL.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith("SYR1001,2017-01-18,")
    lines[1] = lines[1].replace("SYR1001,2017-01-18,", "SYR1001,2016-12-31,")
    changed = tmp_path / "changed.csv"
    changed.write_text("".join(lines), encoding="utf-8")

    report = events_import_acled(changed, progress=False)

    assert (report.created, report.updated) == (0, 1)
    moved = Event.objects.get(external_id="SYR1001")
    assert str(moved.date) == "2016-12-31"
    assert {str(d) for d in moved.event_actors.values_list("event_date", flat=True)} == {
        "2016-12-31"
    }
    assert stale_links() == []


def test_a_failed_first_load_leaves_data_and_schema_as_they_were(refuse_insert_of):
    before = schema()
    refuse_insert_of("SYR1011")
    with pytest.raises(DatabaseError, match="refused by the test trigger"):
        events_import_acled(ACLED_SMALL, progress=False, chunk_size=2)
    assert Event.objects.count() == 0
    assert schema() == before


def test_bad_rows_and_dry_runs_leave_the_schema_as_it_was(db):
    before = schema()
    with pytest.raises(ImportFailed):
        events_import_acled(ACLED_BROKEN, progress=False)
    report = events_import_acled(ACLED_SMALL, progress=False, dry_run=True)
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


def test_a_first_load_stores_odd_text_and_coordinates_exactly(db, tmp_path):
    """The first load of a dataset COPYs straight into the tables from text it formats itself:
    the same events as the staged path, every escape and every digit kept."""
    path = odd_copy(tmp_path)
    events_import_acled(path, progress=False, first_load_copy=False)  # staged: INSERT ... SELECT
    staged = everything()
    Event.objects.all().delete()

    report = events_import_acled(path, progress=False)  # first load: straight COPY

    assert report.created == len(staged[0])
    assert everything() == staged
    summaries = [s for _, s, *_ in staged[0]]
    assert all(any(odd in s for s in summaries) for odd in ODD_NOTES)
    assert stale_links() == []


def test_events_created_after_a_first_load_get_new_ids(db):
    """The load takes its ids from the events' sequence; later writers continue after them."""
    events_import_acled(ACLED_SMALL, progress=False)
    loaded = set(Event.objects.values_list("pk", flat=True))
    later = event_make(summary="After")
    assert later.pk > max(loaded)


# What a reader's SELECT takes (ACCESS SHARE) conflicts only with ACCESS EXCLUSIVE, and a
# curator's INSERT or UPDATE (ROW EXCLUSIVE) with SHARE and stronger: these are the modes an
# import may hold on the tables readers read, none of which makes a reader or a curator wait.
READER_FRIENDLY = {"AccessShareLock", "RowShareLock", "RowExclusiveLock"}


@pytest.fixture
def lock_probe(transactional_db):
    """A statement trigger on the events and links tables that records, as each write of the
    import ends (inside its transaction), the locks the importing session holds on the tables
    readers read, its advisory locks, and how many indexes the events table has then.
    Committed before the import (transactional_db), so that the locks CREATE TRIGGER takes are
    not the importing session's; dropped afterwards."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE lock_probe (tbl text, modes text[], advisory int, indexes int)"
        )
        cursor.execute(
            "CREATE FUNCTION lock_probe() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "INSERT INTO lock_probe SELECT TG_TABLE_NAME, "
            "(SELECT array_agg(DISTINCT mode) FROM pg_locks WHERE pid = pg_backend_pid() "
            " AND relation IN ('events_event'::regclass, 'events_eventactor'::regclass, "
            " 'events_actor'::regclass, 'events_place'::regclass)), "
            "(SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() "
            " AND locktype = 'advisory'), "
            "(SELECT count(*) FROM pg_index WHERE indrelid = 'events_event'::regclass); "
            "RETURN NULL; END $$"
        )
        for table in TABLES:
            cursor.execute(
                f"CREATE TRIGGER lock_probe AFTER INSERT ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION lock_probe()"
            )

    def probes() -> list[tuple[str, list[str], int, int]]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tbl, modes, advisory, indexes FROM lock_probe")
            return cursor.fetchall()

    yield probes
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TRIGGER lock_probe ON {table}")
        cursor.execute("DROP FUNCTION lock_probe()")
        cursor.execute("DROP TABLE lock_probe")


@pytest.mark.parametrize("first_load_copy", [True, False], ids=["copy", "staged"])
def test_an_import_holds_no_lock_that_makes_readers_wait(lock_probe, first_load_copy):
    indexes = sum(1 for table, *_ in schema()["indexes"] if table == "events_event")
    events_import_acled(ACLED_SMALL, progress=False, chunk_size=3, first_load_copy=first_load_copy)
    probes = lock_probe()
    assert {table for table, *_ in probes} == set(TABLES)  # every chunk's writes were seen
    for table, modes, advisory, event_indexes in probes:
        assert set(modes) <= READER_FRIENDLY, (table, modes)
        # The dataset's import lock (imports of one dataset take turns), and from its first new
        # actor, place or source on, the registry's (resolution.py): advisory, readers unaffected.
        assert 1 <= advisory <= 2
        assert event_indexes == indexes  # none dropped for the load


def test_readers_on_another_connection_read_while_an_import_is_open(db, monkeypatch):
    """Part-way through a first load (its first chunk written, not committed), another
    session's SELECT on the events answers at once instead of waiting (lock_timeout 1 s)."""
    import psycopg

    from events.services.imports import copy_writer

    settings = connection.settings_dict
    dsn = (
        f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} "
        f"user={settings['USER']} dbname={settings['NAME']}"
    )
    answers: list[int] = []
    real_write_fresh = copy_writer.CopyWriter._write_fresh

    def write_then_read(self, *args, **kwargs):
        real_write_fresh(self, *args, **kwargs)
        with psycopg.connect(dsn, autocommit=True) as reader:
            reader.execute("SET lock_timeout = '1s'")
            answers.append(reader.execute("SELECT count(*) FROM events_event").fetchone()[0])

    # The real write, then a read from outside: a hook, not a stand-in (the write is real).
    monkeypatch.setattr(copy_writer.CopyWriter, "_write_fresh", write_then_read)
    events_import_acled(ACLED_SMALL, progress=False, chunk_size=3)
    assert answers and answers[0] == 0  # it answered, and saw none of the uncommitted rows
