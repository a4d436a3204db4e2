"""The ingest pipeline: a news report's text in, draft events out.

`report_extract` reads the text and returns what it proposes, writing nothing (the evaluation and
the benchmark use it); `report_ingest` stores the proposals atomically as draft events of dataset
"ingest" linked to their Source. Re-ingesting a report changes nothing: the Source is found by
its checksum and each draft by a key built from that checksum and the quote's offsets, so a
curator's edits to a draft are never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from events.domain.countries import capitals
from events.domain.names import normalize_name
from events.geo.gazetteer import Gazetteer, get_gazetteer
from events.geo.geocoders import BatchBackend, get_backend
from events.ingest.actors import (
    ActorMention,
    ActorRef,
    ActorRegistry,
    actors_scan,
    actors_scan_context,
    actors_scan_unknown,
)
from events.ingest.dates import DateSpan, dateline_find, dates_find, publication_default
from events.ingest.errors import (
    BINARY_TEXT,
    EMPTY_TEXT,
    MAX_REPORT_BYTES,
    NO_PLACES,
    NO_SOURCE_TEXT,
    TOO_LARGE,
    IngestError,
)
from events.ingest.events import (
    EventDraft,
    confidence,
    events_merge,
    geo_precision,
    mentions_find,
)
from events.ingest.places import PlaceMention, places_scan, unknown_places_scan
from events.ingest.relative import RelativeMention, relatives_find
from events.ingest.text import sentences_split
from events.services.places import place_locate
from events.services.seeds import text_checksum

DATASET = "ingest"
# Event.unlocated_reason of a draft whose sentence names no place (and no country to sit in).
NO_PLACE_NAMED = "The report names no place for this event: a curator places it."


@dataclass
class Proposal:
    """One draft event as the pipeline proposes it, before anything is stored."""

    key: str
    date: DateSpan
    event_type: str
    sub_event_type: str
    place: PlaceMention | None
    place_name: str
    country_code: str
    location: tuple[float, float] | None  # (latitude, longitude)
    geo_precision: int
    actors: list[tuple[ActorRef, str]]
    fatalities: int | None
    quote: str
    quote_start: int
    quote_end: int
    confidence: float
    summary: str
    extraction: dict

    def as_json(self) -> dict:
        place = None
        if self.location is not None:
            place = {
                "name": self.place.name if self.place else self.place_name,
                "latitude": round(self.location[0], 5),
                "longitude": round(self.location[1], 5),
                "country_code": self.country_code,
            }
        return {
            "date": self.date.start.isoformat(),
            "end_date": self.date.end.isoformat() if self.date.end else None,
            "date_precision": self.date.precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "place": place,
            "place_name": self.place_name,
            "actors": [{"name": a.name, "role": role} for a, role in self.actors],
            "fatalities": self.fatalities,
            "quote": self.quote,
            "quote_start": self.quote_start,
            "quote_end": self.quote_end,
            "confidence": self.confidence,
        }


@dataclass
class Extraction:
    """Everything `report_extract` found, for drafts, reports and tests."""

    text: str
    checksum: str
    published: dt.date
    published_from: str  # argument, dateline or today
    context: list[str]
    places: list[PlaceMention]
    rejected_places: list[dict]
    relatives: list[RelativeMention]
    actors: list[ActorMention]
    proposals: list[Proposal]

    @property
    def proposed_actors(self) -> list[ActorRef]:
        seen: dict[str, ActorRef] = {}
        for p in self.proposals:
            for actor, _ in p.actors:
                if actor.proposed and actor.pk is None:
                    seen.setdefault(actor.key, actor)
        return list(seen.values())


def text_check(text: str | bytes) -> str:
    """The text, or IngestError for what cannot be a report."""
    if isinstance(text, bytes):
        if len(text) > MAX_REPORT_BYTES:
            raise IngestError(TOO_LARGE)
        if b"\x00" in text:
            raise IngestError(BINARY_TEXT)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise IngestError(BINARY_TEXT) from exc
    if "\x00" in text:
        raise IngestError(BINARY_TEXT)
    if len(text) > MAX_REPORT_BYTES or len(text.encode("utf-8")) > MAX_REPORT_BYTES:
        raise IngestError(TOO_LARGE)
    if not text.strip():
        raise IngestError(EMPTY_TEXT)
    return text


def _summary(draft: EventDraft, place_name: str, date: DateSpan, actors) -> str:
    doers = [a.name for a, r in actors if r in {"actor1", "assoc1"}]
    others = [a.name for a, r in actors if r in {"actor2", "assoc2"}]
    who = " and ".join(doers) or "Unnamed actors"
    against = f"; other side: {', '.join(others)}" if others else ""
    where = place_name or (draft.country or "unknown place")
    when = date.start.isoformat() + (f" to {date.end.isoformat()}" if date.end else "")
    return (
        f"Draft from ingest, to be checked against the quote: {draft.sub_event_type} "
        f"({draft.event_type}) at {where}, {when}. {who}{against}."
    )


def _proposal(
    draft: EventDraft,
    text: str,
    checksum: str,
    published: dt.date,
    gazetteer: Gazetteer,
) -> Proposal:
    primary = draft.primary
    sentence = primary.sentence
    date = draft.date or publication_default(published)
    place = draft.place
    location = None
    place_name = place.text if place else ""
    country = draft.country
    extraction: dict = {"reasons": [], "mentions": []}
    if place is not None and place.entry is not None:
        location = (place.entry.latitude, place.entry.longitude)
        extraction["place"] = place.as_dict()
    elif place is not None and primary.relative is not None:
        location = primary.relative.computed
        extraction["reasons"].append("located by the stated distance and bearing from a place")
    elif place is None and country and any(m.nationwide for m in draft.mentions):
        capital = capitals().get(country)
        ranked = gazetteer.rank(capital, [country]) if capital else []
        if ranked and ranked[0][0].country_code == country:
            entry = ranked[0][0]
            place = PlaceMention(-1, -1, capital, sentence.index, entry, 3, "nationwide",
                                 ["nationwide: placed at the capital, as ACLED does"])  # fmt: skip
            location = (entry.latitude, entry.longitude)
            place_name = capital
            extraction["place"] = place.as_dict()
    if primary.relative is not None:
        extraction["relative_check"] = primary.relative.check()
    actors = draft.roles()
    proposed = any(a.proposed for a, _ in actors)
    fuzzy = any(r.mention.how == "fuzzy" for m in draft.mentions for r in m.roles)
    score, reasons = confidence(draft, proposed=proposed, fuzzy=fuzzy)
    extraction["reasons"] = reasons + extraction["reasons"]
    extraction["date"] = date.as_dict()
    extraction["actors"] = [
        {**r.actor.as_dict(), "semantic_role": r.role, "text": r.mention.text, "how": r.mention.how}
        for m in draft.mentions
        for r in m.roles
    ]
    extraction["mentions"] = [
        {
            "quote_start": m.sentence.start,
            "quote_end": m.sentence.end,
            "trigger": text[m.trigger_start : m.trigger_end],
            "reasons": m.reasons,
        }
        for m in draft.mentions
    ]
    digest = hashlib.sha256(
        f"{sentence.start}|{sentence.end}|{draft.sub_event_type}|{draft.trigger.head}|"
        f"{normalize_name(place_name)}".encode()
    ).hexdigest()[:12]
    return Proposal(
        key=f"{checksum[:16]}-{digest}",
        date=date,
        event_type=draft.event_type,
        sub_event_type=draft.sub_event_type,
        place=place,
        place_name=place_name,
        country_code=(place.country_code if place and place.entry else "") or country,
        location=location,
        geo_precision=3
        if place is not None and place.cue == "nationwide"
        else geo_precision(draft),
        actors=actors,
        fatalities=draft.fatalities,
        quote=sentence.text,
        quote_start=sentence.start,
        quote_end=sentence.end,
        confidence=score,
        summary=_summary(draft, place.name if place else place_name, date, actors),
        extraction=extraction,
    )


def report_extract(
    text: str | bytes,
    *,
    published: dt.date | None = None,
    title: str = "",
    registry: ActorRegistry | None = None,
    require_places: bool = True,
) -> Extraction:
    """Propose draft events for a report. Reads the actor registry; writes nothing."""
    text = text_check(text)
    checksum = text_checksum(text)
    published_from = "argument"
    if published is None:
        published = dateline_find(text)
        published_from = "dateline"
        if published is None:
            published, published_from = dt.date.today(), "today (no date given or found)"
    registry = registry or ActorRegistry.load()
    gazetteer = get_gazetteer()
    sentences = sentences_split(text)
    dates = dates_find(text, published)
    actors = actors_scan(text, sentences, registry)
    date_spans = [(d.offset, d.offset_end) for d in dates]
    scan = places_scan(
        text,
        sentences,
        gazetteer,
        blocked=date_spans,
        alias_spans=[(a.start, a.end) for a in actors],
    )
    taken = [(a.start, a.end) for a in actors] + [(p.start, p.end) for p in scan.places]
    taken += [(c.start, c.end) for c in scan.countries] + date_spans
    unknown = unknown_places_scan(text, sentences, scan.places, taken)
    taken += [(p.start, p.end) for p in unknown]
    extra_actors = actors_scan_unknown(text, sentences, registry, taken)
    taken += [(a.start, a.end) for a in extra_actors]
    extra_actors += actors_scan_context(text, sentences, registry, scan.context, taken)
    # A place written after a locative preposition is a place even if an actor has that name.
    place_spans = [(p.start, p.end) for p in scan.places]
    place_spans += [(c.start, c.end) for c in scan.countries if c.cue]  # "to Turkey"
    actors = sorted(
        [a for a in actors if not any(a.start < e and s < a.end for s, e in place_spans)]
        + extra_actors,
        key=lambda a: a.start,
    )
    places = sorted(scan.places + unknown, key=lambda p: p.start)
    if require_places and not places and not scan.countries:
        raise IngestError(NO_PLACES)
    relatives = relatives_find(text, places)
    mentions = mentions_find(text, sentences, actors, places, scan.countries, dates, relatives)
    drafts = events_merge(mentions)
    proposals = [_proposal(d, text, checksum, published, gazetteer) for d in drafts]
    # Two drafts on one sentence, type and place would share a key: keep the first.
    unique: dict[str, Proposal] = {}
    for p in proposals:
        unique.setdefault(p.key, p)
    return Extraction(
        text=text,
        checksum=checksum,
        published=published,
        published_from=published_from,
        context=scan.context,
        places=places,
        rejected_places=scan.rejected,
        relatives=relatives,
        actors=actors,
        proposals=list(unique.values()),
    )


@dataclass
class IngestResult:
    source: object
    source_created: bool
    created: list = field(default_factory=list)  # Event
    existing: list = field(default_factory=list)  # Event, from an earlier ingest
    proposed_actors: list = field(default_factory=list)  # Actor, new this time
    extraction: Extraction | None = None

    @property
    def events(self) -> list:
        return self.created + self.existing


def actor_propose(ref: ActorRef):
    """The Actor for a proposed name: found by its alias if an earlier ingest proposed it,
    else created with proposed=True and its name as an alias, for a curator to accept."""
    from events.models import Actor, ActorAlias
    from events.selectors.actors import actor_resolve

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


@transaction.atomic
def report_ingest(
    text: str | bytes,
    *,
    published: dt.date | None = None,
    title: str = "",
    publisher: str = "",
    url: str = "",
    source=None,
) -> IngestResult:
    """Store a report's proposals as draft events; all or nothing, and idempotent."""
    from events.models import Actor, Event, Source
    from events.services.events import event_set_actors

    extraction = report_extract(text, published=published, title=title)
    text = extraction.text
    source_created = False
    if source is None:
        source = Source.objects.filter(checksum=extraction.checksum).first()
    if source is None:
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
        source_created = True
    else:
        changed = []
        for name, value in (("title", title), ("publisher", publisher), ("url", url),
                            ("published", published), ("checksum", extraction.checksum),
                            ("text", text)):  # fmt: skip
            if value and not getattr(source, name):
                setattr(source, name, value)
                changed.append(name)
        if changed:
            source.save(update_fields=changed)

    result = IngestResult(source=source, source_created=source_created, extraction=extraction)
    actors: dict[str, Actor] = {}
    # Places the gazetteer found are stored through the offline geocoder (the point the proposal
    # was made with); a place it lacks is asked of the configured geocoder, which may know it
    # when it is online (GEOCODER=nominatim).
    backend = get_backend("geonames")
    lookup_backend = BatchBackend(get_backend())
    for proposal in extraction.proposals:
        existing = Event.objects.filter(dataset=DATASET, external_id=proposal.key).first()
        if existing is not None:
            result.existing.append(existing)
            continue
        roles = []
        for ref, role in proposal.actors:
            if ref.key not in actors:
                if ref.pk is not None:
                    actors[ref.key] = Actor.objects.get(pk=ref.pk)
                else:
                    actors[ref.key], created = actor_propose(ref)
                    if created:
                        result.proposed_actors.append(actors[ref.key])
            roles.append((actors[ref.key], role))
        place = None
        location = None
        unlocated_reason = ""
        extraction_data = dict(proposal.extraction)
        if proposal.place is not None and proposal.place.entry is not None:
            entry = proposal.place.entry
            # Through the one geocoding module, so the lookup cache and a curator's fixes apply.
            located = place_locate(name=entry.name, country=entry.country_code, backend=backend)
            place, unlocated_reason = located.place, located.reason
            if place is not None and place.geonames_id != entry.geonames_id:
                extraction_data["place_cache"] = (
                    f"the lookup cache answers {place} for {entry.name}; kept"
                )
            location = place.point if place is not None else None
        elif proposal.location is not None:
            from django.contrib.gis.geos import Point

            location = Point(proposal.location[1], proposal.location[0], srid=4326)
        elif proposal.place_name:
            # Named, but not in the gazetteer. Unlocated, never dropped, when the geocoder does
            # not know it either or cannot answer (then nothing is cached: geocode again later).
            located = place_locate(
                name=proposal.place_name,
                country=proposal.country_code or None,
                backend=lookup_backend,
            )
            place = located.place
            location = place.point if place is not None else None
            unlocated_reason = located.reason
        else:
            unlocated_reason = NO_PLACE_NAMED
        event = Event(
            date=proposal.date.start,
            end_date=proposal.date.end,
            date_precision=proposal.date.precision,
            event_type=proposal.event_type,
            sub_event_type=proposal.sub_event_type,
            summary=proposal.summary,
            place=place,
            location=location,
            place_name=proposal.place_name[:255],
            unlocated_reason=unlocated_reason,
            country_code=(place.country_code if place else "") or proposal.country_code,
            geo_precision=proposal.geo_precision,
            fatalities=proposal.fatalities,
            source=source,
            quote=proposal.quote,
            quote_start=proposal.quote_start,
            quote_end=proposal.quote_end,
            confidence=proposal.confidence,
            extraction=extraction_data,
            status=Event.Status.DRAFT,
            dataset=DATASET,
            external_id=proposal.key,
        )
        event.full_clean()
        event.save()
        event_set_actors(event=event, roles=roles)
        result.created.append(event)
    return result


def source_extract_events(source) -> IngestResult:
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
