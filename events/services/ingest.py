"""Ingesting news reports: the pipeline run against the database, and its drafts stored.

The pipeline (events/ingest) knows no database: here it is given the actor registry, and what it
proposes is stored. `report_extract` writes nothing (the dry run, the evaluation and the
benchmark use it); `report_ingest` stores the proposals atomically as draft events of dataset
"ingest" linked to their Source. Re-ingesting a report changes nothing: the Source is found by
its checksum and each draft by a key built from that checksum and the quote's offsets, so a
curator's edits to a draft are never overwritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils.text import slugify

from events.geo.gazetteer import GazetteerEntry
from events.geo.geocoders import BatchBackend, PlaceBackend, get_backend
from events.ingest.actors import ActorRef, ActorRegistry
from events.ingest.errors import NO_SOURCE_TEXT, IngestError
from events.ingest.evaluate import ReportScore, evaluate
from events.ingest.pipeline import Extraction, Proposal, report_propose
from events.models import Actor, ActorAlias, Event, Place, Source
from events.selectors.actors import actor_alias_index, actor_resolve
from events.selectors.places import ingest_gazetteer
from events.services.datasets import dataset_ensure
from events.services.event_sources import event_add_source
from events.services.events import event_set_actors
from events.services.places import place_locate

DATASET = "ingest"
# Event.unlocated_reason of a draft whose sentence names no place (and no country to sit in).
NO_PLACE_NAMED = "The report names no place for this event: a curator places it."
# The Event fields a draft takes from its proposal as they are.
PROPOSAL_FIELDS = (
    "event_type",
    "sub_event_type",
    "summary",
    "geo_precision",
    "fatalities",
    "quote",
    "quote_start",
    "quote_end",
    "confidence",
)


def actor_registry() -> ActorRegistry:
    """The database's actor registry, for the pipeline to name actors from (one query)."""
    return ActorRegistry(
        {
            key: (e.alias, ActorRef(e.name, e.slug, e.pk, e.kind, e.country, e.proposed))
            for key, e in actor_alias_index().items()
        }
    )


def report_extract(
    text: str | bytes,
    *,
    published: dt.date | None = None,
    registry: ActorRegistry | None = None,
    require_places: bool = True,
) -> Extraction:
    """Propose draft events for a report, against the database's actor registry unless one is
    given (one query); writes nothing."""
    return report_propose(
        text,
        registry=registry or actor_registry(),
        published=published,
        require_places=require_places,
        gazetteer=ingest_gazetteer(),
    )


def gold_evaluate(paths: list[Path], registry: ActorRegistry | None = None) -> list[ReportScore]:
    """Score the pipeline on gold files (events/ingest/evaluate.py), against the database's
    actor registry unless one is given; writes nothing."""
    return evaluate(paths, registry or actor_registry())


@dataclass
class IngestResult:
    source: Source
    source_created: bool
    extraction: Extraction
    created: list[Event] = field(default_factory=list)
    existing: list[Event] = field(default_factory=list)  # from an earlier ingest
    proposed_actors: list[Actor] = field(default_factory=list)  # new this time

    @property
    def events(self) -> list[Event]:
        return self.created + self.existing


def actor_propose(*, ref: ActorRef) -> tuple[Actor, bool]:
    """The Actor for a proposed name: found by its alias if an earlier ingest proposed it,
    else created with proposed=True and its name as an alias, for a curator to accept."""
    existing = actor_resolve(ref.name)
    if existing is not None:
        return existing, False
    base = slugify(ref.name)[:110] or "proposed-actor"
    slug, n = base, 2
    while Actor.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    actor = Actor.objects.create(
        name=ref.name, slug=slug, kind=ref.kind, country=ref.country, proposed=True
    )
    ActorAlias.objects.create(actor=actor, alias=ref.name)
    return actor, True


def _source_create(
    extraction: Extraction, *, published: dt.date | None, title: str, publisher: str, url: str
) -> Source:
    text = extraction.text
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    source = Source(
        title=(title or first_line or "Untitled report")[:500],
        publisher=publisher,
        url=url,
        published=published
        or (extraction.published if extraction.published_from == "dateline" else None),
        text=text,
        checksum=extraction.checksum,
    )
    source.full_clean()
    source.save()
    return source


def _source_fill(source: Source, values: dict[str, Any]) -> None:
    """Fill the Source's empty fields from this ingest; what is there already stays."""
    changed = []
    for name, value in values.items():
        if value and not getattr(source, name):
            setattr(source, name, value)
            changed.append(name)
    if changed:
        source.save(update_fields=changed)


def _source_store(
    extraction: Extraction,
    *,
    source: Source | None,
    published: dt.date | None,
    title: str,
    publisher: str,
    url: str,
) -> tuple[Source, bool]:
    """The report's Source (given, or found by its checksum, else created) and if it is new."""
    if source is None:
        source = Source.objects.filter(checksum=extraction.checksum).first()
    if source is None:
        created = _source_create(
            extraction, published=published, title=title, publisher=publisher, url=url
        )
        return created, True
    _source_fill(
        source,
        {
            "title": title,
            "publisher": publisher,
            "url": url,
            "published": published,
            "checksum": extraction.checksum,
            "text": extraction.text,
        },
    )
    return source, False


@dataclass
class _Placed:
    """Where a draft is stored: its Place and point, or why it has none."""

    place: Place | None = None
    location: Point | None = None
    unlocated_reason: str = ""
    cache_note: str = ""  # the lookup cache answered another place than the gazetteer's


def _gazetteer_place(entry: GazetteerEntry, backend: PlaceBackend) -> _Placed:
    # Through the one geocoding module, so the lookup cache and a curator's fixes apply.
    located = place_locate(name=entry.name, country=entry.country_code, backend=backend)
    place = located.place
    placed = _Placed(place, place.point if place is not None else None, located.reason)
    if place is not None and place.geonames_id != entry.geonames_id:
        placed.cache_note = f"the lookup cache answers {place} for {entry.name}; kept"
    return placed


def _draft_place(
    proposal: Proposal, *, backend: PlaceBackend, lookup_backend: PlaceBackend
) -> _Placed:
    entry = proposal.place.entry if proposal.place is not None else None
    if entry is not None and entry.kind == "city":
        return _gazetteer_place(entry, backend)
    if entry is not None and entry.place_id is not None:  # a place an import stored
        place = Place.objects.filter(pk=entry.place_id).first()
        if place is not None:
            return _Placed(place, place.point)
    if proposal.location is not None:
        latitude, longitude = proposal.location
        return _Placed(location=Point(longitude, latitude, srid=4326))
    if proposal.place_name:
        # Named, but not in the gazetteer. Unlocated, never dropped, when the geocoder does
        # not know it either or cannot answer (then nothing is cached: geocode again later).
        located = place_locate(
            name=proposal.place_name,
            country=proposal.country_code or None,
            backend=lookup_backend,
        )
        place = located.place
        return _Placed(place, place.point if place is not None else None, located.reason)
    return _Placed(unlocated_reason=NO_PLACE_NAMED)


def _draft_create(proposal: Proposal, *, source: Source, placed: _Placed) -> Event:
    extraction = dict(proposal.extraction)
    if placed.cache_note:
        extraction["place_cache"] = placed.cache_note
    event = Event(
        **{name: getattr(proposal, name) for name in PROPOSAL_FIELDS},
        date=proposal.date.start,
        end_date=proposal.date.end,
        date_precision=proposal.date.precision,
        place=placed.place,
        location=placed.location,
        place_name=proposal.place_name[:255],
        unlocated_reason=placed.unlocated_reason,
        country_code=(placed.place.country_code if placed.place else "") or proposal.country_code,
        source=source,
        extraction=extraction,
        status=Event.Status.DRAFT,
        dataset=DATASET,
        external_id=proposal.key,
    )
    event.full_clean()
    event.save()
    event_add_source(
        event=event,
        source=source,
        quote=event.quote,
        start=event.quote_start,
        end=event.quote_end,
    )
    return event


def _draft_roles(
    proposal: Proposal, actors: dict[str, Actor], proposed: list[Actor]
) -> list[tuple[Actor, str]]:
    """The proposal's actors as Actors (`actors` caches them by key; new proposed ones are
    added to `proposed`), with their roles."""
    roles = []
    for ref, role in proposal.actors:
        if ref.key not in actors:
            if ref.pk is not None:
                actors[ref.key] = Actor.objects.get(pk=ref.pk)
            else:
                actors[ref.key], created = actor_propose(ref=ref)
                if created:
                    proposed.append(actors[ref.key])
        roles.append((actors[ref.key], role))
    return roles


@transaction.atomic
def report_ingest(
    text: str | bytes,
    *,
    published: dt.date | None = None,
    title: str = "",
    publisher: str = "",
    url: str = "",
    source: Source | None = None,
) -> IngestResult:
    """Store a report's proposals as draft events; all or nothing, and idempotent."""
    extraction = report_extract(text, published=published)
    source, source_created = _source_store(
        extraction, source=source, published=published, title=title, publisher=publisher, url=url
    )
    result = IngestResult(source=source, source_created=source_created, extraction=extraction)
    dataset_ensure(key=DATASET)
    actors: dict[str, Actor] = {}
    # Places the gazetteer found are stored through the offline geocoder (the point the proposal
    # was made with); a place it lacks is asked of the configured geocoder, which may know it
    # when it is online (GEOCODER=nominatim).
    backends = {"backend": get_backend("geonames"), "lookup_backend": BatchBackend(get_backend())}
    for proposal in extraction.proposals:
        existing = Event.objects.filter(dataset=DATASET, external_id=proposal.key).first()
        if existing is not None:
            result.existing.append(existing)
            continue
        roles = _draft_roles(proposal, actors, result.proposed_actors)
        placed = _draft_place(proposal, **backends)
        event = _draft_create(proposal, source=source, placed=placed)
        event_set_actors(event=event, roles=roles)
        result.created.append(event)
    return result


def source_extract_events(*, source: Source) -> IngestResult:
    """Extract draft events from a Source already stored (the admin's "Extract events")."""
    if not (source.text or "").strip():
        raise IngestError(NO_SOURCE_TEXT.format(pk=source.pk))
    return report_ingest(
        source.text,
        published=source.published,
        title=source.title,
        publisher=source.publisher,
        url=source.url,
        source=source,
    )
