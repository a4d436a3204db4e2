"""Territory taken, and who took it: "took hold of the town" is a takeover, the fight "after"
which a town was taken is part of it, and what was seized "over the past two years" is a
period's gains, not the happening that decides who holds the town now. Sentences written for
these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

TUESDAY = dt.date(2020, 3, 4)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def _drafts(text: str) -> list[tuple[str, str]]:
    return [(p.sub_event_type, p.place_name) for p in proposals(text, TUESDAY)]


def test_rebels_who_took_hold_of_a_town_after_fighting_overtook_it():
    assert _drafts(
        "After a night of heavy fighting, M23 rebels took hold of Rutshuru, Congo, on Tuesday."
    ) == [("Non-state actor overtakes territory", "Rutshuru")]


def test_troops_in_control_again_after_a_period_of_rebel_gains_regained_it():
    drafts = _drafts(
        "The offensive aims to retake areas seized by the insurgents over the past two years. "
        "The army said on Tuesday that its troops are now in full control of Dikwa, Nigeria."
    )
    assert drafts == [("Government regains territory", "Dikwa")]


def test_skirmishes_in_a_town_just_retaken_are_the_retaking():
    assert _drafts(
        "Congolese troops retook Rutshuru, Congo, on Tuesday. "
        "Small skirmishes took place through the town as the rebels fled, a reporter said."
    ) == [("Government regains territory", "Rutshuru")]


def test_fighting_in_another_town_stays_a_clash():
    drafts = _drafts(
        "Congolese troops retook Rutshuru, Congo, on Tuesday. "
        "Heavy fighting broke out in Goma on Tuesday, a reporter said."
    )
    assert sorted(drafts) == [
        ("Armed clash", "Goma"),
        ("Government regains territory", "Rutshuru"),
    ]
