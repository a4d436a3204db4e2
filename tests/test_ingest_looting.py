"""Goods taken or property burned with no one harmed is ACLED's looting/property destruction;
a raid that killed stays an attack, its looting part of it, and "the attackers set fire to the
barracks" after an attack is that attack. Sentences written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

TUESDAY = dt.date(2020, 3, 4)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def _drafts(text: str) -> list[tuple[str, str]]:
    return [(p.sub_event_type, p.place_name) for p in proposals(text, TUESDAY)]


def test_a_raid_that_only_looted_is_looting_at_each_place_raided():
    assert sorted(
        _drafts(
            "On Tuesday, insurgents raided Mueda and Macomia in Mozambique, looting food and "
            "livestock from the fishermen."
        )
    ) == [
        ("Looting/property destruction", "Macomia"),
        ("Looting/property destruction", "Mueda"),
    ]


def test_a_raid_that_killed_is_an_attack_not_looting():
    drafts = _drafts(
        "On Tuesday, insurgents raided Mueda in Mozambique, killing four villagers and looting "
        "their shops."
    )
    assert drafts == [("Attack", "Mueda")]


def test_burning_told_after_an_attack_is_part_of_it():
    drafts = _drafts(
        "Militants attacked an army post in Mueda, Mozambique, on Tuesday, killing two soldiers. "
        "The attackers then set fire to the barracks."
    )
    assert drafts == [("Armed clash", "Mueda")]


def test_protesters_who_looted_shops_rioted():
    assert _drafts("Protesters looted shops and burned tyres in Lagos, Nigeria, on Tuesday.") == [
        ("Violent demonstration", "Lagos")
    ]


def test_gunmen_who_only_looted_shops_looted():
    assert _drafts("Gunmen looted shops in Maiduguri, Nigeria, on Tuesday.") == [
        ("Looting/property destruction", "Maiduguri")
    ]
