"""The toll a clause gives (events/ingest/fatalities.py), as wire copy writes it, and the figures
that are no event's toll: a side's claim (ACLED takes the most conservative figure a report
gives) and a total over several happenings. Clauses written for these tests in the shape of
the real reports' (seeds/corpus/: AP 10 Feb 2013 Akobo, VOA 26 Jul 2017 Khakrez, VOA 7 Nov 2015
Douma, Xinhua 24 Oct 2018 Kulgam, PBS 12 Feb 2023 Banibangou)."""

import pytest

from events.ingest.fatalities import fatalities_find


@pytest.mark.parametrize(
    "clause, toll",
    [
        ("the governor said 58 people died in the fighting near the river", 58),
        ("Rebels and Troops Clash, 19 Die", 19),
        ("four insurgents were gunned down in a gunfight in the district", 4),
        ("police shot dead two suspects at a checkpoint", 2),
        ("the raid on the camp claimed nine lives", 9),
        ('a resident estimated that "around thirty" guards were killed in the attack', 30),
        ("the death toll from Tuesday's air strikes on a town near the border rose to 61", 61),
        # one toll in two figures: their sum
        ("at least 12 policemen and three civilians were killed in the ambush", 15),
        ("the toll is four dead on the army's side and nine dead on the rebels' side", 13),
        # one person
        ("another strike killed a woman in the city", 1),
        ("gunmen shot dead a police officer at the market", 1),
    ],
)
def test_a_toll_as_wire_copy_writes_it(clause, toll):
    assert fatalities_find(clause) == toll


@pytest.mark.parametrize(
    "clause",
    [
        "a rebel spokesman claimed the fighters overran the post after killing 40 soldiers",
        "the group claimed killing 31 government troops and seizing weapons",
        "messages on social media claiming that 12 soldiers were killed are false",
        "at least 30 people were killed in multiple bombings across the country on Friday",
        "15 people were killed in a series of attacks on villages",
    ],
)
def test_a_claim_or_a_total_of_several_happenings_is_no_toll(clause):
    assert fatalities_find(clause) is None


def test_a_claim_of_responsibility_keeps_the_toll():
    assert fatalities_find("the group claimed responsibility for the bombing that killed 8") == 8


def test_claimed_the_lives_of_is_a_toll_not_a_claim():
    assert fatalities_find("the blast claimed the lives of 11 passengers") == 11
