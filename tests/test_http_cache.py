"""API responses carry validators from the data version; any write, by any path, changes them."""

import pytest
from django.db import connection

from events.models import Actor, Event
from events.selectors.dataversion import data_version

API = [
    "/api/events.geojson?actor=russia",
    "/api/events.csv",
    "/api/actors.json",
    "/api/facets.json",
    "/api/timeline.json",
    "/api/map.json?zoom=3",
    "/api/openapi.json",
]


def _get(client, url, **headers):
    response = client.get(url, headers=headers)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("url", API)
def test_an_unchanged_response_is_a_304(seeded, client, url):
    first = _get(client, url)
    assert first.status_code == 200
    assert first["ETag"].startswith('W/"')
    assert first["Last-Modified"]
    assert "public" in first["Cache-Control"]
    again = _get(client, url, if_none_match=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = _get(client, url, if_modified_since=first["Last-Modified"])
    assert since.status_code == 304


def test_different_filters_have_different_etags(seeded, client):
    a = _get(client, "/api/events.geojson?actor=russia")
    b = _get(client, "/api/events.geojson?actor=turkey")
    assert a["ETag"] != b["ETag"]
    assert (
        _get(client, "/api/events.geojson?actor=turkey", if_none_match=a["ETag"]).status_code == 200
    )


def test_an_admin_style_edit_invalidates_the_etag(seed_event, client):
    url = "/api/events.geojson"
    etag = _get(client, url)["ETag"]
    event = seed_event("seed-2017-01-18-al-bab-joint-strikes")
    event.summary = "Corrected."
    event.save()
    fresh = _get(client, url, if_none_match=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE events_event SET fatalities = 3 WHERE id = (SELECT MIN(id) FROM events_event)",
        "UPDATE events_actor SET name = 'Renamed' WHERE slug = 'turkey'",
        "DELETE FROM events_eventactor WHERE id = (SELECT MIN(id) FROM events_eventactor)",
        "UPDATE events_place SET name = 'Elsewhere' WHERE id = (SELECT MIN(id) FROM events_place)",
    ],
)
def test_raw_sql_writes_bump_the_version_too(seeded, sql):
    before, _ = data_version()
    with connection.cursor() as cursor:
        cursor.execute(sql)
    after, _ = data_version()
    assert after > before


def test_bulk_writes_bump_the_version(seeded):
    before, _ = data_version()
    Event.objects.filter(status=Event.Status.VERIFIED).update(fatalities=1)
    Actor.objects.bulk_create([Actor(name="New Brigade", slug="new-brigade")])
    assert data_version()[0] > before


def test_a_400_is_never_confirmed_with_a_304(seeded, client):
    bad = _get(client, "/api/events.geojson?date_from=yesterday")
    assert bad.status_code == 400
    assert "ETag" not in bad
    assert (
        _get(client, "/api/events.geojson?date_from=yesterday", if_none_match="*").status_code
        == 400
    )


def test_signed_in_responses_stay_out_of_shared_caches(seeded, staff_client):
    response = _get(staff_client, "/api/events.geojson?status=draft")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    anonymous = _get(staff_client.__class__(), "/api/events.geojson?status=draft")
    assert anonymous.status_code == 400
