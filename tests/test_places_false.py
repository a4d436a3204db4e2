"""Places a report names that are not where its events happened: datelines, bylines, places
where something was said, metonyms, origins and people named after towns."""

import datetime as dt

import pytest

from events.services.ingest import report_extract

PUBLISHED = dt.date(2023, 7, 1)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The seed actors."""


def found(text: str) -> tuple[list[str], dict[str, str]]:
    """(event places as written, {name: kind} of the names rejected)."""
    extraction = report_extract(text, published=PUBLISHED, require_places=False)
    rejected = {r["text"]: r.get("kind", "") for r in extraction.rejected_places}
    return [p.text for p in extraction.places], rejected


@pytest.mark.parametrize(
    "text",
    [
        "BEIRUT, Lebanon (AP) — Government jets struck Idlib on Monday, activists said.",
        "BEIRUT: Government jets struck Idlib on Monday, activists said.",
        "Beirut (AFP) - Government jets struck Idlib on Monday, activists said.",
        "Headline here\nBEIRUT, March 3 (Reuters) - Government jets struck Idlib on Monday.",
        "Beirut — Government jets struck Idlib on Monday, activists said.",
    ],
)
def test_a_datelines_city_is_no_event_place(text):
    places, rejected = found(text)
    assert places == ["Idlib"]
    assert rejected["Beirut" if "Beirut" in rejected else "BEIRUT"] == "dateline"


def test_a_city_opening_a_headline_without_dateline_marks_stays_a_place():
    places, _ = found("Aleppo: shelling kills five\nGovernment forces shelled the city on Monday.")
    assert places == ["Aleppo"]


def test_bylines_and_reporting_credits_are_no_event_places():
    places, rejected = found(
        "By Sara Jones in Beirut\nRebels attacked Aleppo on Monday. "
        "(Reporting by Tom Perry in Cairo; Editing by Ed Osmond)"
    )
    assert places == ["Aleppo"]
    assert rejected["Beirut"] == rejected["Cairo"] == "byline"


@pytest.mark.parametrize(
    "text",
    [
        "The army said in Damascus that troops shelled Idlib on Monday.",
        "A spokesman told reporters in Damascus that troops shelled Idlib on Monday.",
        "In a statement from Damascus, the army said troops shelled Idlib on Monday.",
        "A survivor who spoke to the AP in Damascus said troops shelled Idlib on Monday.",
        "A resident told AFP by phone from Damascus that troops shelled Idlib on Monday.",
    ],
)
def test_where_something_was_said_is_no_event_place(text):
    places, rejected = found(text)
    assert places == ["Idlib"]
    assert rejected["Damascus"] == "passing"


@pytest.mark.parametrize(
    "text, capital",
    [
        ("Ankara said its jets struck Kobani on Tuesday.", "Ankara"),
        ("Moscow accused Kyiv of shelling Donetsk on Sunday.", "Moscow"),
        ("Moscow accused Kyiv of shelling Donetsk on Sunday.", "Kyiv"),
    ],
)
def test_a_capital_standing_for_its_government_is_a_metonym(text, capital):
    places, rejected = found(text)
    assert capital not in places
    assert rejected[capital] == "metonym"


def test_residents_of_a_town_saying_something_keep_it_a_place():
    places, _ = found("Residents of Homs said government jets struck the city on Monday.")
    assert places == ["Homs"]


@pytest.mark.parametrize(
    "text, origin, target",
    [
        ("Turkish jets that took off from Diyarbakir struck Kobani on Tuesday.", "Diyarbakir",
         "Kobani"),
        ("Russian warplanes flew from Hmeimim to strike Idlib on Monday.", "Hmeimim", "Idlib"),
        ("Ukrainian troops from Kharkiv attacked Belgorod on Friday.", "Kharkiv", "Belgorod"),
    ],
)  # fmt: skip
def test_where_forces_came_from_is_no_event_place(text, origin, target):
    places, rejected = found(text)
    assert target in places and origin not in places
    assert rejected.get(origin, "origin") == "origin"


def test_a_person_whose_first_name_is_a_town_is_no_place():
    places, rejected = found("Sabha Mohammed, a teacher, said Syrian jets struck Idlib on Monday.")
    assert places == ["Idlib"]
    assert rejected["Sabha"] == "person"


def test_officials_in_the_capital_saying_something_leave_it_out():
    places, rejected = found(
        "Afghan forces recaptured Lashkar Gah on Monday, officials in Kabul said."
    )
    assert places == ["Lashkar Gah"]
    assert rejected["Kabul"] == "passing"


def test_a_group_named_like_a_small_town_abroad_is_no_place():
    # "Taliban" is an alternate name of a Turkish village; "from the Taliban" is the group.
    places, rejected = found("Afghan forces recaptured Lashkar Gah from the Taliban on Monday.")
    assert places == ["Lashkar Gah"]
    assert "Taliban" in rejected


def test_the_start_of_a_word_with_an_apostrophe_is_no_place():
    # Wikinews, 25 Dec 2009 (seeds/corpus/): "Shi'ite" is no town "Shi" (Enshi, China).
    found = report_extract(
        "A car bomb killed 12 Shi'ite pilgrims in Karbala, Iraq, on Thursday.",
        published=dt.date(2009, 12, 25),
        require_places=False,
    )
    assert [p.country_code for p in found.places] == ["IQ"], [
        (p.text, p.country_code) for p in found.places
    ]


def test_the_neighbour_whose_border_it_happened_near_is_no_event_place():
    places, rejected = found(
        "Troops shelled Idlib on Monday. The clashes took place near the provincial borders "
        "of Damascus."
    )
    assert places == ["Idlib"]
    assert rejected["Damascus"] == "passing"
