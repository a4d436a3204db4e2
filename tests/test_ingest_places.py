"""Places found in report text through the gazetteer, and the words that are not places."""

import datetime as dt

import pytest

from events.geo.geodesy import km_between
from events.services.ingest import report_extract

PUBLISHED = dt.date(2017, 1, 18)


def places(text: str) -> list[tuple[str, str, str]]:
    """(as written, gazetteer name, country) for every place found."""
    extraction = report_extract(text, published=PUBLISHED, require_places=False)
    return [(p.text, p.name, p.country_code) for p in extraction.places]


@pytest.fixture(autouse=True)
def registry(seeded):
    """The seed actors: their names ("Moscow", "Washington") must not become places."""


@pytest.mark.parametrize(
    "spelling, name, lat, lon",
    [
        ("al-Bab", "Al Bāb", 36.37051, 37.5157),
        ("Al Bab", "Al Bāb", 36.37051, 37.5157),
        ("el-Bab", "Al Bāb", 36.37051, 37.5157),
        ("Dayr al-Zawr", "Deir ez-Zor", 35.33588, 40.14084),
        ("Deir ez-Zor", "Deir ez-Zor", 35.33588, 40.14084),
        ("Deir al-Zour", "Deir ez-Zor", 35.33588, 40.14084),
        ("Tadmur", "Tadmur", 34.5624, 38.28402),
        ("Palmyra", "Tadmur", 34.5624, 38.28402),
        ("Aleppo", "Aleppo", 36.20124, 37.16117),
    ],
)
def test_transliterations_meet_their_geonames_row(spelling, name, lat, lon):
    extraction = report_extract(
        f"Syrian troops clashed with rebels in the city of {spelling} on Monday.",
        published=PUBLISHED,
    )
    (place,) = extraction.places
    assert place.name == name and place.country_code == "SY"
    assert km_between((place.entry.latitude, place.entry.longitude), (lat, lon)) < 5


def test_common_words_months_and_acronyms_are_not_places():
    text = (
        "Most of the fighters left on Wednesday. Of the wounded, five died in Idlib. "
        "JOIN NOW. Union leaders met in December. The Arab country is tired."
    )
    assert [p[1] for p in places(text)] == ["Idlib"]


def test_actor_names_are_not_places_unless_a_locative_says_so():
    found = places(
        "Moscow says Russian jets struck Idlib. Washington has not been involved. "
        "Peace talks were held in Moscow on Friday."
    )
    assert ("Moscow", "Moscow", "RU") in found
    assert len([p for p in found if p[0] == "Moscow"]) == 1  # only "in Moscow"
    assert not [p for p in found if p[0] == "Washington"]


def test_organisations_and_people_are_not_places():
    found = places(
        "The UN Security Council met. Iran Press TV said the Russian Defense Ministry and the "
        "General Staff agreed. President Vladimir Putin spoke. Shelling hit Hama."
    )
    assert [p[1] for p in found] == ["Ḩamāh"]


def test_report_countries_decide_between_namesakes():
    syria = places("Syrian forces recaptured Palmyra from Islamic State.")
    assert syria == [("Palmyra", "Tadmur", "SY")]
    us = places("A parade was held in Palmyra, United States, on Monday.")
    assert us[0][2] == "US"


def test_a_small_foreign_town_that_is_a_common_word_is_not_picked():
    # "Of" is a town in Turkey, and Turkey is named: still a common word.
    assert places("Turkish jets struck. Of the targets, most were destroyed near Manbij.") == [
        ("Manbij", "Manbij", "SY")
    ]


def test_country_names_and_demonyms_are_context_not_places():
    extraction = report_extract(
        "Russian and Turkish jets struck targets in Syria's al-Bab; Kazakh diplomats hosted "
        "talks in Astana.",
        published=PUBLISHED,
    )
    assert [p.name for p in extraction.places] == ["Al Bāb", "Astana"]
    assert set(extraction.context) >= {"RU", "TR", "SY", "KZ"}


def test_a_village_missing_from_the_gazetteer_is_kept_unlocated(seeded):
    text = "Syrian troops clashed with rebels in the village of Qarrat al-Sharqiyah on Tuesday."
    extraction = report_extract(text, published=PUBLISHED)
    (place,) = extraction.places
    assert place.entry is None and place.text == "Qarrat al-Sharqiyah"
    (proposal,) = extraction.proposals
    assert proposal.location is None
    assert proposal.place_name == "Qarrat al-Sharqiyah"
    assert proposal.sub_event_type == "Armed clash"


def test_place_precision_follows_the_wording():
    extraction = report_extract("Jets struck near Manbij. Shelling hit Idlib.", published=PUBLISHED)
    precision = {p.name: p.precision for p in extraction.places}
    assert precision == {"Manbij": 2, "Idlib": 1}


def test_nationwide_events_sit_at_the_capital_with_region_precision():
    extraction = report_extract(
        "A nationwide ceasefire in Syria, brokered by Russia and Turkey, began in late December.",
        published=PUBLISHED,
    )
    (proposal,) = extraction.proposals
    assert proposal.place.name == "Damascus"
    assert proposal.geo_precision == 3
    assert proposal.country_code == "SY"
