"""One victim told as a person ("a 47-year-old agricultural worker was killed", "killing a
woman") is one fatality, and a civilian: the shape of the unseen Kherson-region report
(Novaya Gazeta Europe 2 Sep 2023) these rules came from, written for these tests."""

import datetime as dt

import pytest

from events.ingest.fatalities import fatalities_find
from tests.support.drafting import proposals, roles


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a 47-year-old agricultural worker in the village of X was killed on Friday", 1),
        ("A 43-year-old man has been killed in the region", 1),
        ("the strike killed a woman and wounded two others", 1),
        ("a man was wounded", None),
        ("a group of men was killed", None),
        ("Gunmen killed 5 people and a woman was killed later", 5),  # the count comes first
    ],
)
def test_one_person_killed_is_one_fatality(text, expected):
    assert fatalities_find(text) == expected


@pytest.mark.django_db
def test_a_victim_told_by_age_is_a_civilian(seeded):
    (shelling,) = proposals(
        "A 47-year-old agricultural worker was killed in Russian shelling of Beryslav on "
        "Friday, police said.",
        dt.date(2023, 9, 2),
    )
    assert ("civilians", "actor2") in roles(shelling)
    assert shelling.fatalities == 1
