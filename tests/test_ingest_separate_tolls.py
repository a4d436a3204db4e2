"""Two happenings the report introduces one after the other ("An explosion at a funeral ...
killed five", "a bomb killed three pilgrims") at one city are two drafts when their tolls
differ; a killing told by its century is history; and a headline's toll "after multiple bomb
attacks" is a sum, no one event's. Sentences written for these tests."""

import datetime as dt

import pytest

from events.ingest.fatalities import fatalities_find
from tests.support.drafting import proposals

TUESDAY = dt.date(2020, 3, 4)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_a_bomb_introduced_anew_with_another_toll_is_another_happening():
    found = proposals(
        "An explosion at a funeral in Baghdad, Iraq, killed at least five people on Tuesday. "
        "Police said the funeral was for a local trader. "
        "Meanwhile, in southern Baghdad, a bomb killed three pilgrims on Tuesday.",
        TUESDAY,
    )
    assert sorted(p.fatalities for p in found) == [3, 5]


def test_the_same_bombing_told_again_with_its_toll_stays_one():
    found = proposals(
        "A bomb killed three pilgrims in Baghdad, Iraq, on Tuesday. "
        "The bomb went off near a shrine in Baghdad, killing three pilgrims.",
        TUESDAY,
    )
    assert [p.fatalities for p in found] == [3]


def test_a_killing_told_by_its_century_is_history():
    assert (
        proposals(
            "Pilgrims in Karbala, Iraq, mourn the seventh-century killing of a revered imam.",
            TUESDAY,
        )
        == []
    )


def test_a_toll_after_multiple_bomb_attacks_is_a_sum():
    assert fatalities_find("Over twenty dead after multiple bomb attacks in Iraq") is None
