"""The day someone said so is not the day it happened, and a lead placed at a province is the
happening its body places in a district of it. A lead dated only by its reporting verb
("..., the army announced on Tuesday") tells the happening its body dates a few days before
("On Monday, armed men attacked"), one event on the body's day; a happening weeks before is
another; and "26 soldiers dead in the province of X" then "the overnight assault in the Y
district" is one event at Y, unless the sides differ. Sentences in the shape of the real reports
these rules came from (seeds/corpus/: Africanews 21 Mar 2022 Natiaboani, AP 10 Mar 2019 Rakhine,
VOA 26 Jul 2017 Khakrez), written for these tests with other places: unit tests of the rules."""

import datetime as dt

import pytest

from tests.support.drafting import proposals


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


LEAD = (
    "At least nine soldiers were killed in an ambush by suspected jihadists in eastern Burkina "
    "Faso, the army announced on Tuesday.\n\n"
)


def test_a_lead_dated_by_its_reporting_verb_is_the_happening_the_body_dates():
    (event,) = proposals(
        LEAD + "On Monday, armed men attacked a military unit near Fada N'gourma, the army said.",
        dt.date(2022, 3, 22),
    )
    assert event.date.start == dt.date(2022, 3, 21)  # Monday, not the Tuesday it was announced
    assert event.place_name.startswith("Fada")
    assert event.fatalities == 9


def test_a_placed_lead_takes_the_day_the_body_gives():
    (event,) = proposals(
        "Nine policemen were killed in an attack in Myanmar's western state of Rakhine by the "
        "Arakan Army rebel group, the Information Ministry said on Sunday.\n\n"
        "On Saturday night, Arakan Army insurgents attacked the police post, the ministry said.",
        dt.date(2019, 3, 10),
    )
    assert event.date.start == dt.date(2019, 3, 9)
    assert event.place_name == "Rakhine"


def test_a_happening_weeks_before_the_reporting_day_is_another():
    drafted = proposals(
        LEAD + "Last month, armed men attacked a military unit near Fada N'gourma, the army said.",
        dt.date(2022, 3, 22),
    )
    assert len(drafted) == 2


PROVINCE_LEAD = (
    "Afghan officials confirmed Wednesday a Taliban attack has left at least 26 Afghan soldiers "
    "dead in the southern province of Helmand.\n\n"
)


def test_a_lead_placed_at_a_province_is_the_happening_its_body_places_in_a_district():
    (event,) = proposals(
        PROVINCE_LEAD + "The overnight assault in the Zangabad Kalay district targeted an Afghan "
        "army base, officials said.",
        dt.date(2017, 7, 26),
    )
    assert event.place_name == "Zangabad Kalay"
    assert event.fatalities == 26
    assert {a.name for a, _ in event.actors} == {"Taliban", "Military Forces of Afghanistan"}


def test_another_groups_attack_in_a_district_of_that_province_is_another_event():
    drafted = proposals(
        PROVINCE_LEAD + "Separately, ISIS militants attacked a police post in the Zangabad Kalay "
        "district, officials said.",
        dt.date(2017, 7, 26),
    )
    assert [p.place_name for p in drafted] == ["Helmand", "Zangabad Kalay"]
