"""`manage.py evaluate_ingest`: precision and recall of the ingest pipeline against gold events,
the real corpus and the self-written gold in separate tables."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.ingest.evaluate_gold import (
    REAL,
    SELF,
    corpus_default_paths,
    gold_default_paths,
    gold_kind,
)
from events.ingest.evaluate_table import LEGEND, corpus_table, figures_json, verbose_lines
from events.services.ingest import actor_registry, gold_evaluate
from events.services.seeds import SEEDS_DIR

EMPTY_REGISTRY = (
    "The actor registry is empty, so no actor can be matched: run `manage.py load_seeds` first."
)


class Command(BaseCommand):
    help = (
        "Compare the pipeline's drafts (nothing written) with gold events and print, per report "
        "and micro-averaged, precision and recall for events (event-level F1), places, actors, "
        "event types, sub-types, dates and fatalities; the main event's date; false places on "
        "another continent. The real corpus and the self-written gold are scored apart."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--gold",
            nargs="+",
            type=Path,
            help="Gold JSON files, of either format (default: the corpora --corpus picks)",
        )
        parser.add_argument(
            "--corpus",
            choices=[REAL, SELF, "all"],
            default="all",
            help="real: seeds/corpus/*.json; self: seeds/events.json and seeds/gold/*.json",
        )
        parser.add_argument(
            "--corpus-dir",
            type=Path,
            default=SEEDS_DIR / "corpus",
            help="Where the real corpus is (default: seeds/corpus/)",
        )
        parser.add_argument(
            "--verbose",
            "--details",
            action="store_true",
            dest="verbose",
            help="List every miss and false hit with its reason",
        )
        parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = [REAL, SELF] if options["corpus"] == "all" else [options["corpus"]]
        by_corpus = self.paths(options, wanted)
        registry = actor_registry()
        if not registry.aliases:
            self.stderr.write(self.style.WARNING(EMPTY_REGISTRY))
        paths = [p for corpus in wanted for p in by_corpus[corpus]]
        try:
            results = gold_evaluate(paths, registry)
        except (ValueError, KeyError) as exc:
            raise CommandError(f"Bad gold file: {exc}") from exc
        grouped = {c: [r for r in results if r.corpus == c] for c in wanted if by_corpus[c]}
        for corpus, scored in grouped.items():
            self.stdout.write("\n".join(corpus_table(corpus, scored)) + "\n")
        if grouped:
            self.stdout.write(LEGEND)
        if options["verbose"]:
            self.stdout.write("\n".join(verbose_lines(results)))
        if options["json"]:
            options["json"].write_text(json.dumps(figures_json(grouped), indent=2) + "\n")
            self.stdout.write(f"Figures written to {options['json']}")

    def paths(self, options: dict[str, Any], wanted: list[str]) -> dict[str, list[Path]]:
        """The gold files of each corpus wanted; says so when a corpus has none."""
        if options["gold"]:
            missing = [str(p) for p in options["gold"] if not Path(p).is_file()]
            if missing:
                raise CommandError(f"No such gold file: {', '.join(missing)}")
            kinds = {p: gold_kind(p) for p in options["gold"]}
            by_corpus = {c: [p for p in options["gold"] if kinds[p] == c] for c in (REAL, SELF)}
        else:
            by_corpus = {
                REAL: corpus_default_paths(options["corpus_dir"]),
                SELF: gold_default_paths(SEEDS_DIR),
            }
        for corpus in wanted:
            if not by_corpus[corpus]:
                where = f"in {options['corpus_dir']}"
                if options["gold"]:
                    where = "among the --gold files"
                self.stdout.write(f"No {corpus} gold {where}: nothing to score for it.")
        return by_corpus
