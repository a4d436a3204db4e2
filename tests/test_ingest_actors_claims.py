"""A group that claimed an attack did it: "X claimed responsibility for the attack" in the
sentence after a lead that names no attacker makes X the attack's actor 1; "the militant group
also claimed responsibility for an attack on ..." is the group the report named before; "has not
claimed" names no one. A movement a report also names by its branch ("al-Qaida ... Al-Qaida in
the Islamic Maghreb") is that branch. Sentences written for these tests."""

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


def test_the_group_that_claimed_the_bombing_in_the_next_sentence_did_it():
    assert roles(
        "A suicide bomber detonated a car bomb at a police station in Baidoa, Somalia, on "
        "Monday, killing four officers. Al-Shabab claimed responsibility for the attack in a "
        "statement."
    ) == [{("Al Shabaab", "actor1"), ("Police Forces of Somalia", "actor2")}]


def test_an_unclaimed_bombing_stays_unidentified():
    assert roles(
        "A suicide bomber detonated a car bomb at a police station in Baidoa, Somalia, on "
        "Monday, killing four officers. Al-Shabab has not yet claimed the attack."
    ) == [{("Unidentified Armed Group", "actor1"), ("Police Forces of Somalia", "actor2")}]


def test_the_militant_group_that_claimed_an_earlier_attack_is_the_group_named_before():
    found = roles(
        "Islamic State militants attacked an army post near Hawija, Iraq, on Tuesday, killing "
        "three soldiers. The militant group also claimed responsibility for an attack on "
        "Peshmerga forces near Makhmour on Sunday that wounded two of them."
    )
    assert {
        ("Islamic State", "actor1"),
        ("Peshmerga (Kurdistan Regional Government)", "actor2"),
    } in (found)


def test_a_group_that_claimed_an_attack_in_its_own_sentence_did_it():
    assert roles(
        "The Tehrik-i-Taliban Pakistan on Friday claimed responsibility for an attack on a "
        "police checkpoint in Bannu, Pakistan, that killed two officers."
    ) == [{("TTP: Tehreek-i-Taliban Pakistan", "actor1"), ("Police Forces of Pakistan", "actor2")}]


def test_a_movement_the_report_also_names_by_its_branch_is_that_branch():
    assert roles(
        "Gunmen believed to be al-Qaida militants killed five people in an attack on a market "
        "in Timbuktu, Mali, on Monday. Al-Qaida in the Islamic Maghreb has long been active in "
        "the region."
    )[0] == {("AQIM: Al Qaeda in the Islamic Maghreb", "actor1"), ("Civilians", "actor2")}
