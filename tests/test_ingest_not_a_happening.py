"""Words for fighting that tell no happening of the report: a sum over a country ("killed in
multiple attacks across the country"), what an actor is described as doing ("militants, who
are fighting to impose their rule"); and the weapon a ground assault used ("tried to overrun
a post, using mortars") is part of that assault, not a shelling of its own. Sentences written
for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

TUESDAY = dt.date(2020, 3, 4)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def _drafts(text: str) -> list[tuple[str, str]]:
    return [(p.sub_event_type, p.place_name) for p in proposals(text, TUESDAY)]


def test_a_toll_of_multiple_attacks_across_a_country_is_no_event():
    assert (
        _drafts(
            "At least 30 people were killed and 80 wounded in multiple attacks across Iraq on "
            "Tuesday, officials said."
        )
        == []
    )


def test_what_militants_are_described_as_fighting_for_is_no_clash():
    assert (
        _drafts(
            "The militants, who are purportedly fighting to impose their rule, are based in Mali."
        )
        == []
    )


def test_an_assault_using_mortars_is_an_armed_clash_not_a_shelling():
    assert _drafts(
        "On Tuesday, Taliban fighters tried to overrun an army post in Kunduz, Afghanistan, "
        "using mortars, officials said."
    ) == [("Armed clash", "Kunduz")]


def test_a_town_which_was_recaptured_is_still_a_recapture():
    drafts = _drafts("Troops entered Gao, which was fully recaptured by the army on Tuesday.")
    assert drafts and all(sub == "Government regains territory" for sub, _ in drafts)


def test_the_weapon_of_a_planned_attack_is_no_bombing():
    drafts = _drafts(
        "Troops raided a hideout in Mir Ali, Pakistan, on Tuesday after learning that militants "
        "were planning to attack the troops with IED-laden vehicles, killing 10 militants."
    )
    assert drafts == [("Armed clash", "Mir Ali")]


def test_attempts_to_abduct_that_were_resisted_are_no_abduction():
    drafts = _drafts(
        "Residents of Sennar, Sudan, said on Tuesday they had resisted attempts to abduct women "
        "and girls."
    )
    assert all(sub != "Abduction/forced disappearance" for sub, _ in drafts)
