"""A plainer word for a happening the report has already named takes the kind it named: "the
bombings" after "suicide bombings" are suicide bombings, "another strike" after a missile
attack is a missile strike. Not without that earlier word, nor a workers' strike. Sentences
written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

TUESDAY = dt.date(2020, 3, 4)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def _subs(text: str) -> list[tuple[str, str]]:
    return [(p.sub_event_type, p.place_name) for p in proposals(text, TUESDAY)]


def test_the_bombings_after_suicide_bombings_are_suicide_bombs():
    subs = _subs(
        "At least 40 people were killed in a wave of suicide car bombings in northern Iraq on "
        "Tuesday, officials in Mosul said. Earlier, gunmen killed two policemen in Tikrit. "
        "The two bombings took place in Sinjar."
    )
    assert ("Suicide bomb", "Sinjar") in subs
    assert all(sub != "Remote explosive/landmine/IED" for sub, _ in subs)


def test_a_bombing_with_no_kind_named_before_stays_a_remote_explosive():
    assert ("Remote explosive/landmine/IED", "Sinjar") in _subs(
        "The bombing took place in Sinjar, Iraq, on Tuesday, killing four people."
    )


def test_another_strike_after_a_missile_attack_is_a_missile_strike():
    subs = _subs(
        "A Russian missile attack on Kharkiv, Ukraine, killed three people on Tuesday. "
        "Another Russian strike killed a man in Sumy, the governor said."
    )
    assert ("Shelling/artillery/missile attack", "Sumy") in subs


def test_a_killing_during_a_general_strike_is_no_missile_strike():
    subs = _subs(
        "A Russian missile attack on Kharkiv, Ukraine, killed three people on Tuesday. "
        "In Sumy, police killed a protester during a general strike, the governor said."
    )
    assert ("Shelling/artillery/missile attack", "Sumy") not in subs


def test_suicide_bombers_who_stormed_a_building_are_a_suicide_bomb():
    assert _subs(
        "On Tuesday, two suicide bombers stormed a government building in Jalalabad, "
        "Afghanistan, killing at least 10 people."
    ) == [("Suicide bomb", "Jalalabad")]


def test_tuesdays_attacks_after_air_strikes_were_named_are_those_strikes():
    subs = _subs(
        "Military jets bombed Nyaung Kone village in Sagaing, Myanmar, on Tuesday, residents "
        "said. Tuesday's attacks on Nyaung Kone and Kyarsi villages also wounded a dozen people."
    )
    assert subs and all(sub == "Air/drone strike" for sub, _ in subs)


def test_the_attack_after_a_clash_was_named_stays_what_it_was():
    subs = _subs(
        "Military jets bombed Nyaung Kone village in Sagaing, Myanmar, on Tuesday. Later, rebels "
        "clashed with troops in Kyarsi. The attack on Kyarsi wounded a dozen soldiers."
    )
    assert ("Air/drone strike", "Kyarsi") not in subs
