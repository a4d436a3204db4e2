"""Who was attacked decides between ACLED's armed clash and its attack on civilians: an assault
on soldiers or a militia is a fight even when a resident dies in it, a happening its report
tells as "the clash" is a fight, and a massacre of militiamen is one too. Civilians alone as
the target stay an attack on civilians. Sentences written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

TUESDAY = dt.date(2020, 3, 4)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def _types(text: str) -> list[tuple[str, str, str]]:
    return [(p.event_type, p.sub_event_type, p.place_name) for p in proposals(text, TUESDAY)]


def test_an_assault_on_an_army_camp_that_killed_a_farmer_is_an_armed_clash():
    assert _types(
        "On Tuesday, rebels launched an assault on an army camp in Baidoa, Somalia. "
        "The attack killed a farmer and wounded three villagers."
    ) == [("Battles", "Armed clash", "Baidoa")]


def test_villagers_killed_in_what_the_report_calls_the_clash_is_an_armed_clash():
    assert _types(
        "Gunmen killed 40 villagers in Jowhar, Somalia, on Tuesday. "
        "Officials said the villagers died in the clash."
    )[0][:2] == ("Battles", "Armed clash")


def test_villagers_alone_attacked_stay_an_attack_on_civilians():
    assert _types(
        "Gunmen attacked a village in Jowhar, Somalia, on Tuesday, killing 12 villagers."
    ) == [("Violence against civilians", "Attack", "Jowhar")]


def test_a_massacre_of_militiamen_is_an_armed_clash():
    assert _types(
        "Residents said it was a massacre in Jowhar, Somalia, on Tuesday, where thirty "
        "militiamen of a local militia were killed by al-Shabab fighters."
    )[0][:2] == ("Battles", "Armed clash")


def test_gunmen_who_stormed_a_village_shooting_residents_attacked_civilians():
    assert _types(
        "Gunmen on motorcycles stormed a village in Jowhar, Somalia, on Tuesday, shooting "
        "residents and killing nine villagers."
    )[0][:2] == ("Violence against civilians", "Attack")


def test_militants_who_stormed_an_army_post_fought_an_armed_clash():
    assert _types(
        "Militants stormed an army post in Jowhar, Somalia, on Tuesday, killing nine soldiers."
    )[0][:2] == ("Battles", "Armed clash")
