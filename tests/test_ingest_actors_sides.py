"""The sides ACLED gives an event: civilians hurt in the crossfire are no side of a battle; an
air strike nobody is named for is the one state military the report names (ACLED's Unidentified
Military Forces when it names two); armed men right after a group's name are that group's, "the
group" that fires is the named group, "al-Qaida" in Yemen is its Yemeni branch; unnamed gunmen
take no name from a later paragraph telling another time, nor in a paragraph that opens on
another time from the paragraphs before; the crowd leads its riot; drones shot
down were the other military's. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from events.services.ingest import report_extract
from tests.support.drafting import named_roles

PUBLISHED = dt.date(2024, 3, 18)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


# (actor name, role) of each draft, read as published on PUBLISHED
roles = partial(named_roles, published=PUBLISHED)


def test_civilians_in_the_crossfire_are_no_side_of_a_battle():
    assert roles(
        "Militants clashed with soldiers near Gao, Mali, on Monday, and two civilians were "
        "wounded in the crossfire."
    ) == [{("Unidentified Armed Group", "actor1"), ("Military Forces of Mali", "actor2")}]


def test_an_unclaimed_drone_strike_is_the_one_military_the_report_names():
    assert roles(
        "A drone strike killed 26 civilians in Finote Selam, Ethiopia, on Sunday. Federal "
        "government forces have been fighting the Fano militia in the Amhara region since April."
    ) == [{("Military Forces of Ethiopia", "actor1"), ("Civilians", "actor2")}]


def test_an_unclaimed_air_strike_in_a_report_naming_two_air_forces_is_unidentified():
    (strike,) = roles(
        "Airstrikes killed 20 people in Raqqa, Syria, on Sunday. Russian and Syrian warplanes "
        "have been bombing the province for weeks."
    )
    assert strike == {("Unidentified Military Forces", "actor1"), ("Civilians", "actor2")}


def test_militiamen_right_after_a_proposed_group_name_are_that_group():
    assert roles("Troops killed four Ansar Dine Brigade militiamen in Kidal, Mali, on Monday.") == [
        {("Military Forces of Mali", "actor1"), ("Ansar Dine Brigade", "actor2")}
    ]


def test_the_group_that_fired_is_the_named_group():
    extraction = report_extract(
        "Soldiers repelled an attack by the ADF near Beni, Congo, on Monday. The army said the "
        "group fired rockets at a base near Beni on Monday.",
        published=PUBLISHED,
        require_places=False,
    )
    group = [a.actor.name for a in extraction.actors if a.text == "group"]
    assert group == ["ADF: Allied Democratic Forces"]


def test_al_qaida_in_yemen_is_its_arabian_peninsula_branch():
    assert roles(
        "Al-Qaida militants attacked an army post in Abyan province, Yemen, on Monday, killing "
        "four soldiers."
    ) == [
        {
            ("AQAP: Al Qaeda in the Arabian Peninsula", "actor1"),
            ("Military Forces of Yemen", "actor2"),
        }
    ]


def test_gunmen_take_no_name_from_a_paragraph_about_another_time():
    first, second = roles(
        "Gunmen killed five people in Kohat, Pakistan, on Monday.\n\nLast month, militants "
        "belonging to the TTP stormed a police station in Bannu, Pakistan."
    )
    assert first == {("Unidentified Armed Group", "actor1"), ("Civilians", "actor2")}
    assert ("TTP: Tehreek-i-Taliban Pakistan", "actor1") in second


def test_militants_of_a_paragraph_about_another_day_take_no_name_from_before():
    first, second = roles(
        "TTP militants attacked a police station in Bannu, Pakistan, on Wednesday, killing two "
        "officers.\n\nOn Sunday, three militants were killed in a gunfight with troops in "
        "Kohat, Pakistan."
    )
    assert ("TTP: Tehreek-i-Taliban Pakistan", "actor1") in first
    assert ("Unidentified Armed Group", "actor2") in second
    assert all(actor != "TTP: Tehreek-i-Taliban Pakistan" for actor, _ in second)


def test_rioters_lead_the_riot_the_police_are_the_other_side():
    assert roles(
        "Police fired tear gas at stone-throwing protesters in Lahore, Pakistan, on Monday."
    ) == [{("Rioters", "actor1"), ("Police Forces of Pakistan", "actor2")}]


def test_people_killed_are_no_civilians_when_the_dead_are_then_counted_as_fighters():
    assert roles(
        "Gunmen killed at least five people in an attack on a town in Mopti, Mali, on Monday. "
        "Officials said the fighters struck before dawn. The dead included three soldiers and two "
        "militants."
    ) == [{("Unidentified Armed Group", "actor1")}]


def test_who_acted_in_an_earlier_happening_after_since_is_no_party():
    (attack,) = roles(
        "Seven people were killed when insurgents attacked a neighbourhood of Mocimboa da Praia, "
        "Mozambique, on Sunday. It was the first attack in the town since insurgents were "
        "expelled by Rwandan forces in 2021."
    )
    assert ("Military Forces of Rwanda", "assoc1") not in attack
    assert ("Civilians", "actor2") in attack


def test_fighting_since_a_day_between_two_sides_still_names_both():
    (first, *_) = roles(
        "Fighting since Monday between the army and M23 rebels has killed 20 people near Goma, "
        "Congo."
    )
    assert first == {
        ("Military Forces of Democratic Republic of Congo", "actor1"),
        ("M23: March 23 Movement", "actor2"),
    }


def test_a_gendarmerie_post_is_no_new_group_to_propose():
    extraction = report_extract(
        "Separatists attacked the Zhoa Gendarmerie Brigade in Wum, Cameroon, on Sunday, killing "
        "two gendarmes.",
        published=PUBLISHED,
        require_places=False,
    )
    assert not [a for a in extraction.actors if a.actor.proposed]


def test_drones_shot_down_were_the_other_military_the_report_names():
    downed = roles(
        "Ukrainian forces launched drone attacks on several Russian regions on Tuesday, Russian "
        "officials said. Air defences destroyed three drones over the Voronezh region, the "
        "governor said."
    )[-1]
    assert downed == {
        ("Military Forces of Russia", "actor1"),
        ("Military Forces of Ukraine", "actor2"),
    }
