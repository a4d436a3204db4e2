"""Bombs that are dropped, or guided, come from the air: ACLED's air/drone strike, not a remote
explosive. Sentences in the shape of the unseen reports this rule came from (Novaya Gazeta
Europe 2 Sep 2023 Kherson region, RFA 8 Dec 2023 Namhkan), written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces dropped bombs on the village of Tiahynka on Friday, police said.",
        "Guided bombs hit private houses in Beryslav on Friday, the governor said.",
        "The junta dropped two 500-pound bombs on Lashio on Friday, residents said.",
    ],
)
def test_dropped_or_guided_bombs_are_an_air_strike(text):
    (strike,) = proposals(text, dt.date(2023, 9, 2))
    assert strike.sub_event_type == "Air/drone strike"


def test_a_bomb_that_exploded_is_still_a_remote_explosive():
    (blast,) = proposals("A bomb exploded at a market in Beryslav on Friday.", dt.date(2023, 9, 2))
    assert blast.sub_event_type == "Remote explosive/landmine/IED"
