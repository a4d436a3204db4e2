"""Places given relative to another, computed with geopy and checked against the gazetteer."""

import datetime as dt

import pytest

from events.geo.geodesy import km_between
from events.ingest.relative import KM_PER_MILE
from events.services.ingest import report_extract, report_ingest

PUBLISHED = dt.date(2017, 1, 18)
ALEPPO = (36.20124, 37.16117)
AL_BAB = (36.37051, 37.5157)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The seed actors and their aliases."""


def test_al_bab_against_aleppo_reports_the_gap():
    extraction = report_extract(
        "Turkish jets struck Daesh around the city of al-Bab, located 40 kilometers northeast "
        "of Aleppo.",
        published=PUBLISHED,
    )
    (relative,) = extraction.relatives
    assert relative.anchor.name == "Aleppo" and relative.subject.name == "Al Bāb"
    # The computed point is 40 km from Aleppo, towards the northeast.
    assert km_between(ALEPPO, relative.computed) == pytest.approx(40, abs=0.01)
    assert relative.computed[0] > ALEPPO[0] and relative.computed[1] > ALEPPO[1]
    check = relative.check()
    gap = km_between(relative.computed, AL_BAB)
    assert check["gap_km"] == round(gap, 1) and check["consistent"] is True
    assert check["direct_km"] == round(km_between(ALEPPO, AL_BAB), 1)
    (proposal,) = extraction.proposals
    assert proposal.extraction["relative_check"] == check
    assert proposal.place.name == "Al Bāb"  # the gazetteer's point is kept, the check reported


def test_a_wrong_bearing_is_flagged_and_lowers_confidence():
    right = report_extract(
        "Turkish jets struck Daesh in al-Bab, 40 km northeast of Aleppo.", published=PUBLISHED
    ).proposals[0]
    wrong = report_extract(
        "Turkish jets struck Daesh in al-Bab, 40 km southwest of Aleppo.", published=PUBLISHED
    ).proposals[0]
    assert wrong.extraction["relative_check"]["consistent"] is False
    assert wrong.extraction["relative_check"]["gap_km"] > 60
    assert wrong.confidence < right.confidence


# A village no gazetteer knows, placed only by its offset from a town.
OFFSET_VILLAGE = (
    "Syrian troops clashed with rebels in the village of Qarrat al-Sharqiyah, "
    "12 km south of Idlib, on Sunday."
)


def test_an_unknown_village_is_located_by_the_stated_offset():
    extraction = report_extract(OFFSET_VILLAGE, published=PUBLISHED)
    (proposal,) = extraction.proposals
    idlib = next(p.entry for p in extraction.places if p.entry is not None)
    assert proposal.place_name == "Qarrat al-Sharqiyah"
    assert km_between((idlib.latitude, idlib.longitude), proposal.location) == pytest.approx(12)
    assert proposal.location[0] < idlib.latitude
    assert proposal.geo_precision == 2
    check = proposal.extraction["relative_check"]
    assert check["anchor"] == "Idlib" and "gap_km" not in check  # nothing to compare with
    (event,) = report_ingest(OFFSET_VILLAGE, published=PUBLISHED).created
    assert event.place is None and event.location is not None


def test_miles_and_number_words():
    extraction = report_extract(
        "Turkish jets struck Daesh in al-Bab, some twenty miles northeast of Aleppo.",
        published=PUBLISHED,
    )
    (relative,) = extraction.relatives
    assert relative.km == pytest.approx(20 * KM_PER_MILE)
    assert relative.bearing == "northeast"
