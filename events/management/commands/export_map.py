from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict

from events.api.params import event_filter_parse
from events.api.snapshot import SnapshotError, snapshot_html
from events.domain.filters import PARAMETERS, FilterError


class Command(BaseCommand):
    help = (
        "Write a standalone HTML map (folium, with a time slider) of the events a filter selects."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="HTML file to write")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000",
                            help="where the popups' event links point")  # fmt: skip
        parser.add_argument(
            "--staff-view",
            action="store_true",
            help="what staff see: staff-only datasets too, and --status may ask for drafts "
            "(without it, the map holds what the public sees: it is a file for others)",
        )
        for name, (_kind, repeatable, description) in PARAMETERS.items():
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                dest=name,
                action="append" if repeatable else "store",
                help=description.replace("%", "%%"),
            )

    def handle(self, *args: Any, **options: Any) -> None:
        params = QueryDict(mutable=True)
        for name in PARAMETERS:
            value = options.get(name)
            if value is not None:
                params.setlist(name, value if isinstance(value, list) else [value])
        try:
            f = event_filter_parse(params, is_staff=options["staff_view"])
            html = snapshot_html(f, base_url=options["base_url"].rstrip("/"))
        except FilterError as exc:
            raise CommandError(
                "; ".join(f"--{k.replace('_', '-')}: {v}" for k, v in exc.errors.items())
            ) from exc
        except SnapshotError as exc:
            raise CommandError(str(exc)) from exc
        out = Path(options["out"])
        out.write_text(html, encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {out} ({len(html) / 1024:.0f} KiB) for {f.describe()}")
        )
