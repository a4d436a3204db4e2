"""Forces named as the source of a report are no party to its event: "According to police",
'"...," said policeman X'; but a speaker's clause that tells who acted still names them
("a local chief said militiamen massacred ..."). Residents who fight or who attacked are no
civilians. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from tests.support.drafting import named_roles

PUBLISHED = dt.date(2024, 3, 18)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


# (actor name, role) of each draft, read as published on PUBLISHED
roles = partial(named_roles, published=PUBLISHED)


def test_according_to_police_opening_a_sentence_names_a_source():
    assert roles(
        "According to police, a bomb killed nine people at a market in Kohat, Pakistan, on Monday."
    ) == [{("Unidentified Armed Group", "actor1"), ("Civilians", "actor2")}]


def test_said_policeman_after_a_quote_names_a_source():
    assert roles(
        '"A suicide bomber blew up a car at the market," said policeman Imran Khan. The blast '
        "killed nine people in Kohat, Pakistan, on Monday."
    ) == [{("Unidentified Armed Group", "actor1"), ("Civilians", "actor2")}]


def test_a_speaker_telling_who_acted_still_names_them():
    (first, *_) = roles(
        "A local chief, Ahmed Musa, said militiamen massacred 20 villagers in Djugu, Congo, on "
        "Monday."
    )
    assert first == {("Unidentified Armed Group", "actor1"), ("Civilians", "actor2")}


def test_people_who_fight_or_who_attacked_are_no_civilians():
    fought, attackers = (
        roles(
            "Gunmen clashed with residents who fought alongside police in Petionville, Haiti, on "
            "Tuesday, killing two."
        ),
        roles("A police car was attacked by angry residents in Kohat, Pakistan, on Friday."),
    )
    assert all(name != "Civilians" for event in fought + attackers for name, _ in event)
    assert attackers == [{("Rioters", "actor1"), ("Police Forces of Pakistan", "actor2")}]


def test_residents_harmed_are_still_civilians():
    assert roles("Gunmen killed four residents in Kohat, Pakistan, on Friday.") == [
        {("Unidentified Armed Group", "actor1"), ("Civilians", "actor2")}
    ]
