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
