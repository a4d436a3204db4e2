"""The admin's "Import a dataset" (issue 15; registered from events/admin.py): upload an ACLED or
UCDP file, see its detected format and dry run, confirm, watch the import's progress bar, read
its counts and download its bad rows as CSV. The work is done by a db_worker process
(events/services/import_jobs.py); these views only queue it and read it.

Staff only: every view goes through admin_site.admin_view, and each checks ImportJob's model
permissions (add to upload and confirm, view to watch and download).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from events.models import ImportJob
from events.selectors.import_jobs import import_job_progress
from events.services.import_jobs import (
    import_job_confirm,
    import_job_create,
    import_jobs_reap,
)
from events.services.imports.report import ImportFailed

UPLOAD_TEMPLATE = "admin/events/importjob/upload.html"
JOB_TEMPLATE = "admin/events/importjob/job.html"
MAX_UPLOAD_MB = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="An ACLED or UCDP GED export, CSV or JSON: its format is read from its header.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_MB} MB.")
        return upload


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "file_name", "dataset", "stage", "status", "rows", "who", "created_at")
    list_filter = ("status", "stage", "dataset")
    list_display_links = None
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    @admin.display(description="file")
    def file_link(self, job: ImportJob) -> str:
        url = reverse("admin:events_importjob_job", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, job.file_name)  # escapes the name

    @admin.display(description="rows done / total")
    def rows(self, job: ImportJob) -> str:
        progress = import_job_progress(job=job)
        return f"{progress['done']} / {progress['total']}"

    @admin.display(description="by")
    def who(self, job: ImportJob) -> str:
        return str(job.created_by or "")

    def get_list_display(self, request: HttpRequest) -> Any:
        return ("id", "file_link", *self.list_display[2:])

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a job is changed by its worker alone

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        return redirect("admin:events_importjob_upload")  # "Add" is the upload page

    def get_urls(self) -> list[URLPattern]:
        site = self.admin_site
        ours = [
            path("upload/", site.admin_view(self.upload_view), name="events_importjob_upload"),
            path("<int:pk>/job/", site.admin_view(self.job_view), name="events_importjob_job"),
            path(
                "<int:pk>/progress/",
                site.admin_view(self.progress_view),
                name="events_importjob_progress",
            ),
            path(
                "<int:pk>/confirm/",
                site.admin_view(require_POST(self.confirm_view)),
                name="events_importjob_confirm",
            ),
            path(
                "<int:pk>/bad-rows.csv",
                site.admin_view(self.bad_rows_view),
                name="events_importjob_bad_rows",
            ),
        ]
        return ours + super().get_urls()

    def _context(self, request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title}

    def _job(self, request: HttpRequest, pk: int, *, add: bool = False) -> ImportJob:
        allowed = self.has_add_permission(request) if add else self.has_view_permission(request)
        if not allowed:
            raise PermissionDenied
        return get_object_or_404(ImportJob, pk=pk)

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = import_job_create(upload=upload, file_name=upload.name, user=request.user)
            except ImportFailed as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("admin:events_importjob_job", job.pk)
        context = self._context(request, "Import a dataset") | {"form": form}
        return TemplateResponse(request, UPLOAD_TEMPLATE, context)

    def job_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self._job(request, pk)
        import_jobs_reap(job_ids=[job.pk])
        job.refresh_from_db()
        summary = job.summary or {}
        context = self._context(request, f"Import {job.pk}: {job.file_name}") | {
            "job": job,
            "progress": import_job_progress(job=job),
            "summary": summary,
            "more_errors": max(summary.get("error_count", 0) - len(summary.get("errors", [])), 0),
            "can_confirm": job.status == ImportJob.Status.CHECKED
            and self.has_add_permission(request),
            "bad_rows": bool(job.errors_path) and Path(job.errors_path).is_file(),
        }
        return TemplateResponse(request, JOB_TEMPLATE, context)

    def progress_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        job = self._job(request, pk)
        if job.status == ImportJob.Status.RUNNING:
            # The stale-job check: a worker killed mid-job shows as failed on the next poll.
            import_jobs_reap(job_ids=[job.pk])
            job.refresh_from_db()
        response = JsonResponse(import_job_progress(job=job))
        response["Cache-Control"] = "no-store"
        return response

    def confirm_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self._job(request, pk, add=True)
        try:
            import_job_confirm(job=job)
        except ImportFailed as exc:
            messages.error(request, str(exc))
        return redirect("admin:events_importjob_job", job.pk)

    def bad_rows_view(self, request: HttpRequest, pk: int) -> FileResponse:
        job = self._job(request, pk)
        report = Path(job.errors_path) if job.errors_path else None
        if report is None or not report.is_file():
            raise Http404("This job has no report of bad rows.")
        return FileResponse(
            open(report, "rb"),  # FileResponse closes it
            as_attachment=True,
            filename=f"import-{job.pk}-bad-rows.csv",
            content_type="text/csv; charset=utf-8",
        )
