"""A bare "strike" in wire copy ("killed in an Israeli strike") is one from the air, the state
named before it struck, and its victims by trade are civilians; two countries joined to name a
border are a place, not parties; a group that "claimed a drone attack" did it; an agreement
proposed, refused, made a condition or of an earlier year is none made that day. Sentences
written for these tests, on the pattern of an AP report from Lebanon (2 June 2024) of the
held-out batch 5."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from tests.support.drafting import named_roles, proposals

PUBLISHED = dt.date(2024, 6, 2)  # a Sunday

roles = partial(named_roles, published=PUBLISHED)
drafts = partial(proposals, published=PUBLISHED)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


STRIKE = (
    "Two Lebanese shepherds were killed in an Israeli strike that hit their house in the town of "
    "Bint Jbeil near the Lebanon-Israel border on Sunday, state media reported."
)


def test_a_bare_strike_that_killed_is_an_air_strike_by_the_state_named_before_it():
    (strike,) = drafts(STRIKE)
    assert (strike.event_type, strike.sub_event_type) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert roles(STRIKE) == [{("Military Forces of Israel", "actor1"), ("Civilians", "actor2")}]


def test_two_countries_naming_a_border_are_no_party_to_the_strike():
    (found,) = roles(STRIKE)
    assert ("Military Forces of Lebanon", "assoc2") not in found
    assert all(name != "Military Forces of Lebanon" for name, _ in found)


@pytest.mark.parametrize("kind", ["hunger strike", "general strike"])
def test_a_strike_of_workers_or_prisoners_is_no_air_strike(kind):
    text = f"Dozens of detainees were injured on Sunday as a {kind} entered its third week in Tyre."
    assert all(p.sub_event_type != "Air/drone strike" for p in drafts(text))


def test_a_group_that_claimed_a_drone_attack_did_it():
    assert roles(
        "On Sunday, Hezbollah claimed a drone attack on an Israeli military facility in Katzrin."
    ) == [{("Hezbollah", "actor1"), ("Military Forces of Israel", "actor2")}]


@pytest.mark.parametrize(
    "sentence",
    [
        "Western countries have come forward with a series of proposals for a cessation of "
        "hostilities on the Lebanon-Israel border on Sunday.",
        "Hezbollah has refused to enter into an agreement until a cease-fire is implemented in "
        "Gaza.",
        "Operating in the region are dissidents of the FARC rebel group who do not accept the "
        "2016 peace agreement.",
    ],
)
def test_an_agreement_proposed_refused_or_of_an_earlier_year_is_none_made(sentence):
    assert all(p.sub_event_type != "Agreement" for p in drafts(sentence))


def test_an_agreement_announced_that_day_is_still_one():
    found = drafts("The ELN announced a temporary ceasefire in Colombia on Sunday.")
    assert [p.sub_event_type for p in found] == ["Agreement"]


def test_a_headlines_plain_strike_takes_the_kind_the_lead_names_next():
    found = drafts(
        "Russia kills rescuers in deadly double strike on Ukraine's Odesa\n\n"
        "KYIV - Russia launched lethal missile strikes on the Black Sea city of Odesa on Sunday "
        "morning, killing 14 people and wounding dozens more."
    )
    assert [(p.sub_event_type, p.place_name) for p in found] == [
        ("Shelling/artillery/missile attack", "Odesa")
    ]
