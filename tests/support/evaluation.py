"""For the evaluation's tests: self-written fixtures in the real-corpus format, and drafts a
perfect pipeline would propose for a gold report, so the metrics are tested on known answers
without depending on what the pipeline makes of a text today."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

from events.geo.gazetteer import get_gazetteer
from events.ingest.actors import ActorRef, ActorRegistry
from events.ingest.dates import DateSpan
from events.ingest.evaluate_gold import GoldEvent, GoldReport, gold_load
from events.ingest.evaluate_match import ActorIdentity
from events.ingest.pipeline import Proposal
from events.ingest.places import PlaceMention

# Written for the tests in the real-corpus format (docs/ingest.md); NOT real reports.
FIXTURES = Path(__file__).parent / "evaluate_corpus"
NAWA = FIXTURES / "2019-05-14-fixture-daraa-nawa.json"  # a town, an unlocated village, a dateline
MOPTI = FIXTURES / "2020-06-03-fixture-mopti-region.json"  # a province (geo precision 3)
IZIUM = FIXTURES / "2022-09-12-fixture-izium.json"  # Europe, a metonym
NO_ACTORS = ActorRegistry({})


def fixture_gold(path: Path) -> GoldReport:
    return gold_load(path)


def _perfect(g: GoldEvent, text: str, identity: ActorIdentity) -> Proposal:
    place, name, location = None, "", None
    if g.place is not None:
        name = g.place.name
        entry = get_gazetteer().entries.get(g.place.geonames_id or -1)
        location = (entry.latitude, entry.longitude) if entry else g.place.point
        place = PlaceMention(g.span[0], g.span[0] + len(name), name, 0, entry, g.place.precision)
    actors = [
        (identity.resolve(actor) or ActorRef(actor, proposed=True), role)
        for actor, role in g.actors
    ]
    return Proposal(
        key=g.key,
        date=DateSpan(g.date, g.end, g.precision),
        event_type=g.event_type,
        sub_event_type=g.sub_event_type,
        place=place,
        place_name=name,
        country_code=g.country,
        location=location,
        geo_precision=g.place.precision if g.place else 3,
        actors=actors,
        fatalities=g.fatalities,
        quote=text[g.span[0] : g.span[1]],
        quote_start=g.span[0],
        quote_end=g.span[1],
        confidence=1.0,
        summary="",
        extraction={},
    )


def perfect_drafts(gold: GoldReport, registry: ActorRegistry = NO_ACTORS) -> list[Proposal]:
    """What a perfect pipeline proposes: one draft per gold event, exactly as annotated."""
    identity = ActorIdentity(registry)
    return [_perfect(g, gold.text, identity) for g in gold.events]


def moved(p: Proposal, point: tuple[float, float] | None, **changes: Any) -> Proposal:
    """The draft placed elsewhere (a point without a gazetteer entry, or unlocated)."""
    name = changes.pop("place_name", p.place_name)
    place = PlaceMention(p.quote_start, p.quote_start + len(name), name, 0, None)
    return dataclasses.replace(p, location=point, place=place, place_name=name, **changes)


def corpus_copy(target: Path, *sources: Path, edit: dict[str, Any] | None = None) -> Path:
    """Fixture files copied into a folder, the first one's main event edited with `edit`."""
    target.mkdir(parents=True, exist_ok=True)
    for i, source in enumerate(sources):
        if i == 0 and edit:
            data = json.loads(source.read_text(encoding="utf-8"))
            main = next(e for e in data["events"] if e["main"])
            main.update(edit)
            (target / source.name).write_text(json.dumps(data), encoding="utf-8")
        else:
            shutil.copy(source, target / source.name)
    return target
