"""A kind of happening told as recurring ("periodic attacks", "the latest in ongoing clashes")
is the report's setting, not one of its events; with its day it is one. Sentences written for
these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

TUESDAY = dt.date(2020, 3, 4)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_periodic_attacks_are_the_setting():
    assert (
        proposals(
            "Since then the militants have launched periodic attacks on army posts in "
            "Menaka, Mali.",
            TUESDAY,
        )
        == []
    )


def test_repeated_strikes_on_their_day_are_an_event():
    found = proposals(
        "Government aircraft carried out repeated air strikes on Menaka, Mali, on Tuesday.",
        TUESDAY,
    )
    assert [(p.sub_event_type, p.place_name) for p in found] == [("Air/drone strike", "Menaka")]
