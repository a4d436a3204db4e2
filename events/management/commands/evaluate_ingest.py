"""`manage.py evaluate_ingest`: precision and recall of the ingest pipeline against gold events."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.ingest.evaluate import DIMENSIONS, gold_default_paths, totals
from events.services.ingest import actor_registry, gold_evaluate
from events.services.seeds import SEEDS_DIR

EMPTY_REGISTRY = (
    "The actor registry is empty, so no actor can be matched: run `manage.py load_seeds` first."
)


class Command(BaseCommand):
    help = (
        "Compare the pipeline's drafts (report_extract, nothing written) with curated events and "
        "print precision and recall for events, places, actors, event types and dates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--gold",
            nargs="+",
            type=Path,
            help="Gold JSON files (default: seeds/events.json and seeds/gold/*.json)",
        )
        parser.add_argument("--details", action="store_true", help="List misses and extras")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = options["gold"] or gold_default_paths(SEEDS_DIR)
        missing = [str(p) for p in paths if not Path(p).is_file()]
        if missing:
            raise CommandError(f"No such gold file: {', '.join(missing)}")
        registry = actor_registry()
        if not registry.aliases:
            self.stderr.write(self.style.WARNING(EMPTY_REGISTRY))
        results = gold_evaluate(paths, registry)
        header = f"{'':<44}" + "".join(f"{d:>16}" for d in DIMENSIONS)
        self.stdout.write(header)
        self.stdout.write(f"{'(precision / recall)':<44}")
        rows = [(r.path.name, r.scores) for r in results] + [("ALL (micro)", totals(results))]
        for name, scores in rows:
            cells = "".join(
                f"{scores[d].precision:>9.2f} /{scores[d].recall:>5.2f}" for d in DIMENSIONS
            )
            self.stdout.write(f"{name[:44]:<44}{cells}")
        all_scores = totals(results)
        self.stdout.write(
            "counts (true positives / drafted / gold): "
            + "; ".join(
                f"{d} {all_scores[d].tp}/{all_scores[d].predicted}/{all_scores[d].gold}"
                for d in DIMENSIONS
            )
        )
        if options["details"]:
            for r in results:
                for key in r.missed:
                    self.stdout.write(f"{r.path.name}: missed {key}")
                for extra in r.extra:
                    self.stdout.write(f"{r.path.name}: extra {extra}")
