"""How good are the drafts? Precision and recall against gold events, per report and in total.

Gold comes in two formats (events/ingest/evaluate_gold.py): the real corpus (published reports,
seeds/corpus/) and the self-written gold (seeds/events.json, seeds/gold/), scored apart. The
pipeline runs through `report_propose` against the registry it is given, so evaluating writes
nothing.

Drafts are paired with gold events one to one, greedily by how much they share (the sentence
quoted, the type, the place, the date, the actors); each dimension is then scored on the pairs
by the rules of events/ingest/evaluate_match.py: a true positive counts for precision against
all drafts and for recall against all gold events. An event counts (the "events" dimension,
whose F1 is the event-level F1) when its date, type, place and at least one actor all match.
Per report also: whether the main event's date is right, how many drafted places are false and
on another continent than the report's, and how many are places the gold lists as false
(datelines, metonyms, origins...). `notes` says why for every miss and false hit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from events.domain.names import normalize_name
from events.ingest.actors import ActorRegistry
from events.ingest.evaluate_gold import GoldEvent, GoldReport, gold_load
from events.ingest.evaluate_match import (
    ActorIdentity,
    DraftSide,
    date_text,
    dates_agree,
    dates_overlap,
    draft_side,
    gold_place_text,
    place_verdict,
)
from events.ingest.pipeline import Proposal, report_propose

PAIR_THRESHOLD = 3.0
DIMENSIONS = ("events", "places", "actors", "event types", "sub-types", "dates", "fatalities")


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

    def as_json(self) -> dict:
        return {
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _scores() -> dict[str, Score]:
    return {d: Score() for d in DIMENSIONS}


@dataclass
class ReportScore:
    path: Path
    corpus: str = "self"
    continent: str = ""
    scores: dict[str, Score] = field(default_factory=_scores)
    roles: Score = field(default_factory=Score)  # tp: same role, of the actors matched
    main_date: bool | None = None  # None: no gold event
    off_continent: int = 0
    false_place_hits: int = 0
    pairs: list[tuple[str, int]] = field(default_factory=list)  # gold key, proposal index
    missed: list[str] = field(default_factory=list)  # gold keys no draft pairs with
    extra: list[str] = field(default_factory=list)  # drafts no gold event pairs with
    notes: list[str] = field(default_factory=list)  # every miss and false hit, with its reason

    def as_json(self) -> dict:
        return {
            "file": self.path.name,
            "corpus": self.corpus,
            "continent": self.continent,
            "scores": {d: s.as_json() for d, s in self.scores.items()},
            "roles": self.roles.as_json(),
            "main_date_right": self.main_date,
            "off_continent": self.off_continent,
            "false_place_hits": self.false_place_hits,
            "notes": self.notes,
        }


def _actor_overlap(g: GoldEvent, d: DraftSide, identity: ActorIdentity) -> float:
    matched = len(identity.match(g.actors, d.actors))
    union = len(g.actors) + len(d.actors) - matched
    return matched / union if union else 0.0


def _similarity(g: GoldEvent, d: DraftSide, identity: ActorIdentity) -> float:
    score = 0.0
    if g.span[0] < d.span[1] and d.span[0] < g.span[1]:
        score += 2
    if g.sub_event_type == d.sub_event_type:
        score += 1.5
    elif g.event_type == d.event_type:
        score += 0.75
    if g.place is not None and d.has_place and place_verdict(g.place, d)[0]:
        score += 1.5
    if dates_overlap(g, d):
        score += 1
    return score + _actor_overlap(g, d, identity)


def _pair(
    golds: list[GoldEvent], drafts: list[DraftSide], identity: ActorIdentity
) -> dict[int, int]:
    """Gold index -> draft index, one to one, greedy by similarity."""
    candidates = sorted(
        (
            (_similarity(g, d, identity), gi, di)
            for gi, g in enumerate(golds)
            for di, d in enumerate(drafts)
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    paired: dict[int, int] = {}
    taken: set[int] = set()
    for score, gi, di in candidates:
        if score >= PAIR_THRESHOLD and gi not in paired and di not in taken:
            paired[gi] = di
            taken.add(di)
    return paired


class _Scorer:
    """Scores one report: the pairs, then what is left unpaired on either side."""

    def __init__(self, gold: GoldReport, drafts: list[DraftSide], identity: ActorIdentity):
        self.gold, self.drafts, self.identity = gold, drafts, identity
        self.result = ReportScore(gold.path, gold.corpus, gold.continent)
        self.false_names = {normalize_name(n): kind for n, kind in gold.false_places}
        s, golds = self.result.scores, gold.events
        for dim in DIMENSIONS:
            s[dim].predicted, s[dim].gold = len(drafts), len(golds)
        s["places"] = Score(0, sum(d.has_place for d in drafts), sum(bool(g.place) for g in golds))
        s["actors"] = Score(
            0, sum(map(len, (d.actors for d in drafts))), sum(map(len, (g.actors for g in golds)))
        )
        s["fatalities"] = Score(
            0,
            sum(d.fatalities is not None for d in drafts),
            sum(g.fatalities is not None for g in golds),
        )

    def note(self, who: str, text: str) -> None:
        self.result.notes.append(f"{who}: {text}")

    def run(self) -> ReportScore:
        paired = _pair(self.gold.events, self.drafts, self.identity)
        for gi, g in enumerate(self.gold.events):
            if gi in paired:
                self.score_pair(g, self.drafts[paired[gi]])
            else:
                self.score_missed(g)
        taken = set(paired.values())
        for d in self.drafts:
            if d.index not in taken:
                self.score_extra(d)
        main = self.gold.main
        if main is not None:
            gi = self.gold.events.index(main)
            self.result.main_date = gi in paired and dates_agree(main, self.drafts[paired[gi]])
        return self.result

    def score_pair(self, g: GoldEvent, d: DraftSide) -> None:
        s, who = self.result.scores, g.key
        self.result.pairs.append((g.key, d.index))
        place_ok, why = place_verdict(g.place, d)
        if g.place is not None and place_ok:
            s["places"].tp += 1
        elif g.place is not None:
            self.note(who, f"missed place {gold_place_text(g.place)}: {why}")
        if not place_ok and d.has_place:
            self.false_place(d, f"{who} happened at {g.place.name if g.place else 'no place'}")
        date_ok = dates_agree(g, d)
        s["dates"].tp += date_ok
        if not date_ok:
            self.note(who, f"date {date_text(d.start, d.end)} vs gold {date_text(g.date, g.end)}")
        type_ok = g.event_type == d.event_type
        s["event types"].tp += type_ok
        s["sub-types"].tp += g.sub_event_type == d.sub_event_type
        if g.sub_event_type != d.sub_event_type:
            self.note(
                who,
                f"type {d.event_type} / {d.sub_event_type} vs gold "
                f"{g.event_type} / {g.sub_event_type}",
            )
        actors = self.score_actors(g, d)
        self.score_fatalities(g, d)
        if date_ok and type_ok and place_ok and (actors or not (g.actors or d.actors)):
            s["events"].tp += 1
        else:
            self.note(who, f"event not matched (paired with {d.label})")

    def score_actors(self, g: GoldEvent, d: DraftSide) -> int:
        pairs = self.identity.match(g.actors, d.actors)
        self.result.scores["actors"].tp += len(pairs)
        for gi, di in pairs:
            (name, role), (_, drafted_role) = g.actors[gi], d.actors[di]
            self.result.roles += Score(role == drafted_role, 1, 1)
            if role != drafted_role:
                self.note(
                    g.key,
                    f"role of {self.identity.gold_label(name)}: {drafted_role} vs gold {role}",
                )
        for gi in sorted(set(range(len(g.actors))) - {gi for gi, _ in pairs}):
            self.note(g.key, f"actor missed: {self.identity.gold_label(g.actors[gi][0])}")
        for di in sorted(set(range(len(d.actors))) - {di for _, di in pairs}):
            self.note(g.key, f"false actor ({d.label}): {d.actors[di][0].name}")
        return len(pairs)

    def score_fatalities(self, g: GoldEvent, d: DraftSide) -> None:
        if g.fatalities is not None and g.fatalities == d.fatalities:
            self.result.scores["fatalities"].tp += 1
        elif g.fatalities != d.fatalities:
            self.note(g.key, f"fatalities {d.fatalities} vs gold {g.fatalities}")

    def score_missed(self, g: GoldEvent) -> None:
        self.result.missed.append(g.key)
        where = gold_place_text(g.place) if g.place else "no place"
        self.note(
            g.key,
            f"missed event: {g.sub_event_type} at {where} on "
            f"{date_text(g.date, g.end)}, no draft pairs with it",
        )
        if g.place is not None:
            self.note(g.key, f"missed place {gold_place_text(g.place)}: no draft for the event")
        for name, _ in g.actors:
            self.note(g.key, f"actor missed: {self.identity.gold_label(name)} (no draft)")

    def score_extra(self, d: DraftSide) -> None:
        summary = f"{d.sub_event_type} at {d.place_label or '-'} {date_text(d.start, d.end)}"
        self.result.extra.append(f"{d.label}: {summary}")
        self.note(d.label, f"false event: {summary}, no gold event pairs with it")
        if d.has_place:
            self.false_place(d, "no gold event pairs with the draft")
        for ref, _ in d.actors:
            self.note(d.label, f"false actor: {ref.name}")

    def false_place(self, d: DraftSide, otherwise: str) -> None:
        """A drafted place that is not where its event happened: why, and of which kind."""
        name = d.place_label or "?"
        kind = next((self.false_names[k] for k in d.place_keys if k in self.false_names), None)
        reasons = []
        if kind:
            self.result.false_place_hits += 1
            reasons.append(kind)
        if d.continent and self.gold.continent and d.continent != self.gold.continent:
            self.result.off_continent += 1
            reasons.append(
                f"on another continent ({d.continent}, the report's is {self.gold.continent})"
            )
        self.note(
            d.label, f"false place {name} ({d.country or '-'}): {'; '.join(reasons) or otherwise}"
        )


def report_score(
    gold: GoldReport, proposals: list[Proposal], registry: ActorRegistry
) -> ReportScore:
    drafts = [draft_side(i, p) for i, p in enumerate(proposals)]
    return _Scorer(gold, drafts, ActorIdentity(registry)).run()


def evaluate(paths: list[Path], registry: ActorRegistry) -> list[ReportScore]:
    """Score the pipeline on each gold file, naming actors from `registry`."""
    results = []
    for path in paths:
        gold = gold_load(path)
        extraction = report_propose(gold.text, registry=registry, published=gold.published)
        results.append(report_score(gold, extraction.proposals, registry))
    return results


@dataclass
class Totals:
    """Micro-averaged over the reports of one corpus."""

    reports: int = 0
    scores: dict[str, Score] = field(default_factory=_scores)
    roles: Score = field(default_factory=Score)
    main_date_right: int = 0
    main_date_reports: int = 0
    off_continent: int = 0
    false_place_hits: int = 0

    @property
    def main_date_share(self) -> float:
        return self.main_date_right / self.main_date_reports if self.main_date_reports else 1.0

    def as_json(self) -> dict:
        return {
            "reports": self.reports,
            "scores": {d: s.as_json() for d, s in self.scores.items()},
            "roles": self.roles.as_json(),
            "main_date": {
                "right": self.main_date_right,
                "reports": self.main_date_reports,
                "share": round(self.main_date_share, 4),
            },
            "event_f1": round(self.scores["events"].f1, 4),
            "off_continent": self.off_continent,
            "false_place_hits": self.false_place_hits,
        }


def totals(results: list[ReportScore]) -> Totals:
    out = Totals(reports=len(results))
    for r in results:
        for d in DIMENSIONS:
            out.scores[d] += r.scores[d]
        out.roles += r.roles
        out.main_date_reports += r.main_date is not None
        out.main_date_right += bool(r.main_date)
        out.off_continent += r.off_continent
        out.false_place_hits += r.false_place_hits
    return out
