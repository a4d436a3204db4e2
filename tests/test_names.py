"""One actor, many names; one place, many spellings."""

import pytest

from events.domain.names import normalize_name
from events.models import Actor
from events.selectors.actors import actor_resolve


@pytest.mark.parametrize(
    "a,b",
    [
        ("al-Bab", "Al Bab"),
        ("Al Bāb", "al bab"),
        ("Deir ez-Zor", "Deir Ez Zor"),
        ("Jabhat Fateh al-Sham", "jabhat fateh el-sham"),
        ("People's Protection Units", "Peoples Protection Units"),
    ],
)
def test_spellings_share_a_normalised_form(a, b):
    assert normalize_name(a) == normalize_name(b)


def test_a_lone_article_is_kept():
    assert normalize_name("Al") == "al"


@pytest.mark.parametrize(
    "alias", ["Daesh", "ISIS", "ISIL", "IS", "Islamic State", "islamic state", "DAESH", "I.S."]
)
def test_every_alias_resolves_to_islamic_state(seeded, alias):
    assert actor_resolve(alias) == Actor.objects.get(slug="islamic-state")


@pytest.mark.parametrize(
    "alias,slug",
    [
        ("Russian warplanes", "russia"),
        ("Turkish jets", "turkey"),
        ("Syrian government troops", "syria"),
        ("FSA", "free-syrian-army"),
        ("YPG", "ypg"),
        ("PYD", "pyd"),
        ("US", "united-states"),
        ("Jabhat Fatah al-Sham", "jabhat-fateh-al-sham"),
    ],
)
def test_seed_aliases_resolve(seeded, alias, slug):
    assert actor_resolve(alias).slug == slug


def test_unknown_actor_resolves_to_none(seeded):
    assert actor_resolve("Army of Nowhere") is None
