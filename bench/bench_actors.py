#!/usr/bin/env python
"""Benchmark: the actor scans of one long report, against the starter registry, by length.

Synthetic reports of 0.1, 0.5 and 1 MB (bench_ingest's sentence templates, recombined) are split
into sentences once; then `actors_scan`, `actors_scan_unknown` and `actors_scan_context` run on
them as the pipeline runs them, against the starter registry built in memory from seeds/ (every
actor and alias `manage.py load_seeds` would store: no database). Linear scans keep the
seconds-per-MB figure flat as the report grows.

    .venv/bin/python bench/bench_actors.py
    .venv/bin/python bench/bench_actors.py --sizes 0.05 0.2 1 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from events.ingest.actors import ActorRegistry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def registry_build() -> ActorRegistry:
    """The starter registry as ActorRegistry, from the seed files alone."""
    from events.ingest.actors import ActorRef, ActorRegistry
    from events.services.seeds import registry_specs

    aliases: dict = {}
    for pk, spec in enumerate(registry_specs(), 1):
        ref = ActorRef(spec["name"], spec["slug"], pk, spec.get("kind", 8), spec.get("country", ""))
        for alias, key in spec["keys"]:
            aliases.setdefault(key, (alias, ref))
    return ActorRegistry(aliases)


def text_make(megabytes: float, rng: random.Random) -> str:
    from bench.bench_ingest import report_make

    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        part = report_make(rng, dt.date(2017, 1, 18))
        parts.append(part)
        size += len(part) + 2
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.5, 1.0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
    import django

    django.setup()
    from events.ingest.actors import actors_scan, actors_scan_context, actors_scan_unknown
    from events.ingest.text import sentences_split

    registry = registry_build()
    print(f"registry: {len(registry.aliases)} aliases")
    rng = random.Random(args.seed)
    print(f"{'MB':>6} {'sentences':>10} {'mentions':>9} {'scan s':>8} {'s/MB':>7}")
    for megabytes in args.sizes:
        text = text_make(megabytes, rng)
        sentences = sentences_split(text)
        t0 = time.perf_counter()
        found = actors_scan(text, sentences, registry)
        taken = [(m.start, m.end) for m in found]
        found += actors_scan_unknown(text, sentences, registry, taken)
        taken += [(m.start, m.end) for m in found]
        found += actors_scan_context(text, sentences, registry, ["SY"], taken)
        seconds = time.perf_counter() - t0
        mb = len(text) / 1_000_000
        print(f"{mb:6.2f} {len(sentences):10d} {len(found):9d} {seconds:8.2f} {seconds / mb:7.2f}")


if __name__ == "__main__":
    main()
