"""What an import tells: its counts and summary (ImportReport), the failure that wrote nothing
(ImportFailed), and the CSV report of bad rows."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from events.services.imports.rows import RowError

MAX_ERRORS_SHOWN = 5
IMPORT_FAILED = "{path}: {count} bad row(s), nothing was imported. {errors}."
MORE_ERRORS = " And {count} more."
SKIP_BAD_HINT = " Use --skip-bad to import the good rows and write a report of the bad ones."
REPORT_WRITTEN = " Report: {path}."


class ImportFailed(Exception):
    """Nothing was imported: a file-level problem, or bad rows without skip_bad."""

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[RowError] = (),
        report: ImportReport | None = None,
    ):
        super().__init__(message)
        self.errors = list(errors)
        self.report = report


@dataclass
class ImportReport:
    dataset: str
    path: Path
    encoding: str = "utf-8"
    format: str = ""  # the era and layout the file was read as (formats.CsvFormat.format_name)
    rows: int = 0  # data records read
    created: int = 0
    updated: int = 0  # existing events whose fields or actors changed
    unchanged: int = 0
    skipped: int = 0  # bad rows left out (skip_bad)
    errors: list[RowError] = field(default_factory=list)
    actors_created: int = 0
    aliases_created: int = 0
    places_created: int = 0
    sources_created: int = 0
    dry_run: bool = False
    report_path: Path | None = None
    elapsed: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.elapsed if self.elapsed else 0.0

    def summary(self) -> str:
        head = "Dry run, nothing written: " if self.dry_run else ""
        text = (
            f"{head}{self.dataset} {self.path.name}: {self.rows} rows -> {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.skipped} skipped. "
            f"New: {self.actors_created} actors, {self.aliases_created} aliases, "
            f"{self.places_created} places, {self.sources_created} sources. "
            f"{self.elapsed:.2f} s ({self.rows_per_second:,.0f} rows/s), read as {self.encoding}."
        )
        if self.format:
            text += f" Format: {self.format}."
        if self.errors:
            text += f" {len(self.errors)} error(s) in {self.skipped} bad row(s)"
            text += f"; report: {self.report_path}." if self.report_path else "."
        return text

    def failure_message(self) -> str:
        """ImportFailed's message for bad rows: the first few errors, and what to do."""
        shown = "; ".join(str(e) for e in self.errors[:MAX_ERRORS_SHOWN])
        more = len(self.errors) - MAX_ERRORS_SHOWN
        text = IMPORT_FAILED.format(path=self.path, count=self.skipped, errors=shown)
        if more > 0:
            text += MORE_ERRORS.format(count=more)
        if self.report_path:
            text += REPORT_WRITTEN.format(path=self.report_path)
        return text + SKIP_BAD_HINT


def default_report_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.errors.csv")


def errors_write(errors: Iterable[RowError], path: Path) -> Path:
    """A CSV of the bad rows: line, column, value, message."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["line", "column", "value", "message"])
        for error in errors:
            out.writerow([error.line, error.column, error.value, error.message])
    return path
