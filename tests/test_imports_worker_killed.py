"""A db_worker killed (SIGKILL) in the middle of an import job leaves the database as it was, and
the stale-job check (`manage.py import_jobs_reap`, run before workers start; the page's polls run
it too) marks the job and its queue task failed with the reason (issue 15).

The worker is a real `manage.py db_worker` process on a scratch database (tests/support/
scratch.py) holding acled_small.csv; the job is queued there as the admin would queue it. The
kill lands while the import's one transaction writes its first chunk (as in
tests/test_faults_import_killed.py, whose helpers this reuses).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from events.services.imports.run import CHUNK_SIZE
from tests.support.processes import PYTHON, ROOT, job_worker_start
from tests.support.scratch import ScratchDatabases
from tests.test_faults_import_killed import backends_gone, big_acled_csv, import_env, writing_events

QUEUE = """
from django.core.files import File
from events.services.import_jobs import import_job_create
with open({path!r}, "rb") as fh:
    job = import_job_create(upload=File(fh), file_name="big.csv", user=None, check_first=False)
print("JOB", job.pk)
"""
STATE = """
import json
from django_tasks_db.models import DBTaskResult
from events.models import ImportJob
job = ImportJob.objects.get(pk={pk})
task = DBTaskResult.objects.get(id=job.task_id)
print("STATE " + json.dumps([job.status, job.error, task.status, task.traceback]))
"""
JOB_TABLES = {"events.ImportJob", "django_tasks_database.DBTaskResult"}


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def printed(output: str, tag: str) -> str:
    return next(ln for ln in output.splitlines() if ln.startswith(tag + " ")).split(" ", 1)[1]


def live_rows(imports: Path) -> int:
    """Rows the running job has read, from its progress file (0 before it has one)."""
    for progress in imports.glob("*/progress.json"):
        try:
            return int(json.loads(progress.read_text())["done"])
        except (OSError, ValueError):
            return 0  # replaced as we read it: next time
    return 0


def kill_mid_import(dbs: ScratchDatabases, name: str, env: dict[str, str], imports: Path) -> int:
    """Starts a worker and SIGKILLs it once its import writes; the rows it had read by then."""
    worker = job_worker_start(env, interval=0.1)
    try:
        deadline = time.monotonic() + 120
        # The first chunk read (the importer writes nothing before), then its writes under way
        # (on SQLite: a rollback journal, which, long after the worker's claim of the job, is
        # the import's transaction; the file's state is not compared: the claim changed it).
        while live_rows(imports) < CHUNK_SIZE or not writing_events(dbs, name, None):
            assert worker.poll() is None, "the worker ended before it could be killed"
            assert time.monotonic() < deadline, "the import never got half-way"
            time.sleep(0.02)
        rows = live_rows(imports)
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=30) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    return rows


@pytest.mark.slow
def test_a_worker_killed_mid_import_writes_nothing_and_its_job_is_marked_failed(scratch, tmp_path):
    db = scratch.create(f"{scratch.base}_jobkill", template=scratch.base)
    big = tmp_path / "acled-big.csv"
    big_acled_csv(big, CHUNK_SIZE + 5_000)
    imports = tmp_path / "imports"
    env = import_env(scratch, db) | {"IMPORTS_DIR": str(imports)}
    job = int(printed(manage(env, "shell", "-c", QUEUE.format(path=str(big))), "JOB"))
    before = scratch.snapshot(db)

    rows = kill_mid_import(scratch, db, env, imports)

    assert CHUNK_SIZE <= rows < CHUNK_SIZE + 5_015
    backends_gone(scratch, db)
    after = scratch.snapshot(db)
    assert after["rows"] == before["rows"]  # events, actors, places, sources: as they were
    changed = {k for k in before["counts"] if before["counts"][k] != after["counts"][k]}
    assert not changed - JOB_TABLES, changed  # nothing but the job's own rows moved
    status = json.loads(printed(manage(env, "shell", "-c", STATE.format(pk=job)), "STATE"))
    assert status[0] == "running" and status[2] == "RUNNING"  # as the dead worker left them

    manage(env, "import_jobs_reap")  # as run.sh and serve.sh do before starting workers

    job_status, error, task_status, traceback = json.loads(
        printed(manage(env, "shell", "-c", STATE.format(pk=job)), "STATE")
    )
    assert (job_status, task_status) == ("failed", "FAILED")
    assert "stopped (killed or crashed)" in error and "nothing of it was written" in traceback
