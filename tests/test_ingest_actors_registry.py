"""Ingest names the starter registry's actors: armed groups by their names and acronyms, state
forces of any country by demonym, and ACLED's generic actors by common nouns. The sentences are
written for these tests in the style of wire reports."""

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


def names(text: str) -> list[str]:
    return [name for _, name in found(text)]


# (actor name, role) of each draft, read as published on PUBLISHED
roles = partial(named_roles, published=PUBLISHED)


@pytest.mark.parametrize(
    "sentence, actor",
    [
        (
            "The Kurdish-led SDF said it repelled an attack near Deir ez-Zor.",
            "QSD: Syrian Democratic Forces",
        ),
        (
            "Turkish drones struck PKK positions in the Qandil mountains.",
            "PKK: Kurdistan Workers' Party",
        ),
        ("Fighters of the Syrian National Army shelled Tal Rifaat.", "SNA: Syrian National Army"),
        ("Ahrar al-Sham fighters clashed with rivals near Afrin.", "Ahrar al-Sham"),
        ("Failaq al-Sham said two of its fighters were killed.", "Faylaq al-Sham"),
        ("The Nusra Front seized the village of Kafr Nabl.", "Jabhat Fateh al-Sham"),
        ("Hayat Tahrir al-Sham took control of Saraqib on Wednesday.", "HTS: Hayat Tahrir al-Sham"),
        ("HTS fighters entered Aleppo on Friday.", "HTS: Hayat Tahrir al-Sham"),
        (
            "The Popular Mobilization Forces deployed to Tal Afar.",
            "PMF: Popular Mobilization Forces",
        ),
        ("Asayish forces arrested five men in Qamishli.", "Asayish"),
        ("The Houthis fired a missile at a ship in the Red Sea.", "Ansar Allah"),
        ("The Saudi-led coalition carried out air strikes on Sanaa.", "Operation Restoring Hope"),
        ("The RSF attacked El Fasher from the east.", "RSF: Rapid Support Forces"),
        ("Al-Shabaab militants stormed a hotel in Mogadishu.", "Al Shabaab"),
        ("M23 rebels advanced towards Goma on Sunday.", "M23: March 23 Movement"),
        ("ISWAP fighters overran a military base in Borno.", "Islamic State West Africa Province"),
        ("The Taliban seized the district centre on Tuesday.", "Taliban"),
        ("YPG fighters withdrew from Manbij.", "YPG: People's Protection Units"),
        ("An ISKP suicide bomber struck a mosque in Kunduz.", "Islamic State Khorasan Province"),
        ("IS Sahel fighters attacked a convoy near Menaka.", "Islamic State Sahel Province"),
        ("ISCAP claimed the attack on Beni.", "Islamic State Central Africa Province"),
        ("JNIM claimed the ambush near Djibo.", "JNIM: Group for Support of Islam and Muslims"),
        (
            "Boko Haram fighters raided the village at night.",
            "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
        ),
        ("ADF rebels killed farmers in Beni territory.", "ADF: Allied Democratic Forces"),
        (
            "CODECO militiamen attacked a displacement camp in Djugu.",
            "CODECO: Cooperative for Development of Congo",
        ),
        ("Hamas fired rockets towards Ashkelon.", "Hamas Movement"),
        (
            "Islamic Jihad said its fighters were targeted in Jenin.",
            "PIJ: Palestinian Islamic Jihad",
        ),
        ("Hezbollah launched drones at a base in the Golan.", "Hezbollah"),
        ("TTP militants attacked a police post in Bannu.", "TTP: Tehreek-i-Taliban Pakistan"),
        (
            "The Balochistan Liberation Army claimed the attack in Quetta.",
            "BLA: Balochistan Liberation Army",
        ),
        ("The KIA captured a junta base near Bhamo.", "KIA: Kachin Independence Army"),
        ("The Arakan Army took the town of Paletwa.", "AA: Arakan Army"),
        ("TNLA troops entered Lashio.", "TNLA: Ta'ang National Liberation Army"),
        (
            "The MNDAA seized Laukkaing in January.",
            "MNDAA: Myanmar National Democratic Alliance Army",
        ),
        (
            "People's Defence Force fighters ambushed a convoy in Sagaing.",
            "PDF: People's Defense Force",
        ),
        ("Wagner mercenaries and Malian soldiers entered the village.", "Wagner Group"),
        ("Fano fighters clashed with federal troops near Gondar.", "Fano Militia"),
        (
            "The TPLF said the Ethiopian army shelled Mekelle.",
            "TPLF: Tigray People's Liberation Front",
        ),
        ("OLA fighters abducted passengers near Ambo.", "OLA: Oromo Liberation Army"),
        ("ELN guerrillas attacked an army post in Arauca.", "ELN: National Liberation Army"),
        ("The Segunda Marquetalia denied the killing.", "Segunda Marquetalia"),
        ("The Clan del Golfo imposed a curfew in Choco.", "AGC: Gaitanista Army of Colombia"),
        ("CJNG gunmen set fire to vehicles in Guadalajara.", "CJNG: Jalisco New Generation Cartel"),
        ("The Sinaloa Cartel fought a rival faction in Culiacan.", "Sinaloa Cartel"),
        ("Viv Ansanm gangs attacked Mirebalais.", "Viv Ansanm"),
        ("The G9 alliance blocked the port road.", "G9 an Fanmi e Alye"),
        ("AQAP claimed the bombing in Abyan.", "AQAP: Al Qaeda in the Arabian Peninsula"),
        ("AQIM kidnapped two foreigners.", "AQIM: Al Qaeda in the Islamic Maghreb"),
        (
            "Ansar al-Sunna insurgents attacked Mocimboa da Praia.",
            "Islamic State Mozambique Province",
        ),
        ("Ambazonian separatists torched a school in Bamenda.", "Ambazonian Separatists"),
        ("Myanmar's junta bombed a village in Sagaing.", "Military Forces of Myanmar"),
    ],
)
def test_each_armed_group_is_found_in_a_wire_style_sentence(sentence, actor):
    assert actor in names(sentence)


@pytest.mark.parametrize(
    "sentence, actor",
    [
        ("Malian soldiers killed three men near Mopti.", "Military Forces of Mali"),
        ("Nigerian troops repelled the attack.", "Military Forces of Nigeria"),
        (
            "The Congolese army shelled rebel positions.",
            "Military Forces of Democratic Republic of Congo",
        ),
        ("Israeli warplanes struck a house in Rafah.", "Military Forces of Israel"),
        ("South Sudanese troops clashed with rebels.", "Military Forces of South Sudan"),
        ("Burkinabe soldiers were ambushed near Djibo.", "Military Forces of Burkina Faso"),
        ("Somali forces retook the town.", "Military Forces of Somalia"),
        ("Malian police dispersed the crowd.", "Police Forces of Mali"),
        ("Kenyan police arrested two suspects.", "Police Forces of Kenya"),
    ],
)
def test_state_forces_of_any_country_by_demonym(sentence, actor):
    assert actor in names(sentence)


def test_acronyms_are_not_matched_in_lower_case():
    assert names("The SDF said it was attacked.") == ["QSD: Syrian Democratic Forces"]
    assert names("The Sdf and the sdf file were lost.") == []
    assert "AA: Arakan Army" not in names("Aa, the town said, was quiet.")
    assert "Military Forces of Mali" in names("FAMa units moved north.")
    assert names("The fama of the place grew.") == []


def test_an_acronym_the_report_defines_means_that_actor():
    text = (
        "Fighters of the Somali National Army (SNA) retook Harardhere. "
        "The SNA said six militants were killed."
    )
    assert names(text)[:3] == ["Military Forces of Somalia"] * 3


def test_civilians_harmed_are_the_target():
    assert roles("Israeli warplanes struck a house in Rafah on Sunday, killing 12 civilians.") == [
        {("Military Forces of Israel", "actor1"), ("Civilians", "actor2")}
    ]
    assert roles("Nigerian troops shelled a market in Maiduguri, killing four villagers.") == [
        {("Military Forces of Nigeria", "actor1"), ("Civilians", "actor2")}
    ]


def test_residents_who_speak_are_sources_not_victims():
    assert "Civilians" not in names("Residents said the army shelled the market on Monday.")
    assert "Civilians" not in names("Residents gathered in the square to celebrate.")


def test_unnamed_gunmen_are_an_unidentified_armed_group():
    assert names("Unknown gunmen killed four worshippers at a mosque.") == [
        "Unidentified Armed Group",
        "Civilians",
    ]


def test_unnamed_militants_are_the_one_group_the_report_names():
    text = (
        "Al-Shabaab said it attacked a base near Afgoye. "
        "The militants killed five soldiers, officials said."
    )
    assert names(text).count("Al Shabaab") == 2


def test_protesters_and_rioters_are_acleds_generic_actors():
    assert "Protesters" in names("Thousands of protesters marched in Khartoum.")
    assert "Rioters" in names("Rioters torched a police station.")


def test_a_real_report_names_the_malian_army_and_unnamed_jihadists():
    # Voice of America, 13 February 2022 (public domain, US government work):
    # https://allafrica.com/stories/202202150041.html
    text = (
        "Two Malian soldiers were killed early Sunday in northern Mali in an attack on their post "
        'blamed on jihadists, the army announced on social networks. "The toll is two dead on '
        "the FAMa (Malian Armed Forces) side and five dead on the attackers' side,\" it added."
    )
    assert found(text) == [
        ("Malian soldiers", "Military Forces of Mali"),
        ("jihadists", "Unidentified Armed Group"),
        ("the army", "Military Forces of Mali"),  # a speaker here: mentions.py sets it aside
        ("FAMa", "Military Forces of Mali"),
        ("Malian Armed Forces", "Military Forces of Mali"),
        ("attackers", "Unidentified Armed Group"),
    ]


def test_a_movement_in_a_country_where_it_has_a_branch_is_that_branch():
    text = (
        "Islamic State fighters attacked a village near Mocimboa da Praia, Mozambique, on Sunday."
    )
    assert "Islamic State Mozambique Province" in names(text)
    # Where the registry knows no branch (Syria), the movement stays itself.
    assert "Islamic State" in names("Islamic State fighters attacked Palmyra, Syria, on Sunday.")
