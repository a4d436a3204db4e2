"""Every real-corpus gold file (seeds/corpus/*.json) keeps the shared gold format.

The format is the contract between the people who annotate real reports and
`evaluate_ingest`: a malformed file would be scored wrongly or not at all, so each one is
checked here for its keys, its quotes, its single main event and its vocabulary.
"""

import json
import re
from pathlib import Path

import pytest

from events.domain.countries import known_codes
from events.domain.vocabulary import EVENT_TAXONOMY, ROLES

CORPUS = Path(__file__).resolve().parent.parent / "seeds" / "corpus"
FILES = sorted(CORPUS.glob("*.json"))

SOURCE_KEYS = {"title", "publisher", "published", "url", "licence", "excerpt", "text"}
EVENT_KEYS = {
    "key",
    "main",
    "date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "place",
    "country",
    "geonames_id",
    "latitude",
    "longitude",
    "in_gazetteer",
    "admin1",
    "geo_precision",
    "actors",
    "fatalities",
    "quote",
    "summary",
}
FALSE_PLACE_KINDS = {"dateline", "metonym", "origin", "person", "passing"}
CONTINENTS = {"AF", "AS", "EU", "NA", "SA", "OC"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_corpus_has_files() -> None:
    assert FILES, f"no gold files in {CORPUS}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_source_block_is_complete(path: Path) -> None:
    source = load(path)["source"]
    assert source.keys() >= SOURCE_KEYS
    assert source["url"].strip() and source["licence"].strip()
    assert DATE.match(source["published"])
    assert path.name.startswith(source["published"] + "-")
    assert isinstance(source["excerpt"], bool)
    if not source["excerpt"]:
        words = len(source["text"].split())
        assert 150 <= words <= 800, f"{words} words in a full text"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_document_keys_and_false_places(path: Path) -> None:
    doc = load(path)
    assert doc["conflict"].strip()
    assert doc["continent"] in CONTINENTS
    for false_place in doc["false_places"]:
        assert false_place["name"].strip()
        assert false_place["kind"] in FALSE_PLACE_KINDS


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_exactly_one_main_event(path: Path) -> None:
    events = load(path)["events"]
    assert sum(1 for event in events if event["main"] is True) == 1


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_events_use_the_vocabulary(path: Path) -> None:
    doc = load(path)
    text = doc["source"]["text"]
    keys = [event["key"] for event in doc["events"]]
    assert len(keys) == len(set(keys)), "event keys repeat"
    for event in doc["events"]:
        assert event.keys() >= EVENT_KEYS, event["key"]
        assert event["quote"] and event["quote"] in text, event["key"]
        assert event["sub_event_type"] in EVENT_TAXONOMY[event["event_type"]], event["key"]
        assert event["country"] in known_codes(), event["key"]
        assert DATE.match(event["date"]) and event["date_precision"] in (1, 2, 3)
        assert event["geo_precision"] in (1, 2, 3)
        assert event["fatalities"] is None or event["fatalities"] >= 0
        for name, role in event["actors"]:
            assert name.strip() and role in ROLES, event["key"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_located_places_carry_coordinates(path: Path) -> None:
    for event in load(path)["events"]:
        if event["geonames_id"] is not None:
            assert event["in_gazetteer"] is True, event["key"]
        if event["latitude"] is not None or event["longitude"] is not None:
            assert -90 <= event["latitude"] <= 90 and -180 <= event["longitude"] <= 180
