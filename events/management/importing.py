"""The shared body of the import_acled and import_ucdp management commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.services.imports.report import ImportFailed, ImportReport


class ImportCommand(BaseCommand):
    """Parses the flags, calls one importer function, prints its summary."""

    importer: Callable[..., ImportReport]
    dataset_name = "dataset"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=f"The {self.dataset_name} CSV file.")
        parser.add_argument(
            "--skip-bad",
            action="store_true",
            help="Import the good rows and write the bad ones to a CSV report "
            "(default: any bad row means nothing is imported).",
        )
        parser.add_argument(
            "--report",
            type=Path,
            help="Where to write the report of bad rows (default: FILE.errors.csv next to FILE).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and count what would change, then write nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = type(self).importer(
                options["file"],
                skip_bad=options["skip_bad"],
                dry_run=options["dry_run"],
                report_path=options["report"],
                progress=options["verbosity"] >= 1,
            )
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        style = self.style.WARNING if report.errors else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
