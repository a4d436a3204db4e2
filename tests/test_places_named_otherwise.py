"""A town the report writes otherwise than the gazetteer, named as a town or a district, is the
gazetteer's place in the report's countries (by skeleton, then fuzzily); a town named with its
province before the trigger is the town; a city's suburb named after the city is the suburb.
Sentences in the shape of the real reports they were found on (seeds/corpus/: AP 12 Jul 2018
Kunduz, Reuters 17 Jan 2019 Tripoli, AFP 27 Feb 2018 Tibu), written for these tests: unit tests;
`manage.py evaluate_ingest --corpus real` scores the reports themselves."""

import datetime as dt

import pytest

from events.domain.vocabulary import EXACT
from tests.support.drafting import proposals


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_a_district_written_without_its_last_vowel_is_the_gazetteers_town():
    (event,) = proposals(
        "In Kunduz province, Taliban fighters tried to overrun a military post in the district "
        "of Dasht-e-Arch in Afghanistan, using artillery shells.",
        dt.date(2018, 7, 12),
    )
    place = event.extraction["place"]
    assert (place["name"], place["country_code"]) == ("Dasht-e Archī", "AF")
    assert event.geo_precision == EXACT and event.location is not None


def test_a_suburb_romanised_otherwise_is_the_gazetteers_town():
    drafted = proposals(
        "Rival militias clashed on Wednesday in Tripoli's southern suburb of Qaser Bin Ghashir, "
        "in Libya, residents said.",
        dt.date(2019, 1, 17),
    )
    assert "Qaşr Bin Ghashīr" in {p.extraction.get("place", {}).get("name") for p in drafted}


def test_a_village_the_gazetteer_lacks_stays_unlocated_after_the_verb_that_struck_it():
    # "attacked the village of X in Afghanistan": the village, not the country after it.
    (event,) = proposals(
        "Gunmen attacked the village of Qwertyzabad in Afghanistan on Tuesday, killing four.",
        dt.date(2018, 7, 12),
    )
    assert (event.place_name, event.location) == ("Qwertyzabad", None)


def test_a_town_named_with_its_province_before_the_blast_is_the_town():
    (event,) = proposals(
        "The soldiers were on highway security duty in a rural area near Tibu, in the Norte de "
        "Santander department, when a blast hit the first vehicle of their convoy in Colombia.",
        dt.date(2018, 2, 27),
    )
    assert (event.extraction["place"]["name"], event.country_code) == ("Tibú", "CO")
