"""`manage.py evaluate_ingest`: precision and recall of the ingest pipeline against gold events,
the real corpus and the self-written gold in separate tables; with `--pairs` (or `--corpus
pairs`), merge precision and recall of "same as event #N" on pairs of real reports."""

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
from events.ingest.evaluate_pairs import PairScores, pairs_evaluate, pairs_load, pairs_table
from events.ingest.evaluate_table import LEGEND, corpus_table, figures_json, verbose_lines
from events.services.ingest import actor_registry, gold_evaluate
from events.services.seeds import SEEDS_DIR

PAIRS = "pairs"
PAIRS_FILE = SEEDS_DIR / "corroboration" / "pairs.json"

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
            choices=[REAL, SELF, "all", PAIRS],
            default="all",
            help="real: seeds/corpus/*.json; self: seeds/events.json and seeds/gold/*.json; "
            "pairs: only the corroboration pairs (see --pairs)",
        )
        parser.add_argument(
            "--pairs",
            nargs="?",
            type=Path,
            const=PAIRS_FILE,
            help="Also score corroboration ('same as event #N') on a pairs file of real reports "
            "(default: seeds/corroboration/pairs.json); its corpus reports are read from "
            "--corpus-dir",
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
        registry = actor_registry()
        if not registry.aliases:
            self.stderr.write(self.style.WARNING(EMPTY_REGISTRY))
        pairs = None
        if options["pairs"] or options["corpus"] == PAIRS:
            pairs = self.pairs(options, registry)
        if options["corpus"] == PAIRS:
            self.write_json(options, {}, pairs)
            return
        wanted = [REAL, SELF] if options["corpus"] == "all" else [options["corpus"]]
        by_corpus = self.paths(options, wanted)
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
        self.write_json(options, grouped, pairs)

    def write_json(
        self, options: dict[str, Any], grouped: dict[str, Any], pairs: PairScores | None
    ) -> None:
        if not options["json"]:
            return
        figures = figures_json(grouped)
        if pairs is not None:
            figures["corroboration"] = pairs.as_json()
        options["json"].write_text(json.dumps(figures, indent=2) + "\n")
        self.stdout.write(f"Figures written to {options['json']}")

    def pairs(self, options: dict[str, Any], registry: Any) -> PairScores:
        """Score the pairs file and print its table (every pair with --verbose)."""
        path = options["pairs"] or PAIRS_FILE
        if not Path(path).is_file():
            raise CommandError(f"No such pairs file: {path}")
        try:
            scores = pairs_evaluate(pairs_load(path, options["corpus_dir"]), registry)
        except (ValueError, KeyError) as exc:
            raise CommandError(f"Bad pairs file {path}: {exc}") from exc
        self.stdout.write("\n".join(pairs_table(scores, verbose=options["verbose"])) + "\n")
        return scores

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
