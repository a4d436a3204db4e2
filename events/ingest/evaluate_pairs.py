"""How well "same as event #N" works: merge precision and recall on pairs of real reports.

A pairs file (seeds/corroboration/pairs.json; docs/curation.md) lists reports and pairs of them,
each side naming the event it is about by a quote of the report, and whether the two are the
same event (gold). Each report is drafted by the pipeline (nothing stored); each side's draft is
the proposal whose quote overlaps the side's quote most. The pair is predicted the same when the
one rule (events/domain/duplicates.py) says so of the two drafts; a side with no draft predicts
"not the same" (a miss, when gold says same). A report is given as its text, or as a file of the
real corpus (seeds/corpus/), whose main event's quote is then the default.

Precision: of the pairs predicted the same, how many are; recall: of the pairs that are, how
many were predicted.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from events.domain.duplicates import EventFacts, events_compare
from events.geo.geodesy import km_between
from events.ingest.actors import ActorRegistry
from events.ingest.evaluate import Score, report_score
from events.ingest.evaluate_gold import gold_load
from events.ingest.pipeline import Proposal, report_propose

REPORT_FIELDS = ("title", "publisher", "url", "published", "licence", "text")


@dataclass(frozen=True)
class PairReport:
    key: str
    text: str
    published: dt.date
    title: str = ""
    publisher: str = ""
    url: str = ""
    licence: str = ""
    main_quote: str = ""  # a corpus file's main event
    path: Path | None = None  # the corpus file


@dataclass(frozen=True)
class PairSide:
    report: PairReport
    quote: str
    span: tuple[int, int]


@dataclass(frozen=True)
class Pair:
    key: str
    same: bool
    a: PairSide
    b: PairSide
    why: str = ""


@dataclass
class PairResult:
    pair: Pair
    predicted: bool
    note: str

    @property
    def right(self) -> bool:
        return self.predicted == self.pair.same


@dataclass
class PairScores:
    results: list[PairResult] = field(default_factory=list)

    @property
    def tp(self) -> int:
        return sum(r.predicted and r.pair.same for r in self.results)

    @property
    def predicted(self) -> int:
        return sum(r.predicted for r in self.results)

    @property
    def gold(self) -> int:
        return sum(r.pair.same for r in self.results)

    @property
    def precision(self) -> float:
        return Score(self.tp, self.predicted, self.gold).precision  # the one formula

    @property
    def recall(self) -> float:
        return Score(self.tp, self.predicted, self.gold).recall

    def as_json(self) -> dict:
        return {
            "pairs": len(self.results),
            "same": self.gold,
            "predicted_same": self.predicted,
            "tp": self.tp,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "pairs_detail": [
                {"key": r.pair.key, "gold_same": r.pair.same, "predicted_same": r.predicted}
                | {"note": r.note}
                for r in self.results
            ],
        }


def _report(key: str, raw: dict, corpus_dir: Path) -> PairReport:
    if "corpus" in raw:
        path = corpus_dir / raw["corpus"]
        if not path.is_file():
            raise ValueError(f"report {key!r}: no corpus file {path}")
        data = json.loads(path.read_text(encoding="utf-8"))
        source = data["source"]
        main = next((e for e in data["events"] if e.get("main")), None)
        raw = {name: source.get(name, "") for name in REPORT_FIELDS} | {
            "main_quote": main["quote"] if main else "",
            "path": path,
        }
    missing = [name for name in ("text", "published", "url", "licence") if not raw.get(name)]
    if missing:
        raise ValueError(f"report {key!r} has no {', '.join(missing)}")
    return PairReport(
        key=key,
        text=raw["text"],
        published=dt.date.fromisoformat(raw["published"]),
        title=raw.get("title", ""),
        publisher=raw.get("publisher", ""),
        url=raw["url"],
        licence=raw["licence"],
        main_quote=raw.get("main_quote", ""),
        path=raw.get("path"),
    )


def _side(pair_key: str, raw: dict, reports: dict[str, PairReport]) -> PairSide:
    report = reports.get(raw.get("report", ""))
    if report is None:
        raise ValueError(f"pair {pair_key!r}: unknown report {raw.get('report')!r}")
    quote = raw.get("quote") or report.main_quote
    start = report.text.find(quote) if quote else -1
    if start < 0:
        raise ValueError(f"pair {pair_key!r}: quote {quote!r} is not in report {report.key!r}")
    return PairSide(report, quote, (start, start + len(quote)))


def pairs_load(path: Path, corpus_dir: Path) -> list[Pair]:
    """The pairs of a pairs file, every quote checked against its report (ValueError: why)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    reports = {key: _report(key, raw, corpus_dir) for key, raw in data["reports"].items()}
    pairs = []
    for raw in data["pairs"]:
        key = raw["key"]
        if not isinstance(raw.get("same"), bool):
            raise ValueError(f"pair {key!r}: 'same' must be true or false")
        pairs.append(
            Pair(
                key,
                raw["same"],
                _side(key, raw["a"], reports),
                _side(key, raw["b"], reports),
                raw.get("why", ""),
            )
        )
    return pairs


def proposal_facts(proposal: Proposal) -> EventFacts:
    """What the rule compares of a proposal, as the selector reads it of the stored draft."""
    entry = proposal.place.entry if proposal.place is not None else None
    return EventFacts(
        start=proposal.date.start,
        end=proposal.date.end,
        date_precision=proposal.date.precision,
        event_type=proposal.event_type,
        point=proposal.location,
        geo_precision=proposal.geo_precision,
        country=proposal.country_code,
        admin1=entry.admin1 if entry is not None else "",
        place_name=proposal.place_name,
        actors=frozenset(ref.key for ref, _ in proposal.actors),
    )


def _draft_for(side: PairSide, drafts: Drafted) -> Proposal | None:
    """The side's draft: the one whose sentences (its quote, or any sentence it was drafted
    from: a headline and the body's sentence are one draft) hold the side's words; for a corpus
    report's main event, else the draft the evaluation pairs with it (events/ingest/evaluate.py)."""
    start, end = side.span
    proposals, main_index = drafts

    def overlap(p: Proposal) -> int:
        spans = [(p.quote_start, p.quote_end)] + [
            (m["quote_start"], m["quote_end"]) for m in p.extraction.get("mentions", [])
        ]
        return max(min(end, b) - max(start, a) for a, b in spans)

    best = max(proposals, key=overlap, default=None)
    if best is not None and overlap(best) > 0:
        return best
    if side.quote == side.report.main_quote and main_index is not None:
        return proposals[main_index]
    return None


def _describe(p: Proposal) -> str:
    actors = ", ".join(ref.name for ref, _ in p.actors) or "no actor"
    return f"{p.date.start} {p.sub_event_type} at {p.place_name or '-'} ({actors})"


# A report's proposals, and the index of the one paired with its gold main event (corpus only).
Drafted = tuple[list[Proposal], int | None]


def pair_score(pair: Pair, drafts: dict[str, Drafted]) -> PairResult:
    a = _draft_for(pair.a, drafts[pair.a.report.key])
    b = _draft_for(pair.b, drafts[pair.b.report.key])
    if a is None or b is None:
        missing = pair.a.report.key if a is None else pair.b.report.key
        return PairResult(pair, False, f"no draft for the quoted event of {missing}")
    comparison = events_compare(proposal_facts(a), proposal_facts(b), distance=km_between)
    why = "; ".join(comparison.reasons()) or "the rule holds"
    return PairResult(pair, comparison.same, f"{_describe(a)} / {_describe(b)}: {why}")


def pairs_evaluate(pairs: list[Pair], registry: ActorRegistry) -> PairScores:
    """Draft every report once, then score each pair (nothing written)."""
    drafts: dict[str, Drafted] = {}
    for pair in pairs:
        for side in (pair.a, pair.b):
            report = side.report
            if report.key not in drafts:
                drafts[report.key] = _draft(report, registry)
    return PairScores([pair_score(pair, drafts) for pair in pairs])


def _draft(report: PairReport, registry: ActorRegistry) -> Drafted:
    proposals = report_propose(report.text, registry=registry, published=report.published).proposals
    if report.path is None:
        return proposals, None
    gold = gold_load(report.path)
    main = gold.main
    paired = dict(report_score(gold, proposals, registry).pairs)
    return proposals, paired.get(main.key) if main is not None else None


def pairs_table(scores: PairScores, *, verbose: bool = False) -> list[str]:
    lines = [
        f"Corroboration pairs (real reports): {len(scores.results)} pairs, {scores.gold} the "
        "same event",
        f"merge precision {scores.precision:.2f} ({scores.tp}/{scores.predicted} predicted "
        f"same), recall {scores.recall:.2f} ({scores.tp}/{scores.gold} same)",
    ]
    for r in scores.results:
        if verbose or not r.right:
            mark = "ok " if r.right else "MISS" if r.pair.same else "FALSE"
            lines.append(f"  {mark:<5} {r.pair.key}: {r.note}")
    return lines
