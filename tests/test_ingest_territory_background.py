"""A capture that is no change of territory of a day: people captured ("rebels who were
captured in combat"), a side's holdings ("The group has seized a number of towns of X"), or the
history a war is told by ("a civil war since 2014, when the rebels captured the capital"). None
is drafted; a town seized on a day still is. Sentences written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

pytestmark = pytest.mark.django_db

PUBLISHED = dt.date(2022, 4, 5)  # a Tuesday


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


EVENT = "Gunmen attacked a village near Maiduguri on Monday, killing seven civilians. "


@pytest.mark.parametrize(
    "background",
    [
        "The trial began last week of a dozen rebels who were captured in combat near Bama.",
        "The group has seized a number of towns of Yobe and Adamawa states.",
        "Nigeria has been fighting a civil war since 2009, when the militants captured Bama.",
    ],
)
def test_a_capture_that_is_no_territorial_change_is_no_event(background):
    drafted = proposals(EVENT + background, PUBLISHED)
    assert [p.sub_event_type for p in drafted] == ["Attack"]


def test_a_town_seized_on_a_day_is_an_event():
    drafted = proposals(EVENT + "On Sunday, the militants seized the town of Bama.", PUBLISHED)
    assert "Non-state actor overtakes territory" in {p.sub_event_type for p in drafted}
