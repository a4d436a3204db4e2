"""Actors a report names without their name: state forces by a bare noun ("soldiers", "the
army", "police"), whose state is the place's or the report's; who suffered an attack the
subject "came under"; agents after "by" and a quantity. Sentences written for these tests in
the style of wire reports."""

from __future__ import annotations

import datetime as dt

import pytest

from events.services.ingest import report_extract

PUBLISHED = dt.date(2024, 3, 18)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def found(text: str) -> list[tuple[str, str]]:
    extraction = report_extract(text, published=PUBLISHED, require_places=False)
    return [(a.text, a.actor.name) for a in extraction.actors]


def roles(text: str) -> list[set[tuple[str, str]]]:
    extraction = report_extract(text, published=PUBLISHED, require_places=False)
    return [{(a.name, role) for a, role in p.actors} for p in extraction.proposals]


def test_bare_soldiers_are_the_forces_of_the_country_where_they_are():
    assert roles("Gunmen ambushed soldiers near Gao, Mali, on Sunday, killing four.") == [
        {("Unidentified Armed Group", "actor1"), ("Military Forces of Mali", "actor2")}
    ]


def test_bare_police_are_the_police_of_the_country_where_they_are():
    assert ("police", "Police Forces of Pakistan") in found(
        "Militants opened fire on police in Peshawar, Pakistan, on Friday, wounding two."
    )


def test_a_state_named_before_the_bare_noun_is_whose_forces_they_are():
    assert ("servicemen", "Military Forces of the United States") in found(
        "Two U.S. servicemen were wounded in a rocket attack on a base in Erbil, Iraq."
    )


def test_peacekeeping_troops_are_no_state_forces():
    assert found("Peacekeeping troops patrolled the streets of Bangui on Sunday.") == []


def test_the_army_as_a_source_is_no_actor():
    text = "Gunmen killed three villagers near Djibo, an army spokesman said on Monday."
    assert "Military Forces of Burkina Faso" not in [name for _, name in found(text)]


def test_bare_forces_in_a_sentence_without_a_place_are_those_the_report_names():
    text = (
        "The Congolese army retook Rumangabo from the rebels on Wednesday. "
        "The military said it found weapons the rebels had abandoned as they fled."
    )
    assert ("The military", "Military Forces of Democratic Republic of Congo") in found(text)


def test_troops_who_came_under_an_ambush_by_a_number_of_gunmen_were_its_target():
    assert roles(
        "The troops came under a complicated ambush by a number of armed terrorists near "
        "Banibangou, Niger, on Friday."
    ) == [{("Unidentified Armed Group", "actor1"), ("Military Forces of Niger", "actor2")}]


def test_an_ambush_by_some_quoted_attackers_names_the_attackers():
    assert roles(
        'Ten soldiers were killed in an ambush by some "armed terrorists" near Tillaberi, Niger, '
        "on Saturday."
    ) == [{("Unidentified Armed Group", "actor1"), ("Military Forces of Niger", "actor2")}]
