"""Actors a report names without their name: state forces by a bare noun ("soldiers", "the
army", "police"), whose state is the place's or the report's; who suffered an attack the
subject "came under"; agents after "by" and a quantity. Sentences written for these tests in
the style of wire reports."""

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


def found(text: str) -> list[tuple[str, str]]:
    extraction = report_extract(text, published=PUBLISHED, require_places=False)
    return [(a.text, a.actor.name) for a in extraction.actors]


# (actor name, role) of each draft, read as published on PUBLISHED
roles = partial(named_roles, published=PUBLISHED)


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


def test_unnamed_attackers_on_the_other_side_are_the_one_unidentified_armed_group():
    (event,) = [
        r
        for r in roles(
            "A bomb exploded at a market in Jos, Nigeria, on Monday, killing nine people; six of "
            "the attackers were also killed."
        )
        if ("Civilians", "actor2") in r
    ]
    assert event == {("Unidentified Armed Group", "actor1"), ("Civilians", "actor2")}


def test_civilians_harmed_are_no_party_to_a_ceasefire_told_with_them():
    text = (
        "Air raids killed six civilians in Idlib, Syria, on Tuesday, hours after a ceasefire "
        "in Aleppo was extended by the government."
    )
    extraction = report_extract(text, published=PUBLISHED, require_places=False)
    agreements = [p for p in extraction.proposals if p.sub_event_type == "Agreement"]
    assert agreements
    assert all(a.name != "Civilians" for p in agreements for a, _ in p.actors)


def test_unnamed_jihadists_are_no_pro_government_militia_the_report_names():
    text = (
        "Volunteers for the Defense of the Homeland (VDP) escorted a convoy near Djibo, Burkina "
        "Faso, on Monday. Suspected jihadists ambushed the convoy, killing 12 soldiers."
    )
    assert ("Suspected jihadists", "Unidentified Armed Group") in found(text)


def test_rebels_of_a_named_group_are_that_group():
    text = (
        "Russian warplanes struck positions of Hayat Tahrir al-Sham near Idlib, Syria. Rebels "
        "of the National Front for Liberation said they repelled an attack by government troops."
    )
    names = [name for _, name in found(text)]
    assert "NLF: National Front for Liberation" in names
    assert names.count("HTS: Hayat Tahrir al-Sham") == 1  # the warplanes' target only


def test_a_country_name_is_no_near_miss_of_its_army():
    text = "Militiamen killed 46 people at a camp in Ituri, Democratic Republic of Congo."
    names = [name for _, name in found(text)]
    assert "Military Forces of Democratic Republic of Congo" not in names


def test_who_holds_the_place_struck_is_no_party():
    assert roles(
        "Air strikes by unidentified aircraft killed 22 civilians in a village held by the "
        "Islamic State group near Deir ez-Zor, Syria, on Tuesday."
    ) == [{("Unidentified Military Forces", "actor1"), ("Civilians", "actor2")}]


def test_a_demonym_before_a_strike_names_who_struck():
    assert ("Russian", "Military Forces of Russia") in found(
        "A Russian strike on Odesa, Ukraine, killed three people on Wednesday."
    )


def test_rebels_of_no_named_group_are_no_unidentified_armed_group():
    text = "Talks between the government and rebels are to be held in Astana next week."
    assert "Unidentified Armed Group" not in [name for _, name in found(text)]


def test_unnamed_insurgents_in_a_region_the_registry_names_a_group_by_are_that_group():
    text = (
        "Insurgents attacked a village near Macomia, in Cabo Delgado province, Mozambique, on "
        "Sunday night, killing five people."
    )
    assert ("Insurgents", "Islamic State Mozambique Province") in found(text)


def test_unnamed_separatist_forces_in_cameroon_are_the_ambazonian_separatists():
    text = "Armed separatist forces attacked a gendarmerie post in Bamenda, Cameroon, on Sunday."
    assert ("Armed separatist forces", "Ambazonian Separatists") in found(text)


def test_unnamed_jihadists_where_the_registry_names_no_regional_group_stay_unidentified():
    text = "Suspected jihadists attacked a village near Djibo, Burkina Faso, on Sunday."
    assert ("Suspected jihadists", "Unidentified Armed Group") in found(text)


def test_militants_belonging_to_a_named_group_are_that_group():
    text = (
        "Militants belonging to the Tehreek-i-Jihad Pakistan stormed a compound in Dera Ismail "
        "Khan, Pakistan, killing 23 soldiers."
    )
    assert roles(text) == [
        {("TJP: Tehreek-e-Jihad Pakistan", "actor1"), ("Military Forces of Pakistan", "actor2")}
    ]


def test_police_of_a_report_naming_only_foreign_troops_are_the_reports_own():
    text = (
        "Insurgents were expelled from Mocimboa da Praia, Mozambique, by Rwandan forces in 2021. "
        "Two of the victims were said to be police."
    )
    assert ("police", "Police Forces of Mozambique") in found(text)


def test_a_country_that_says_its_forces_acted_names_its_military():
    assert roles("On Tuesday, Chad said its forces had retaken the town of Dikwa, Nigeria.") == [
        {("Military Forces of Chad", "actor1")}
    ]


def test_a_group_that_says_some_of_its_members_were_killed_is_the_target():
    (event,) = roles(
        "The Syrian Democratic Forces said on Sunday that five of its members had been killed "
        "in an attack by Islamic State militants on a checkpoint near Deir ez-Zor, Syria."
    )
    assert event == {("Islamic State", "actor1"), ("QSD: Syrian Democratic Forces", "actor2")}


def test_unnamed_attackers_are_no_group_the_report_names_only_much_later():
    text = (
        "Army post attacked in North Waziristan\n\n"
        "A group of six terrorists attacked an army post near Mir Ali, Pakistan, on Saturday, "
        "the military said. All six were killed in the exchange of fire that followed, and two "
        "soldiers were wounded, according to the statement. The post lies on a road that links "
        "the district with the Afghan border and has been attacked several times this year. "
        "Security in the region has worsened since talks with the government broke down and "
        "many residents have left their villages for the towns of the plains, officials say. "
        "Schools in the district have been closed for weeks and traders say the markets of "
        "the valley are empty. "
        "In December, militants belonging to the Tehreek-i-Jihad Pakistan stormed a compound "
        "used by the military in Daraban."
    )
    assert ("terrorists", "Unidentified Armed Group") in found(text)
    assert ("Tehreek-i-Jihad Pakistan", "TJP: Tehreek-e-Jihad Pakistan") in found(text)


def test_a_headlines_gunmen_are_the_group_its_body_names():
    text = (
        "Gunmen ambush police convoy in Mexico\n\n"
        "MORELIA, Mexico (AP) - State police were ambushed on Monday near Aguililla, officials "
        "said. Thirteen officers were killed and nine wounded when the convoy was set afire. "
        "The town is a stronghold of the Jalisco New Generation cartel, prosecutors said."
    )
    assert found(text)[0] == ("Gunmen", "CJNG: Jalisco New Generation Cartel")


def test_suicide_bombers_of_no_named_group_are_an_unidentified_armed_group():
    text = "Two suicide bombers stormed a school in Jalalabad, Afghanistan, killing 10 people."
    assert ("suicide bombers", "Unidentified Armed Group") in found(text)


def test_a_country_ending_the_sentence_before_does_not_own_bare_forces():
    text = (
        "Troops repelled an attack near Gao, Mali, on Sunday, and officials in Bamako blamed "
        "Niger. "
        "Soldiers later recovered weapons, officials said."
    )
    assert ("Soldiers", "Military Forces of Mali") in found(text)


def test_fighters_are_the_group_the_report_names_and_nobody_otherwise():
    text = (
        "The Rapid Support Forces attacked Galgani, Sudan, in July. On Thursday fighters "
        "stormed the village again, killing 85 people."
    )
    assert ("fighters", "RSF: Rapid Support Forces") in found(text)
    assert found("Fighters clashed near the border on Sunday, officials said.") == []


def test_a_country_someone_crossed_into_does_not_own_the_sentences_bare_forces():
    text = (
        "The Congolese army retook Rumangabo on Wednesday. As the army entered the town, rebel "
        "leaders crossed the border into Uganda."
    )
    assert ("the army", "Military Forces of Democratic Republic of Congo") in found(text)
