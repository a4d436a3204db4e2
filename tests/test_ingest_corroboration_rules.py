"""Rules found on the corroboration pairs' real reports (seeds/corroboration/pairs.json: Babel,
the Kyiv Independent, Borkena, TRT World and Ukraine.ua, each URL and licence in
seeds/corroboration/README.md), each on the shape of the sentence it was found on. The
sentences are excerpts of those reports, kept as the licence allows (a sentence each): unit
tests of the rules; the figures are `manage.py evaluate_ingest --corpus pairs`'s."""

import datetime as dt

import pytest

from events.domain.duplicates import EventFacts, places_agree
from events.domain.vocabulary import DAY, EXACT
from events.geo.geodesy import km_between
from tests.support.drafting import proposals, roles


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_a_demonym_before_a_drone_names_the_forces_that_flew_it():
    # Babel, 2 March 2024: "a Russian attack drone, probably a Shahed-136/131, hit ...".
    (event,) = proposals(
        "On the night of March 2, a Russian attack drone, probably a Shahed-136/131, hit a "
        "nine-story building in Odesa, collapsing one entrance.",
        dt.date(2024, 3, 2),
    )
    assert ("russia", "actor1") in roles(event)


def test_a_big_city_written_as_spelt_beats_a_spelling_guess_in_the_attackers_country():
    # The same sentence: "Russian" made Russia a country of the report, and a Russian village
    # with Odesa's consonants (Edissiya) outranked Odesa itself, a city of a million.
    (event,) = proposals(
        "On the night of March 2, a Russian attack drone hit a nine-story building in Odesa.",
        dt.date(2024, 3, 2),
    )
    assert (event.place_name, event.country_code) == ("Odesa", "UA")


def test_a_city_named_like_its_province_is_the_city():
    # Babel's title line: "in Odessa" is the city of a million, not Odessa Oblast.
    (event,) = proposals("A Russian drone hit a high-rise building in Odessa.", dt.date(2024, 3, 2))
    assert event.geo_precision == EXACT and event.country_code == "UA"


def test_a_drone_attack_is_an_air_strike_even_when_it_killed_civilians():
    # Borkena, 13 August 2023 (Finote Selam): a drone attack is ACLED's Air/drone strike.
    (event,) = proposals(
        "At least 28 civilians are reportedly killed in a drone attack in Finote Selam town in "
        "West Gojjam zone, in the Amhara regional state.",
        dt.date(2023, 8, 14),
    )
    assert event.sub_event_type == "Air/drone strike"
    assert ("civilians", "actor2") in roles(event)


def test_the_attack_happened_on_a_day_dates_the_attack_told_before():
    # Borkena again: the day comes two sentences after the event, in "The attack happened on".
    (event,) = proposals(
        "At least 28 civilians are reportedly killed in a drone attack in Finote Selam town. "
        "Twenty others are wounded. The attack happened on Sunday.",
        dt.date(2023, 8, 14),  # a Monday
    )
    assert (event.date.start, event.date.precision) == (dt.date(2023, 8, 13), DAY)


def test_a_killing_told_with_the_strike_that_did_it_is_one_strike_event():
    # The Kyiv Independent, 3 March 2024: the title's "killed" is what the drone attack did.
    drafted = proposals(
        "Rescue operations end in Odesa with 12 killed, including 5 children, after Russian "
        "drone attack\n\nThe attack occurred in the early hours of March 2 when a Russian drone "
        "hit a residential building, destroying 18 apartments.\n",
        dt.date(2024, 3, 3),
    )
    assert len(drafted) == 1
    (event,) = drafted
    assert (event.sub_event_type, event.place_name) == ("Air/drone strike", "Odesa")
    assert event.date.start == dt.date(2024, 3, 2)
    assert {("russia", "actor1"), ("civilians", "actor2")} <= roles(event)


def test_missiles_launched_at_a_city_are_a_missile_attack():
    # Ukraine.ua, 23 January 2024.
    (event,) = proposals(
        "Russian troops also launched several missiles at Kharkiv.", dt.date(2024, 1, 23)
    )
    assert (event.sub_event_type, event.place_name) == (
        "Shelling/artillery/missile attack",
        "Kharkiv",
    )


def test_an_unknown_village_keeps_its_article_and_both_spellings_are_one_place():
    # TRT World, 7 June 2024: "the village of Wad al Noora"; VOA wrote "Wad al-Noura".
    (event,) = proposals(
        "Organisations condemned the killing of over 100 civilians in the village of Wad al "
        "Noora in Sudan's Gezira state allegedly by paramilitary Rapid Support Forces.",
        dt.date(2024, 6, 7),
    )
    assert event.place_name == "Wad al Noora"

    def unlocated(name: str) -> EventFacts:
        day = dt.date(2024, 6, 5)
        return EventFacts(day, None, DAY, "Violence against civilians", None, 1, "SD", "", name,
                          frozenset({"rsf"}))  # fmt: skip

    agree, _ = places_agree(unlocated("Wad al-Noura"), unlocated("Wad al Noora"), km_between)
    assert agree
    assert not places_agree(unlocated("Wad Madani"), unlocated("Wad al Noora"), km_between)[0]
