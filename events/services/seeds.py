"""Loading the curated seed data: the starter actor registry and the events of the first source
report."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from tqdm import tqdm

from events.geo.geocoders import BatchBackend, get_backend
from events.ingest.actors_registry import state_force_specs
from events.ingest.text import text_checksum
from events.models import Actor, Event, Source
from events.services.actors import actors_load, alias_keys
from events.services.datasets import dataset_ensure
from events.services.event_sources import event_add_source
from events.services.events import event_set_actors
from events.services.places import Located, place_locate
from events.services.rows import row_upsert

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
DATASET = "seed"


@dataclass
class SeedSummary:
    actors: int = 0
    events_created: int = 0
    events_updated: int = 0  # changed since the last load; 0 on a second run
    unlocated: list[str] = field(default_factory=list)
    aliases_skipped: list[tuple[str, str]] = field(default_factory=list)  # (alias, its holder)


@transaction.atomic
def seeds_load(*, seeds_dir: Path = SEEDS_DIR, progress: bool = False) -> SeedSummary:
    """Load actors, the source report and its curated events. Idempotent: keyed by slug and key.

    Places are given by name only, so loading geocodes them through the configured geocoder;
    a name the geocoder does not know leaves the event unlocated, never dropped.
    """
    summary = SeedSummary()
    dataset_ensure(key=DATASET)
    actors = _actors_load(seeds_dir, summary)
    data = json.loads((seeds_dir / "events.json").read_text(encoding="utf-8"))
    source = _source_load(seeds_dir, data["source"])
    backend = BatchBackend(get_backend())
    for spec in tqdm(data["events"], desc="seed events", disable=not progress):
        if spec["quote"] not in source.text:
            raise ValueError(f"Seed {spec['key']}: its quote is not in the source text.")
        # A place the geocoder does not know, or cannot answer for (offline), leaves the event
        # unlocated with the reason, for a curator or a later `manage.py geocode --unlocated`.
        located = (
            place_locate(name=spec["place"], country=spec.get("country") or None, backend=backend)
            if spec.get("place")
            else None
        )
        if located is None or located.place is None:
            summary.unlocated.append(spec["key"])
        fields = _event_fields(spec, located=located, source=source)
        event, written = _event_write(spec["key"], fields, located=located, summary=summary)
        event_add_source(event=event, source=source, quote=spec["quote"])
        roles = [(actors[slug], role) for slug, role in spec["actors"]]
        if event_set_actors(event=event, roles=roles) and event.pk and not written:
            summary.events_updated += 1
    return summary


def _actors_load(seeds_dir: Path, summary: SeedSummary) -> dict[str, Actor]:
    """The starter registry, created or updated with its aliases (counted in `summary`); the seed
    actors by slug. Order decides who keeps an alias two specs claim: the curated seed actors,
    ACLED's generic actors, the state forces of every country, then the armed groups."""
    specs = registry_specs(seeds_dir)
    loaded = actors_load(specs=specs)
    summary.actors = len(loaded.actors)
    summary.aliases_skipped = loaded.skipped
    return loaded.actors


def _read(seeds_dir: Path, name: str) -> Any:
    path = seeds_dir / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def registry_specs(seeds_dir: Path = SEEDS_DIR) -> list[dict[str, Any]]:
    """Every actor spec of the starter registry, in load order, with its aliases' keys: read,
    generated and normalised once per process while the files stay unchanged (the tests load
    the seeds hundreds of times)."""
    names = (
        "actors.json",
        "generic_actors.json",
        "state_forces.json",
        "armed_groups.json",
        "actor_names.json",
    )
    paths = [seeds_dir / name for name in names]
    stamps = tuple(path.stat().st_mtime_ns if path.exists() else 0 for path in paths)
    return _registry_specs(seeds_dir, stamps)


@lru_cache(maxsize=4)
def _registry_specs(seeds_dir: Path, stamps: tuple[int, ...]) -> list[dict[str, Any]]:
    """Every actor spec of the starter registry, in load order. A generated state force whose
    country already has a seed actor of that force ("Military Forces of Russia", slug russia)
    is merged into it: the seed's slug, name, kind and colour stay, the generated aliases join."""
    specs: list[dict[str, Any]] = list(_read(seeds_dir, "actors.json") or [])
    generic = _read(seeds_dir, "generic_actors.json")
    specs += generic["actors"] if generic else []
    state = _read(seeds_dir, "state_forces.json")
    seeded = {
        (spec.get("country"), spec["name"].split(" of ")[0]): spec
        for spec in specs
        if spec["name"].startswith(("Military Forces of", "Police Forces of"))
    }
    for force in state_force_specs(state["forces"] if state else {}):
        seed = seeded.get((force["country"], force["name"].split(" of ")[0]))
        if seed is None:
            specs.append(force)
        else:
            seed["aliases"] = [*seed.get("aliases", []), *force["aliases"]]
    groups = _read(seeds_dir, "armed_groups.json")
    for group in groups["actors"] if groups else []:
        specs.append({"slug": group.get("slug") or slugify(group["name"])[:100], **group})
    _names_add(specs, _read(seeds_dir, "actor_names.json"))
    for spec in specs:
        spec["keys"] = alias_keys(spec)
    return specs


def _names_add(specs: list[dict[str, Any]], names: dict[str, Any] | None) -> None:
    """The actors' names in other languages and scripts (seeds/actor_names.json: slug ->
    language -> names) joined to their aliases, after the aliases of every other file."""
    by_slug = {spec["slug"]: spec for spec in specs}
    for slug, languages in (names or {}).get("names", {}).items():
        if slug not in by_slug:
            raise ValueError(f"seeds/actor_names.json: no actor has the slug {slug!r}")
        spec = by_slug[slug]
        spec["aliases"] = [*spec.get("aliases", []), *(n for ns in languages.values() for n in ns)]


def _source_load(seeds_dir: Path, meta: dict[str, Any]) -> Source:
    """The source report the seed events quote, keyed by its text's checksum."""
    text = (seeds_dir / meta["file"]).read_text(encoding="utf-8")
    source, _ = row_upsert(
        model=Source,
        lookup={"checksum": text_checksum(text)},
        values={
            "title": meta["title"],
            "publisher": meta.get("publisher", ""),
            "url": meta.get("url", ""),
            "published": dt.date.fromisoformat(meta["published"]),
            "text": text,
        },
    )
    return source


def _event_fields(
    spec: dict[str, Any], *, located: Located | None, source: Source
) -> dict[str, Any]:
    """The fields of a seed event, as the seed file and its geocoded place give them."""
    place = located.place if located else None
    return {
        "date": dt.date.fromisoformat(spec["date"]),
        "end_date": dt.date.fromisoformat(spec["end_date"]) if spec.get("end_date") else None,
        "date_precision": spec["date_precision"],
        "event_type": spec["event_type"],
        "sub_event_type": spec["sub_event_type"],
        "summary": spec["summary"],
        "place": place,
        "place_name": spec.get("place") or "",
        "location": place.point if place else None,
        "unlocated_reason": located.reason if located else "",
        "country_code": spec.get("country") or (place.country_code if place else ""),
        "geo_precision": spec["geo_precision"],
        "fatalities": spec.get("fatalities"),
        "source": source,
        "quote": spec["quote"],
        "status": Event.Status.VERIFIED,
    }


def _event_write(
    key: str, fields: dict[str, Any], *, located: Located | None, summary: SeedSummary
) -> tuple[Event, bool]:
    """Create the seed event `key` or update what differs; (the event, whether it was written),
    counted in `summary`."""
    event = Event.objects.filter(dataset=DATASET, external_id=key).first()
    if event is None:
        event = Event(dataset=DATASET, external_id=key, **fields)
        event.full_clean()
        event.save()
        summary.events_created += 1
        return event, True
    if located and located.unavailable and event.location is not None:
        # The geocoder could not answer this time: the event keeps the place it has.
        for name in ("place", "location", "unlocated_reason", "country_code"):
            del fields[name]
    changed = {k: v for k, v in fields.items() if getattr(event, k) != v}
    if not changed:
        return event, False
    for name, value in changed.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    summary.events_updated += 1
    return event, True
