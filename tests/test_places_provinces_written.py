"""Provinces as the wires write them (places_candidates.py `admin_after`, gazetteer.py
`provinces_by_skeleton`): a kind in the plural after a list ("the Chernihiv and Poltava
regions") or before it ("the regions of Zhytomyr and Rivne") makes each a province, and a
province the text calls one is found under another romanisation within the report's countries
("Jawzjan province": GeoNames' Jowzjan). Sentences written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

PUBLISHED = dt.date(2024, 3, 15)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def where(text: str) -> list[tuple[str, str, int]]:
    return [(p.place_name, p.country_code, p.geo_precision) for p in proposals(text, PUBLISHED)]


def test_a_list_before_regions_in_the_plural_is_a_province_each():
    assert where(
        "Russian drones hit power lines in the Chernihiv and Poltava regions on Thursday, "
        "officials said."
    ) == [("Chernihiv", "UA", 3), ("Poltava", "UA", 3)]


def test_a_list_after_regions_of_is_a_province_each():
    assert where(
        "Russian missiles struck energy facilities in the regions of Zhytomyr and Rivne on "
        "Thursday, officials said."
    ) == [("Zhytomyr", "UA", 3), ("Rivne", "UA", 3)]


def test_a_province_under_another_spelling():
    (drafted,) = proposals(
        "Afghan warplanes struck Taliban hideouts in northern Jawzjan province on Friday, "
        "killing 12 militants, officials said.",
        PUBLISHED,
    )
    assert (drafted.place_name, drafted.country_code, drafted.geo_precision) == ("Jawzjan", "AF", 3)
    assert drafted.place is not None and drafted.place.name == "Jowzjan"


def test_a_province_the_gazetteer_knows_only_as_a_city_is_drafted_at_region_precision():
    # GeoNames has no province "Sulu" (its admin-1 are the regions); "Sulu" is another name
    # of its capital, Jolo: the point is the city's, the precision the province's.
    (drafted,) = proposals(
        "Two soldiers were killed on Thursday in a clash with Abu Sayyaf militants in the "
        "southern Philippine province of Sulu.",
        PUBLISHED,
    )
    assert (drafted.place_name, drafted.country_code, drafted.geo_precision) == ("Sulu", "PH", 3)
