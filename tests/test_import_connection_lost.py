"""A database connection lost mid-import (the server ends the import's backend while it writes)
ends the command with one line saying so, not a traceback, and the database as it was (issue 15).

A real `manage.py import_acled` against a PostGIS scratch database (tests/support/scratch.py);
the test terminates its backend with pg_terminate_backend once the import writes.
"""

from __future__ import annotations

import subprocess
import time

import pytest

from events.management.importing import CONNECTION_LOST
from tests.support.processes import PYTHON, ROOT, OutputReader
from tests.test_faults_import_killed import backends_gone, big_acled_csv, writing_events

ROWS = 50_000  # more than two chunks: the termination lands while the first is written


def terminate_import(scratch, name: str) -> int:
    """Ends every other backend of database `name` (the import's); how many."""
    with scratch.admin() as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return len(rows)


@pytest.mark.slow
def test_a_connection_lost_mid_import_ends_with_one_line_and_nothing_written(scratch, tmp_path):
    if not scratch.postgis:
        pytest.skip("pg_terminate_backend: a server's connection to lose")
    db = scratch.create(f"{scratch.base}_lost", template=scratch.base)
    before = scratch.snapshot(db)
    big = tmp_path / "acled-big.csv"
    big_acled_csv(big, ROWS)

    proc = subprocess.Popen(
        [PYTHON, "manage.py", "import_acled", str(big)],
        cwd=ROOT,
        env=scratch.env(db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    err = OutputReader(proc.stderr)
    try:
        deadline = time.monotonic() + 120
        while not writing_events(scratch, db, None):
            assert proc.poll() is None, (
                f"the import ended before its connection was lost:\n{err.text}"
            )
            assert time.monotonic() < deadline, f"the import never wrote:\n{err.text}"
            time.sleep(0.02)
        assert terminate_import(scratch, db) >= 1
        returncode = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        err.close()

    assert returncode != 0
    assert "Traceback" not in err.text
    last = [ln for ln in err.text.replace("\r", "\n").splitlines() if ln.strip()][-1]
    assert last == f"CommandError: {CONNECTION_LOST}"
    backends_gone(scratch, db)
    after = scratch.snapshot(db)
    assert after["counts"] == before["counts"]
    assert after["rows"] == before["rows"]
