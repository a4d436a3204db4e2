"""Provinces, states and governorates (admin-1) are places too, at region precision."""

import datetime as dt

import pytest

from events.domain.vocabulary import REGION
from events.geo.gazetteer import get_gazetteer
from events.geo.geodesy import km_between
from events.services.ingest import report_extract

PUBLISHED = dt.date(2023, 7, 1)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The seed actors."""


@pytest.mark.parametrize(
    "text, name, country, near",
    [
        ("Government forces shelled villages in Idlib province on Monday.", "Idlib", "SY",
         (35.9, 36.6)),
        ("Gunmen killed 12 villagers in Borno state, Nigerian officials said.", "Borno", "NG",
         (11.8, 13.1)),
        ("Russian forces shelled towns in the Donetsk region on Monday.", "Donetsk", "UA",
         (48.0, 37.8)),
        ("Fighters attacked an army post in North Kivu province, Congolese officials said.",
         "Nord Kivu", "CD", (-0.7, 29.0)),
    ],
)  # fmt: skip
def test_a_province_is_a_place_at_region_precision(text, name, country, near):
    extraction = report_extract(text, published=PUBLISHED)
    provinces = [p for p in extraction.places if p.entry.kind == "admin1"]
    (place,) = provinces
    assert (place.entry.name, place.country_code, place.precision) == (name, country, REGION)
    assert km_between((place.entry.latitude, place.entry.longitude), near) < 150


def test_a_draft_placed_at_a_province_has_region_precision_and_its_point():
    extraction = report_extract(
        "Syrian government forces shelled villages in Idlib province on Monday.",
        published=PUBLISHED,
    )
    (proposal,) = extraction.proposals
    assert proposal.place.entry.kind == "admin1"
    assert proposal.geo_precision == REGION
    assert km_between(proposal.location, (35.9, 36.6)) < 60


def test_a_city_named_like_its_province_stays_the_city():
    extraction = report_extract("Jets struck Idlib on Monday.", published=PUBLISHED)
    (place,) = extraction.places
    assert place.entry.kind == "city" and place.precision != REGION


def test_a_province_named_beside_a_town_chooses_between_its_namesakes():
    # Several Ukrainian villages are called Novosilka; the one meant is in the Donetsk region.
    extraction = report_extract(
        "Russian forces shelled Novosilka in Ukraine's Donetsk region on Monday.",
        published=PUBLISHED,
    )
    town = next(p for p in extraction.places if p.text == "Novosilka")
    assert town.entry.name == "Velyka Novosilka" and town.country_code == "UA"


def test_province_names_from_iso_3166_2_meet_geonames_ones():
    gazetteer = get_gazetteer()
    assert {p.country_code for p in gazetteer.provinces("Donetska oblast")} == {"UA"}
    assert {p.country_code for p in gazetteer.provinces("Nord-Kivu")} == {"CD"}
    # Provinces sit in an index of their own: the geocoder's city lookups never answer one.
    assert {p.kind for p in gazetteer.provinces("Idlib")} == {"admin1"}
    assert {e.kind for e in gazetteer.candidates("Idlib")} == {"city"}


def test_a_province_further_on_in_the_sentence_does_not_rename_a_town():
    # Reuters, 29 Sep 2023 (seeds/corpus/): Kherson is Kherson, not a namesake by skeleton in
    # the Donetsk region that the sentence names for other victims.
    extraction = report_extract(
        "Russian shelling killed three women in the southern Ukrainian city of Kherson and two "
        "people in eastern Donetsk region, local officials said.",
        published=dt.date(2023, 9, 29),
        require_places=False,
    )
    town = next(p for p in extraction.places if p.text == "Kherson")
    assert town.entry.name == "Kherson" and town.country_code == "UA"
