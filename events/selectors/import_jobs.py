"""Reads of import jobs (issue 15): where a job's files are, and its progress as the admin's
import page and its progress bar show it.

While a job runs, its progress is in IMPORTS_DIR/<job>/progress.json, which the worker rewrites
(events/services/import_jobs.py says why a file and not the database); before and after, the
ImportJob row has it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypedDict, cast

from events.models import ImportJob

PROGRESS_FILE = "progress.json"


class LiveProgress(TypedDict, total=False):
    """progress.json: rows read and expected, and who writes it (its worker's pid and host,
    and when it last did: `beat`, a Unix time)."""

    stage: str
    done: int
    total: int
    pid: int
    host: str
    beat: float


def import_job_dir(*, job: ImportJob) -> Path:
    return Path(job.path).parent


def import_job_live_progress(*, job: ImportJob) -> LiveProgress | None:
    """progress.json of a job, or None when there is none (yet) or it cannot be read."""
    try:
        data = json.loads((import_job_dir(job=job) / PROGRESS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return cast(LiveProgress, data) if isinstance(data, dict) else None


def import_job_progress(*, job: ImportJob) -> dict[str, Any]:
    """What the progress bar polls: the job's stage and status, rows done and expected (live
    while it runs), and its error when it failed."""
    done, total = job.rows_done, job.rows_total
    if job.status == ImportJob.Status.RUNNING:
        live = import_job_live_progress(job=job)
        if live and live.get("stage") == job.stage:
            done, total = int(live.get("done", 0)), int(live.get("total", 0))
    return {
        "id": job.pk,
        "stage": job.stage,
        "status": job.status,
        "status_display": job.get_status_display(),
        "active": job.active,
        "done": done,
        "total": total,
        "error": job.error,
    }
