"""The offline geocoder, through geopy, against GeoNames coordinates."""

import json

import pytest
from django.core.management import CommandError, call_command
from geopy.location import Location

from events.geo.gazetteer import GeoNamesGeocoder
from events.geo.geodesy import km_between, offset_point
from events.models import Place, PlaceLookup
from events.services.places import place_geocode

# GeoNames coordinates (geonameid: lat, lon) of the seed report's places.
GEONAMES = {
    "al-Bab": (174018, 36.37051, 37.5157),
    "Aleppo": (170063, 36.20124, 37.16117),
    "Dayr al-Zawr": (170794, 35.33588, 40.14084),
    "Palmyra": (163808, 34.5624, 38.28402),
    "Astana": (1526273, 51.1801, 71.44598),
}
SPELLINGS = [
    ("al-Bab", "al-Bab"),
    ("Al Bab", "al-Bab"),
    ("Aleppo", "Aleppo"),
    ("Halab", "Aleppo"),
    ("Dayr al-Zawr", "Dayr al-Zawr"),
    ("Deir ez-Zor", "Dayr al-Zawr"),
    ("Deir al-Zour", "Dayr al-Zawr"),
    ("Palmyra", "Palmyra"),
    ("Tadmur", "Palmyra"),
    ("Astana", "Astana"),
    ("Nur-Sultan", "Astana"),
]


@pytest.mark.parametrize("query,place", SPELLINGS)
def test_each_spelling_geocodes_within_5_km_of_geonames(query, place):
    location = GeoNamesGeocoder().geocode(query, country_codes=["SY", "KZ"])
    geonames_id, lat, lon = GEONAMES[place]
    assert isinstance(location, Location)
    assert location.raw["geonameid"] == geonames_id
    assert km_between((location.latitude, location.longitude), (lat, lon)) < 5


def test_palmyra_with_country_hint_sy_is_the_syrian_one_and_says_why():
    location = GeoNamesGeocoder().geocode("Palmyra", country_codes="SY")
    assert location.raw["countrycode"] == "SY"
    assert location.raw["geonameid"] == 163808
    assert "hinted country SY" in location.raw["why"]
    assert location.raw["candidates"] > 1  # ambiguous: there are American Palmyras too


def test_palmyra_with_country_hint_us_is_american():
    location = GeoNamesGeocoder().geocode("Palmyra", country_codes="US")
    assert location.raw["countrycode"] == "US"


def test_ambiguous_name_ranking_is_deterministic_by_population():
    everything = GeoNamesGeocoder().geocode("Palmyra", exactly_one=False)
    populations = [loc.raw["population"] for loc in everything]
    assert populations == sorted(populations, reverse=True)
    assert everything == GeoNamesGeocoder().geocode("Palmyra", exactly_one=False)


def test_unknown_name_returns_none():
    assert GeoNamesGeocoder().geocode("Qaryat Xyzzy al-Mafqudah") is None


def test_place_geocode_stores_one_place_and_asks_once(db):
    first = place_geocode(name="Deir ez-Zor", country="SY")
    second = place_geocode(name="Dayr al-Zawr", country="SY")
    assert first == second
    assert Place.objects.filter(geonames_id=170794).count() == 1
    assert PlaceLookup.objects.filter(place=first).count() == 2
    # The second asking of the same name is answered from the lookup table.
    lookups = PlaceLookup.objects.count()
    assert place_geocode(name="Deir ez-Zor", country="SY") == first
    assert PlaceLookup.objects.count() == lookups


def test_a_miss_is_remembered(db):
    assert place_geocode(name="Khirbet Nowhere al-Saghira", country="SY") is None
    lookup = PlaceLookup.objects.get(normalized="khirbet nowhere saghira")
    assert lookup.place is None


def test_relative_location_40_km_northeast_of_aleppo_lands_near_al_bab():
    _, lat, lon = GEONAMES["Aleppo"]
    computed = offset_point(lat, lon, 40, 45)
    _, bab_lat, bab_lon = GEONAMES["al-Bab"]
    # The report rounds: al-Bab is ~35 km ENE of Aleppo; the stated point is within 15 km of it.
    assert km_between((lat, lon), computed) == pytest.approx(40, abs=0.01)
    assert km_between(computed, (bab_lat, bab_lon)) < 15


def test_geocode_command_prints_json_lines(db, capsys):
    call_command("geocode", "Dayr al-Zawr", "Tadmur", "--country", "SY")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [d["geonames_id"] for d in lines] == [170794, 163808]
    assert set(lines[0]) == {
        "query",
        "name",
        "latitude",
        "longitude",
        "country_code",
        "geonames_id",
    }
    assert lines[0]["query"] == "Dayr al-Zawr"
    assert lines[0]["country_code"] == "SY"


def test_geocode_command_fails_clearly_when_nothing_found(db):
    with pytest.raises(CommandError, match="No place found in SY for: Atlantis"):
        call_command("geocode", "Atlantis", "--country", "SY")


def test_geocode_command_rejects_a_bad_country(db):
    with pytest.raises(CommandError, match="two-letter ISO code"):
        call_command("geocode", "Aleppo", "--country", "Syria")


def test_an_extended_gazetteer_finds_the_extra_entries_and_leaves_the_base_alone():
    from events.geo.gazetteer import GazetteerEntry, get_gazetteer

    base = get_gazetteer()
    village = GazetteerEntry(-42, "Tall Jurnayyat", 36.46, 37.81, "SY", "Aleppo", 0, (), "imported")
    extended = base.extended([village])
    assert extended.candidates("Tall Jurnayyat") == [village]
    assert extended.by_skeleton("Tal Jurnayat", ["SY"]) == [village]
    assert extended.by_skeleton("Tal Jurnayat", ["IQ"]) == []  # only within the given countries
    assert base.candidates("Tall Jurnayyat") == []
    assert village.place_id == 42
    # The import's admin1 column teaches a province too.
    assert {p.country_code for p in extended.provinces("Aleppo")} == {"SY"}
