"""The ingest pipeline: a news report's text in, proposed draft events out.

`report_propose` reads the text and returns what it proposes against an actor registry it is
given; it knows no database (events/services/ingest.py loads the registry and stores the
proposals). Each proposal's key is built from the report's checksum and the quote's offsets, so
storing a report again finds the drafts it made before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from events.domain.countries import capitals
from events.domain.names import normalize_name
from events.domain.vocabulary import DAY
from events.geo.gazetteer import Gazetteer, get_gazetteer
from events.ingest.actors import (
    ActorMention,
    ActorRef,
    ActorRegistry,
    actors_scan,
    actors_scan_context,
    actors_scan_unknown,
)
from events.ingest.actors_claims import claimed_roles, claims_in
from events.ingest.actors_generic import unclaimed_roles
from events.ingest.actors_state import actors_settle, report_militaries
from events.ingest.confidence import confidence
from events.ingest.dates import DateSpan, dateline_find, dates_find, publication_default
from events.ingest.document import Document, document_annotate
from events.ingest.drafts import EventDraft, events_merge, geo_precision
from events.ingest.errors import (
    BINARY_TEXT,
    EMPTY_TEXT,
    MAX_REPORT_BYTES,
    NO_PLACES,
    TOO_LARGE,
    IngestError,
)
from events.ingest.folds import drafts_folded
from events.ingest.mentions import mentions_find
from events.ingest.places import PlaceMention, places_scan
from events.ingest.places_unknown import unknown_places_resolve, unknown_places_scan
from events.ingest.relative import RelativeMention, relatives_find
from events.ingest.spans import SpanIndex
from events.ingest.text import Sentence


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
    """Everything `report_propose` found, for drafts, reports and tests."""

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
    document: Document | None = None  # the annotated text and every step's findings


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


def _summary(
    draft: EventDraft, place_name: str, date: DateSpan, actors: list[tuple[ActorRef, str]]
) -> str:
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
    doc: Document,
    gazetteer: Gazetteer,
    registry: ActorRegistry,
    claims: list[tuple[int, int, ActorRef]],
    armies: tuple[ActorRef, ...],
) -> Proposal:
    text, checksum, published, dates = doc.text, doc.checksum, doc.published, doc.dates
    primary = draft.primary
    sentence = primary.sentence
    ongoing = _ONGOING.search(sentence.text) is not None  # no one day: the report's week
    inherited = None if ongoing else _date_before(dates, sentence)
    date = _draft_day(draft, inherited) or publication_default(published)
    place = draft.place
    location = None
    place_name = place.text if place else ""
    # A town the gazetteer lacks is in the report's country when nothing says otherwise.
    unlocated = place is not None and place.entry is None
    country = draft.country or (doc.context[0] if unlocated and doc.context else "")
    extraction: dict = {"reasons": [], "mentions": []}
    if place is not None and place.entry is not None:
        location = (place.entry.latitude, place.entry.longitude)
        extraction["place"] = place.as_dict()
    elif place is not None and primary.relative is not None:
        location = primary.relative.computed
        extraction["reasons"].append("located by the stated distance and bearing from a place")
    elif place is None and country and any(m.nationwide for m in draft.mentions):
        capital = capitals().get(country, "")
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
    # "X claimed responsibility for the attack": X did the attack told without a name, before
    # any generic or guessed actor fills the empty roles.
    told_in = {m.sentence.index for m in draft.mentions}
    actors = claimed_roles(draft.roles(), told_in, claims, registry.generic_actor("armed"))
    actors = unclaimed_roles(
        draft.event_type,
        draft.sub_event_type,
        actors,
        generic=registry.generic_actor,
        defender=registry.state_actor(country, "") if country else None,
        armies=armies,
    )
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


# An undated sentence of a report goes on with the day stated just before it ("Gunmen were
# waiting for them Monday. ... The convoy was ambushed as it ..."), a paragraph at most.
UNDATED_REACH = 2_000  # characters
# "was also providing air support", "have been fighting": an activity going on, not a happening
# of the day before.
_ONGOING = re.compile(
    r"\b(?:was|were|is|are|been)\s+(?:(?:also|still|now|reportedly)\s+)?[a-z]+ing\b"
)


def _draft_day(draft: EventDraft, inherited: DateSpan | None) -> DateSpan | None:
    """The draft's own day; but where that is only the day someone said so ("residents told
    RFA on Friday") and the story had already named an earlier day before the draft's sentence
    ("on Wednesday and Thursday"), that earlier day: it is when things happened. Not a night
    ("overnight"), whose day wire copy and coders count either way."""
    own = draft.date
    if own is None or inherited is None:
        return own or inherited
    only_said = all(m.date_reported for m in draft.mentions if m.date is not None)
    named = inherited.rule in {"explicit", "month_day", "weekday", "sequel"}
    if only_said and named and inherited.start < own.start:
        return inherited
    return own


def _date_before(dates: list[DateSpan], sentence: Sentence) -> DateSpan | None:
    """The last day-precise date stated before the sentence, within UNDATED_REACH of it
    (`dates` in the order of the text: a bisection, so drafting stays linear)."""
    i = bisect_left(dates, sentence.start, key=lambda d: d.offset)
    for d in reversed(dates[max(0, i - 5) : i]):
        if d.offset < sentence.start - UNDATED_REACH:
            break
        if d.precision == DAY and d.end is None:
            return d
    return None


def _publication(doc: Document, published: dt.date | None) -> None:
    """Context first: the day the report's relative dates are resolved against."""
    if published is not None:
        doc.published, doc.published_from = published, "argument"
        return
    found = dateline_find(doc.text)
    if found is not None:
        doc.published, doc.published_from = found, "dateline"
    else:
        doc.published, doc.published_from = dt.date.today(), "today (no date given or found)"


def _dates_and_actors(doc: Document, registry: ActorRegistry) -> None:
    """Mentions that need no context: dates, the registry's aliases, demonym phrases and
    generic actors. One scan over the whole report (linear: its overlap checks bisect a
    SpanSet), because unnamed "militants" are the group the report named before, perhaps in an
    earlier sentence."""
    doc.dates = dates_find(doc.text, doc.published)
    doc.taken.extend((d.offset, d.offset_end) for d in doc.dates)
    doc.actors += actors_scan(doc.text, doc.sentences, registry)


def _places(doc: Document, gazetteer: Gazetteer) -> None:
    """The document's places and countries, ranked towards the report's countries, and the
    places a locative phrase names that the gazetteer lacks."""
    dates = [(d.offset, d.offset_end) for d in doc.dates]
    scan = places_scan(
        doc.text,
        doc.sentences,
        gazetteer,
        blocked=dates,
        alias_spans=[(a.start, a.end) for a in doc.actors],
        actor_countries=[a.actor.country for a in doc.actors if a.actor.country],
    )
    doc.taken.extend((a.start, a.end) for a in doc.actors)
    doc.taken.extend((p.start, p.end) for p in scan.places)
    doc.taken.extend((c.start, c.end) for c in scan.countries)
    unknown = unknown_places_scan(doc.text, doc.sentences, scan.places, list(doc.taken))
    unknown = unknown_places_resolve(unknown, gazetteer, scan.context[:2], scan.stray)
    doc.taken.extend((p.start, p.end) for p in unknown)
    doc.places = sorted(scan.places + unknown, key=lambda p: p.start)
    doc.countries, doc.rejected_places, doc.context = scan.countries, scan.rejected, scan.context


_NO_ACTOR_KINDS = frozenset({"dateline", "byline"})


def _actors_in_context(doc: Document, registry: ActorRegistry, gazetteer: Gazetteer) -> None:
    """Actors that need what the earlier steps found: near-miss spellings and armed groups the
    registry lacks (outside every span taken) and "government troops" of the report's country.
    (Civilians named by their nouns are actors_scan's: events/ingest/actors_generic.py.)"""
    text, extra, unknown = doc.text, [], []
    for sentence in doc.sentences:
        taken = doc.taken_in(sentence)
        found = actors_scan_unknown(text, [sentence], registry, taken)
        unknown += found
        taken += [(a.start, a.end) for a in found]
        extra += found + actors_scan_context(text, [sentence], registry, doc.context, taken)
    doc.taken.extend((a.start, a.end) for a in unknown)
    # A place written after a locative preposition is a place even if an actor has that name.
    place_spans = SpanIndex((p.start, p.end) for p in doc.places if p.entry is not None)
    place_spans.extend((c.start, c.end) for c in doc.countries if c.cue)  # "to Turkey"
    # Nor is a dateline or byline an actor ("WASHINGTON -" is where VOA files from, not the US).
    place_spans.extend(
        (r["start"], r["end"])
        for r in doc.rejected_places
        if r.get("kind") in _NO_ACTOR_KINDS and "start" in r
    )
    doc.actors = sorted(
        [a for a in doc.actors if not place_spans.overlaps(a.start, a.end)] + extra,
        key=lambda a: a.start,
    )
    doc.actors = actors_settle(doc.text, doc.actors, registry, doc, gazetteer.admin1_name)
    if doc.context:
        doc.actors = [
            replace(a, actor=registry.branch_of(a.actor, doc.context[0])) for a in doc.actors
        ]


def _events(doc: Document) -> None:
    """Last, events: the clauses' mentions of happenings, merged into drafts."""
    doc.relatives = relatives_find(doc.text, doc.places)
    doc.mentions = mentions_find(
        doc.text,
        doc.sentences,
        doc.actors,
        doc.places,
        doc.countries,
        doc.dates,
        doc.relatives,
        doc.published.year,
    )
    dated = doc.dates
    doc.drafts = drafts_folded(
        events_merge(doc.mentions, inherited=lambda s: _date_before(dated, s))
    )


def report_propose(
    text: str | bytes,
    *,
    registry: ActorRegistry,
    published: dt.date | None = None,
    require_places: bool = True,
    gazetteer: Gazetteer | None = None,
) -> Extraction:
    """Propose draft events for a report, naming actors from `registry` and places from
    `gazetteer` (by default GeoNames' alone; the services add the places imports taught).

    The text is annotated once into a Document that each step enriches in this order."""
    doc = document_annotate(text_check(text))
    _publication(doc, published)
    _dates_and_actors(doc, registry)
    gazetteer = gazetteer or get_gazetteer()
    _places(doc, gazetteer)
    if require_places and not doc.places and not doc.countries:
        raise IngestError(NO_PLACES)
    _actors_in_context(doc, registry, gazetteer)
    _events(doc)
    # What the report as a whole says of its actors, found once (not once per draft: linear).
    claims = claims_in(doc.text, doc.sentences, doc.actors)
    armies = report_militaries(doc.actors)
    proposals = [_proposal(d, doc, gazetteer, registry, claims, armies) for d in doc.drafts]
    # Two drafts on one sentence, type and place would share a key: keep the first.
    unique: dict[str, Proposal] = {}
    for p in proposals:
        unique.setdefault(p.key, p)
    return Extraction(
        text=doc.text,
        checksum=doc.checksum,
        published=doc.published,
        published_from=doc.published_from,
        context=doc.context,
        places=doc.places,
        rejected_places=doc.rejected_places,
        relatives=doc.relatives,
        actors=doc.actors,
        proposals=list(unique.values()),
        document=doc,
    )
