"""Who attacked whom by the verbs around the trigger: a commander "killed in fighting with"
troops suffered it; the subject of an active attack verb after the trigger acts ("In the attack
..., the spokesman said the Taliban targeted a checkpoint"); the object of an attack verb before
it was attacked ("tried to overrun an army post ..., using artillery shells"); soldiers "hurt in
the attack" were its target. Sentences written for these tests."""

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


def test_killed_in_fighting_with_names_the_other_side_first():
    assert roles(
        "A Taliban commander was killed in fighting with security forces in Wardak province, "
        "Afghanistan, on Friday."
    ) == [{("Military Forces of Afghanistan", "actor1"), ("Taliban", "actor2")}]


def test_the_subject_of_an_attack_verb_after_the_trigger_acts():
    assert roles(
        "In the attack in Farah, Afghanistan, on Tuesday, the governor's spokesman said the "
        "Taliban targeted a police checkpoint."
    ) == [{("Taliban", "actor1"), ("Police Forces of Afghanistan", "actor2")}]


def test_the_object_of_an_attack_verb_before_the_trigger_was_attacked():
    assert roles(
        "Taliban fighters tried to overrun an army post in Kunduz, Afghanistan, on Thursday, "
        "using artillery shells."
    ) == [{("Taliban", "actor1"), ("Military Forces of Afghanistan", "actor2")}]


def test_soldiers_hurt_in_the_attack_were_its_target():
    assert roles(
        "Seven soldiers were killed in an ambush in Tillaberi, Niger, on Friday. Thirteen "
        "soldiers were hurt in the attack, the ministry said."
    ) == [{("Military Forces of Niger", "actor2")}]


def test_an_attack_led_by_a_group_was_the_groups():
    assert roles(
        "The attack on a camp near Beni, Congo, on Monday was led by the ADF, officials said."
    ) == [{("ADF: Allied Democratic Forces", "actor1")}]


def test_a_headline_counting_soldiers_and_auxiliaries_killed_names_its_victims():
    assert roles(
        "At least 34 soldiers and army auxiliaries killed in attack near Djibo, Burkina Faso"
    ) == [{("Military Forces of Burkina Faso", "actor2")}]


def test_the_soldiers_killed_before_a_second_verb_were_its_target_too():
    (event,) = roles(
        "A Taliban spokesman claimed the group captured the base in Khakrez, Afghanistan, after "
        "killing 74 Afghan soldiers and capturing six others."
    )
    assert ("Military Forces of Afghanistan", "actor2") in event


def test_a_demonym_right_before_the_strike_noun_is_whose_strike():
    for text in (
        "At least 23 civilians were killed on Saturday in suspected Russian airstrikes on a town "
        "outside Damascus, Syria.",
        "More Than 20 Killed in Suspected Russian Airstrikes on Syrian Town",
    ):
        (event,) = roles(text)
        assert ("Military Forces of Russia", "actor1") in event


def test_a_patron_is_no_party_and_its_client_acts():
    assert roles(
        "Iran-backed Houthi rebels fired a missile at Marib, Yemen, on Monday, killing three "
        "soldiers."
    ) == [{("Ansar Allah", "actor1"), ("Military Forces of Yemen", "actor2")}]
    assert roles(
        "The Saudi-led coalition backing Yemen's government carried out airstrikes on Sanaa, "
        "Yemen, on Thursday, killing six people."
    ) == [{("Operation Restoring Hope", "actor1"), ("Civilians", "actor2")}]


def test_backed_by_still_names_the_forces_that_took_part():
    assert roles(
        "Syrian government forces, backed by Russian warplanes, recaptured Palmyra from Islamic "
        "State on Sunday."
    ) == [
        {
            ("Military Forces of Syria", "actor1"),
            ("Military Forces of Russia", "assoc1"),
            ("Islamic State", "actor2"),
        }
    ]
