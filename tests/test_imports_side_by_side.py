"""Two imports at once that bring the same new actors, places and sources both succeed, each
atomic, with one row per name (issue 15).

Real processes (`manage.py import_acled` and `manage.py import_ucdp`: two datasets, which do not
wait for each other's dataset lock) against a scratch database (tests/support/scratch.py). The
test makes their transactions overlap: on PostGIS it holds the registry lock each import takes
before its first new row (resolution.py), so both have read the registry as it was before
either writes; on SpatiaLite it holds the database's write lock, which both wait for.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from events.models import Actor
from events.services.imports.acled import events_import_acled
from events.services.imports.resolution import REGISTRY_LOCK
from tests.support.csvfiles import ACLED_SMALL, UCDP_SMALL, csv_rows, csv_write
from tests.support.processes import PYTHON, ROOT, OutputReader
from tests.support.scratch import ScratchDatabases

NAMES = 30  # new actors both files bring
ROWS = 300  # events per file


def shared_actor(n: int) -> str:
    return f"Side By Side Front {n % NAMES}"


def acled_file(path: Path) -> Path:
    template = csv_rows(ACLED_SMALL)[0]
    rows = [
        template
        | {
            "event_id_cnty": f"SBS{n}",
            "actor1": shared_actor(n),
            "actor2": shared_actor(n + 1),
            "assoc_actor_1": "",
            "assoc_actor_2": "",
            "location": f"Sidetown {n % 20}",
            "latitude": f"{34.0 + (n % 20) * 0.05:.4f}",
            "longitude": f"{38.0 + (n % 20) * 0.05:.4f}",
            "source": f"Side Wire {n % 5}",
        }
        for n in range(ROWS)
    ]
    return csv_write(path, rows)


def ucdp_file(path: Path) -> Path:
    template = csv_rows(UCDP_SMALL)[0]
    rows = [
        template
        | {
            "id": str(900_000 + n),
            "side_a": shared_actor(n),
            "side_b": shared_actor(n + 2),
            "where_coordinates": f"Sidetown {n % 20}",
            "latitude": f"{34.0 + (n % 20) * 0.05:.6f}",
            "longitude": f"{38.0 + (n % 20) * 0.05:.6f}",
            "geom_wkt": "",
            "source_office": f"Side Wire {n % 5}",
        }
        for n in range(ROWS)
    ]
    return csv_write(path, rows)


def start(dbs: ScratchDatabases, name: str, command: str, path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "manage.py", command, str(path), "-v0"],
        cwd=ROOT,
        env=dbs.env(name),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def waiting_on_registry(dbs: ScratchDatabases, name: str) -> int:
    """PostGIS: how many backends wait for the registry lock."""
    with dbs.admin(name) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        ).fetchone()
        return row[0] if row else 0


class Barrier:
    """Held while both imports start; each import's writes wait for it."""

    def __init__(self, dbs: ScratchDatabases, name: str):
        self.dbs, self.name = dbs, name

    def __enter__(self) -> Barrier:
        if self.dbs.postgis:
            self.conn = self.dbs.admin(self.name)
            self.conn.execute("SELECT pg_advisory_lock(hashtext(%s))", [REGISTRY_LOCK])
        else:
            self.sqlite = sqlite3.connect(self.dbs.file(self.name), isolation_level=None)
            self.sqlite.execute("BEGIN IMMEDIATE")  # the write lock, as an import takes it
        return self

    def wait_for(self, procs: list[subprocess.Popen], errs: list[OutputReader]) -> None:
        """Until both imports wait on the barrier (PostGIS: seen in pg_locks; SpatiaLite: no
        such view, so long enough for both to have started and reached their transaction)."""
        deadline = time.monotonic() + 60
        if not self.dbs.postgis:
            time.sleep(6)
        while self.dbs.postgis and waiting_on_registry(self.dbs, self.name) < 2:
            for proc, err in zip(procs, errs, strict=True):
                assert proc.poll() is None, f"an import ended before the barrier:\n{err.text}"
            assert time.monotonic() < deadline, "the imports never reached the barrier"
            time.sleep(0.05)
        for proc, err in zip(procs, errs, strict=True):
            assert proc.poll() is None, f"an import did not wait:\n{err.text}"

    def __exit__(self, *exc: object) -> None:
        if self.dbs.postgis:
            self.conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", [REGISTRY_LOCK])
            self.conn.close()
        else:
            self.sqlite.execute("ROLLBACK")
            self.sqlite.close()


ACTOR_COUNTS = """
from django.db.models import Count
from events.models import Actor, Event, Place
names = Actor.objects.filter(name__startswith="Side By Side").values("name")
dupes = names.annotate(n=Count("id")).filter(n__gt=1).count()
places = Place.objects.filter(name__startswith="Sidetown").count()
print("COUNTS", names.count(), dupes, places, Event.objects.filter(dataset="acled").count(),
      Event.objects.filter(dataset="ucdp").count())
"""


@pytest.mark.slow
def test_two_imports_bringing_the_same_new_actors_both_succeed(scratch, tmp_path):
    db = scratch.create(f"{scratch.base}_sbs", template=scratch.base)
    acled, ucdp = acled_file(tmp_path / "acled.csv"), ucdp_file(tmp_path / "ucdp.csv")
    acled_before = scratch.snapshot(db)["counts"]["events.Event"]

    with Barrier(scratch, db) as barrier:
        procs = [start(scratch, db, "import_acled", acled), start(scratch, db, "import_ucdp", ucdp)]
        errs = [OutputReader(p.stderr) for p in procs if p.stderr]
        barrier.wait_for(procs, errs)
    for proc, err in zip(procs, errs, strict=True):
        assert proc.wait(timeout=180) == 0, err.text
        err.close()
        if proc.stdout:
            proc.stdout.close()

    result = scratch.manage(db, "shell", "-c", ACTOR_COUNTS)
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("COUNTS "))
    actors, duplicated, places, acled_events, ucdp_events = map(int, line.split()[1:])
    assert (actors, duplicated) == (NAMES, 0)  # one actor per name
    assert places == 20  # one place per name and point, whichever import made it
    assert acled_events == acled_before + ROWS
    assert ucdp_events == ROWS


@pytest.mark.django_db(transaction=True)
def test_an_actor_made_meanwhile_is_taken_not_refused(tmp_path):
    """A curator creates an actor the import is about to create (after the import read the
    registry): the import's ON CONFLICT DO NOTHING takes the curator's row."""
    from events.services.imports.resolution import ActorResolver

    made: list[int] = []
    reset = ActorResolver.reset

    def reset_then_curator_creates(self: ActorResolver) -> None:
        reset(self)
        if not made:  # once the import has read the registry: the curator's actor appears
            made.append(Actor.objects.create(name=shared_actor(0), slug="curators-front").pk)

    ActorResolver.reset = reset_then_curator_creates  # type: ignore[method-assign]
    try:
        report = events_import_acled(acled_file(tmp_path / "acled.csv"), progress=False)
    finally:
        ActorResolver.reset = reset  # type: ignore[method-assign]
    assert report.created == ROWS
    assert Actor.objects.filter(name=shared_actor(0)).get().pk == made[0]
    assert report.actors_created == NAMES - 1  # the curator's one is not the import's


def test_a_sqlite_connection_waits_for_the_write_lock_as_long_as_settings_say(db):
    """mod_spatialite, loaded after Python's sqlite3 sets the wait, resets it to 5 s: an import
    behind another then failed with "database is locked" after 5 s (events/apps.py sets it
    again). PostgreSQL has no such wait: its locks queue."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's busy timeout")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        waits_ms = cursor.fetchone()[0]
    assert waits_ms == int(connection.settings_dict["OPTIONS"]["timeout"] * 1000) > 5000
