"""Search that knows names (issue 16): the text search finds places by any name or
transliteration the gazetteer knows; the actor search ranks whole aliases and words first and
finds aliases in other scripts; those never name an actor in an English report."""

import json

import pytest

from events.domain.filters import ERR_EMPTY, ERR_REPEATED, ERR_TOO_LONG, ERR_UNKNOWN_PARAM
from events.models import ActorAlias, Event, Place
from events.selectors.actors import (
    EXACT,
    INSIDE,
    PREFIX,
    WORD_PREFIX,
    WORDS,
    actors_search,
    name_match,
)
from events.selectors.places import place_ids_named
from events.services.ingest import actor_registry
from events.services.seeds import SEEDS_DIR, _names_add, registry_specs
from tests.support.factories import event_make

AL_BAB = "seed-2017-01-18-al-bab-joint-strikes"
DAYR = "seed-2017-01-18-dayr-al-zawr-air-support"
PALMYRA = "seed-2017-01-18-palmyra-air-support"
ALEPPO = "seed-2016-12-aleppo-recaptured"
ASTANA = "seed-2017-01-astana-talks"


def found(client, **params) -> set[str]:
    response = client.get("/api/events.geojson", params)
    assert response.status_code == 200
    features = json.loads(b"".join(response.streaming_content))["features"]
    by_id = dict(Event.objects.values_list("id", "external_id"))
    return {by_id[f["id"]] for f in features}


# --- the text search (q) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "q,expected",
    [
        ("Halab", {ALEPPO}),  # Aleppo's Arabic name, romanised
        ("HALAB", {ALEPPO}),  # case folded
        ("Ḥalab", {ALEPPO}),  # accents folded
        ("Halep", {ALEPPO}),  # Turkish
        ("Deir al-Zour", {DAYR}),  # the article and the hyphen folded away
        ("Dayr az Zawr", {DAYR}),
        ("Nur-Sultan", {ASTANA}),  # a former name
        ("Akmola", {ASTANA}),
        ("Tadmor", {PALMYRA}),
        ("Nursultan", {ASTANA}),  # no name has that key: its skeleton, within stored countries
        ("Dair ez Zor", {DAYR}),
    ],
)
def test_q_finds_the_events_of_a_place_named_by_any_of_its_names(seeded, client, q, expected):
    assert found(client, q=q) == expected


def test_a_place_name_joins_what_q_found_before(seeded, client):
    # Aleppo's event by its alternate name, al-Bab's by its summary's words: both.
    assert found(client, q="al-Bab") == {AL_BAB}
    assert found(client, q="xyzzy") == set()
    # The other filters still apply to what the name finds.
    assert found(client, q="Halab", country="KZ") == set()
    assert found(client, q="Halab", date_from="2017-01-01") == set()


def test_q_finds_a_place_without_geonames_id_by_a_spelling_the_gazetteer_has(seeded, client):
    """An import's place (no GeoNames id) named as one of the gazetteer's spellings of Aleppo."""
    place = Place.objects.create(name="Alep", country_code="SY", point="POINT(37.16 36.2)")
    event = event_make(place=place, place_name="", summary="Shelling.", external_id="x1")
    event_make(place=None, place_name="", summary="Elsewhere.", external_id="x2")
    assert event.external_id in found(client, q="Halab")
    assert "x2" not in found(client, q="Halab")


def test_the_skeleton_is_asked_only_within_the_countries_given(seeded):
    astana = Place.objects.get(name="Astana").pk
    assert place_ids_named("Nursultan", ["KZ"]) == [astana]
    assert place_ids_named("Nursultan", ["SY"]) == []
    assert place_ids_named("Nur-Sultan", ["SY"]) == [astana]  # a known name: every country


def test_no_skeleton_look_up_over_countries_too_big_to_index(seeded, monkeypatch):
    monkeypatch.setattr("events.selectors.places.SKELETON_MAX_ENTRIES", 100)
    assert place_ids_named("Nursultan", ["KZ"]) == []  # Kazakhstan has more entries than that
    assert place_ids_named("Nur-Sultan", ["KZ"]) != []  # the exact key is asked all the same


def test_q_by_alternate_name_on_every_endpoint_of_the_filter(seeded, client):
    timeline = client.get("/api/timeline.json", {"q": "Halab"}).json()
    assert timeline["total"] == 1
    csv = client.get("/api/events.csv", {"q": "Nur-Sultan"})
    assert b"Astana" in b"".join(csv.streaming_content)


# --- the actor search --------------------------------------------------------------------------


def searched(client, search: str, **params) -> list[dict]:
    response = client.get("/api/actors.json", {"search": search, **params})
    assert response.status_code == 200, response.content
    return response.json()["actors"]


def test_is_lists_islamic_state_before_the_actors_that_merely_contain_it(seeded, client):
    actors = searched(client, "IS")
    assert actors[0]["slug"] == "islamic-state"
    assert actors[0]["match"] == "IS"
    later = [a["slug"] for a in actors[1:]]
    assert "russia" in later  # "Russian Defence Ministry": inside a word
    assert "turkey" in later
    assert searched(client, "is")[0]["slug"] == "islamic-state"  # case folded


@pytest.mark.parametrize(
    "search,alias",
    [
        ("داعش", "داعش"),
        ("الدولة الإسلامية", "الدولة الإسلامية"),
        ("Исламское государство", "Исламское государство"),
        ("État islamique", "État islamique"),
        ("etat islamique", "État islamique"),  # accents folded
        ("EI", "EI"),
        ("daesh", "Daesh"),
    ],
)
def test_other_scripts_and_languages_find_islamic_state(seeded, client, search, alias):
    actors = searched(client, search)
    assert actors[0]["slug"] == "islamic-state"
    assert actors[0]["match"] == alias


def test_an_arabic_alias_names_the_actor_in_the_filter_too(seeded, client):
    assert found(client, actor="داعش") == found(client, actor="islamic-state") == {AL_BAB, DAYR}


def test_the_search_counts_under_the_filter_and_lists_only_actors_with_events(seeded, client):
    actors = searched(client, "Russia", country="KZ")
    assert [(a["slug"], a["count"]) for a in actors] == [("russia", 1)]
    in_kazakhstan = [a["slug"] for a in searched(client, "IS", country="KZ")]
    assert "islamic-state" not in in_kazakhstan  # none of its events is there
    assert in_kazakhstan == ["russia", "turkey"]  # "Russian Defence Ministry", "Turkish ..."
    assert searched(client, "xyzzy") == []


@pytest.mark.parametrize(
    "query,error",
    [
        ({"search": ""}, ERR_EMPTY),
        ({"search": "x" * 201}, ERR_TOO_LONG),
        ({"search": ["IS", "ISIS"]}, ERR_REPEATED),
    ],
)
def test_a_bad_search_is_a_400_naming_it(seeded, client, query, error):
    response = client.get("/api/actors.json", query)
    assert response.status_code == 400
    assert response.json()["errors"] == {"search": error}


def test_search_belongs_to_the_actor_list_only(seeded, client):
    response = client.get("/api/timeline.json", {"search": "IS"})
    assert response.json()["errors"] == {"search": ERR_UNKNOWN_PARAM}
    both = client.get("/api/actors.json", {"search": "", "date_from": "x"}).json()["errors"]
    assert set(both) == {"search", "date_from"}


@pytest.mark.parametrize(
    "search,name,rank",
    [
        ("IS", "IS", EXACT),
        ("i.s.", "IS", EXACT),
        ("IS", "IS Sahel", WORDS),
        ("Sahel", "Islamic State Sahel Province", WORDS),
        ("Shabaab", "al-Shabaab", EXACT),  # the Arabic article, as alias keys drop it
        ("Isl", "Islamic State", PREFIX),
        ("Stat", "Islamic State", WORD_PREFIX),
        ("is", "Russian Defence Ministry", INSIDE),
        ("داعش", "داعش", EXACT),
        ("xyz", "Islamic State", None),
    ],
)
def test_how_a_search_matches_a_name(search, name, rank):
    assert name_match(search, name) == rank


def test_ties_go_to_the_actor_with_more_events_then_by_name():
    rows = [
        {"slug": "b", "name": "Beta", "aliases": ["IS b"], "count": 1},
        {"slug": "c", "name": "Gamma", "aliases": ["IS c"], "count": 5},
        {"slug": "a", "name": "Alpha", "aliases": ["IS a"], "count": 1},
        {"slug": "d", "name": "Crisis", "aliases": [], "count": 9},
    ]
    assert [r["slug"] for r in actors_search(rows, "IS")] == ["c", "a", "b", "d"]


# --- the names in other scripts: seeds and ingest ----------------------------------------------


@pytest.mark.parametrize(
    "alias,slug",
    [
        ("قوات سوريا الديمقراطية", "qsd-syrian-democratic-forces"),
        ("Вооружённые силы Российской Федерации", "russia"),
        ("Збройні сили України", "military-forces-of-ukraine"),
        ("أنصار الله", "ansar-allah"),
        ("الشباب", "al-shabaab"),
        ("ЧВК Вагнер", "wagner-group"),
        ("طالبان", "taliban"),
        ("هيئة تحرير الشام", "hts-hayat-tahrir-al-sham"),
    ],
)
def test_the_seeds_give_the_main_actors_their_names_in_other_scripts(seeded, alias, slug):
    assert ActorAlias.objects.get(alias=alias).actor.slug == slug


def test_every_name_of_actor_names_json_belongs_to_a_seed_actor(seeded):
    names = json.loads((SEEDS_DIR / "actor_names.json").read_text(encoding="utf-8"))["names"]
    slugs = {spec["slug"] for spec in registry_specs()}
    assert set(names) <= slugs
    assert seeded.aliases_skipped == []
    with pytest.raises(ValueError, match="no-such-actor"):
        _names_add([], {"names": {"no-such-actor": {"fr": ["Personne"]}}})


def test_ingest_never_names_an_actor_by_an_alias_in_another_script(seeded):
    """ "حماس" (Hamas) folds to "hms": in an English report HMS is a ship, not Hamas."""
    assert ActorAlias.objects.filter(alias="حماس").exists()
    registry = actor_registry()
    assert registry.lookup("HMS") is None
    assert registry.lookup("Hamas").name == "Hamas Movement"
    assert registry.lookup("EI").name == "Islamic State"  # Latin script: an acronym, in capitals
    assert registry.lookup("Ei") is None
