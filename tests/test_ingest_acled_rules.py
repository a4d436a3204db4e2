"""ACLED's coding rules as ingest applies them, each on the shape of the real report it was found
on (seeds/corpus/, named in each test). The sentences are written for these tests: unit tests;
the figures on the real reports themselves are `manage.py evaluate_ingest --corpus real`'s."""

import datetime as dt

import pytest

from tests.support.drafting import proposals, roles
from tests.support.drafting import single as only


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_a_demonym_before_a_weapon_names_the_forces_that_fired():
    # The shape of VOA's 15 Mar 2024 Odesa report (seeds/corpus/): the country only as an
    # adjective of what was fired.
    event = only(
        "A Russian missile attack on Friday killed 14 people in the port city of Odesa.",
        "Shelling/artillery/missile attack",
    )
    assert ("russia", "actor1") in roles(event)


def test_an_unclaimed_bombing_is_an_unidentified_armed_groups():
    event = only("A car bomb exploded at a crowded market in Baghdad on Monday, killing 12.")
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert ("unidentified-armed-group", "actor1") in roles(event)


def test_a_claimed_bombing_keeps_its_group():
    event = only(
        "Islamic State fighters detonated a car bomb at a checkpoint near Palmyra on Monday.",
        "Remote explosive/landmine/IED",
    )
    assert ("islamic-state", "actor1") in roles(event)
    assert ("unidentified-armed-group", "actor1") not in roles(event)


def test_a_town_the_gazetteer_lacks_is_finer_than_its_province():
    # The shape of Africanews' 17 Aug 2024 Mali report (seeds/corpus/): a province, then the
    # town; ACLED codes the town, which the gazetteer lacks, so the draft keeps it unlocated.
    event = only(
        "Fifteen soldiers of Mali's Defense and Security Forces (FDS) were killed on Thursday in "
        "a clash with jihadists in the Mopti region, near the town of Diallassagou."
    )
    assert event.place_name == "Diallassagou" and event.location is None
    assert event.country_code == "ML"
    # "(FDS)" after Mali's forces means Mali's, not Burkina Faso's FDS of the registry.
    assert {slug for slug, _ in roles(event)} == {
        "military-forces-of-mali",
        "unidentified-armed-group",
    }


def test_a_follow_up_sentence_without_a_place_goes_on_telling_the_placed_event():
    found = proposals(
        "Islamic State fighters attacked an army checkpoint in Palmyra on Monday, killing three "
        "Syrian soldiers. Heavy fighting continued into the night, and two more soldiers were "
        "killed, a monitor said."
    )
    battles = [p for p in found if p.event_type == "Battles"]
    assert [p.place_name for p in battles] == ["Palmyra"], [
        (p.sub_event_type, p.place_name) for p in found
    ]


@pytest.mark.parametrize(
    "clause, toll",
    [
        ("at least 45 people are dead after militants attacked a village", 45),
        ("Militants Kill 45 in Village", 45),
        ("militiamen massacred 46 people with knives and firearms", 46),
    ],
)
def test_fatalities_as_wire_copy_writes_them(clause, toll):
    # The phrasings of VOA's 20 Nov 2014 Nigeria report and Reuters' 12 Jun 2023 Ituri report.
    from events.ingest.fatalities import fatalities_find

    assert fatalities_find(clause) == toll


def test_an_undated_sentence_goes_on_with_the_day_stated_just_before_it():
    # The shape of AP's 15 Oct 2019 Aguililla report (seeds/corpus/): the day in one sentence,
    # the ambush in the next, undated.
    (event,) = [
        p
        for p in proposals(
            "More than 30 gunmen were waiting for the police Monday in Syria, prosecutors said. "
            "The police convoy was ambushed near Homs, and 13 policemen were killed."
        )
        if p.place_name == "Homs"
    ]
    assert event.date.start == dt.date(2017, 1, 16) and event.date.precision == 1


def test_an_ongoing_activity_keeps_the_reports_week():
    # The seed report: "The Russian Air Force was also providing air support ...", after "the
    # Wednesday aerial attacks": no one day, so the week of the report, as the seeds curate it.
    (event,) = [
        p
        for p in proposals(
            "Russian jets struck al-Bab on Wednesday. The Russian Air Force was also providing air "
            "support to Syrian troops around Dayr al-Zawr."
        )
        if p.place_name == "Dayr al-Zawr"
    ]
    assert event.date.precision == 2


def test_people_taken_are_an_abduction_and_stones_thrown_a_violent_demonstration():
    # The kinds of Mindanao Examiner's 10 Aug 2017 report and The Defense Post's 17 Oct 2018
    # Srinagar report (seeds/corpus/).
    taken = only("Gunmen kidnapped four construction workers near Palmyra on Monday.")
    assert (taken.event_type, taken.sub_event_type) == (
        "Violence against civilians",
        "Abduction/forced disappearance",
    )
    assert ("civilians", "actor2") in roles(taken)
    stones = only("Protesters threw stones at police in Aleppo on Monday.", "Violent demonstration")
    assert stones.event_type == "Riots"


def test_provinces_listed_together_are_one_event_each():
    # VOA, 15 Mar 2024 (seeds/corpus/): "over Russia's Belgorod border region and the Kaluga
    # region": one interception in each.
    found = proposals(
        "Five drones were intercepted over Russia's Belgorod border region and the Kaluga "
        "region on Friday."
    )
    stopped = [p for p in found if p.sub_event_type == "Disrupted weapons use"]
    assert sorted(p.place_name for p in stopped) == ["Belgorod", "Kaluga"]


@pytest.mark.parametrize("stopped", ["were intercepted", "were shot down"])
def test_a_weapon_stopped_over_a_country_was_stopped_by_its_forces(stopped):
    # ACLED codes who stopped it as actor 1, whose weapon it was as actor 2 ("five Ukrainian
    # drones were intercepted over Russia's Belgorod region": a passive in the trigger itself).
    (event,) = proposals(f"Five Ukrainian drones {stopped} over Russia's Belgorod region.")
    assert roles(event) == {("russia", "actor1"), ("military-forces-of-ukraine", "actor2")}


def test_a_bare_killed_after_a_strike_tells_the_strike_not_an_attack_of_its_own():
    found = proposals(
        "Russian warplanes bombed a market in Idlib, Syria, on Monday. Rescuers said the raid "
        "killed 12 people."
    )
    assert [(p.sub_event_type, p.place_name) for p in found] == [("Air/drone strike", "Idlib")]
    assert ("civilians", "actor2") in roles(found[0])


def test_where_an_attack_landed_is_a_place_even_when_the_gazetteer_lacks_it():
    # VOA, 5 Jan 2015 (seeds/corpus/): Nampala, Mali, is not among GeoNames' towns.
    (event,) = proposals(
        "Officials in Mali said fighters struck before dawn Monday on Nampala, storming the town."
    )
    assert (event.place_name, event.location, event.country_code) == ("Nampala", None, "ML")
    assert event.event_type == "Battles" or event.sub_event_type == "Attack"


def test_the_attack_placed_in_a_town_later_places_the_strike_told_in_its_province():
    # VOA, 14 Aug 2023 (seeds/corpus/): the lead names the province, a later sentence the town.
    found = proposals(
        "At least 26 civilians were killed in a drone strike in a town in Syria's Idlib "
        "province, health workers said. The attack Sunday took place in the town of Maarrat "
        "al-Numan, in Idlib province."
    )
    (strike,) = [p for p in found if p.sub_event_type == "Air/drone strike"]
    assert strike.place_name == "Maarrat al-Numan" or strike.place.entry.kind != "admin1"
    assert strike.date.start == dt.date(2017, 1, 15) and strike.fatalities == 26
    assert [p for p in found if p.event_type == "Battles"] == []


def test_a_war_going_on_for_months_is_no_event_of_its_own():
    # VOA, 14 Aug 2023 (seeds/corpus/): the background of the report, not a clash that day.
    assert (
        proposals(
            "Federal government forces and a regional militia have been fighting each other for "
            "the past four months in Ethiopia's Amhara region."
        )
        == []
    )


def test_an_unnamed_crowd_is_acleds_protesters_or_rioters():
    # The Defense Post, 17 Oct 2018 (seeds/corpus/): stones thrown at police in Srinagar.
    riot = only("Youths threw stones at police in Aleppo on Monday.", "Violent demonstration")
    assert ("rioters", "actor1") in roles(riot)


@pytest.mark.parametrize(
    "sentence",
    [
        # Reuters, 17 Jan 2019, and VOA, 15 Mar 2024 (seeds/corpus/).
        "Fighting broke out this week in the south of Tripoli, Libya, breaching a shaky ceasefire.",
        "Russia has stepped up its attacks on Odesa, Ukraine, after the Kremlin ended a deal.",
    ],
)
def test_an_agreement_broken_or_ended_is_no_agreement_made(sentence):
    assert [p for p in proposals(sentence) if p.sub_event_type == "Agreement"] == []


def test_women_journalists_and_medics_harmed_are_civilians():
    # The shape of AFP's 17 May 2024 Donetsk report (seeds/corpus/): "killed four women".
    event = only(
        "Ukrainian shelling killed four women in the Russian-held city of Donetsk on Thursday.",
        "Shelling/artillery/missile attack",
    )
    assert {("military-forces-of-ukraine", "actor1"), ("civilians", "actor2")} <= roles(event)


def test_years_of_birth_are_not_a_death_toll():
    # AFP, 17 May 2024 (seeds/corpus/): "Four women born in 1986, 1980, 1961 and 1952 were killed".
    event = only(
        "Ukrainian shelling killed four women in Donetsk on Thursday. Four women born in 1986, "
        "1980, 1961 and 1952 were killed near a bus stop, the authorities said.",
        "Shelling/artillery/missile attack",
    )
    assert event.fatalities == 4


def test_aerial_bombs_are_an_air_strike():
    # The Kyiv Independent, 20 Feb 2024 (seeds/corpus/): "attacked Kupiansk with aerial bombs".
    event = only(
        "Russian forces attacked Kupiansk with aerial bombs on Monday, killing one woman.",
        "Air/drone strike",
    )
    assert {("russia", "actor1"), ("civilians", "actor2")} <= roles(event)


def test_in_full_control_of_a_town_is_a_change_of_territory():
    # VOA, 5 Mar 2015 (seeds/corpus/): "its troops are now in full control of Mafa".
    (event,) = proposals("Government troops are now in full control of Mafa in Borno state.")
    assert event.event_type == "Battles" and "territory" in event.sub_event_type


def test_a_police_post_attacked_is_the_police_of_the_reports_country():
    # AP, 10 Mar 2019 (seeds/corpus/): "60 Arakan Army insurgents on Saturday night attacked the
    # police post" in Myanmar; AP, 12 Jul 2018: "the Taliban targeted a police checkpoint".
    event = only(
        "In Myanmar's Rakhine state, 60 Arakan Army insurgents on Saturday attacked the police "
        "post, the ministry said.",
    )
    assert roles(event) == {("aa-arakan-army", "actor1"), ("police-forces-of-myanmar", "actor2")}


def test_an_army_base_attacked_is_the_military_of_the_reports_country():
    event = only("In Afghanistan, Taliban fighters attacked an army base in Kandahar on Tuesday.")
    assert roles(event) == {("taliban", "actor1"), ("military-forces-of-afghanistan", "actor2")}
