"""Words that are not where or what happened: a news agency in a dateline is no place, a
preposition opening a sentence is no town, and a reaction to an event told before ("the White
House condemned the bombings") is no event of its own, unless the reaction itself tells the
event. Sentences in the shape of the real reports they were found on (seeds/corpus/: Xinhua
24 Oct 2018 Srinagar, AP 12 Jul 2018 Kunduz, VOA 14 Aug 2007 Kahtaniya; TRT World 7 Jun 2024 in
seeds/corroboration/), written for these tests: unit tests of the rules."""

import datetime as dt

import pytest

from tests.support.drafting import proposals


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_a_news_agency_is_not_a_place():
    drafted = proposals(
        "SRINAGAR, Indian-controlled Kashmir, Oct. 24 (Xinhua) -- Two militants were killed on "
        "Wednesday in a fierce gunfight with government forces, Xinhua reported.",
        dt.date(2018, 10, 24),
    )
    assert drafted and all(p.place_name != "Xinhua" for p in drafted)


def test_a_preposition_opening_a_sentence_is_not_a_town():
    drafted = proposals(
        "Along the main highway, Taliban fighters attacked a police checkpoint on Wednesday, "
        "killing four policemen in Afghanistan.",
        dt.date(2018, 7, 12),
    )
    assert drafted and all(p.place_name != "Along" for p in drafted)


def test_a_reaction_to_an_event_told_before_is_no_event_of_its_own():
    drafted = proposals(
        "Four suicide truck bombings killed at least 175 people near Kahtaniya in Iraq on "
        "Tuesday.\n\nIn Washington, the White House condemned the bombings as barbaric attacks "
        "on innocent civilians.",
        dt.date(2007, 8, 14),
    )
    assert all(p.country_code != "US" for p in drafted)
    assert all("White House" not in p.quote for p in drafted)


def test_a_reaction_that_tells_the_event_is_the_event():
    (event,) = proposals(
        "Organisations have condemned the killing of over 100 civilians in the village of Wad "
        "al Noora in Sudan's Gezira state allegedly by paramilitary Rapid Support Forces.",
        dt.date(2024, 6, 7),
    )
    assert event.place_name == "Wad al Noora"


def test_a_town_the_gazetteer_lacks_near_which_it_happened_is_kept_in_its_clauses_country():
    # VOA's Kahtaniya report: the White House named later made the United States one of the
    # report's countries, and "Kahtaniya" became Cutten, US, by its consonants.
    drafted = proposals(
        "Four suicide truck bombings killed at least 175 people near Kahtaniya in Iraq on "
        "Tuesday.\n\nIn Washington, the White House condemned the bombings as barbaric attacks "
        "on innocent civilians.",
        dt.date(2007, 8, 14),
    )
    (event,) = drafted
    assert (event.place_name, event.country_code, event.location) == ("Kahtaniya", "IQ", None)


def test_what_a_reaction_calls_the_happening_is_no_event_where_it_was_said():
    # Real corpus: VOA 14 Aug 2007 ("condemned the bombings as \"barbaric attacks on innocent
    # civilians\""); this sentence is written for the test.
    drafted = proposals(
        "Shelling killed at least nine people in Donetsk, Ukraine, on Friday.\n\n"
        'In Paris, the French foreign ministry condemned the shelling as "a deliberate attack '
        'on innocent civilians."',
        dt.date(2024, 5, 17),
    )
    assert [p.place_name for p in drafted] == ["Donetsk"]
