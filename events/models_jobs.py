"""An import of a dataset file started from the admin (issue 15), imported at the end of models.py.

The admin's import page and its progress bar read ImportJob; the job queue's own row
(django_tasks_db's DBTaskResult, named by task_id) is what a worker claims and runs. While a job
runs, its live progress is in a small file beside the upload, not here (events/services/
import_jobs.py says why); `rows_done`/`rows_total` here are written before and after the import.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class Stage(models.TextChoices):
        DRY_RUN = "dry_run", "dry run"
        IMPORT = "import", "import"

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        CHECKED = "checked", "checked: awaiting confirmation"  # the dry run is done
        DONE = "done", "done"
        FAILED = "failed", "failed"

    # The upload, stored under IMPORTS_DIR/<job>/ (a name of ours: the client's is file_name).
    path = models.CharField(max_length=500)
    file_name = models.CharField(max_length=255)  # as the client sent it: untrusted text
    dataset = models.CharField(max_length=32)  # detected from the header: acled or ucdp
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.DRY_RUN)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)  # the stage's DBTaskResult
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    # The stage's ImportReport: counts, format, the first errors with line and column.
    summary = models.JSONField(default=dict, blank=True)
    errors_path = models.CharField(max_length=500, blank=True)  # the bad rows' CSV (the import)
    error = models.TextField(blank=True)  # why the stage failed
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status"], name="importjob_status_idx")]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.dataset} {self.file_name} ({self.get_status_display()})"

    @property
    def active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
