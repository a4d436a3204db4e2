"""Synthetic events with a realistic spread, for benchmarks (reused by every bench script).

- places: real GeoNames towns of conflict countries from our gazetteer, picked with a weight
  growing with population, so big cities get many events and villages a few;
- dates: 2011-2024, background noise plus bursts ("campaigns") around random centres;
- actors: the seed actors plus ~100 generated armed groups, a few of them very active;
- types: ACLED's taxonomy with roughly ACLED's shares; fatalities mostly zero, long-tailed.

Loading uses COPY on PostgreSQL and batched INSERTs on SQLite, and writes ids itself so the
event-actor links can be written in the same pass.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

COUNTRIES = ["SY", "IQ", "YE", "AF", "SO", "LY", "UA", "SD", "ML", "NG", "MM", "CD"]
TYPE_SHARES = [
    ("Battles", "Armed clash", 0.28),
    ("Battles", "Government regains territory", 0.02),
    ("Battles", "Non-state actor overtakes territory", 0.02),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.22),
    ("Explosions/Remote violence", "Air/drone strike", 0.14),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0.06),
    ("Violence against civilians", "Attack", 0.10),
    ("Violence against civilians", "Abduction/forced disappearance", 0.02),
    ("Protests", "Peaceful protest", 0.07),
    ("Riots", "Violent demonstration", 0.02),
    ("Strategic developments", "Agreement", 0.01),
    ("Strategic developments", "Looting/property destruction", 0.02),
    ("Strategic developments", "Other", 0.02),
]
START = dt.date(2011, 1, 1)
DAYS = (dt.date(2024, 12, 31) - START).days


@dataclass
class World:
    places: list[tuple[int, float, float, str, str]]  # id, lon, lat, country, name
    place_weights: list[float]
    actors: list[int]
    actor_weights: list[float]
    source_id: int


def build_world(rng: random.Random, n_places: int = 600, n_actors: int = 100) -> World:
    """Places, actors and a source in the database, reused when already there."""
    from events.geo.gazetteer import get_gazetteer
    from events.geo.geocoders import PlaceFound
    from events.models import Actor, Place, Source
    from events.services.actors import actor_upsert
    from events.services.places import place_from_found

    gazetteer = get_gazetteer()
    towns = [
        e for e in gazetteer.entries.values() if e.kind == "city" and e.country_code in COUNTRIES
    ]
    towns.sort(key=lambda e: e.geonames_id)
    chosen = rng.sample(towns, min(n_places, len(towns)))
    places = []
    existing = {
        p.geonames_id: p
        for p in Place.objects.filter(geonames_id__in=[t.geonames_id for t in chosen])
    }
    for town in chosen:
        place = existing.get(town.geonames_id) or place_from_found(
            found=PlaceFound(
                name=town.name,
                latitude=town.latitude,
                longitude=town.longitude,
                country_code=town.country_code,
                admin1=town.admin1,
                geonames_id=town.geonames_id,
                population=town.population,
            )
        )
        places.append((place.pk, place.point.x, place.point.y, place.country_code, place.name))
    weights = [math.sqrt(max(t.population, 100)) for t in chosen]

    actor_ids = list(Actor.objects.values_list("pk", flat=True))
    for i in range(n_actors):
        kind = rng.choice([1, 2, 2, 3, 4, 8])
        actor = actor_upsert(
            slug=f"synthetic-group-{i:03d}",
            name=f"Synthetic Armed Group {i:03d}",
            kind=kind,
            colour=f"#{rng.randrange(0x1000000):06x}",
            aliases=[f"SAG-{i:03d}"],
        )
        actor_ids.append(actor.pk)
    actor_ids = sorted(set(actor_ids))
    # A few actors do most of the fighting, as in real data (Zipf-like).
    actor_weights = [1 / (rank + 1) for rank in range(len(actor_ids))]
    rng.shuffle(actor_weights)
    source, _ = Source.objects.get_or_create(
        checksum="synthetic", defaults={"title": "Synthetic benchmark data", "publisher": "bench"}
    )
    return World(places, weights, actor_ids, actor_weights, source.pk)


def _date(rng: random.Random, bursts: list[int]) -> dt.date:
    if rng.random() < 0.6:
        centre = rng.choice(bursts)
        offset = int(rng.gauss(0, 20))
        return START + dt.timedelta(days=min(max(centre + offset, 0), DAYS))
    return START + dt.timedelta(days=rng.randrange(DAYS))


def synthetic_rows(n: int, world: World, rng: random.Random, first_id: int) -> Iterator[tuple]:
    """(event row, [(actor_id, role)]) tuples with explicit ids."""
    bursts = [rng.randrange(DAYS) for _ in range(120)]
    types = [(t, s) for t, s, _ in TYPE_SHARES]
    type_weights = [w for _, _, w in TYPE_SHARES]
    place_choices = rng.choices(world.places, weights=world.place_weights, k=n)
    type_choices = rng.choices(types, weights=type_weights, k=n)
    for i in range(n):
        pid, lon, lat, country, name = place_choices[i]
        event_type, sub = type_choices[i]
        date = _date(rng, bursts)
        jitter = 0.02 if rng.random() < 0.7 else 0.15
        x = min(max(lon + rng.uniform(-jitter, jitter), -180), 180)
        y = min(max(lat + rng.uniform(-jitter, jitter), -90), 90)
        fatalities = 0 if rng.random() < 0.55 else int(rng.paretovariate(1.3))
        a1, a2 = rng.choices(world.actors, weights=world.actor_weights, k=2)
        roles = [(a1, "actor1")] + ([(a2, "actor2")] if a2 != a1 and rng.random() < 0.8 else [])
        yield (
            (
                first_id + i,
                date,
                rng.choices([1, 2, 3], weights=[85, 12, 3])[0],
                event_type,
                sub,
                f"Synthetic {sub.lower()} near {name}.",
                pid,
                x,
                y,
                name,
                country,
                rng.choices([1, 2, 3], weights=[70, 25, 5])[0],
                fatalities,
                world.source_id,
                f"syn-{first_id + i}",
            ),
            roles,
        )


EVENT_COLUMNS = (
    "id, date, date_precision, event_type, sub_event_type, summary, place_id, location, "
    "place_name, country_code, geo_precision, fatalities, source_id, status, dataset, "
    "external_id, quote, extraction, extra, created, updated, unlocated_reason"
)


def _copy_text(value) -> str:
    """Any value as COPY's text format reads it (the importer's escaping: one place for it)."""
    from events.services.imports.copy_columns import NULL, copy_text

    return NULL if value is None else copy_text(str(value))


def load_synthetic(n: int, *, seed: int = 7, batch: int = 50_000) -> int:
    """Add n synthetic verified events (dataset "synthetic"); returns how many were written."""
    from events.models import Event

    rng = random.Random(seed + Event.objects.filter(dataset="synthetic").count())
    world = build_world(random.Random(seed))
    first = (Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = timezone.now().isoformat()
    bar = tqdm(total=n, desc="synthetic events", unit="ev")
    rows = synthetic_rows(n, world, rng, first)
    link_id = (
        connection.cursor()
        .execute("SELECT COALESCE(MAX(id), 0) FROM events_eventactor")
        .fetchone()[0]
        + 1
    )
    written = 0
    while written < n:
        chunk = [next(rows) for _ in range(min(batch, n - written))]
        links = []
        for row, roles in chunk:
            for actor_id, role in roles:
                links.append((link_id, row[0], actor_id, role))
                link_id += 1
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _copy_pg(chunk, links, now)
            else:
                _insert_sqlite(chunk, links, now)
        written += len(chunk)
        bar.update(len(chunk))
    bar.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for table in ("events_event", "events_eventactor"):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
            # A database in steady state, as autovacuum would leave it: visibility map and
            # statistics up to date (a just-COPYed table is read several times slower).
            cur.execute("VACUUM ANALYZE events_event")
            cur.execute("VACUUM ANALYZE events_eventactor")
            # The places, actors and source written through the ORM: without statistics the
            # planner takes 600 places for 60 and joins them row by row.
            cur.execute("ANALYZE events_place, events_actor, events_source")
    return written


def _copy_pg(chunk, links, now: str) -> None:
    buf = io.StringIO()
    for row, _ in chunk:
        (eid, date, prec, etype, sub, summary, pid, x, y, name, country, geo, fat, src, ext) = row
        fields = [
            eid, date.isoformat(), prec, etype, sub, summary, pid,
            f"SRID=4326;POINT({x:.6f} {y:.6f})", name, country, geo, fat, src, "verified",
            "synthetic", ext, "", "{}", "{}", now, now, "",
        ]  # fmt: skip
        buf.write("\t".join(_copy_text(v) for v in fields) + "\n")
    with connection.cursor() as cur:
        raw = cur.cursor
        with raw.copy(f"COPY events_event ({EVENT_COLUMNS}) FROM STDIN") as copy:
            copy.write(buf.getvalue())
        with raw.copy("COPY events_eventactor (id, event_id, actor_id, role) FROM STDIN") as copy:
            for link in links:
                copy.write_row(link)


def _insert_sqlite(chunk, links, now: str) -> None:
    values = [
        (eid, date.isoformat(), prec, etype, sub, summary, pid, f"POINT({x:.6f} {y:.6f})", name,
         country, geo, fat, src, "verified", "synthetic", ext, "", "{}", "{}", now, now, "")
        for (eid, date, prec, etype, sub, summary, pid, x, y, name, country, geo, fat, src, ext), _
        in chunk
    ]  # fmt: skip
    placeholders = ", ".join(["%s"] * 7 + ["GeomFromText(%s, 4326)"] + ["%s"] * 14)
    with connection.cursor() as cur:
        cur.executemany(
            f"INSERT INTO events_event ({EVENT_COLUMNS}) VALUES ({placeholders})", values
        )
        cur.executemany(
            "INSERT INTO events_eventactor (id, event_id, actor_id, role) VALUES (%s, %s, %s, %s)",
            links,
        )
