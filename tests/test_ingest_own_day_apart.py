"""A sentence with a day of its own far from the day an undated draft inherits ("On March 2,
gunmen opened fire on a bus") is another happening, not that draft: the undated draft is dated
by the day its first sentence inherits ("early Tuesday"), and merging would give it the other
day. Sentences written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

pytestmark = pytest.mark.django_db

PUBLISHED = dt.date(2025, 3, 12)  # a Wednesday


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


REPORT = (
    "Schools and banks in Haiti's capital stayed closed early Tuesday. "
    "The attack on Pétionville by gunmen began before dawn, when two trucks entered the town. "
    "Police said 12 gang members were killed in the attack. "
    "On March 2, gunmen opened fire on a bus, wounding a driver."
)


def test_a_day_of_its_own_far_from_the_inherited_day_is_another_event():
    drafted = proposals(REPORT, PUBLISHED)
    assert sorted((p.date.start, p.place_name) for p in drafted) == [
        (dt.date(2025, 3, 2), ""),
        (dt.date(2025, 3, 11), "Pétionville"),
    ]
