"""How good are the drafts? Precision and recall against curated (gold) events.

Gold files have the shape of seeds/events.json: a "source" (with the report's "text", or a
"file" next to the JSON) and "events" with date, precision, type, place name, country and
[actor, role] pairs; an actor is a registry slug or, for one the registry lacks, its name. The
pipeline runs through `report_propose` against the registry it is given, so evaluating writes
nothing.

Drafts are paired with gold events one to one, greedily by how much they share (the sentence
quoted, the type, the place, the date, the actors); each dimension is then scored on the pairs:
a true positive counts for precision against all drafts and for recall against all gold events.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from events.domain.names import normalize_name
from events.geo.gazetteer import get_gazetteer
from events.geo.geodesy import km_between
from events.ingest.actors import ActorRegistry
from events.ingest.pipeline import Proposal, report_propose

PLACE_TOLERANCE_KM = 5.0
PAIR_THRESHOLD = 3.0
DIMENSIONS = ("events", "places", "actors", "event types", "dates")


@dataclass
class GoldReport:
    path: Path
    text: str
    published: dt.date
    title: str
    events: list[dict]


def gold_load(path: Path) -> GoldReport:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    meta = data["source"]
    if "text" in meta:
        text = meta["text"]
    else:
        text = (Path(path).parent / meta["file"]).read_text(encoding="utf-8")
    for event in data["events"]:
        if event["quote"] not in text:
            raise ValueError(f"{path}: the quote of {event['key']} is not in the report.")
    return GoldReport(
        Path(path), text, dt.date.fromisoformat(meta["published"]), meta["title"], data["events"]
    )


def gold_default_paths(seeds_dir: Path) -> list[Path]:
    """The seed report's curated events, then every file under seeds/gold/."""
    return [seeds_dir / "events.json", *sorted((seeds_dir / "gold").glob("*.json"))]


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: Score) -> Score:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold
        return self


@dataclass
class ReportScore:
    path: Path
    scores: dict[str, Score] = field(default_factory=lambda: {d: Score() for d in DIMENSIONS})
    pairs: list[tuple[str, int]] = field(default_factory=list)  # gold key, proposal index
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Side:
    """One event, gold or drafted, in the terms it is scored on."""

    label: str
    sub_event_type: str
    event_type: str
    date: dt.date
    end: dt.date | None
    precision: int
    place_key: str  # normalised name, "" for none
    point: tuple[float, float] | None
    actors: frozenset[tuple[str, str]]
    span: tuple[int, int]

    @property
    def has_place(self) -> bool:
        return bool(self.place_key or self.point)


def _gold_side(event: dict, text: str, slugs: set[str]) -> Side:
    point = None
    if event.get("place"):
        hints = [event["country"]] if event.get("country") else None
        ranked = get_gazetteer().rank(event["place"], hints)
        if ranked and (not hints or ranked[0][0].country_code in hints):
            point = (ranked[0][0].latitude, ranked[0][0].longitude)
    start = text.find(event["quote"])
    actors = frozenset(
        (a if a in slugs else f"proposed:{normalize_name(a)}", role) for a, role in event["actors"]
    )
    return Side(
        event["key"],
        event["sub_event_type"],
        event["event_type"],
        dt.date.fromisoformat(event["date"]),
        dt.date.fromisoformat(event["end_date"]) if event.get("end_date") else None,
        event["date_precision"],
        normalize_name(event["place"]) if event.get("place") else "",
        point,
        actors,
        (start, start + len(event["quote"])),
    )


def _draft_side(index: int, p: Proposal) -> Side:
    return Side(
        f"draft {index}",
        p.sub_event_type,
        p.event_type,
        p.date.start,
        p.date.end,
        p.date.precision,
        normalize_name(p.place_name) if p.place_name else "",
        p.location,
        frozenset((a.key, role) for a, role in p.actors),
        (p.quote_start, p.quote_end),
    )


def places_agree(a: Side, b: Side) -> bool:
    if a.point and b.point:
        return km_between(a.point, b.point) <= PLACE_TOLERANCE_KM
    return bool(a.place_key) and a.place_key == b.place_key


def _similarity(g: Side, d: Side) -> float:
    score = 0.0
    if g.span[0] < d.span[1] and d.span[0] < g.span[1]:
        score += 2
    if g.sub_event_type == d.sub_event_type:
        score += 1.5
    if g.has_place and d.has_place and places_agree(g, d):
        score += 1.5
    if g.date <= (d.end or d.date) and d.date <= (g.end or g.date):
        score += 1
    gold_actors = {a for a, _ in g.actors}
    draft_actors = {a for a, _ in d.actors}
    if gold_actors | draft_actors:
        score += len(gold_actors & draft_actors) / len(gold_actors | draft_actors)
    return score


def report_score(gold: GoldReport, proposals: list[Proposal], slugs: set[str]) -> ReportScore:
    result = ReportScore(gold.path)
    golds = [_gold_side(e, gold.text, slugs) for e in gold.events]
    drafts = [_draft_side(i, p) for i, p in enumerate(proposals)]
    candidates = sorted(
        ((_similarity(g, d), gi, di) for gi, g in enumerate(golds) for di, d in enumerate(drafts)),
        reverse=True,
    )
    paired_g: dict[int, int] = {}
    paired_d: set[int] = set()
    for score, gi, di in candidates:
        if score < PAIR_THRESHOLD or gi in paired_g or di in paired_d:
            continue
        paired_g[gi] = di
        paired_d.add(di)
    s = result.scores
    s["events"] = Score(len(paired_g), len(drafts), len(golds))
    s["event types"] = Score(0, len(drafts), len(golds))
    s["dates"] = Score(0, len(drafts), len(golds))
    s["places"] = Score(0, sum(d.has_place for d in drafts), sum(g.has_place for g in golds))
    s["actors"] = Score(0, sum(len(d.actors) for d in drafts), sum(len(g.actors) for g in golds))
    for gi, di in paired_g.items():
        g, d = golds[gi], drafts[di]
        result.pairs.append((g.label, di))
        s["event types"].tp += (g.event_type, g.sub_event_type) == (d.event_type, d.sub_event_type)
        s["dates"].tp += (g.date, g.end, g.precision) == (d.date, d.end, d.precision)
        s["places"].tp += g.has_place and d.has_place and places_agree(g, d)
        s["actors"].tp += len(g.actors & d.actors)
    result.missed = [g.label for gi, g in enumerate(golds) if gi not in paired_g]
    result.extra = [
        f"{d.label}: {d.sub_event_type} at {d.place_key or '-'} {d.date}"
        for di, d in enumerate(drafts)
        if di not in paired_d
    ]
    return result


def evaluate(paths: list[Path], registry: ActorRegistry) -> list[ReportScore]:
    """Score the pipeline on each gold file, naming actors from `registry`."""
    slugs = {actor.slug for _, actor in registry.aliases.values() if actor.slug}
    results = []
    for path in paths:
        gold = gold_load(path)
        extraction = report_propose(gold.text, registry=registry, published=gold.published)
        results.append(report_score(gold, extraction.proposals, slugs))
    return results


def totals(results: list[ReportScore]) -> dict[str, Score]:
    """Micro-averaged over all reports."""
    out = {d: Score() for d in DIMENSIONS}
    for r in results:
        for d in DIMENSIONS:
            out[d] += r.scores[d]
    return out
