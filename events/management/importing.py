"""The shared body of the import_acled and import_ucdp management commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from events.services.imports.report import ImportFailed, ImportReport

CONNECTION_LOST = "the database connection was lost during the import; nothing was written"
DATABASE_REFUSED = "the database refused the import ({error}); nothing was written"


# SQLSTATEs of a connection gone: class 08 (connection exception), and the server ending the
# backend (57P01 admin shutdown, e.g. pg_terminate_backend; 57P02 crash shutdown; 57P03 cannot
# connect now).
LOST_STATES = ("08", "57P01", "57P02", "57P03")


def _connection_lost(exc: DatabaseError) -> bool:
    """Whether the import's connection is gone: the error's SQLSTATE says so, or the driver's
    connection is closed or broken (Django closes it when the rollback after an error fails)."""
    state = getattr(exc.__cause__, "sqlstate", None) or ""
    if state.startswith(LOST_STATES):
        return True
    raw = connections[DEFAULT_DB_ALIAS].connection
    return raw is None or bool(getattr(raw, "broken", False) or getattr(raw, "closed", False))


def database_failure(exc: DatabaseError) -> str:
    """One line for a database error that ended an import. The import is one transaction, which
    the server rolls back when the connection ends or a statement fails: nothing was written."""
    if _connection_lost(exc):
        return CONNECTION_LOST
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return DATABASE_REFUSED.format(error=first_line)


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
        except DatabaseError as exc:
            # A terminated connection, a server restart, a lock timeout: a line, not a traceback.
            raise CommandError(database_failure(exc)) from exc
        style = self.style.WARNING if report.errors else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
