"""Who stands on which side: a battle's side with an armed actor is that actor's, not the
civilians' counted among the dead; military police are the state's military; a post "manned
by" soldiers names the side attacked, not the attacker; "medics said" tells, it leaves the people
killed civilians. Sentences written for these tests."""

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


def test_soldiers_who_fought_back_are_the_side_attacked_not_the_dead_people():
    assert roles(
        "Gunmen killed at least eight people on Sunday in a raid on an army camp in central "
        "Mali. The attackers stormed the camp at Dioura at dawn, leaving many soldiers dead, a "
        "military source said. The troops had tried to fight off the attackers."
    ) == [{("Unidentified Armed Group", "actor1"), ("Military Forces of Mali", "actor2")}]


def test_military_police_are_the_military():
    assert roles(
        "Gunmen attacked Somali military police at a checkpoint in Baidoa on Sunday, killing two."
    ) == [{("Unidentified Armed Group", "actor1"), ("Military Forces of Somalia", "actor2")}]


def test_bare_military_police_are_the_military_of_the_country():
    assert roles(
        "Gunmen opened fire on military police at a checkpoint in Baidoa, Somalia, on Sunday."
    ) == [{("Unidentified Armed Group", "actor1"), ("Military Forces of Somalia", "actor2")}]


def test_a_post_manned_by_soldiers_was_attacked_not_attacking():
    assert roles(
        "A suicide bomber drove a car into a camp manned by Somali soldiers at Afgoye on "
        "Saturday, killing four."
    ) == [{("Unidentified Armed Group", "actor1"), ("Military Forces of Somalia", "actor2")}]


def test_people_killed_are_civilians_when_medics_only_tell_it():
    assert roles(
        "M23 rebels shelled a market in Sake, Congo, on Thursday, killing at least 12 people, "
        "medics said."
    ) == [{("M23: March 23 Movement", "actor1"), ("Civilians", "actor2")}]
