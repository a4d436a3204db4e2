"""The evaluation as text (one table per corpus) and as JSON, for `manage.py evaluate_ingest`."""

from __future__ import annotations

from events.ingest.evaluate import DIMENSIONS, ReportScore, Score, Totals, totals
from events.ingest.evaluate_gold import REAL, SELF

CORPUS_TITLES = {
    REAL: "Real corpus (published reports)",
    SELF: "Self-written gold (seeds/events.json, seeds/gold/)",
}
NAME_WIDTH = 44
CELL = 12


def _cell(score: Score) -> str:
    return f"{score.precision:.2f}/{score.recall:.2f}".rjust(CELL)


def _main(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "-"}[value].rjust(6)


def _row(name: str, scores: dict[str, Score], main: str, off: int, false_hits: int) -> str:
    cells = "".join(_cell(scores[d]) for d in DIMENSIONS)
    return f"{name[:NAME_WIDTH]:<{NAME_WIDTH}}{cells}{main}{off:>6}{false_hits:>7}"


def corpus_table(corpus: str, results: list[ReportScore]) -> list[str]:
    """The table of one corpus: a row per report, the micro-averaged row, counts and totals."""
    lines = [f"{CORPUS_TITLES.get(corpus, corpus)}: {len(results)} reports"]
    heads = "".join(d.rjust(CELL) for d in DIMENSIONS)
    lines.append(f"{'(precision/recall)':<{NAME_WIDTH}}{heads}{'main':>6}{'off':>6}{'false':>7}")
    for r in results:
        lines.append(
            _row(r.path.name, r.scores, _main(r.main_date), r.off_continent, r.false_place_hits)
        )
    total = totals(results)
    main = f"{total.main_date_right}/{total.main_date_reports}".rjust(6)
    lines.append(
        _row("ALL (micro)", total.scores, main, total.off_continent, total.false_place_hits)
    )
    lines.append(
        "counts (true positives / drafted / gold): "
        + "; ".join(f"{d} {s.tp}/{s.predicted}/{s.gold}" for d, s in total.scores.items())
    )
    lines.append(totals_line(corpus, total))
    return lines


def totals_line(corpus: str, t: Totals) -> str:
    s = t.scores
    return (
        f"{corpus} totals: place recall {s['places'].recall:.2f}, precision "
        f"{s['places'].precision:.2f}; actor recall {s['actors'].recall:.2f}, precision "
        f"{s['actors'].precision:.2f}; main date {t.main_date_right}/{t.main_date_reports} "
        f"({t.main_date_share:.2f}); event F1 {s['events'].f1:.2f}; off-continent "
        f"{t.off_continent}; false-place hits {t.false_place_hits}; roles agree "
        f"{t.roles.tp}/{t.roles.gold}"
    )


LEGEND = (
    "main: the main event drafted with the right date; off: false places on another continent "
    "than the report's; false: false places the gold lists (datelines, metonyms, origins...)."
)


def verbose_lines(results: list[ReportScore]) -> list[str]:
    return [f"{r.path.name}: {note}" for r in results for note in r.notes]


def figures_json(by_corpus: dict[str, list[ReportScore]]) -> dict:
    return {
        "corpora": {
            corpus: {
                "reports": [r.as_json() for r in results],
                "totals": totals(results).as_json(),
            }
            for corpus, results in by_corpus.items()
        }
    }
