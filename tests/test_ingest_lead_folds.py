"""A wire report's placeless lead and the body's placed sentence are one happening: a bare lead
("An attack on an army base killed three soldiers") takes the kind the body names ("fired
rockets at the base in X"), and a lead whose last word names only the country still folds
into the placed sentence that follows its first. Sentences written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

TUESDAY = dt.date(2020, 3, 4)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def _drafts(text: str) -> list[tuple[str, str]]:
    return [(p.sub_event_type, p.place_name) for p in proposals(text, TUESDAY)]


def test_a_bare_lead_takes_the_kind_the_body_names():
    assert _drafts(
        "An attack on an army base in northern Mali killed three soldiers on Tuesday, the army "
        "said. The militants fired rockets at the base in Gao from a truck."
    ) == [("Shelling/artillery/missile attack", "Gao")]


def test_a_lead_told_again_with_its_country_folds_into_the_placed_sentence():
    assert _drafts(
        "Militants attacked an army base on Tuesday, killing dozens of soldiers. "
        "The attack in the town of Gao began with a suicide bombing followed by a firefight. "
        "Officials said the dead included officers. "
        "The army said this attack shows the militants' strength in Mali."
    ) == [("Armed clash", "Gao")]


def test_a_city_lead_folds_into_the_suburb_the_body_places_the_fighting_in():
    drafts = _drafts(
        "Clashes between rival militias in the Libyan capital Tripoli killed 12 people on "
        "Tuesday, officials said. The fighting was heaviest in Tajura, residents said."
    )
    assert drafts == [("Armed clash", "Tajura")]


def test_a_second_clash_in_another_city_stays_its_own():
    drafts = _drafts(
        "Clashes between rival militias in the Libyan capital Tripoli killed 12 people on "
        "Tuesday, officials said. Separately, militias clashed in Misrata on Tuesday."
    )
    assert sorted(drafts) == [("Armed clash", "Misrata"), ("Armed clash", "Tripoli")]


def test_a_bare_lead_attack_folds_into_the_undated_strike_at_its_place():
    drafts = _drafts(
        "A security post in Taiz, Yemen, was struck by a rebel attack on Tuesday. "
        "A drone attack hit the post in Taiz, sources said."
    )
    assert drafts == [("Air/drone strike", "Taiz")]
