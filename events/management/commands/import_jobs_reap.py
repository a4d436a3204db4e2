"""Marks failed the import jobs whose worker is gone (docs/jobs.md): run before workers start."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from events.services.import_jobs import import_jobs_reap


class Command(BaseCommand):
    help = "Mark failed the running import jobs whose worker process has stopped."

    def handle(self, *args: Any, **options: Any) -> None:
        reaped = import_jobs_reap()
        if reaped and options["verbosity"] >= 1:
            self.stdout.write(f"Marked failed (worker gone): jobs {', '.join(map(str, reaped))}")
