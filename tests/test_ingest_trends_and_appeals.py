"""A trend ("attacks have been on the rise", "Russia has stepped up its attacks") or a call to
stop ("called on the world to stop the shelling") names a kind of happening, not one that
happened: no draft. A trend with its day is that day's happening. Sentences in the shape of the
unseen reports these rules came from (Rudaw 7 Dec 2021 Kirkuk, Anadolu 28 Aug 2025 El Fasher,
VOA 15 Mar 2024 Odesa), written for these tests: unit tests of the rules."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

pytestmark = pytest.mark.django_db

PUBLISHED = dt.date(2021, 12, 7)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


EVENT = "Militants attacked an army post in Hawija on Tuesday, killing two Iraqi soldiers. "


@pytest.mark.parametrize(
    "setting",
    [
        "Militant attacks have been on the rise recently, especially in areas between Erbil and "
        "Baghdad.",
        "The group has stepped up its attacks on army posts near Tikrit since the summer.",
        "There has been a surge in kidnappings around Samarra.",
        "The council called on the international community to take urgent action to stop the "
        "deliberate shelling of Tuz Khurmatu.",
        "The UN urged both sides to end the fighting around Sinjar.",
        "Some 944 civilians have been killed in Nineveh and Anbar since the state of siege was "
        "declared, a monitor said.",
    ],
)
def test_a_trend_or_a_call_to_stop_is_no_event(setting):
    drafted = proposals(EVENT + setting, PUBLISHED)
    assert [p.place_name for p in drafted] == ["Hawija"]


def test_a_trend_with_its_day_is_that_day_s_happening():
    drafted = proposals(EVENT + "Fighting intensified around Sinjar on Monday.", PUBLISHED)
    assert {p.place_name for p in drafted} == {"Hawija", "Sinjar"}


@pytest.mark.parametrize(
    "background",
    [
        "The jihadists were excluded from a broader truce brokered by Moscow and Washington.",
        "The government signed a peace agreement with some armed groups in June 2015.",
        "Thousands have left under evacuation agreements reached with the rebels.",
        "The truce was negotiated between Turkey and Russia.",
    ],
)
def test_an_agreement_of_another_time_or_that_frames_who_is_outside_it_is_no_event(background):
    drafted = proposals(EVENT + background, PUBLISHED)
    assert [p.sub_event_type for p in drafted if p.sub_event_type == "Agreement"] == []


def test_an_agreement_made_in_the_report_s_days_is_an_event():
    drafted = proposals(
        EVENT + "The government and the rebels agreed a ceasefire on Monday.", PUBLISHED
    )
    assert "Agreement" in [p.sub_event_type for p in drafted]
