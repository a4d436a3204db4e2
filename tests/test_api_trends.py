"""/api/trends.json: events and fatalities per period stacked by type, the top actors, countries
and admin-1 areas, the change against the previous window (and its flag), its 400s, and the
publication rule (drafts and staff-only datasets' events are for staff only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.gis.geos import Point

from events.domain import trends as domain
from events.domain.trends import ERR_BUCKET
from events.models import Dataset, Event
from tests.support.factories import actor_make, event_make, place_make

URL = "/api/trends.json"
JAN = dt.date(2020, 1, 1)


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def world(db):
    """In January 2020: 3 battles (2, 3 and unknown fatalities) and 1 protest in Aleppo (SY),
    2 air strikes in Iraq's Nineveh; in December 2019 a battle; a draft and an event of a
    staff-only dataset in January too."""
    aleppo = place_make("Aleppo", admin1="Aleppo Governorate")
    mosul = place_make(
        "Mosul", country_code="IQ", admin1="Nineveh", point=Point(43.1, 36.3, srid=4326)
    )
    army, rebels = actor_make("Army"), actor_make("Rebels")
    sy = {"place": aleppo, "country_code": "SY"}
    for day, fatalities in ((2, 2), (9, 3), (20, None)):
        event_make(
            date=JAN.replace(day=day),
            fatalities=fatalities,
            actors=[(army, "actor1"), (rebels, "actor2")],
            **sy,
        )
    event_make(date=JAN.replace(day=3), event_type="Protests", sub_event_type="Peaceful protest")
    for day in (4, 5):
        event_make(
            date=JAN.replace(day=day),
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            fatalities=10,
            place=mosul,
            country_code="IQ",
            location=mosul.point,
            actors=[(army, "actor1")],
        )
    event_make(date=dt.date(2019, 12, 20), fatalities=1, actors=[(rebels, "actor1")], **sy)
    event_make(date=JAN.replace(day=6), status=Event.Status.DRAFT, fatalities=100, **sy)
    Dataset.objects.update_or_create(key="acled", defaults={"visibility": "staff"})
    event_make(date=JAN.replace(day=7), dataset="acled", external_id="X1", fatalities=50, **sy)
    return {"army": army, "rebels": rebels}


JANUARY = {"date_from": "2020-01-01", "date_to": "2020-01-31"}


def test_counts_per_period_stacked_by_event_type(world, client):
    body = get(client, bucket="month", **JANUARY)
    assert body["bucket"] == "month"
    assert body["total"] == {"events": 6, "fatalities": 25}
    assert body["event_types"] == ["Battles", "Explosions/Remote violence", "Protests"]
    [january] = body["periods"]
    assert january["start"] == "2020-01-01"
    assert january["events"] == {"Battles": 3, "Explosions/Remote violence": 2, "Protests": 1}
    assert january["fatalities"] == {"Battles": 5, "Explosions/Remote violence": 20, "Protests": 0}


def test_weeks_split_the_month_and_days_are_chosen_for_a_short_window(world, client):
    weeks = get(client, bucket="week", **JANUARY)["periods"]
    # ISO weeks start on Monday: 2019-12-30 holds Jan 2-5, 2020-01-06 holds Jan 9 ...
    assert [p["start"] for p in weeks] == ["2019-12-30", "2020-01-06", "2020-01-20"]
    assert weeks[0]["events"] == {"Battles": 1, "Explosions/Remote violence": 2, "Protests": 1}
    assert get(client, **JANUARY)["bucket"] == "day"


def test_top_actors_countries_and_admin1_areas(world, client):
    body = get(client, **JANUARY)
    assert [(a["slug"], a["events"], a["fatalities"]) for a in body["actors"]] == [
        ("army", 5, 25),
        ("rebels", 3, 5),
    ]
    assert [(c["code"], c["name"], c["events"], c["fatalities"]) for c in body["countries"]] == [
        ("SY", "Syria", 4, 5),
        ("IQ", "Iraq", 2, 20),
    ]
    # The protest has no place, so no admin-1 area.
    assert [(a["name"], a["code"], a["country"], a["events"]) for a in body["admin1"]] == [
        ("Aleppo Governorate", "", "SY", 3),
        ("Nineveh", "", "IQ", 2),
    ]


def test_a_gazetteer_places_admin1_code_is_named_through_the_gazetteer(world, client):
    """Places the gazetteer found hold GeoNames' code ("11"), not a name: the panel gets the
    province's name from the gazetteer's provinces, and the code beside it; a code no
    province has stays a code with no name."""
    homs = place_make("Homs", admin1="11")
    event_make(date=JAN.replace(day=10), place=homs)
    nowhere = place_make("Nowhere", admin1="99")
    event_make(date=JAN.replace(day=11), place=nowhere)
    areas = get(client, **JANUARY)["admin1"]
    assert {"name": "Homs", "code": "11", "country": "SY", "events": 1, "fatalities": 0} in areas
    assert {"name": "", "code": "99", "country": "SY", "events": 1, "fatalities": 0} in areas


def test_change_against_the_previous_window_of_the_same_length(world, client):
    change = get(client, **JANUARY)["change"]
    assert change["previous_from"] == "2019-12-01"
    assert change["previous_to"] == "2019-12-31"
    assert change["events"] == {
        "current": 6,
        "previous": 1,
        "difference": 5,
        "percent": 500.0,
        # 6 against 1 is within Poisson noise (|6 - 1| <= 2 sqrt(7)): too few to tell.
        "flag": domain.STABLE,
    }
    assert change["fatalities"]["previous"] == 1
    assert change["fatalities"]["flag"] == domain.LARGE_INCREASE


def test_no_change_without_a_start_of_the_window(world, client):
    body = get(client)
    assert body["change"] is None
    # All dates: December's battle too; the protest, with no actor, is in no actor's count.
    assert [(a["slug"], a["events"]) for a in body["actors"]] == [("army", 5), ("rebels", 4)]


def test_top_actors_under_an_actor_filter(world, client):
    body = get(client, actor="rebels", **JANUARY)
    assert body["total"]["events"] == 3
    assert [(a["slug"], a["events"], a["fatalities"]) for a in body["actors"]] == [
        ("army", 3, 5),
        ("rebels", 3, 5),
    ]


def test_no_change_when_the_window_before_would_start_before_the_year_1(world, client):
    # 1009 to the last event (2020): the thousand years before would begin in year -1.
    assert get(client, date_from="1009-01-01")["change"] is None
    assert get(client, date_from="0001-01-01", date_to="0001-01-01")["change"] is None


def test_the_filters_apply_to_every_part(world, client):
    body = get(client, country="IQ", **JANUARY)
    assert body["total"] == {"events": 2, "fatalities": 20}
    assert [c["code"] for c in body["countries"]] == ["IQ"]
    assert [a["slug"] for a in body["actors"]] == ["army"]
    assert body["change"]["events"]["previous"] == 0


@pytest.mark.parametrize(
    ("current", "previous", "flag"),
    [
        (200, 100, domain.LARGE_INCREASE),
        (1300, 1000, domain.INCREASE),
        (130, 100, domain.STABLE),  # the same ratio, but within noise at this size
        (110, 100, domain.STABLE),
        (780, 1000, domain.DECREASE),
        (50, 100, domain.LARGE_DECREASE),
        (5, 2, domain.STABLE),  # within Poisson noise, whatever the ratio
        (12, 0, domain.LARGE_INCREASE),
    ],
)
def test_the_change_flag_thresholds(current, previous, flag):
    assert domain.change_flag(current, previous) == flag


def test_a_bad_bucket_is_a_400_naming_it(db, client):
    for bad in ("decade", ""):
        response = client.get(URL, {"bucket": bad})
        assert response.status_code == 400
        assert response.json()["errors"] == {"bucket": ERR_BUCKET}
    assert client.get(URL + "?bucket=day&bucket=week").json()["errors"] == {"bucket": ERR_BUCKET}


def test_a_bad_filter_is_a_400_naming_each_parameter(db, client):
    response = client.get(URL, {"bucket": "hour", "date_from": "yesterday", "nope": "1"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"bucket", "date_from", "nope"}


def test_drafts_and_staff_only_datasets_are_absent_for_the_public(world, client, plain_user):
    for who in (None, plain_user):
        if who:
            client.force_login(who)
        body = get(client, bucket="month", **JANUARY)
        assert body["total"] == {"events": 6, "fatalities": 25}
        assert body["change"]["events"]["current"] == 6


def test_staff_see_staff_only_datasets_and_drafts_when_they_ask(world, staff_client):
    assert get(staff_client, **JANUARY)["total"] == {"events": 7, "fatalities": 75}
    body = get(staff_client, status="all", **JANUARY)
    assert body["total"] == {"events": 8, "fatalities": 175}


def test_an_unchanged_answer_is_a_304(world, client):
    first = client.get(URL, JANUARY)
    again = client.get(URL, JANUARY, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
