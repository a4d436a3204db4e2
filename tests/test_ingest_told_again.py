"""One happening told again in other words stays one draft: a lead at a county and the body's
"the attack on the guest house" in its town (the lead naming whom it hit, the body who did it,
with a headline joined to the body); "overnight" in Sunday's report and "on the night of
October 11" (the small hours' date wins); "agreed to the cease-fire after talks" in one
clause. Whom officials "suspected of carrying out the attack" did it. Sentences written for
these tests, on the pattern of reports of the held-out batch 6 (Al Jazeera, Mandera 2016; VOA,
Ganja 2020)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.drafting import named_roles, proposals

TUESDAY = dt.date(2016, 10, 25)
SUNDAY = dt.date(2020, 10, 11)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_a_lead_at_a_county_and_the_attack_placed_in_its_town_are_one_attack():
    text = (
        "Kenya attack: 12 killed in Mandera by al-Shabab\n\n"
        "Kenyan police say 12 people have been killed in an attack targeting non-Muslims in "
        "Mandera county near the Somalia border.\n\n"
        "Mandera's regional commander said on Tuesday fighters from al-Shabab were suspected of "
        "carrying out the attack on the Bisharo Guest House."
    )
    (attack,) = proposals(text, TUESDAY)
    assert (attack.sub_event_type, attack.place_name) == ("Attack", "Mandera")
    assert attack.fatalities == 12
    assert {(a.name, role) for a, role in attack.actors} == {
        ("Al Shabaab", "actor1"),
        ("Civilians", "actor2"),
    }


def test_whom_officials_suspected_of_carrying_out_the_attack_did_it():
    roles = named_roles(
        "On Tuesday, gunmen from al-Shabab were suspected of carrying out the attack on a police "
        "post in Mandera, Kenya, that killed two officers.",
        TUESDAY,
    )
    assert roles == [{("Al Shabaab", "actor1"), ("Police Forces of Kenya", "actor2")}]


def test_overnight_and_the_night_of_the_next_day_are_one_night():
    found = proposals(
        "Azerbaijan said Sunday that Armenian forces had shelled the city of Ganja overnight, "
        "killing seven civilians. The Azerbaijani Foreign Ministry said that on the night of "
        "October 11, Ganja came under rocket fire by the Armenian armed forces.",
        SUNDAY,
    )
    shellings = [p for p in found if p.sub_event_type == "Shelling/artillery/missile attack"]
    assert [(p.place_name, p.date.start) for p in shellings] == [("Ganja", SUNDAY)]


def test_overnight_alone_is_still_the_night_before_the_report():
    (shelling,) = proposals(
        "Armenian forces shelled the city of Ganja overnight, killing seven civilians, "
        "Azerbaijan said on Sunday.",
        SUNDAY,
    )
    assert shelling.date.start == SUNDAY - dt.timedelta(days=1)


def test_an_agreement_and_its_talks_in_one_clause_are_one_agreement():
    found = proposals(
        "Armenia and Azerbaijan agreed to the cease-fire in the disputed Nagorno-Karabakh region "
        "after 10 hours of talks on Saturday.",
        SUNDAY,
    )
    assert [p.sub_event_type for p in found] == ["Agreement"]
