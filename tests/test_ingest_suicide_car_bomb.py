"""A suicide bomber's bomb is the suicide bombing ("A suicide bomber detonated a car bomb"), and
the report's later "the attack" after a bombing is that bombing: one draft, a suicide bomb, not
a second remote explosive or an armed clash. Sentences written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

pytestmark = pytest.mark.django_db

PUBLISHED = dt.date(2024, 6, 8)  # a Saturday


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_a_suicide_bomber_s_car_bomb_is_one_suicide_bombing():
    drafted = proposals(
        "A suicide bomber detonated a car bomb at a checkpoint in Baidoa on Saturday, killing "
        "four soldiers.",
        PUBLISHED,
    )
    assert [(p.sub_event_type, p.place_name, p.fatalities) for p in drafted] == [
        ("Suicide bomb", "Baidoa", 4)
    ]


def test_the_attack_claimed_after_a_bombing_is_that_bombing():
    drafted = proposals(
        "A suicide bomber blew himself up at a checkpoint in Somalia on Saturday, killing four "
        "soldiers. Militant group al-Shabab claimed responsibility for the attack on an army "
        "camp in Baidoa.",
        PUBLISHED,
    )
    assert [(p.sub_event_type, p.place_name) for p in drafted] == [("Suicide bomb", "Baidoa")]
