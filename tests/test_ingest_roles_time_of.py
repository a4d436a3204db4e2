"""A happening named only as the time of another ("after the explosion", "following the
attack") has none of the actors standing before it: "a police car sent after the explosion was
attacked by residents" makes the police no bomber. Sentences written for these tests."""

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
