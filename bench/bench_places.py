#!/usr/bin/env python
"""Benchmark: the place scan alone (`places_scan`, then `unknown_places_scan` and
`relatives_find`) on synthetic report text of growing length, to show it is linear in the
length (the reports are bench_ingest.py's, concatenated and cut to size).

    .venv/bin/python bench/bench_places.py                 # 0.03, 0.14, 0.55 and 1 MB
    .venv/bin/python bench/bench_places.py --mb 0.5 2 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[0.03, 0.14, 0.55, 1.0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
    import django

    django.setup()  # settings only (GAZETTEER_MIN_POPULATION, CACHE_DIR): no database is used
    from bench.bench_ingest import report_make
    from events.geo.gazetteer import get_gazetteer
    from events.ingest.places import places_scan, unknown_places_scan
    from events.ingest.relative import relatives_find
    from events.ingest.text import sentences_split

    started = time.perf_counter()
    gazetteer = get_gazetteer()
    print(f"gazetteer loaded in {time.perf_counter() - started:.1f} s")
    rng = random.Random(args.seed)
    base = "\n\n".join(report_make(rng, dt.date(2017, 1, 18)) for _ in range(600))
    for mb in args.mb:
        size = int(mb * 1_000_000)
        text = (base * (size // len(base) + 1))[:size]
        sentences = sentences_split(text)
        started = time.perf_counter()
        scan = places_scan(text, sentences, gazetteer, blocked=[], alias_spans=[])
        unknown = unknown_places_scan(text, sentences, scan.places, [])
        relatives = relatives_find(text, scan.places + unknown)
        seconds = time.perf_counter() - started
        print(
            f"{len(text) / 1e6:5.2f} MB: {seconds:6.2f} s ({len(text) / seconds / 1e6:.2f} MB/s), "
            f"{len(scan.places)} places, {len(unknown)} unknown, {len(relatives)} relative"
        )


if __name__ == "__main__":
    main()
