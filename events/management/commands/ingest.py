"""`manage.py ingest PATH...`: news reports in, draft events out (events/services/ingest.py)."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from events.ingest.errors import BAD_PUBLISHED, MAX_REPORT_BYTES, NOT_FOUND, TOO_LARGE, IngestError
from events.ingest.pipeline import Proposal, text_check
from events.models import Source
from events.services.ingest import IngestResult, report_extract, report_ingest


def report_read(path: Path) -> str:
    """A report file's text; refuses a missing, oversized or binary file before reading it all."""
    if not path.is_file():
        raise CommandError(NOT_FOUND.format(path=path))
    if path.stat().st_size > MAX_REPORT_BYTES:
        raise CommandError(f"{path}: {TOO_LARGE}")
    try:
        return text_check(path.read_bytes())
    except IngestError as exc:
        raise CommandError(f"{path}: {exc}") from exc


def published_parse(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(BAD_PUBLISHED.format(value=value)) from exc


def source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.pk,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "published": source.published.isoformat() if source.published else None,
        "checksum": source.checksum,
    }


class Command(BaseCommand):
    help = (
        "Extract draft events from news reports (plain-text files) into dataset 'ingest'. "
        "Idempotent: a report ingested again creates nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="Plain-text report files")
        parser.add_argument("--published", help="Publication date, YYYY-MM-DD (else the dateline)")
        parser.add_argument("--title", default="", help="Title (else the first line)")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--url", default="")
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object per report, one per line"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Extract and print, store nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        published = published_parse(options["published"])
        reports = [(Path(p), report_read(Path(p))) for p in options["paths"]]
        meta = {k: options[k] for k in ("title", "publisher", "url")}
        try:
            # All reports or none: a bad one leaves nothing behind from the others.
            with transaction.atomic():
                for path, text in reports:
                    if options["dry_run"]:
                        extraction = report_extract(text, published=published)
                        self._print(path, None, extraction.proposals, options, None)
                        continue
                    result = report_ingest(text, published=published, **meta)
                    self._print(path, result.source, result.extraction.proposals, options, result)
        except IngestError as exc:
            raise CommandError(f"{path}: {exc}") from exc

    def _print(
        self,
        path: Path,
        source: Source | None,
        proposals: list[Proposal],
        options: dict[str, Any],
        result: IngestResult | None,
    ) -> None:
        if options["json"]:
            payload = {
                "source": source_json(source) if source else {"path": str(path)},
                "events": [p.as_json() for p in proposals],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        if result is None:
            self.stdout.write(
                f"{path}: {len(proposals)} event(s) proposed (dry run, nothing stored)"
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{path}: source #{result.source.pk} "
                    f"({'new' if result.source_created else 'already stored'}); "
                    f"{len(result.created)} draft event(s) created, "
                    f"{len(result.existing)} already there"
                )
            )
            for actor in result.proposed_actors:
                self.stdout.write(f"  proposed actor, for a curator to accept: {actor.name}")
        for p in proposals:
            where = p.place.name if p.place else (p.place_name or "unlocated")
            who = ", ".join(f"{a.name} ({role})" for a, role in p.actors) or "no actors"
            self.stdout.write(
                f"  {p.date.start} [{p.date.precision}] {p.sub_event_type} @ {where}: {who} "
                f"(confidence {p.confidence})"
            )
        if result is not None and not proposals:
            self.stdout.write(self.style.WARNING("  no events found; the source is stored"))
