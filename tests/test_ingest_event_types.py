"""What a happening was, as ACLED's codebook types it when a report's words could say two
things: a bomb that opened a ground assault on soldiers is a complex attack, an armed clash (the
bomb is one of its weapons), while a bomb against civilians stays a bomb. Sentences in the shape
of wire reports of base attacks (VOA 15 Jan 2016 El Adde, 4 Sep 2017 Bulogudud, 22 Sep 2019
El-Salin in seeds/corpus/), written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def _types(text: str, published: dt.date) -> list[tuple[str, str, str]]:
    return [(p.event_type, p.sub_event_type, p.place_name) for p in proposals(text, published)]


def test_a_car_bomb_followed_by_a_ground_assault_on_a_base_is_an_armed_clash():
    assert _types(
        "Al-Shabab fighters detonated a suicide car bomb at the gate of an army base in "
        "Baidoa, Somalia, on Tuesday, followed by a ground attack that lasted hours.",
        dt.date(2020, 3, 4),
    ) == [("Battles", "Armed clash", "Baidoa")]


def test_a_bomb_before_gunmen_stormed_a_checkpoint_is_an_armed_clash():
    assert _types(
        "Militants blew up two car bombs at a police checkpoint in Baidoa, Somalia, on Tuesday "
        "before heavily armed gunmen attacked the post.",
        dt.date(2020, 3, 4),
    ) == [("Battles", "Armed clash", "Baidoa")]


def test_a_bomb_then_fighters_storming_a_camp_is_an_armed_clash():
    assert _types(
        "Insurgents set off a truck bomb outside a military camp in Baidoa, Somalia, on "
        "Tuesday, then dozens of fighters stormed the camp.",
        dt.date(2020, 3, 4),
    ) == [("Battles", "Armed clash", "Baidoa")]


def test_a_suicide_bomb_against_civilians_stays_a_suicide_bomb():
    assert _types(
        "A suicide bomber blew himself up at a crowded market in Baidoa, Somalia, on Tuesday "
        "before gunmen opened fire on the shoppers, killing 12 civilians.",
        dt.date(2020, 3, 4),
    )[0][:2] == ("Explosions/Remote violence", "Suicide bomb")


def test_a_bomb_alone_at_a_base_stays_a_bomb():
    assert _types(
        "A suicide car bomb exploded at the gate of an army base in Baidoa, Somalia, on "
        "Tuesday, killing four soldiers.",
        dt.date(2020, 3, 4),
    ) == [("Explosions/Remote violence", "Suicide bomb", "Baidoa")]


# A crowd that fights the police: ACLED's violent demonstration (Riots), not an armed clash nor
# a peaceful protest (shape of The Defense Post 17 Oct 2018 and Xinhua 24 Oct 2018, Srinagar).
PUBLISHED_KASHMIR = dt.date(2021, 5, 8)  # a Saturday


def _riots(text: str) -> list[tuple[str, str, str, list[str]]]:
    return [
        (p.event_type, p.sub_event_type, p.place_name, sorted(a.name for a, _ in p.actors))
        for p in proposals(text, PUBLISHED_KASHMIR)
    ]


def test_a_clash_with_a_crowd_is_a_violent_demonstration():
    assert _riots(
        "Hundreds of protesters clashed with police in Baramulla, India, on Friday after the "
        "funeral of a rebel commander."
    ) == [("Riots", "Violent demonstration", "Baramulla", ["Police Forces of India", "Rioters"])]


def test_demonstrators_throwing_stones_are_rioters():
    assert _riots("Demonstrators threw stones at police in Baramulla, India, on Friday.") == [
        ("Riots", "Violent demonstration", "Baramulla", ["Police Forces of India", "Rioters"])
    ]


def test_a_protest_whose_crowd_threw_stones_is_a_violent_demonstration():
    assert _riots(
        "Hundreds protested in Baramulla, India, on Friday against the killing of a student. "
        "Police fired tear gas at stone-throwing demonstrators."
    ) == [("Riots", "Violent demonstration", "Baramulla", ["Police Forces of India", "Rioters"])]


def test_a_protest_the_police_dispersed_stays_a_protest():
    assert _riots(
        "Hundreds protested in Baramulla, India, on Friday against the killing of a student. "
        "Police fired tear gas to disperse them."
    ) == [("Protests", "Peaceful protest", "Baramulla", ["Protesters"])]


def test_clashes_after_a_gunfight_are_a_riot_of_their_own_where_the_gunfight_was():
    drafted = _riots(
        "Security forces killed two rebels in a gunfight in Baramulla, India, on Friday. "
        "Clashes broke out soon after with youths who took to the streets."
    )
    assert [d[:3] for d in drafted] == [
        ("Battles", "Armed clash", "Baramulla"),
        ("Riots", "Violent demonstration", "Baramulla"),
    ]


def test_a_raid_that_killed_and_detained_is_a_fight_not_arrests():
    # Shape of VOA 14 Aug 2007 (Sadr City): the arrests are part of the fight.
    assert [
        (p.event_type, p.sub_event_type)
        for p in proposals(
            "Government troops killed three gunmen and detained five people in a raid on a "
            "hideout in Baquba, Iraq, on Monday.",
            dt.date(2007, 8, 14),
        )
    ] == [("Battles", "Armed clash")]


def test_detentions_without_a_killing_stay_arrests():
    assert [
        (p.event_type, p.sub_event_type)
        for p in proposals(
            "Police detained five people in a raid on a house in Baquba, Iraq, on Monday.",
            dt.date(2007, 8, 14),
        )
    ] == [("Strategic developments", "Arrests")]


# A bare killing at the place of a happening the report names, on its day, between its sides:
# that happening's toll told again (shape of Reuters 29 Sep 2023 Kherson), one event.
def test_a_bare_killing_where_a_shelling_was_told_is_that_shelling():
    drafted = proposals(
        "Russian artillery shelled the city of Kharkiv on Thursday, killing two men, officials "
        "said. Police said the two men were killed near a bus stop in Kharkiv.",
        dt.date(2023, 9, 29),
    )
    assert [(p.sub_event_type, p.place_name, p.fatalities) for p in drafted] == [
        ("Shelling/artillery/missile attack", "Kharkiv", 2)
    ]


def test_a_bare_killing_at_another_place_stays_its_own_event():
    drafted = proposals(
        "Russian artillery shelled the city of Kharkiv on Thursday, officials said. Separately, "
        "gunmen killed two policemen in Odesa on Thursday.",
        dt.date(2023, 9, 29),
    )
    assert [(p.event_type, p.place_name) for p in drafted] == [
        ("Explosions/Remote violence", "Kharkiv"),
        ("Battles", "Odesa"),
    ]


# What was seized: a town is territory taken; weapons are part of the fight; people taken are an
# abduction (shapes of Xinhua 26 Aug 2018 Wum, VOA 4 Sep 2017 Bulogudud, RFA 29 May 2020
# Rathedaung).
def _kinds(text: str) -> list[tuple[str, str]]:
    return [(p.event_type, p.sub_event_type) for p in proposals(text, dt.date(2020, 3, 4))]


def test_weapons_seized_are_no_territory_taken():
    assert _kinds(
        "Rebels attacked an army post in Menaka, Mali, on Tuesday, killing two soldiers and "
        "seizing weapons and vehicles."
    ) == [("Battles", "Armed clash")]


def test_weapons_seized_in_the_passive_are_no_territory_taken_either():
    assert _kinds(
        "Rebels attacked an army post in Menaka, Mali, on Tuesday. Their rifles and ammunition "
        "were also seized, the army said."
    ) == [("Battles", "Armed clash")]


def test_people_captured_are_an_abduction():
    assert _kinds(
        "Rebels raided a village in Menaka, Mali, on Tuesday, capturing six farmers and a teacher."
    ) == [("Violence against civilians", "Abduction/forced disappearance")]


def test_troops_capturing_a_town_take_territory():
    assert _kinds("Malian troops captured the town of Menaka, Mali, from rebels on Tuesday.") == [
        ("Battles", "Government regains territory")
    ]


def test_a_defence_ministry_tally_is_one_interception_per_count_and_place():
    # Shape of VOA 1 May 2024 (Odesa): "... destroyed N drones over A and one each over B, C".
    drafted = proposals(
        "Russia's defense ministry said on Wednesday its air defenses shot down five drones "
        "over the Bryansk region and two each over the Smolensk and Tula regions.",
        dt.date(2024, 5, 2),
    )
    assert [(p.sub_event_type, p.place_name) for p in drafted] == [
        ("Disrupted weapons use", "Bryansk"),
        ("Disrupted weapons use", "Smolensk"),
        ("Disrupted weapons use", "Tula"),
    ]


def test_a_count_over_a_place_without_an_interception_is_no_event():
    assert (
        proposals(
            "Witnesses counted two helicopters over the Bryansk region on Wednesday.",
            dt.date(2024, 5, 2),
        )
        == []
    )


def test_an_attack_by_residents_on_the_police_is_a_violent_demonstration():
    # Shape of Wikinews 18 Sep 2009 (Usterzai).
    text = "A police van was attacked by angry residents in Baramulla, India, on Friday."
    (riot,) = _riots(text)
    assert riot[:3] == ("Riots", "Violent demonstration", "Baramulla")
    (proposal,) = proposals(text, PUBLISHED_KASHMIR)
    roles = {role: actor.name for actor, role in proposal.actors}
    assert (roles["actor1"], roles["actor2"]) == ("Rioters", "Police Forces of India")


def test_villagers_attacked_by_gunmen_are_no_riot():
    assert [
        d[:2] for d in _riots("Villagers attacked by gunmen in Baramulla, India, on Friday fled.")
    ] == [("Violence against civilians", "Attack")]
