#!/usr/bin/env python
"""Benchmark: reports per second through the ingest pipeline's `report_extract`.

Synthetic reports of realistic length (a headline, a dateline, 14-26 sentences, about 2,000
characters) are built by recombining sentence templates with varied places, actors, dates and
numbers. Each is run through `report_extract` (which writes nothing), and, as a named baseline
measured in the same run, through `dateparser.search.search_dates` alone: the one off-the-shelf
step a naive pipeline would run over every report just to find its dates.

Then, to show the pipeline is linear in a report's length, single long reports of about 0.03,
0.14, 0.55 and 1 MB (paragraphs of the same templates, each section with its own places and
explicit dates, as a long situation report or a timeline reads) are timed once each; the baseline
is the smallest one's time per MB, measured in the same run.

    .venv/bin/python bench/bench_ingest.py              # a temporary SpatiaLite DB, seeded
    .venv/bin/python bench/bench_ingest.py --db default # the configured DB (run migrate first)
    .venv/bin/python bench/bench_ingest.py --sizes 0.03,0.14,0.55,1,5 --reports 100
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
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]  # fmt: skip


def _sentence(rng: random.Random, places: list[str], when: list[str]) -> str:
    text = rng.choice(TEMPLATES).format(
        state=rng.choice(STATE),
        group=rng.choice(GROUPS),
        place=rng.choice(places),
        village=rng.choice(UNKNOWN_VILLAGES),
        when=rng.choice(when),
        n=rng.randint(2, 40),
        km=rng.choice([5, 10, 12, 15, 20, 40]),
        bearing=rng.choice(BEARINGS),
    )
    return text[0].upper() + text[1:]


def report_make(rng: random.Random, published: dt.date) -> str:
    """One synthetic report: headline, dateline and 14-26 sentences in paragraphs of 2-4."""
    sentences = [_sentence(rng, PLACES, WHEN) for _ in range(rng.randint(14, 26))]
    paragraphs, i = [], 0
    while i < len(sentences):
        step = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[i : i + step]))
        i += step
    headline = f"Fighting flares around {rng.choice(PLACES)}"
    dateline = published.strftime("%a %b %d, %Y")
    return "\n\n".join([headline, dateline, *paragraphs]) + "\n"


def long_report_make(
    rng: random.Random, published: dt.date, size_bytes: int, towns: list[str]
) -> str:
    """One long report of about `size_bytes`: sections of 4-10 paragraphs, each section about
    a few places of its own (the seeds' and other towns of the gazetteer) on dates of its own."""
    parts = [
        f"Timeline of the fighting around {rng.choice(PLACES)}",
        published.strftime("%a %b %d, %Y"),
    ]
    size = sum(len(p) + 2 for p in parts)
    while size < size_bytes:
        day = published - dt.timedelta(days=rng.randint(1, 3 * 365))
        when = [f"on {MONTH_NAMES[day.month - 1]} {day.day}, {day.year}",
                f"on {day.day} {MONTH_NAMES[day.month - 1]} {day.year}", *WHEN]  # fmt: skip
        places = rng.sample(PLACES, 3) + rng.sample(towns, min(3, len(towns)))
        for _ in range(rng.randint(4, 10)):
            paragraph = " ".join(_sentence(rng, places, when) for _ in range(rng.randint(2, 4)))
            parts.append(paragraph)
            size += len(paragraph) + 2
    return "\n\n".join(parts) + "\n"


def _sizes_bench(sizes: list[float], published: dt.date, registry, seed: int) -> None:
    """Time one report of each size; print seconds, ratio to the smallest and MB/s."""
    from events.geo.gazetteer import get_gazetteer
    from events.services.ingest import report_extract

    towns = sorted(
        {
            e.name
            for e in get_gazetteer().entries.values()
            if e.kind == "city" and e.country_code == "SY"
        }
        - {"Of", "Most"}
    )
    print()
    print("one long report per size (linear in length: time per MB stays near the smallest's)")
    print(f"{'MB':>6} {'chars':>10} {'seconds':>9} {'x smallest':>11} {'s/MB':>8} {'vs s/MB':>8} "
          f"{'drafts':>7}")  # fmt: skip
    first: tuple[float, float] | None = None
    for size in sizes:
        text = long_report_make(random.Random(seed), published, int(size * 1_000_000), towns)
        mb = len(text.encode("utf-8")) / 1_000_000
        started = time.perf_counter()
        drafts = len(report_extract(text, published=published, registry=registry).proposals)
        seconds = time.perf_counter() - started
        first = first or (seconds, seconds / mb)
        print(
            f"{mb:6.2f} {len(text):10d} {seconds:9.2f} {seconds / first[0]:11.1f} "
            f"{seconds / mb:8.2f} {seconds / mb / first[1]:8.2f} {drafts:7d}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--baseline-reports", type=int, default=300,
                        help="reports timed through the baseline (it is slow)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", choices=["temp", "default"], default="temp")
    parser.add_argument("--sizes", default="0.03,0.14,0.55,1",
                        help="MB of the long reports timed for linearity ('' to skip)")  # fmt: skip
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
    if args.sizes:
        _sizes_bench([float(s) for s in args.sizes.split(",")], published, registry, args.seed)
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
