"""A happening named only as the time of another ("after the explosion", "following the
attack") has none of the actors standing before it: "a police car sent after the explosion was
attacked by residents" makes the police no bomber; nor is the group the strike "was
retaliation after" a party to the strike (it attacked before, in a happening of its own).
Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from events.services.ingest import report_extract

PUBLISHED = dt.date(2024, 3, 18)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_police_sent_after_the_explosion_did_not_set_it_off():
    extraction = report_extract(
        "A suicide bomber killed 30 people at a market in Kohat, Pakistan, on Friday. A police "
        "car that was sent after the explosion was attacked by angry residents.",
        published=PUBLISHED,
        require_places=False,
    )
    bombs = [p for p in extraction.proposals if p.sub_event_type == "Suicide bomb"]
    assert [{(a.name, role) for a, role in p.actors} for p in bombs] == [
        {("Unidentified Armed Group", "actor1"), ("Civilians", "actor2")}
    ]


def test_the_group_whose_attack_the_strike_answered_is_no_party_to_the_strike():
    extraction = report_extract(
        "Myanmar air force jets bombed a village near Kanbalu on Thursday, killing two women. "
        "Residents said the air strike was retaliation after the Kachin Independence Army "
        "attacked a convoy.",
        published=PUBLISHED,
        require_places=False,
    )
    strikes = [p for p in extraction.proposals if p.sub_event_type == "Air/drone strike"]
    assert [{(a.name, role) for a, role in p.actors} for p in strikes] == [
        {("Military Forces of Myanmar", "actor1"), ("Civilians", "actor2")}
    ]
