"""Triggers: common wire phrasing for a happening is classified into ACLED's taxonomy."""

import datetime as dt

from events.ingest.text import sentences_split
from events.ingest.triggers import triggers_in
from events.services.ingest import report_extract


def sub_types(sentence: str) -> list[str]:
    return [
        trigger.sub_event_type
        for s in sentences_split(sentence)
        for clause in s.clauses
        for trigger, _, _ in triggers_in(sentence, clause)
    ]


def test_a_plain_bomb_blast_or_explosion_is_a_remote_explosive():
    for sentence in (
        "Twin bombings near a market in the town killed nine people on Monday.",
        "A bomb exploded at a cafe near the bridge, wounding four people.",
        "An explosion at a wedding party killed at least six guests.",
        "A blast hit the lead vehicle of the patrol on the highway.",
    ):
        assert sub_types(sentence) == ["Remote explosive/landmine/IED"], sentence


def test_a_suicide_truck_or_car_bomber_is_a_suicide_bomb():
    for sentence in (
        "A suicide truck bomber killed 12 people at a checkpoint on Sunday.",
        "Two suicide car bombs went off outside the governor's office.",
    ):
        assert sub_types(sentence) == ["Suicide bomb"], sentence


def test_a_bomb_word_gives_way_to_the_strike_or_shelling_it_belongs_to():
    assert sub_types("Warplanes dropped barrel bombs on the village, killing five.") == [
        "Air/drone strike"
    ]
    assert sub_types("Artillery shelling caused explosions across the old city.") == [
        "Shelling/artillery/missile attack"
    ]


def test_a_report_of_a_bomb_attack_drafts_an_explosion_not_a_clash(seeded):
    text = (
        "KABUL, Afghanistan (AP) — A bomb exploded at a bus station in the city of "
        "Jalalabad on Tuesday, killing seven people, police said."
    )
    extraction = report_extract(text, published=dt.date(2021, 3, 2))
    kinds = {(p.event_type, p.sub_event_type) for p in extraction.proposals}
    assert kinds == {("Explosions/Remote violence", "Remote explosive/landmine/IED")}


def test_drones_or_missiles_shot_down_are_disrupted_weapons_use():
    for sentence in (
        "Air defences shot down four drones over the border region overnight, the ministry said.",
        "Two cruise missiles and six drones were intercepted over the capital on Friday.",
    ):
        assert sub_types(sentence) == ["Disrupted weapons use"], sentence


def test_drones_that_destroy_a_building_are_not_disrupted():
    assert "Disrupted weapons use" not in sub_types(
        "Russian drones destroyed a warehouse in the port on Monday."
    )


def test_gunfights_shootouts_and_exchanges_of_fire_are_armed_clashes():
    for sentence in (
        "Two rebels were gunned down in a gunfight with troops in the district.",
        "A shootout between police and gang members lasted three hours.",
        "Eight insurgents died in an exchange of fire with the army on Tuesday.",
    ):
        assert sub_types(sentence) == ["Armed clash"], sentence
