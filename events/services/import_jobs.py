"""Imports from the admin as background jobs (issue 15): upload, dry run, confirm, import.

A job is an ImportJob row (what the admin's pages read) plus, for each stage, a task on the
django-tasks queue (django_tasks_db's DBTaskResult row: what a `db_worker` process claims). A
job's first stage is a dry run (events_import(dry_run=True)): the page shows what would be
created, updated, unchanged and refused; a curator confirms, and the same file is imported with
skip_bad, its bad rows written to a CSV the result page offers. Both stages are one transaction
each (run.py): a worker killed mid-import leaves nothing half-written.

Progress. events_import's `on_progress` runs inside the import's one transaction, so the job
cannot write its progress to the database there: a write through the import's connection would
be invisible to the page until the commit, and one through a second connection would, on
SQLite, wait for the import's own write lock (one writer at a time) until the import ends. So
the worker writes it to a small file beside the upload (progress.json: rows read, rows expected,
its pid and host, a heartbeat), replaced atomically, which any web process reads at any time on
either database without touching a lock. A heartbeat thread rewrites it every HEARTBEAT_SECONDS
even when no row is read (a chunk being written), so a file that stops changing means a worker
that stopped.

A killed worker. Its import's transaction dies with it (PostgreSQL rolls back when the
connection ends; SQLite's hot journal is rolled back by the next opener), but its ImportJob and
DBTaskResult rows still say "running". import_jobs_reap marks them failed with the reason: when
the job's worker process is gone from this host, or its heartbeat is older than STALE_SECONDS
(a worker on another host). It runs before workers start (`manage.py import_jobs_reap`, in
scripts/run.sh and scripts/serve.sh) and whenever the page polls a running job.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from events.models import ImportJob
from events.selectors.import_jobs import PROGRESS_FILE, LiveProgress, import_job_live_progress
from events.services.imports.acled import AcledFormat, events_import_acled
from events.services.imports.formats import CsvFormat
from events.services.imports.reading import csv_open, sniff_encoding
from events.services.imports.report import ImportFailed, ImportReport
from events.services.imports.ucdp import UcdpFormat, events_import_ucdp

FORMATS: dict[str, tuple[type[CsvFormat], Any]] = {
    AcledFormat.dataset: (AcledFormat, events_import_acled),
    UcdpFormat.dataset: (UcdpFormat, events_import_ucdp),
}
UNKNOWN_FORMAT = "{name} is neither an ACLED nor a UCDP GED file. As ACLED: {acled} As UCDP: {ucdp}"
NOT_CHECKED = "Only a job whose dry run is done can be imported (this one is {status})."
WORKER_LOST = (
    "The worker running this job stopped (killed or crashed) before it finished; the import "
    "is one transaction, so nothing of it was written. Upload the file again to retry."
)
TASK_LOST = "The job's task failed before the import started: {reason}"
UPLOAD_SUFFIXES = {".csv", ".json", ".txt", ".tsv"}
ERRORS_KEPT = 200  # errors the page lists (line, column, value, message); all are in the CSV
ERRORS_CSV = "bad-rows.csv"
HEARTBEAT_SECONDS = 2.0
STALE_SECONDS = 60.0  # a running job's progress file unchanged this long: its worker is gone


class Upload(Protocol):
    """A file to import: Django's UploadedFile, or anything with chunks()."""

    def chunks(self) -> Any: ...


def import_format_detect(*, path: Path) -> str:
    """The dataset (acled or ucdp) whose columns the file's header has; ImportFailed saying
    what each format lacks when neither fits."""
    encoding, _ = sniff_encoding(path)
    problems: dict[str, str] = {}
    with csv_open(path, encoding) as (_reader, header):
        for dataset, (fmt, _import) in FORMATS.items():
            try:
                fmt(header, path)
            except ImportFailed as exc:
                problems[dataset] = str(exc).replace(str(path), "the file")
            else:
                return dataset
    raise ImportFailed(UNKNOWN_FORMAT.format(name="The file", **problems))


def import_job_create(
    *,
    upload: Upload,
    file_name: str,
    user: AbstractBaseUser | AnonymousUser | None,
    check_first: bool = True,
) -> ImportJob:
    """Stores the upload, detects its format and queues its dry run (or, without
    `check_first`, the import itself). ImportFailed, and nothing kept, when the file is neither
    ACLED nor UCDP."""
    suffix = Path(file_name).suffix.lower()
    folder = Path(settings.IMPORTS_DIR) / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / f"upload{suffix if suffix in UPLOAD_SUFFIXES else '.csv'}"
    with open(path, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    try:
        dataset = import_format_detect(path=path)
    except ImportFailed:
        path.unlink()
        folder.rmdir()
        raise
    stage = ImportJob.Stage.DRY_RUN if check_first else ImportJob.Stage.IMPORT
    # The job and its task commit together: a worker never sees a task without its job.
    with transaction.atomic():
        job = ImportJob.objects.create(
            path=str(path),
            file_name=file_name[:255],
            dataset=dataset,
            created_by=user if isinstance(user, get_user_model()) else None,
            stage=stage,
        )
        job.task_id = str(import_job_task.enqueue(job.pk).id)
        job.save(update_fields=["task_id"])
    return job


def import_job_confirm(*, job: ImportJob) -> ImportJob:
    """Queues the import of a job whose dry run is done; ImportFailed otherwise (confirming
    twice queues one import)."""
    with transaction.atomic():
        moved = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
            stage=ImportJob.Stage.IMPORT, status=ImportJob.Status.QUEUED, rows_done=0
        )
        if not moved:
            job.refresh_from_db()
            raise ImportFailed(NOT_CHECKED.format(status=job.get_status_display()))
        task_id = str(import_job_task.enqueue(job.pk).id)
        ImportJob.objects.filter(pk=job.pk).update(task_id=task_id)
    job.refresh_from_db()
    return job


@task()
def import_job_task(job_id: int) -> dict[str, Any]:
    """The queue's task: runs the job's current stage (in a db_worker process)."""
    return import_job_run(job_id=job_id)


def import_job_run(*, job_id: int) -> dict[str, Any]:
    """Runs the job's current stage and records how it went. An import that fails (bad file,
    database error, the worker told to stop) is recorded, then re-raised so the queue marks
    its task failed too."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return {"job": job.pk, "status": job.status}  # reaped, or run by another worker
    job.status, job.started_at, job.error = ImportJob.Status.RUNNING, timezone.now(), ""
    job.save(update_fields=["status", "started_at", "error"])
    progress = _Progress(Path(job.path).parent / PROGRESS_FILE, stage=job.stage)
    dry_run = job.stage == ImportJob.Stage.DRY_RUN
    errors_csv = Path(job.path).with_name(("dry-run-" if dry_run else "") + ERRORS_CSV)
    _fmt, importer = FORMATS[job.dataset]
    try:
        with progress:
            report: ImportReport = importer(
                Path(job.path),
                dry_run=dry_run,
                skip_bad=True,
                report_path=errors_csv,
                progress=False,
                on_progress=progress.update,
            )
    except BaseException as exc:
        _failed(job, exc, progress)
        raise
    job.status = ImportJob.Status.CHECKED if dry_run else ImportJob.Status.DONE
    job.summary = import_report_json(report)
    job.errors_path = str(report.report_path or "")
    job.rows_done = job.rows_total = report.rows
    job.finished_at = timezone.now()
    job.save()
    return {"job": job.pk, "status": job.status}


def _failed(job: ImportJob, exc: BaseException, progress: _Progress) -> None:
    if isinstance(exc, ImportFailed):
        reason = str(exc).replace(job.path, job.file_name)
        if exc.report is not None:
            job.summary = import_report_json(exc.report)
    elif isinstance(exc, DatabaseError):
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        reason = f"The database refused the import ({first}); nothing was written."
    elif isinstance(exc, Exception):
        reason = f"The import failed ({type(exc).__name__}: {exc}); nothing was written."
    else:  # SystemExit, KeyboardInterrupt: the worker was told to stop at once
        reason = WORKER_LOST
    job.status, job.error, job.finished_at = ImportJob.Status.FAILED, reason, timezone.now()
    job.rows_done, job.rows_total = progress.done, progress.total
    job.save()


def import_report_json(report: ImportReport) -> dict[str, Any]:
    """An ImportReport as the job keeps it: counts, format, and the first errors."""
    return {
        "dataset": report.dataset,
        "format": report.format,
        "encoding": report.encoding,
        "dry_run": report.dry_run,
        **{
            name: getattr(report, name)
            for name in (
                "rows",
                "created",
                "updated",
                "unchanged",
                "skipped",
                "actors_created",
                "aliases_created",
                "places_created",
                "sources_created",
            )
        },
        "error_count": len(report.errors),
        "errors": [
            {"line": e.line, "column": e.column, "value": e.value, "message": e.message}
            for e in report.errors[:ERRORS_KEPT]
        ],
        "elapsed": round(report.elapsed, 3),
    }


class _Progress:
    """progress.json, written by the running job (see the module docstring): on each
    on_progress call at most every PROGRESS_SECONDS, and by a heartbeat thread."""

    PROGRESS_SECONDS = 0.5

    def __init__(self, path: Path, *, stage: str):
        self.path, self.stage = path, stage
        self.done = self.total = 0
        self.written = 0.0
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name="import-heartbeat", daemon=True)

    def __enter__(self) -> _Progress:
        self.write()
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopped.set()
        self.thread.join()

    def update(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if time.monotonic() - self.written >= self.PROGRESS_SECONDS or done >= total:
            self.write()

    def write(self) -> None:
        data: LiveProgress = {
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "beat": time.time(),
        }
        with self.lock:  # the heartbeat and the import's thread: one writer of the file
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(data), encoding="utf-8")
            os.replace(temporary, self.path)  # readers see the old file or the new, never half
            self.written = time.monotonic()

    def _beat(self) -> None:
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            self.write()


def _process_gone(pid: int) -> bool:
    """Whether process `pid` of this host has ended (or is a zombie no one has reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def _worker_lost(job: ImportJob, now: float, stale_after: float) -> bool:
    live = import_job_live_progress(job=job)
    if live is None:  # running, and not a line of progress yet: judge by when it started
        started = job.started_at.timestamp() if job.started_at else 0.0
        return now - started > stale_after
    if live.get("host") == socket.gethostname() and _process_gone(int(live.get("pid", 0))):
        return True
    return now - float(live.get("beat", 0)) > stale_after


def import_jobs_reap(
    *, job_ids: list[int] | None = None, stale_after: float = STALE_SECONDS
) -> list[int]:
    """Marks failed, with the reason, the running jobs whose worker is gone (and their tasks),
    and the queued jobs whose task failed before running them; the ids it marked."""
    running = ImportJob.objects.filter(status__in=[ImportJob.Status.RUNNING])
    queued = ImportJob.objects.filter(status=ImportJob.Status.QUEUED)
    if job_ids is not None:
        running, queued = running.filter(pk__in=job_ids), queued.filter(pk__in=job_ids)
    now, reaped = time.time(), []
    for job in running:
        if _worker_lost(job, now, stale_after) and _fail(
            job, WORKER_LOST, ImportJob.Status.RUNNING
        ):
            reaped.append(job.pk)
            DBTaskResult.objects.filter(id=job.task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="events.services.import_jobs.WorkerLost",
                traceback=WORKER_LOST,
            )
    for job in queued:
        failed = DBTaskResult.objects.filter(id=job.task_id, status=TaskResultStatus.FAILED).first()
        if failed is not None:
            reason = TASK_LOST.format(reason=failed.exception_class_path or "unknown")
            if _fail(job, reason, ImportJob.Status.QUEUED):
                reaped.append(job.pk)
    return reaped


def _fail(job: ImportJob, reason: str, status: str) -> bool:
    """The job failed with `reason`, if it still has `status` (a worker may have moved it)."""
    return bool(
        ImportJob.objects.filter(pk=job.pk, status=status).update(
            status=ImportJob.Status.FAILED, error=reason, finished_at=timezone.now()
        )
    )
