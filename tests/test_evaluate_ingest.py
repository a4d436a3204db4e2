"""The evaluation: scoring arithmetic, pairing, the gold files, and the command."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from events.ingest.evaluate import (
    DIMENSIONS,
    Score,
    gold_default_paths,
    gold_load,
    report_score,
    totals,
)
from events.models import Event, Place, PlaceLookup, Source
from events.services.ingest import gold_evaluate as evaluate
from events.services.ingest import report_extract
from events.services.seeds import SEEDS_DIR


def test_score_arithmetic():
    s = Score(tp=2, predicted=4, gold=5)
    assert (s.precision, s.recall) == (0.5, 0.4)
    assert s.f1 == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert (Score().precision, Score().recall) == (1.0, 1.0)  # nothing asked, nothing wrong
    s += Score(tp=1, predicted=1, gold=1)
    assert (s.tp, s.predicted, s.gold) == (3, 5, 6)


def gold_from(proposals, text):
    """Gold events written from the pipeline's own proposals: a perfect score by construction."""
    return [
        {
            "key": f"k{i}",
            "date": p.date.start.isoformat(),
            "end_date": p.date.end.isoformat() if p.date.end else None,
            "date_precision": p.date.precision,
            "event_type": p.event_type,
            "sub_event_type": p.sub_event_type,
            "place": p.place_name or None,
            "country": p.country_code,
            "actors": [[a.slug or a.name, role] for a, role in p.actors],
            "quote": p.quote,
        }
        for i, p in enumerate(proposals)
    ]


def test_pairing_and_dimensions_on_constructed_gold(seeded, tmp_path):
    gold_path = SEEDS_DIR / "events.json"
    gold = gold_load(gold_path)
    proposals = report_extract(gold.text, published=gold.published).proposals
    slugs = {"russia", "turkey", "syria", "islamic-state", "iran", "free-syrian-army", "ypg",
             "pyd", "united-states", "jabhat-fateh-al-sham"}  # fmt: skip
    gold.events = gold_from(proposals, gold.text)
    perfect = report_score(gold, proposals, slugs)
    assert all(perfect.scores[d].precision == perfect.scores[d].recall == 1 for d in DIMENSIONS)
    assert perfect.missed == [] and perfect.extra == []

    # Drop one gold event and change another's date: precision and recall move as they must.
    dropped, changed = gold.events[0], gold.events[1]
    gold.events = gold.events[1:]
    changed["date"] = "2001-01-01"
    scored = report_score(gold, proposals, slugs).scores
    n = len(proposals)
    assert scored["events"].tp == n - 1 and scored["events"].predicted == n
    assert scored["events"].recall == 1.0
    assert scored["dates"].tp == n - 2
    assert scored["actors"].predicted - scored["actors"].tp == len([a for a in proposals[0].actors])
    assert dropped["key"] not in [k for k, _ in report_score(gold, proposals, slugs).pairs]


def test_gold_files_are_well_formed():
    paths = gold_default_paths(SEEDS_DIR)
    assert len(paths) >= 4
    for path in paths:
        gold = gold_load(path)
        assert gold.events
        for event in gold.events:
            assert event["quote"] in gold.text
            assert event["date_precision"] in (1, 2, 3)


def test_gold_quote_must_be_in_the_text(tmp_path):
    data = json.loads(
        (
            SEEDS_DIR / "gold" / sorted(p.name for p in (SEEDS_DIR / "gold").glob("*.json"))[0]
        ).read_text()
    )
    data["events"][0]["quote"] = "Not in the report."
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="is not in the report"):
        gold_load(path)


def test_pipeline_against_all_gold_reports(seeded):
    """Regression floor for the pipeline as a whole (figures printed by evaluate_ingest)."""
    counts = [m.objects.count() for m in (Event, Place, PlaceLookup, Source)]
    results = evaluate(gold_default_paths(SEEDS_DIR))
    assert [m.objects.count() for m in (Event, Place, PlaceLookup, Source)] == counts
    seed = results[0].scores
    assert all(seed[d].precision == seed[d].recall == 1.0 for d in DIMENSIONS)
    overall = totals(results)
    for dimension in DIMENSIONS:
        assert overall[dimension].precision >= 0.8, dimension
        assert overall[dimension].recall >= 0.8, dimension


def test_command_prints_precision_and_recall(seeded):
    out = io.StringIO()
    call_command("evaluate_ingest", "--details", stdout=out)
    text = out.getvalue()
    assert "ALL (micro)" in text and "events.json" in text
    for dimension in DIMENSIONS:
        assert dimension in text.splitlines()[0]
    assert "counts (true positives / drafted / gold)" in text


def test_command_on_one_gold_file_and_errors(seeded, tmp_path):
    out = io.StringIO()
    path = SEEDS_DIR / "events.json"
    call_command("evaluate_ingest", "--gold", str(path), stdout=out)
    assert "   1.00 / 1.00" in out.getvalue()
    with pytest.raises(CommandError, match="No such gold file"):
        call_command("evaluate_ingest", "--gold", str(tmp_path / "missing.json"))


def test_command_warns_when_the_registry_is_empty(db):
    err = io.StringIO()
    call_command(
        "evaluate_ingest",
        "--gold",
        str(SEEDS_DIR / "events.json"),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "actor registry is empty" in err.getvalue()
