"""Whom a source blames did it: "the army attributed the attack to X", "officials blamed the
bombing on X", "X was blamed for the attack", "accused X of carrying out the attack"; the one
who blames only tells. "The attackers" are the side that attacked, also when they are counted
among the dead. Sentences written for these tests."""

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


def test_the_group_the_army_attributed_the_attack_to_did_it():
    assert roles(
        "A rocket attack on an army base in Saravena, Colombia, killed two soldiers on Tuesday. "
        "Colombia's military attributed the attack to the National Liberation Army (ELN)."
    ) == [{("ELN: National Liberation Army", "actor1"), ("Military Forces of Colombia", "actor2")}]


def test_the_group_blamed_for_the_attack_did_it():
    assert roles(
        "Al-Shabab was blamed for a gun attack on a police station in Baidoa, Somalia, on Monday "
        "that killed three officers."
    ) == [{("Al Shabaab", "actor1"), ("Police Forces of Somalia", "actor2")}]


def test_the_army_that_accuses_a_group_of_the_attack_only_tells():
    assert roles(
        "Gunmen killed five soldiers at a checkpoint near Gao, Mali, on Monday. The army "
        "accused JNIM of carrying out the attack."
    ) == [
        {
            ("JNIM: Group for Support of Islam and Muslims", "actor1"),
            ("Military Forces of Mali", "actor2"),
        }
    ]


def test_the_attackers_killed_are_still_the_side_that_attacked():
    assert roles(
        "The governor said 17 of the attackers were killed and 14 soldiers died in the clash "
        "near Bor, South Sudan, on Friday."
    ) == [{("Unidentified Armed Group", "actor1"), ("Military Forces of South Sudan", "actor2")}]
