"""The evaluation: both gold formats, the matching rules, the scores, and the command.

Metrics are tested on self-written fixtures in the real-corpus format (tests/support/
evaluate_corpus/, not real reports) against drafts a perfect pipeline would make
(tests/support/evaluation.py), then changed one thing at a time.
"""

import dataclasses
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from events.domain.countries import continent_of
from events.geo.gazetteer import get_gazetteer
from events.geo.geodesy import km_between, offset_point
from events.ingest.actors import ActorRef
from events.ingest.dates import DateSpan
from events.ingest.evaluate import DIMENSIONS, Score, report_score, totals
from events.ingest.evaluate_gold import REAL, SELF, gold_default_paths, gold_load
from events.ingest.evaluate_match import PLACE_TOLERANCE_KM, province_radius_km
from events.models import Event, Place, PlaceLookup, Source
from events.services.ingest import actor_registry, gold_evaluate, report_extract
from events.services.seeds import SEEDS_DIR
from tests.support.evaluation import (
    FIXTURES,
    IZIUM,
    MOPTI,
    NAWA,
    NO_ACTORS,
    corpus_copy,
    moved,
    perfect_drafts,
)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("evaluate_ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def perfect(result):
    return all(result.scores[d].precision == result.scores[d].recall == 1.0 for d in DIMENSIONS)


# ---- arithmetic and loading ----


def test_score_arithmetic():
    s = Score(tp=2, predicted=4, gold=5)
    assert (s.precision, s.recall) == (0.5, 0.4)
    assert s.f1 == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert (Score().precision, Score().recall) == (1.0, 1.0)  # nothing asked, nothing wrong
    s += Score(tp=1, predicted=1, gold=1)
    assert (s.tp, s.predicted, s.gold) == (3, 5, 6)


def test_real_format_fixtures_load_with_their_main_event_and_false_places():
    for path in sorted(FIXTURES.glob("*.json")):
        gold = gold_load(path)
        assert gold.corpus == REAL and gold.continent in {"AS", "AF", "EU"}
        assert sum(e.main for e in gold.events) == 1 and gold.main.main
        assert gold.false_places and "fixture" in gold.licence
        for event in gold.events:
            assert gold.text[event.span[0] : event.span[1]]
    nawa = gold_load(NAWA)
    unlocated = nawa.events[1].place
    assert unlocated.point is None and not unlocated.in_gazetteer
    assert nawa.false_places == [("Damascus", "dateline")]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["events"][1].update(main=True), "2 main events"),
        (lambda d: d["events"][0].update(quote="Not in the report."), "is not in the report"),
        (lambda d: d["events"][0].update(sub_event_type="Armed clash"), "not an ACLED"),
        (lambda d: d["events"][0].update(actors=[["Civilians", "victim"]]), "unknown roles"),
        (lambda d: d.update(continent="Asia"), "unknown continent"),
    ],
)
def test_real_gold_is_checked_when_loaded(tmp_path, change, message):
    data = json.loads(NAWA.read_text())
    change(data)
    path = tmp_path / NAWA.name
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=message):
        gold_load(path)


def test_self_written_gold_files_are_well_formed():
    paths = gold_default_paths(SEEDS_DIR)
    assert len(paths) >= 4
    for path in paths:
        gold = gold_load(path)
        assert gold.corpus == SELF and gold.events and gold.continent == "AS"
        assert all(e.precision in (1, 2, 3) for e in gold.events)


def test_continent_of_a_country():
    assert (continent_of("ML"), continent_of("sy"), continent_of("UA")) == ("AF", "AS", "EU")
    assert continent_of("") == continent_of("XX") == ""


# ---- the rules, on known answers ----


@pytest.mark.parametrize("path", [NAWA, MOPTI, IZIUM])
def test_a_perfect_draft_scores_one_everywhere(path):
    gold = gold_load(path)
    result = report_score(gold, perfect_drafts(gold), NO_ACTORS)
    assert perfect(result) and result.scores["events"].f1 == 1.0
    assert result.main_date is True
    assert (result.off_continent, result.false_place_hits, result.notes) == (0, 0, [])


def test_a_place_12_km_off_misses_and_one_9_km_off_matches():
    gold = gold_load(NAWA)
    drafts = perfect_drafts(gold)
    lat, lon = gold.events[0].place.point
    far = moved(drafts[0], offset_point(lat, lon, 12, 90), place_name="Nawa")
    near = moved(drafts[0], offset_point(lat, lon, 9, 90), place_name="Nawa")
    missed = report_score(gold, [far, drafts[1]], NO_ACTORS)
    assert missed.scores["places"].tp == 1 and missed.scores["events"].tp == 1
    assert "missed place Nawa (SY, 32.89,36.04): drafted Nawa (SY) 12 km away" in "\n".join(
        missed.notes
    )
    assert perfect(report_score(gold, [near, drafts[1]], NO_ACTORS))


def test_a_province_matches_anywhere_within_its_own_size():
    gold = gold_load(MOPTI)
    province = gold.events[0].place
    radius = province_radius_km(province.country, province.point)
    assert radius > 5 * PLACE_TOLERANCE_KM  # the region is wider than a town
    entries = get_gazetteer().entries
    mopti_town, bamako = entries[2453348], entries[2460596]  # Mopti in it, Bamako not
    for entry, expected in ((mopti_town, 1), (bamako, 0)):
        km = km_between(province.point, (entry.latitude, entry.longitude))
        assert (km <= radius) == bool(expected)
        draft = moved(
            perfect_drafts(gold)[0], (entry.latitude, entry.longitude), place_name=entry.name
        )
        assert report_score(gold, [draft], NO_ACTORS).scores["places"].tp == expected


def test_a_town_within_the_province_radius_misses_a_gold_town():
    """Precision 1 gold keeps the 10 km rule, however large its province."""
    gold = gold_load(MOPTI)
    gold.events[0].place = dataclasses.replace(gold.events[0].place, precision=1)
    town = get_gazetteer().entries[2453348]
    draft = moved(perfect_drafts(gold)[0], (town.latitude, town.longitude), place_name="Mopti")
    assert report_score(gold, [draft], NO_ACTORS).scores["places"].tp == 0


def test_an_unlocated_gold_place_matches_an_unlocated_draft_of_the_same_name():
    gold = gold_load(NAWA)
    drafts = perfect_drafts(gold)
    assert drafts[1].location is None  # the perfect draft keeps Tell Hamdan unlocated
    same = moved(drafts[1], None, place_name="tell-hamdan")  # folded: the same name
    other = moved(drafts[1], None, place_name="Tell Shihab")
    located = moved(drafts[1], (32.7, 36.0), place_name="Tell Hamdan")
    assert report_score(gold, [drafts[0], same], NO_ACTORS).scores["places"].tp == 2
    assert report_score(gold, [drafts[0], other], NO_ACTORS).scores["places"].tp == 1
    result = report_score(gold, [drafts[0], located], NO_ACTORS)
    assert result.scores["places"].tp == 1
    assert any("where the gold keeps it unlocated" in note for note in result.notes)


def test_an_off_continent_false_place_is_counted_and_a_listed_one_named():
    gold = gold_load(MOPTI)
    draft = perfect_drafts(gold)[0]
    naha = get_gazetteer().entries[1856035]
    bamako = get_gazetteer().entries[2460596]
    far = moved(draft, (naha.latitude, naha.longitude), place_name="Naha", country_code="JP")
    dateline = moved(draft, (bamako.latitude, bamako.longitude), place_name="Bamako")
    off = report_score(gold, [far], NO_ACTORS)
    assert (off.off_continent, off.false_place_hits) == (1, 0)
    assert "false place Naha (JP): on another continent (AS, the report's is AF)" in "\n".join(
        off.notes
    )
    listed = report_score(gold, [dateline], NO_ACTORS)
    assert (listed.off_continent, listed.false_place_hits) == (0, 1)
    assert "false place Bamako (ML): dateline" in "\n".join(listed.notes)
    assert totals([off, listed]).off_continent == 1


def test_a_draft_date_matches_the_same_day_or_a_range_holding_the_gold_date():
    gold = gold_load(IZIUM)
    draft = perfect_drafts(gold)[0]
    day = gold.events[0].date
    week = dataclasses.replace(draft, date=DateSpan(day - dt.timedelta(days=3), day, 2))
    wrong = dataclasses.replace(draft, date=DateSpan(day - dt.timedelta(days=1), None, 1))
    assert perfect(report_score(gold, [week], NO_ACTORS))
    missed = report_score(gold, [wrong], NO_ACTORS)
    assert missed.scores["dates"].tp == 0 and missed.main_date is False
    assert f"date {day - dt.timedelta(days=1)} vs gold {day}" in "\n".join(missed.notes)


def test_a_gold_date_known_only_to_the_week_or_month_holds_a_draft_day_inside_it():
    gold = gold_load(IZIUM)
    draft = perfect_drafts(gold)[0]
    day = gold.events[0].date

    def scored(precision: int, drafted: dt.date) -> bool:
        event = dataclasses.replace(gold.events[0], precision=precision)
        imprecise = dataclasses.replace(gold, events=[event, *gold.events[1:]])
        moved = dataclasses.replace(draft, date=DateSpan(drafted, None, 1))
        return bool(report_score(imprecise, [moved], NO_ACTORS).main_date)

    two_days_off, a_week_off = day + dt.timedelta(days=2), day + dt.timedelta(days=7)
    assert scored(2, two_days_off) and not scored(2, a_week_off)
    assert not scored(1, two_days_off)
    same_month = day.replace(day=28 if day.day < 20 else 1)
    assert scored(3, same_month) and not scored(2, same_month)
    assert not scored(3, day.replace(day=1) - dt.timedelta(days=1))


def test_actors_match_through_the_registry_and_roles_are_reported_apart(seeded):
    registry = actor_registry()
    gold = gold_load(NAWA)
    drafts = perfect_drafts(gold, registry)
    syria = registry.aliases["syrian army"][1]  # an alias, not the name the gold writes
    assert drafts[0].actors[0][0] == syria
    swapped = dataclasses.replace(
        drafts[1],
        actors=[(ActorRef("Hayat Tahrir al Sham", proposed=True), "actor2"), (syria, "actor1")],
    )
    result = report_score(gold, [drafts[0], swapped], registry)
    assert result.scores["actors"].tp == 4 and result.roles.tp == 2 and result.roles.gold == 4
    assert "role of Hayat Tahrir al-Sham: actor2 vs gold actor1" in "\n".join(result.notes)
    lost = dataclasses.replace(drafts[1], actors=drafts[1].actors[:1])
    assert "actor missed: Military Forces of Syria" in "\n".join(
        report_score(gold, [drafts[0], lost], registry).notes
    )


def test_fatalities_must_be_exact():
    gold = gold_load(NAWA)
    drafts = perfect_drafts(gold)
    off_by_one = dataclasses.replace(drafts[0], fatalities=4)
    result = report_score(gold, [off_by_one, drafts[1]], NO_ACTORS)
    assert result.scores["fatalities"].tp == 0 and result.scores["events"].tp == 2
    assert "fatalities 4 vs gold 3" in "\n".join(result.notes)


# ---- the self-written gold and the pipeline ----


def gold_from(proposals):
    """Self-written gold events from the pipeline's own proposals: perfect by construction."""
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


def test_self_written_gold_from_the_pipelines_own_drafts_is_perfect(seeded, tmp_path):
    data = json.loads((SEEDS_DIR / "events.json").read_text())
    gold = gold_load(SEEDS_DIR / "events.json")
    proposals = report_extract(gold.text, published=gold.published).proposals
    data["source"] = {**data["source"], "text": gold.text}
    data["source"].pop("file")
    data["events"] = gold_from(proposals)
    path = tmp_path / "constructed.json"
    path.write_text(json.dumps(data))
    registry = actor_registry()
    assert perfect(report_score(gold_load(path), proposals, registry))

    # Drop one gold event and change another's date: precision and recall move as they must.
    data["events"] = data["events"][1:]
    data["events"][0]["date"] = "2001-01-01"
    path.write_text(json.dumps(data))
    scored = report_score(gold_load(path), proposals, registry).scores
    n = len(proposals)
    assert scored["dates"].tp == n - 2 and scored["dates"].predicted == n
    assert scored["events"].tp == n - 2 and scored["events"].recall == (n - 2) / (n - 1)


def test_pipeline_on_the_self_written_gold_writes_nothing_and_the_seed_stays_perfect(seeded):
    """Regression floor for the pipeline as a whole (figures printed by evaluate_ingest)."""
    counts = [m.objects.count() for m in (Event, Place, PlaceLookup, Source)]
    results = gold_evaluate(gold_default_paths(SEEDS_DIR))
    assert [m.objects.count() for m in (Event, Place, PlaceLookup, Source)] == counts
    assert perfect(results[0]) and results[0].main_date is True
    overall = totals(results).scores
    for dimension in ("places", "actors", "event types", "dates"):
        assert overall[dimension].precision >= 0.8, dimension
        assert overall[dimension].recall >= 0.8, dimension


# ---- the command ----


def test_command_prints_the_real_and_self_written_corpora_apart(seeded, tmp_path):
    figures = tmp_path / "figures.json"
    out, _ = run("--corpus-dir", str(FIXTURES), "--json", str(figures))
    real_at, self_at = out.index("Real corpus"), out.index("Self-written gold")
    assert real_at < out.index("real totals: place recall") < self_at
    assert self_at < out.index("self totals: place recall")
    assert out.count("ALL (micro)") == 2 and NAWA.name in out and "events.json" in out
    data = json.loads(figures.read_text())["corpora"]
    assert len(data[REAL]["reports"]) == 3 and len(data[SELF]["reports"]) == 4
    expected = totals(gold_evaluate(sorted(FIXTURES.glob("*.json")))).as_json()
    assert data[REAL]["totals"] == expected
    assert data[SELF]["reports"][0]["scores"]["places"]["recall"] == 1.0  # the seed report


def test_command_corpus_real_with_an_empty_folder_says_so(seeded, tmp_path):
    figures = tmp_path / "figures.json"
    out, _ = run("--corpus", "real", "--corpus-dir", str(tmp_path), "--json", str(figures))
    assert f"No real gold in {tmp_path}" in out and "ALL (micro)" not in out
    assert json.loads(figures.read_text()) == {"corpora": {}}
    out, _ = run("--corpus-dir", str(tmp_path / "none"))  # all: the self-written still runs
    assert "No real gold" in out and "self totals" in out and "real totals" not in out


def test_command_verbose_names_each_miss_with_its_reason(seeded, tmp_path):
    corpus = corpus_copy(tmp_path / "corpus", NAWA, edit={"date": "2001-01-01"})
    figures = tmp_path / "figures.json"
    out, _ = run(
        "--corpus", "real", "--corpus-dir", str(corpus), "--verbose", "--json", str(figures)
    )
    lines = [line for line in out.splitlines() if line.startswith(NAWA.name + ": ")]
    assert any("fixture-2019-05-13-nawa-shelling" in ln and "2001-01-01" in ln for ln in lines)
    report = json.loads(figures.read_text())["corpora"][REAL]["reports"][0]
    assert report["main_date_right"] is False
    assert lines == [f"{NAWA.name}: {note}" for note in report["notes"]]


def test_command_on_one_gold_file_and_errors(seeded, tmp_path):
    out, _ = run("--gold", str(SEEDS_DIR / "events.json"))
    assert "No real gold among the --gold files" in out
    assert "1.00/1.00" in out and "self totals" in out
    with pytest.raises(CommandError, match="No such gold file"):
        run("--gold", str(tmp_path / "missing.json"))
    bad = tmp_path / "bad.json"
    data = json.loads(NAWA.read_text())
    data["events"][0]["quote"] = "Not in the report."
    bad.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="is not in the report"):
        run("--gold", str(bad))


def test_command_warns_when_the_registry_is_empty(db):
    _, err = run("--gold", str(SEEDS_DIR / "events.json"))
    assert "actor registry is empty" in err


def test_actor_names_meet_their_acled_spellings_without_the_registry():
    gold = gold_load(NAWA)
    gold.events[0].actors = [
        ["SDF: Syrian Democratic Forces", "actor1"],
        ["Military Forces of the Syrian Arab Republic (2000-2024)", "actor2"],
    ]
    draft = dataclasses.replace(
        perfect_drafts(gold)[0],
        actors=[
            (ActorRef("Syrian Democratic Forces", proposed=True), "actor1"),
            (ActorRef("Military Forces of Syria", proposed=True), "actor2"),
        ],
    )
    assert report_score(gold, [draft], NO_ACTORS).scores["actors"].tp == 2
    police = dataclasses.replace(draft, actors=[(ActorRef("Police Forces of Syria"), "actor2")])
    assert report_score(gold, [police], NO_ACTORS).scores["actors"].tp == 0
