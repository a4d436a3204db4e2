"""What a report tells besides its events, and how its lead sums one up. A happening told with a
bare year before the report's ("seized the north in 2012") is the report's background, not an
event (but not a victim's year of birth, nor a year a relative clause gives something else); a
placeless lead ("A suicide bomber killed 12 people in eastern Afghanistan") is the event the
next sentences place; an accusation ("accused its rivals of abductions") or a likeness in the
plural ("similar attacks") names a kind of happening, not one. Sentences in the shape of the
real reports these rules came from (seeds/corpus/: VOA 5 Jan 2015 Nampala, Reuters 3 Aug 2025
Deir el-Zor, Reuters 17 Jan 2019 Tripoli, AFP 17 May 2024 Donetsk, Wikinews 18 Sep 2009
Usterzai, AP 1 Dec 2016 Tripoli, VOA 15 Jan 2016 El Adde, Xinhua 24 Oct 2018 Kulgam), written
for these tests: unit tests of the rules."""

import datetime as dt

import pytest

from tests.support.drafting import proposals


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_a_happening_told_with_an_earlier_year_is_background():
    drafted = proposals(
        "Gunmen attacked an army post in Mopti, Mali, on Monday, killing three soldiers.\n\n"
        "Jihadist groups seized the city of Timbuktu in 2012 before a French-led force drove "
        "them out.",
        dt.date(2015, 1, 5),
    )
    assert [p.place_name for p in drafted] == ["Mopti"]


def test_a_year_opening_the_clause_is_background_too():
    drafted = proposals(
        "Fighters of the SDF clashed with gunmen at a checkpoint in Deir ez-Zor, Syria, on "
        "Thursday.\n\n"
        "In 2014, Islamic State militants captured Raqqa.",
        dt.date(2025, 8, 3),
    )
    assert [(p.sub_event_type, p.place_name) for p in drafted] == [("Armed clash", "Deir ez-Zor")]


def test_the_year_the_victims_were_born_is_no_background():
    # A guard: the shelling that killed them stays an event of the report.
    (event,) = proposals(
        "Two men born in 1961 and 1975 were killed when Ukrainian shelling hit a bus stop in "
        "Donetsk on Thursday, officials said.",
        dt.date(2024, 5, 17),
    )
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert event.place_name == "Donetsk"


def test_a_year_of_a_relative_clause_dates_that_clause_only():
    drafted = proposals(
        "Residents said heavy gunfire had not stopped for two days in Tajoura, near Tripoli, "
        "Libya, home to a port which was damaged in fighting in 2014.",
        dt.date(2019, 1, 17),
    )
    assert [(p.sub_event_type, p.place_name) for p in drafted] == [("Armed clash", "Tajoura")]


def test_gunfire_is_a_fight():
    (event,) = proposals(
        "Heavy gunfire between rival militias was heard in Misrata, Libya, on Tuesday.",
        dt.date(2019, 1, 17),
    )
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")


def test_a_placeless_lead_is_the_event_the_next_sentence_places():
    (event,) = proposals(
        "A suicide bomber killed at least 12 people at a market in eastern Afghanistan on "
        "Sunday, officials said.\n\nThe explosion occurred in Jalalabad, the capital of "
        "Nangarhar province.",
        dt.date(2019, 6, 16),
    )
    assert event.sub_event_type == "Suicide bomb"
    assert event.place_name == "Jalalabad"
    assert event.fatalities == 12


def test_an_accusation_names_a_kind_of_happening_not_one():
    drafted = proposals(
        "Rival militias clashed in Misrata, Libya, on Tuesday.\n\n"
        "One faction accused its rivals of abductions, killings and smuggling migrants.",
        dt.date(2016, 12, 1),
    )
    assert [(p.sub_event_type, p.place_name) for p in drafted] == [("Armed clash", "Misrata")]


def test_similar_attacks_are_a_kind_but_a_similar_gunfight_is_one():
    drafted = proposals(
        "Al-Shabab fighters attacked an army base in Baidoa, Somalia, on Friday.\n\n"
        "Al-Shabab carried out similar attacks on army bases in Kismayo in June.\n\n"
        "On Sunday, three militants were killed in a similar gunfight in Afgooye.",
        dt.date(2016, 1, 15),
    )
    assert [p.place_name for p in drafted] == ["Baidoa", "Afgooye"]


def test_a_placeless_sentence_after_a_placed_event_goes_on_telling_it():
    """A follow-up that names no place of its own, of another kind than the event told before
    it, is about that event (ACLED codes it there), not a placeless draft of its own."""
    drafted = proposals(
        "Gunmen attacked an army post in Mopti, Mali, on Monday, killing three soldiers.\n\n"
        "The attackers also abducted two civilians before they fled.",
        dt.date(2015, 1, 5),
    )
    assert [p.place_name for p in drafted] == ["Mopti"]
    assert drafted[0].fatalities == 3


def test_a_placeless_happening_on_a_day_of_its_own_stays_its_own():
    drafted = proposals(
        "Gunmen attacked an army post in Mopti, Mali, on Monday, killing three soldiers.\n\n"
        "Last month, gunmen abducted two civilians.",
        dt.date(2015, 1, 5),
    )
    assert sorted(p.place_name for p in drafted) == ["", "Mopti"]


def test_a_happening_told_years_ago_is_background():
    drafted = proposals(
        "A roadside bomb killed four soldiers near Cucuta, Colombia, on Tuesday, the army said.\n\n"
        "The rebels began peace talks with the government two years ago in Havana.",
        dt.date(2018, 2, 27),
    )
    assert [(p.sub_event_type, p.place_name) for p in drafted] == [
        ("Remote explosive/landmine/IED", "Cucuta")
    ]


def test_a_month_of_last_year_dates_an_event_not_background():
    drafted = proposals(
        "In December last year, militants stormed an army camp in Bannu, Pakistan, killing nine "
        "soldiers.",
        dt.date(2024, 3, 16),
    )
    assert [(p.sub_event_type, p.place_name, p.date.start.month) for p in drafted] == [
        ("Armed clash", "Bannu", 12)
    ]


def test_a_month_of_an_earlier_year_is_background():
    drafted = proposals(
        "Drone strikes hit Bahir Dar, Ethiopia, on Sunday, killing 12 civilians.\n\n"
        "Rebels captured the town of Lalibela in August 2021.",
        dt.date(2023, 8, 14),
    )
    assert [(p.sub_event_type, p.place_name) for p in drafted] == [
        ("Air/drone strike", "Bahir Dar")
    ]


def test_what_someone_did_during_a_war_is_background():
    drafted = proposals(
        "Drone strikes hit Bahir Dar, Ethiopia, on Sunday, killing 12 civilians.\n\n"
        "The militia fought alongside federal troops in Mekele during the two-year war.",
        dt.date(2023, 8, 14),
    )
    assert [(p.sub_event_type, p.place_name) for p in drafted] == [
        ("Air/drone strike", "Bahir Dar")
    ]


def test_an_agreement_named_as_a_frame_is_no_agreement_made():
    drafted = proposals(
        "Drone strikes hit Bahir Dar, Ethiopia, on Sunday, killing 12 civilians.\n\n"
        "The militia was told to disarm in Gondar following the peace deal. Doctors struggled "
        "to deal with the wounded.",
        dt.date(2023, 8, 14),
    )
    assert [(p.sub_event_type, p.place_name) for p in drafted] == [
        ("Air/drone strike", "Bahir Dar")
    ]


def test_what_happens_again_and_again_is_the_setting_not_an_event():
    events = proposals(
        "Gunmen stormed the village of Dumbura in Zamfara state, Nigeria, on Friday, killing "
        "seven farmers, police said.\n"
        "Armed gangs regularly raid villages in the region, killing and kidnapping residents "
        "for ransom.\n",
        dt.date(2021, 3, 6),
    )
    assert [e.place_name for e in events] == ["Dumbura"]  # no draft of the raids in general
    assert events[0].fatalities == 7


def test_a_day_keeps_a_repeated_happening_an_event():
    events = proposals(
        "Government forces repeatedly shelled the town of Kafr Nabl in Idlib, Syria, on Monday, "
        "killing four people, a monitor said.",
        dt.date(2019, 5, 14),
    )
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"]


def test_a_lead_summing_up_separate_attacks_is_none_of_them():
    # The body tells each; the lead's sum of tolls and sides would make the attack on the
    # police an attack on civilians (the shape of AFP, 18 Sep 2020, Sokoto and Katsina).
    events = proposals(
        "Gunmen have killed three policemen and six farmers in two separate attacks in "
        "northern Nigeria, police said.\n"
        "Dozens of gunmen stormed a police station in the town of Gidan Madi in Sokoto state "
        "on Thursday, killing three officers, a police spokesman said.\n"
        "Later on Thursday, gunmen attacked the farming village of Yanteba in Katsina state, "
        "killing six farmers.\n",
        dt.date(2020, 9, 18),
    )
    by_place = {e.place_name: e for e in events}
    assert set(by_place) == {"Gidan Madi", "Yanteba"}
    police = by_place["Gidan Madi"]
    assert (police.event_type, police.sub_event_type) == ("Battles", "Armed clash")
    assert {a.name for a, _ in police.actors} == {
        "Unidentified Armed Group",
        "Police Forces of Nigeria",
    }
    assert police.fatalities == 3
    assert by_place["Yanteba"].fatalities == 6


def test_what_a_place_is_known_for_is_its_setting():
    events = proposals(
        "Gunmen killed five herders in Gidan Dawa village in Zamfara state, Nigeria, on "
        "Wednesday, in a region plagued by kidnappings and cattle raids, police said.",
        dt.date(2021, 3, 4),
    )
    assert [(e.place_name, e.sub_event_type) for e in events] == [("Gidan Dawa", "Attack")]
