"""Imports from the admin as jobs (issue 15), in this process: the upload page detects the format
and queues a dry run on django-tasks' database queue; the job (run here as a worker would run
it) shows its counts and refused rows; confirming queues the import, whose result offers the bad
rows as CSV. Progress is in a file readable while the import's transaction is open; a job whose
worker died is marked failed by the stale-job check. The real worker process: tests/
test_imports_worker_killed.py and tests/browser/test_imports_admin.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from events.models import Event, ImportJob
from events.selectors.import_jobs import PROGRESS_FILE, import_job_progress
from events.services import import_jobs
from events.services.import_jobs import import_job_run, import_jobs_reap
from events.services.imports import run
from events.services.imports.acled import events_import_acled
from tests.support.csvfiles import ACLED_BROKEN, ACLED_SMALL, UCDP_SMALL

HOSTILE_NAME = '<img src=x onerror="alert(1)">.csv'


@pytest.fixture(autouse=True)
def imports_dir(tmp_path, settings):
    settings.IMPORTS_DIR = tmp_path / "imports"
    return settings.IMPORTS_DIR


def upload(client, path, name=None):
    data = SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")
    return client.post(reverse("admin:events_importjob_upload"), {"file": data})


def test_on_progress_reports_rows_read_of_rows_expected(db, monkeypatch):
    monkeypatch.setattr(run, "PROGRESS_EVERY", 4)
    calls: list[tuple[int, int]] = []
    report = events_import_acled(
        ACLED_SMALL, dry_run=True, progress=False, on_progress=lambda *a: calls.append(a)
    )
    assert report.rows == 15
    assert calls == [(4, 15), (8, 15), (12, 15), (15, 15)]  # every 4 rows, then the end


def test_an_upload_is_checked_confirmed_and_imported_with_its_bad_rows_as_csv(
    staff_client, staff_user
):
    response = upload(staff_client, ACLED_BROKEN, HOSTILE_NAME)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/job/")
    assert (job.dataset, job.stage, job.status) == ("acled", "dry_run", "queued")
    assert job.created_by == staff_user
    queued = DBTaskResult.objects.get(id=job.task_id)  # on the queue, for a db_worker
    assert queued.status == TaskResultStatus.READY
    assert queued.task_path == "events.services.import_jobs.import_job_task"

    import_job_run(job_id=job.pk)  # what the worker does with the task
    job.refresh_from_db()
    assert job.status == "checked" and not Event.objects.exists()  # a dry run writes nothing
    assert job.summary["rows"] == 6 and job.summary["skipped"] > 0
    assert job.summary["created"] == 6 - job.summary["skipped"]
    page = staff_client.get(reverse("admin:events_importjob_job", args=[job.pk])).content.decode()
    assert "Dry run: what the import would do" in page and 'id="import-confirm"' in page
    first = job.summary["errors"][0]
    assert f"<td>{first['line']}</td><td>{first['column']}</td>" in page  # line and column
    assert HOSTILE_NAME not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page

    response = staff_client.post(reverse("admin:events_importjob_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.stage, job.status) == ("import", "queued")
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.rows_done == job.rows_total == 6
    assert Event.objects.count() == job.summary["created"] == 6 - job.summary["skipped"]
    page = staff_client.get(reverse("admin:events_importjob_job", args=[job.pk])).content.decode()
    assert "Result" in page and 'id="import-bad-rows"' in page and "import-confirm" not in page
    csv = staff_client.get(reverse("admin:events_importjob_bad_rows", args=[job.pk]))
    assert csv["Content-Type"].startswith("text/csv") and "attachment" in csv["Content-Disposition"]
    lines = b"".join(csv.streaming_content).decode().splitlines()
    assert lines[0] == "line,column,value,message" and len(lines) == job.summary["error_count"] + 1
    # Confirming again queues nothing.
    staff_client.post(reverse("admin:events_importjob_confirm", args=[job.pk]))
    assert DBTaskResult.objects.count() == 2


def test_the_format_is_detected_and_a_file_of_neither_is_refused(staff_client):
    upload(staff_client, UCDP_SMALL)
    assert ImportJob.objects.get().dataset == "ucdp"
    response = upload(staff_client, ACLED_SMALL.parent / "README.md", "notes.csv")
    assert response.status_code == 200
    assert b"neither an ACLED nor a UCDP GED file" in response.content
    assert ImportJob.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_the_pages_are_staff_only(client, plain_user):
    client.force_login(plain_user)
    response = client.get(reverse("admin:events_importjob_upload"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_progress_is_readable_while_the_import_transaction_is_open(
    staff_client, monkeypatch, imports_dir
):
    """The job writes progress to a file (import_jobs.py says why not the database); read
    from inside the running import, the progress endpoint shows rows read so far."""
    monkeypatch.setattr(run, "PROGRESS_EVERY", 5)
    monkeypatch.setattr(import_jobs._Progress, "PROGRESS_SECONDS", 0)
    upload(staff_client, ACLED_SMALL)
    job = ImportJob.objects.get()
    seen: list[dict] = []
    write = import_jobs._Progress.write

    def write_then_read(progress):
        write(progress)
        url = reverse("admin:events_importjob_progress", args=[job.pk])
        seen.append(staff_client.get(url).json())

    monkeypatch.setattr(import_jobs._Progress, "write", write_then_read)
    import_job_run(job_id=job.pk)
    running = [(p["status"], p["done"], p["total"]) for p in seen]
    assert ("running", 5, 15) in running and ("running", 10, 15) in running
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total, job.status) == (15, 15, "checked")
    assert import_job_progress(job=job)["done"] == 15  # from the row once the job has moved on


def test_a_job_whose_worker_died_is_marked_failed_with_its_task(staff_client, imports_dir):
    upload(staff_client, ACLED_SMALL)
    job = ImportJob.objects.get()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    ImportJob.objects.filter(pk=job.pk).update(status="running")
    DBTaskResult.objects.filter(id=job.task_id).update(status=TaskResultStatus.RUNNING)
    live = {"stage": "dry_run", "done": 3, "total": 15, "pid": os.getpid(), "host": os.uname()[1]}
    progress = imports_dir / os.listdir(imports_dir)[0] / PROGRESS_FILE
    progress.write_text(json.dumps(live | {"beat": 4e9}))  # alive: this process, beating
    assert import_jobs_reap() == []

    progress.write_text(json.dumps(live | {"pid": dead.pid, "beat": 4e9}))
    poll = staff_client.get(reverse("admin:events_importjob_progress", args=[job.pk])).json()
    assert poll["status"] == "failed" and "stopped (killed or crashed)" in poll["error"]
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == TaskResultStatus.FAILED and "nothing of it was written" in task.traceback
