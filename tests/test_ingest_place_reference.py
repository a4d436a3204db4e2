"""Which of a clause's places is the event's: a city written after its province ("the Kashmir
capital Srinagar") is the city; a place after a bearing only says where the town before it is
("In X, west of the town of Y, ..." is X; "a town outside Y" is not Y), though "a rural area near
Y" is Y's. Sentences in the shape of the real reports these rules came from (seeds/corpus/: The
Defense Post 17 Oct 2018 Srinagar, Reuters 29 Sep 2023 Kostyantynivka, VOA 7 Nov 2015 Douma, AFP
27 Feb 2018 Tibu), written for these tests with other places: unit tests of the rules."""

import datetime as dt

import pytest

from tests.support.drafting import proposals


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def _placed(text: str, published: dt.date) -> list[str]:
    return [p.extraction.get("place", {}).get("name", "") for p in proposals(text, published)]


def test_a_city_after_its_provinces_capital_is_the_city():
    assert _placed(
        "A drone strike killed at least six people in the Amhara capital Bahir Dar on Sunday, "
        "health workers said.",
        dt.date(2023, 8, 14),
    ) == ["Bahir Dar"]


def test_a_town_west_of_another_is_the_town():
    assert _placed(
        "In Druzhkivka, north of the town of Kramatorsk, two people were wounded when Russian "
        "forces shelled a residential street on Thursday.",
        dt.date(2023, 9, 29),
    ) == ["Druzhkivka"]


def test_an_unnamed_town_outside_a_city_is_not_the_city():
    drafted = proposals(
        "At least 12 civilians were killed on Saturday in suspected Russian airstrikes on a "
        "rebel-held town outside Aleppo.",
        dt.date(2015, 11, 7),
    )
    assert [(p.place_name, p.country_code) for p in drafted] == [("", "")]


def test_a_rural_area_near_a_town_is_the_towns():
    assert _placed(
        "Soldiers were on patrol in a rural area near Ocana, in Colombia, when a bomb hit "
        "their convoy on Tuesday, the army said.",
        dt.date(2018, 2, 27),
    ) == ["Ocaña"]


def test_an_unnamed_base_south_of_a_city_is_not_the_city():
    drafted = proposals(
        "At least 15 soldiers were killed when militants raided a military base south of "
        "Baidoa on Sunday, security sources said.",
        dt.date(2019, 9, 22),
    )
    assert [p.place_name for p in drafted] == [""]


def test_the_village_is_the_village_named_before():
    drafted = proposals(
        "Paramilitary fighters first attacked the village of Um Sabbat in Gezira state in July, "
        "residents said. On Thursday, hundreds of fighters stormed the village, killing at "
        "least 40 people.",
        dt.date(2024, 8, 17),
    )
    stormed = [p for p in drafted if "stormed" in p.quote]
    assert [(p.place_name, p.location) for p in stormed] == [("Um Sabbat", None)]
