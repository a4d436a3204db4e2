"""One write path: an event's country and point follow its place, unless a curator moved the
point themselves (then the point stays theirs and the geo precision says it is near the place)."""

import pytest
from django.contrib.gis.geos import Point

from events.models import Event
from events.services.events import event_geocode_again, event_update
from tests.support.curation import draft_make, gazetteer_place


@pytest.fixture
def naha(db):
    return gazetteer_place("Naha", "JP")


@pytest.fixture
def nawa(db):
    return gazetteer_place("Nawa", "SY")


def test_a_new_place_brings_its_country_and_point(naha, nawa, staff_user):
    event = draft_make(place=naha)

    event_update(event=event, changes={"place": nawa}, user=staff_user)

    event.refresh_from_db()
    assert event.country_code == nawa.country_code == "SY"
    assert event.location.equals_exact(nawa.point, 1e-9)
    assert event.geo_precision == Event.GeoPrecision.EXACT


def test_a_point_the_curator_moved_stays_and_is_marked_near_the_place(naha, nawa, staff_user):
    event = draft_make(place=naha)
    beside = Point(nawa.point.x + 0.05, nawa.point.y, srid=4326)

    event_update(event=event, changes={"place": nawa, "location": beside}, user=staff_user)

    event.refresh_from_db()
    assert event.country_code == "SY"
    assert event.location.equals_exact(beside, 1e-9)
    assert event.geo_precision == Event.GeoPrecision.NEAR


def test_a_geo_precision_the_curator_set_is_kept(naha, nawa, staff_user):
    event = draft_make(place=naha)
    beside = Point(nawa.point.x, nawa.point.y + 0.2, srid=4326)

    event_update(
        event=event,
        changes={"place": nawa, "location": beside, "geo_precision": Event.GeoPrecision.REGION},
        user=staff_user,
    )

    event.refresh_from_db()
    assert event.geo_precision == Event.GeoPrecision.REGION


def test_an_edit_that_keeps_the_place_keeps_a_moved_point(naha, staff_user):
    moved = Point(naha.point.x + 0.01, naha.point.y, srid=4326)
    event = draft_make(place=naha, location=moved, geo_precision=Event.GeoPrecision.NEAR)

    event_update(event=event, changes={"fatalities": 3}, user=staff_user)

    event.refresh_from_db()
    assert event.location.equals_exact(moved, 1e-9) and event.fatalities == 3


def test_placing_an_unlocated_event_clears_why_it_was_unlocated(nawa, staff_user):
    event = draft_make(place=None, location=None, place_name="Nawa", country_code="")
    Event.objects.filter(pk=event.pk).update(unlocated_reason="Not found.")
    event.refresh_from_db()

    event_update(event=event, changes={"place": nawa}, user=staff_user)

    event.refresh_from_db()
    assert event.is_located and event.unlocated_reason == "" and event.country_code == "SY"


def test_geocoding_again_goes_through_the_same_path(db):
    event = draft_make(place=None, location=None, place_name="Nawa", country_code="SY")

    assert event_geocode_again(event=event)

    event.refresh_from_db()
    assert event.place.name == "Nawá" and event.country_code == "SY"
    assert event.history.latest().history_change_reason == "geocoded again"
