"""A war's toll so far ("a war ... that has killed more than 20,000 people", "The conflict has
killed thousands") or when its fighting began ("Fighting between X and Y was sparked in April")
is background a wire report gives, not a happening: no draft, and it does not give the report's
happening its month or year. A day makes the outbreak that day's fighting. Sentences written for
these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

pytestmark = pytest.mark.django_db

PUBLISHED = dt.date(2025, 3, 4)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


EVENT = "Gunmen attacked a market in Kadugli on Monday, killing nine civilians. "


@pytest.mark.parametrize(
    "background",
    [
        "The army and the paramilitaries have been fighting a war since April 2023 that has "
        "killed tens of thousands of people in Kadugli.",
        "The conflict in Kadugli has killed more than 15,000 people, according to the UN.",
        "An insurgency which has so far claimed thousands of lives grips Kadugli.",
        "Fighting between the army and the rebels was sparked in April when the army ordered "
        "the militia to join the police in Dilling.",
        "The clashes, which erupted in 2023, have spread to Dilling.",
    ],
)
def test_a_war_s_toll_so_far_is_no_event(background):
    drafted = proposals(EVENT + background, PUBLISHED)
    assert [(p.place_name, p.date.start) for p in drafted] == [("Kadugli", dt.date(2025, 3, 3))]


def test_a_day_s_killing_is_still_an_event():
    drafted = proposals("An attack in Kadugli on Monday has killed nine civilians.", PUBLISHED)
    assert [p.place_name for p in drafted] == ["Kadugli"]


def test_fighting_that_broke_out_on_a_day_is_an_event():
    drafted = proposals(
        EVENT + "Fighting between the army and the rebels broke out in Dilling on Sunday.",
        PUBLISHED,
    )
    assert {p.place_name for p in drafted} == {"Kadugli", "Dilling"}
