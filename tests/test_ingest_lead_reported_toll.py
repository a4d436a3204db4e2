"""A placeless lead with the body's own toll, dated a few days after the body's day ("... killed
at least 21 people in attacks on villages, police said on Monday" and then "The gunmen came to
the villages of X state on Saturday night, killing 21 people"), tells the day the happening was
reported: one event, on the body's day, also when the lead's day comes from its dateline.
Sentences written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

pytestmark = pytest.mark.django_db

PUBLISHED = dt.date(2022, 3, 14)  # a Monday


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


LEAD = (
    "KANO, Nigeria, March 14 (Reuters) - Gunmen killed at least 21 people in attacks on "
    "villages in northwest Nigeria, police said on Monday. "
)


def test_a_lead_with_the_body_s_toll_told_later_is_that_event():
    body = (
        "The gunmen came to remote villages in Sokoto state on Saturday night, killing 21 people."
    )
    drafted = proposals(LEAD + body, PUBLISHED)
    assert [(p.place_name, p.date.start, p.fatalities) for p in drafted] == [
        ("Sokoto", dt.date(2022, 3, 12), 21)
    ]
