#!/usr/bin/env python
"""Benchmark: reports per second through the ingest pipeline's `report_extract`.

Synthetic reports of realistic length (a headline, a dateline, 14-26 sentences, about 2,000
characters) are built by recombining sentence templates with varied places, actors, dates and
numbers. Each is run through `report_extract` (which writes nothing), and, as a named baseline
measured in the same run, through `dateparser.search.search_dates` alone: the one off-the-shelf
step a naive pipeline would run over every report just to find its dates.

    .venv/bin/python bench/bench_ingest.py              # a temporary SpatiaLite DB, seeded
    .venv/bin/python bench/bench_ingest.py --db default # the configured DB (run migrate first)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLACES = [
    "Aleppo", "al-Bab", "Idlib", "Hama", "Homs", "Deir ez-Zor", "Dayr al-Zawr", "Palmyra",
    "Manbij", "Raqqa", "Khan Shaykhun", "Jisr al-Shughur", "Tadef", "Damascus", "Daraa",
]  # fmt: skip
UNKNOWN_VILLAGES = ["Tal Tawil", "Qarrat al-Sharqiyah", "Arab Hassan Saghir", "Kafr Nabudah"]
STATE = ["Russian warplanes", "Russian jets", "Turkish jets", "Syrian government troops",
         "the Syrian army", "Turkish artillery", "government forces"]  # fmt: skip
GROUPS = ["Daesh", "Islamic State", "Jabhat Fateh al-Sham", "the Free Syrian Army", "the YPG",
          "the Sultan Murad Brigade", "the Army of Islam"]  # fmt: skip
WHEN = ["on Monday", "on Tuesday", "on Sunday morning", "last week", "in late December",
        "yesterday", "on Wednesday", "since September", "in August last year",
        "overnight"]  # fmt: skip
TEMPLATES = [
    "{state} struck positions of {group} in {place} {when}, killing {n} fighters, "
    "a monitoring group said.",
    "{state} shelled the town of {place} {when}, local sources said.",
    "Fighting broke out {when} between {group} and {state} in the village of {village}, "
    "some {km} km {bearing} of {place}.",
    "{group} said its fighters had repelled an attack by {state} near {place} {when}.",
    "A ceasefire brokered by Russia and Turkey in {place} has largely held since it began {when}.",
    "Syrian government troops recaptured {place} from {group} {when}.",
    "Residents said {n} civilians were killed when {state} hit a market in {place} {when}.",
    "Peace talks between the Syrian government and the opposition are to be held in Astana "
    "next week, mediated by Russia, Turkey and Iran.",
    "Aid agencies said thousands of people had fled {place} for camps near the Turkish border.",
    "The United Nations called on all sides to protect civilians and allow aid convoys through.",
    "Analysts said the offensive could change the balance of power in northern Syria.",
]
BEARINGS = ["north", "south", "east", "west", "northeast", "southwest"]


def report_make(rng: random.Random, published: dt.date) -> str:
    """One synthetic report: headline, dateline and 14-26 sentences in paragraphs of 2-4."""
    sentences = []
    for _ in range(rng.randint(14, 26)):
        sentences.append(
            rng.choice(TEMPLATES).format(
                state=rng.choice(STATE),
                group=rng.choice(GROUPS),
                place=rng.choice(PLACES),
                village=rng.choice(UNKNOWN_VILLAGES),
                when=rng.choice(WHEN),
                n=rng.randint(2, 40),
                km=rng.choice([5, 10, 12, 15, 20, 40]),
                bearing=rng.choice(BEARINGS),
            )
        )
    sentences = [s[0].upper() + s[1:] for s in sentences]
    paragraphs, i = [], 0
    while i < len(sentences):
        step = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[i : i + step]))
        i += step
    headline = f"Fighting flares around {rng.choice(PLACES)}"
    dateline = published.strftime("%a %b %d, %Y")
    return "\n\n".join([headline, dateline, *paragraphs]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--baseline-reports", type=int, default=300,
                        help="reports timed through the baseline (it is slow)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", choices=["temp", "default"], default="temp")
    args = parser.parse_args()

    tmp = None
    if args.db == "temp":
        tmp = tempfile.TemporaryDirectory()
        os.environ["DATABASE_URL"] = f"spatialite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
    import django

    django.setup()
    import dateparser.search
    from django.core.management import call_command
    from tqdm import tqdm

    from events.geo.gazetteer import get_gazetteer
    from events.services.ingest import actor_registry, report_extract

    if args.db == "temp":
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        from events.services.seeds import seeds_load

        seeds_load()
        print(
            f"temporary SpatiaLite DB migrated and seeded in {time.perf_counter() - started:.1f} s"
        )

    rng = random.Random(args.seed)
    published = dt.date(2017, 1, 18)
    reports = [report_make(rng, published) for _ in range(args.reports)]
    chars = sum(len(r) for r in reports)
    print(f"{len(reports)} synthetic reports, {chars / len(reports):.0f} characters on average")

    started = time.perf_counter()
    get_gazetteer()
    registry = actor_registry()
    report_extract(reports[0], published=published, registry=registry)  # loads dateparser too
    warmup = time.perf_counter() - started
    if not registry.aliases:
        print("warning: the actor registry is empty (run load_seeds): no actor will be matched")

    started = time.perf_counter()
    events = 0
    for text in tqdm(reports, desc="report_extract", unit="report"):
        events += len(report_extract(text, published=published, registry=registry).proposals)
    pipeline_s = time.perf_counter() - started

    baseline = reports[: args.baseline_reports]
    settings = {"RELATIVE_BASE": dt.datetime(2017, 1, 18), "PREFER_DATES_FROM": "past"}
    dateparser.search.search_dates(baseline[0], languages=["en"], settings=settings)  # warm up
    started = time.perf_counter()
    found = 0
    for text in tqdm(baseline, desc="baseline: search_dates", unit="report"):
        found += len(
            dateparser.search.search_dates(text, languages=["en"], settings=settings) or []
        )
    baseline_s = time.perf_counter() - started

    pipeline_rate = len(reports) / pipeline_s
    baseline_rate = len(baseline) / baseline_s
    print()
    print(f"warm-up (gazetteer, registry, dateparser; once per process): {warmup:.2f} s")
    print(
        f"report_extract: {pipeline_rate:.1f} reports/s, {1000 / pipeline_rate:.1f} ms/report, "
        f"{chars / pipeline_s / 1000:.0f} k characters/s, {events / len(reports):.1f} draft "
        "events/report"
    )
    print(
        f"baseline dateparser.search.search_dates alone: {baseline_rate:.1f} reports/s, "
        f"{1000 / baseline_rate:.1f} ms/report ({found / len(baseline):.1f} dates/report, "
        f"{len(baseline)} reports)"
    )
    print(f"ratio: the whole pipeline is {pipeline_rate / baseline_rate:.1f}x the baseline's speed")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
