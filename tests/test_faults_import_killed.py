"""An import killed half-way (SIGKILL while it writes, on a real database in a real process)
leaves the database exactly as it was (issue 6).

The import runs in a subprocess against a scratch database (tests/support/scratch.py): a copy
of the migrated template that holds acled_small.csv.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from events.services.imports.run import CHUNK_SIZE
from tests.support.csvfiles import ACLED_SMALL, Row, csv_rows, csv_write
from tests.support.processes import PYTHON, ROOT, OutputReader
from tests.support.scratch import ScratchDatabases

BIG_ROWS = 50_000  # two full chunks and a half: the kill lands while the first is written


def generated_row(template: Row, n: int) -> Row:
    """Event `n` of the big file: a new event, actors, place and source, on `template`'s
    columns."""
    lat, lon = 33.0 + (n % 400) * 0.01, 36.0 + (n % 300) * 0.01
    return template | {
        "event_id_cnty": f"FLT{n}",
        "event_date": f"2018-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
        "year": "2018",
        "actor1": f"Faults Brigade {n % 40}",
        "actor2": f"Faults Front {n % 25}",
        "assoc_actor_1": "",
        "assoc_actor_2": "",
        "location": f"Faultstown {n % 500}",
        "admin2": f"Faultstown {n % 500}",
        "admin3": f"Faultstown {n % 500}",
        "latitude": f"{lat:.4f}",
        "longitude": f"{lon:.4f}",
        "source": f"Faults Wire {n % 30}",
        "notes": f"Generated event {n} for the killed-import test.",
        "fatalities": str(n % 7),
        "timestamp": str(1_700_000_000 + n),
    }


def big_acled_csv(path: Path, rows: int) -> None:
    """An ACLED file that first changes every event of acled_small.csv (notes, fatalities), then
    adds `rows` new events with new actors, places and sources: every table gets writes."""
    small = csv_rows(ACLED_SMALL)
    changed = [
        row | {"notes": "CHANGED by the killed import", "fatalities": "999"} for row in small
    ]
    generated = (generated_row(small[n % len(small)], n) for n in range(rows))
    csv_write(path, [*changed, *generated])


def tqdm_count(output: str) -> int:
    """The last progress count tqdm printed."""
    counts = re.findall(r"(\d+)/\d+ \[", output)
    return int(counts[-1]) if counts else 0


def file_state(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def writing_events(dbs: ScratchDatabases, name: str, untouched: tuple[int, int] | None) -> bool:
    """The import's open transaction has written: on PostGIS, another backend holds the events
    table's row-exclusive lock (INSERT/UPDATE take it); on SpatiaLite, the rollback journal exists
    and the database file itself has been written to (uncommitted pages spilled into it, which
    only the journal can undo)."""
    if not dbs.postgis:
        journal = Path(f"{dbs.file(name)}-journal")
        return journal.exists() and file_state(dbs.file(name)) != untouched
    with dbs.admin(name) as conn:
        return bool(
            conn.execute(
                "SELECT 1 FROM pg_locks WHERE relation = 'events_event'::regclass "
                "AND mode = 'RowExclusiveLock' AND granted AND pid <> pg_backend_pid()"
            ).fetchone()
        )


def backends_gone(dbs: ScratchDatabases, name: str, timeout: float = 30) -> None:
    """PostGIS: waits until the killed client's server process has rolled back and ended."""
    if not dbs.postgis:
        return
    deadline = time.monotonic() + timeout
    with dbs.admin() as conn:
        while conn.execute(
            "SELECT 1 FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
        ).fetchone():
            assert time.monotonic() < deadline, "the killed import's server process lingers"
            time.sleep(0.1)


def import_env(dbs: ScratchDatabases, name: str) -> dict[str, str]:
    env = dbs.env(name)
    if not dbs.postgis:
        # A small page cache: SQLite writes the transaction's pages into the file early (the
        # journal keeping the originals) rather than after ~20 s of this chunk, so the kill lands
        # on a file holding uncommitted pages, the case only the hot journal can undo.
        env["DATABASE_URL"] += "?" + urlencode({"init_command": "PRAGMA cache_size=-256"})
    return env


def kill_half_way(dbs: ScratchDatabases, name: str, path: Path) -> int:
    """Starts `import_acled path` and SIGKILLs it once it writes; tqdm's count at that moment."""
    untouched = None if dbs.postgis else file_state(dbs.file(name))
    proc = subprocess.Popen(
        [PYTHON, "manage.py", "import_acled", str(path)],
        cwd=ROOT,
        env=import_env(dbs, name),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    err = OutputReader(proc.stderr)
    try:
        # Half-way: the first chunk (CHUNK_SIZE rows) read, and its writes under way in the
        # import's one transaction (the importer writes nothing before a chunk is full).
        deadline = time.monotonic() + 120
        while not writing_events(dbs, name, untouched):
            assert proc.poll() is None, f"the import ended before it could be killed:\n{err.text}"
            assert time.monotonic() < deadline, f"the import never got half-way:\n{err.text}"
            time.sleep(0.02)
        progress = tqdm_count(err.text)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        err.close()
    return progress


@pytest.mark.slow
def test_an_import_killed_half_way_leaves_the_database_as_it_was(scratch, tmp_path):
    assert BIG_ROWS > 2 * CHUNK_SIZE  # the kill lands in the first chunk's writes, far from the end
    db = scratch.create(f"{scratch.base}_kill", template=scratch.base)
    before = scratch.snapshot(db)
    assert before["counts"]["events.Event"] == 15  # acled_small.csv, imported by the fixture
    big = tmp_path / "acled-big.csv"
    big_acled_csv(big, BIG_ROWS)

    progress = kill_half_way(scratch, db, big)

    assert 0 < progress < BIG_ROWS + 15  # tqdm's count (it lags: it prints at most every 0.1 s)
    backends_gone(scratch, db)
    after = scratch.snapshot(db)
    assert after["counts"] == before["counts"]
    assert after["rows"] == before["rows"]  # the changed events, actors, places: as they were
    assert not Path(f"{scratch.file(db)}-journal").exists()  # SpatiaLite: rolled back
