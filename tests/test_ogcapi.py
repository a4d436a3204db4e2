"""OGC API - Features at /ogcapi/ through Django's test client: the documents, items paging,
numberMatched, datetime and bbox, the filter's own parameters, 400s naming the parameter, 404s
for hidden events, HTML with hostile text escaped.

Unit tests: the client and the expectations are ours (tests/test_ogcapi_gdal.py checks the same
endpoints with a client nobody on the team wrote, GDAL's OAPIF driver). The events are made
once for the module (tests/support/ogc.py) in a transaction rolled back after its last test.
"""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import Client

from events.api.ogc.params import LIMIT_MAX, datetime_window
from tests.support.hostile import RAW_MARKERS
from tests.support.ogc import NORTH_BBOX, OgcWorld, ogc_world_make

ROOT = "/ogcapi/"
ITEMS = "/ogcapi/collections/events/items"
CONF = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"


@pytest.fixture(scope="module")
def world_in_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield ogc_world_make()
        transaction.set_rollback(True)


@pytest.fixture
def world(world_in_module, db) -> OgcWorld:
    return world_in_module


def get_json(client, path: str, expect: int = 200, **params) -> dict:
    response = client.get(path, params)
    assert response.status_code == expect, response.content[:500]
    return json.loads(response.content)


def ids(page: dict) -> list[int]:
    return [f["id"] for f in page["features"]]


def rels(doc: dict) -> dict[str, dict]:
    return {(x["rel"], x["type"]): x for x in doc["links"]}


def test_landing_conformance_and_api_definition(client, world):
    landing = get_json(client, ROOT)
    links = rels(landing)
    assert {("service-desc", "application/vnd.oai.openapi+json;version=3.0")} <= links.keys()
    assert ("conformance", "application/json") in links and ("data", "application/json") in links
    conformance = get_json(client, "/ogcapi/conformance")
    assert {CONF + c for c in ("core", "oas30", "geojson", "html")} == set(
        conformance["conformsTo"]
    )
    response = client.get("/ogcapi/api")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    api = json.loads(response.content)
    assert api["openapi"].startswith("3.0")
    names = {p["name"] for p in api["paths"]["/collections/events/items"]["get"]["parameters"]}
    # What GDAL needs: its -where on these properties goes to the server as parameters.
    assert {"limit", "offset", "bbox", "datetime", "event_type", "country", "actor"} <= names


def test_collection_extent_is_of_the_public_events(client, world):
    doc = get_json(client, "/ogcapi/collections/events")
    assert doc["id"] == "events" and doc["itemType"] == "feature"
    assert doc["crs"] == ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]
    minx, miny, maxx, maxy = doc["extent"]["spatial"]["bbox"][0]
    assert (minx, miny, maxx, maxy) == pytest.approx((37.1, 15.35, 44.37, 36.34))
    # The Mosul battle starts 2016-12-20; the last filler riot is 2017-03-14.
    assert doc["extent"]["temporal"]["interval"] == [
        ["2016-12-20T00:00:00Z", "2017-03-14T23:59:59Z"]
    ]
    listed = get_json(client, "/ogcapi/collections")["collections"]
    assert [c["id"] for c in listed] == ["events"]
    assert get_json(client, "/ogcapi/collections/other", 404)["errors"]["collectionId"]
    assert get_json(client, "/ogcapi/nothing/here", 404)["errors"]


def test_items_pages_in_id_order_with_next_and_prev(client, world):
    everyone = [e.pk for e in world.public]
    first = get_json(client, ITEMS, limit=8, event_type=["Riots", "Battles"])
    # 14 riots, 3 located battles and the unlocated one (a battle too).
    assert first["numberMatched"] == 14 + 4 and first["numberReturned"] == 8
    assert first["timeStamp"].endswith("Z")
    links = {x["rel"]: x["href"] for x in first["links"]}
    assert "prev" not in links
    # Every parameter is kept in the next link, the page's offset and limit set.
    assert "event_type=Riots" in links["next"] and "event_type=Battles" in links["next"]
    seen = ids(first)
    href = first_next = links["next"]
    while href:
        page = get_json(client, href.removeprefix("http://testserver"))
        seen += ids(page)
        links = {x["rel"]: x["href"] for x in page["links"]}
        assert "prev" in links
        href = links.get("next")
    assert seen == sorted(seen) and len(seen) == 18
    # next goes on after the page's last id; asking by offset alone gives the same page.
    assert f"after={seen[7]}" in first_next and "offset=8" in first_next
    by_offset = get_json(client, ITEMS, limit=8, offset=8, event_type=["Riots", "Battles"])
    assert ids(by_offset) == seen[8:16]
    # Unfiltered: every public event, the unlocated one with a null geometry, none hidden.
    every = get_json(client, ITEMS, limit=1000)
    assert ids(every) == everyone
    unlocated = next(f for f in every["features"] if f["id"] == world.unlocated.pk)
    assert unlocated["geometry"] is None
    assert get_json(client, ITEMS, limit=LIMIT_MAX + 1)["numberReturned"] == len(everyone)


def test_features_are_those_of_the_geojson_download(client, world):
    ours = get_json(client, ITEMS, event_type="Battles")["features"]
    # The same features, and the unlocated one too (the download has only located events).
    assert ours.pop()["id"] == world.unlocated.pk
    download = json.loads(
        b"".join(client.get("/api/events.geojson", {"event_type": "Battles"}).streaming_content)
    )["features"]
    assert ours == download


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2017-01-18", "one_day"),
        ("2017-01-18T10:00:00Z", "one_day"),
        ("2017-01-18T23:30:00-05:00", "day_after"),  # 04:30 on the 19th in UTC
        ("2017-01-01/2017-01-09", "early_january"),
        ("2017-01-01T/2017-01-09T", "early_january"),  # as GDAL 3.6 writes date bounds
        ("../2017-01-04", "before_4th"),
        ("2017-02-01/..", "february_on"),
    ],
)
def test_datetime_instants_and_intervals(client, world, value, expected):
    b = world.battles
    wanted = {
        # The Aleppo battle (18th) and, spanning days, none other: Mosul ended on the 2nd.
        "one_day": {b[0].pk},
        "day_after": set(),
        # Palmyra's battle (5th) and Mosul's (20 Dec - 2 Jan: overlapping), not Aleppo's (18th).
        "early_january": {b[1].pk, b[2].pk},
        "before_4th": {b[2].pk},
        "february_on": set(),
    }[expected]
    page = get_json(client, ITEMS, datetime=value, event_type="Battles")
    assert set(ids(page)) == wanted and page["numberMatched"] == len(wanted)


def test_datetime_window_parsing():
    assert datetime_window("2017-01-01/..")[1] is None
    with pytest.raises(ValueError):
        datetime_window("../..")
    with pytest.raises(ValueError):
        datetime_window("2017-02-01/2017-01-01")


def test_bbox_and_the_filters_own_parameters(client, world):
    north = ",".join(map(str, NORTH_BBOX))
    page = get_json(client, ITEMS, bbox=north)
    expected = {e.pk for e in [*world.battles, world.strike]}
    assert set(ids(page)) == expected
    assert set(ids(get_json(client, ITEMS, actor="hostile-brigade"))) == {
        world.battles[0].pk,
        world.strike.pk,
    }
    # A country by its code or by its name (GDAL passes `-where "country = 'Iraq'"` as it is).
    iraq = {world.battles[2].pk, world.protest.pk}
    assert set(ids(get_json(client, ITEMS, country="IQ"))) == iraq
    assert set(ids(get_json(client, ITEMS, country="Iraq"))) == iraq
    crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    hits = get_json(client, ITEMS, country="Yemen", resultType="hits", crs=crs84)
    assert hits["numberMatched"] == 14 and hits["features"] == []


@pytest.mark.parametrize(
    "params,bad",
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "0,0,0,10,10,10"}, "bbox"),
        ({"datetime": "2017-13-01"}, "datetime"),
        ({"datetime": "2017-01-01", "date_from": "2017-01-01"}, "datetime"),
        ({"limit": "0"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"after": "0"}, "after"),
        ({"f": "xml"}, "f"),
        ({"crs": "EPSG:4326"}, "crs"),
        ({"country": "Atlantis"}, "country"),
        ({"actor": "nobody-at-all"}, "actor"),
        ({"status": "draft"}, "status"),
        ({"wibble": "1"}, "wibble"),
    ],
)
def test_bad_parameters_are_400s_naming_them(client, world, params, bad):
    assert bad in get_json(client, ITEMS, 400, **params)["errors"]


def test_hidden_events_are_404s_and_never_listed(client, world, staff_user):
    shown = ids(get_json(client, ITEMS, limit=1000))
    for hidden in (world.draft, world.staff_only):
        assert hidden.pk not in shown
        body = get_json(client, f"{ITEMS}/{hidden.pk}", 404)
        assert body == {"errors": {"featureId": "No such event."}}
    one = get_json(client, f"{ITEMS}/{world.strike.pk}")
    assert one["id"] == world.strike.pk and one["properties"]["event_type"].startswith("Expl")
    # Staff open them by id, as on /events/<id>.json; the list stays verified-only by default.
    staff_client = Client()
    staff_client.force_login(staff_user)
    assert get_json(staff_client, f"{ITEMS}/{world.draft.pk}")["id"] == world.draft.pk
    assert world.staff_only.pk in ids(get_json(staff_client, ITEMS, limit=1000))


def test_html_for_browsers_with_hostile_text_escaped(client, world):
    response = client.get(ITEMS, {"country": "IQ"}, HTTP_ACCEPT="text/html,application/json")
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "&lt;script&gt;" in html and not any(m in html for m in RAW_MARKERS)
    page = client.get(f"{ITEMS}/{world.protest.pk}", {"f": "html"}).content.decode()
    assert "&lt;script&gt;" in page and not any(m in page for m in RAW_MARKERS)
    for path in (ROOT, "/ogcapi/collections/events", "/ogcapi/api"):
        doc = client.get(path, HTTP_ACCEPT="text/html")
        assert doc.status_code == 200 and doc["Content-Type"].startswith("text/html")
        assert "Accept" in doc["Vary"]
    # No Accept header (a script, GDAL): JSON.
    assert client.get(ITEMS)["Content-Type"] == "application/geo+json"


@pytest.mark.parametrize(
    "query",
    [
        "limit=99999999999999999999999",
        "limit=%C2%B2",  # "²": a digit to str.isdigit, not to int()
        "offset=%D9%A1",  # Arabic-Indic one
        "offset=99999999999999999999999",
        "after=99999999999999999999999",
        "after=9223372036854775807",
        "datetime=2017-01-01T25:00:00Z",
        "datetime=/",
        "datetime=..",
        "datetime=2017-01-01/2017-01-02/2017-01-03",
        "datetime=%00",
        "datetime=2017-01-01T00:00:00%2B99:00",
        "datetime=9999-12-31T23:00:00-05:00",  # in UTC, the year 10000
        "bbox=nan,0,1,1",
        "bbox=-inf,0,1,1",
        "country=%00",
        "country=,,,",
        "country=" + "x" * 300,
        "f=json&f=html",
        "resultType=hits&resultType=hits",
        "limit=1&limit=2",
        "datetime=2017-01-01&datetime=2017-01-02",
    ],
)
def test_malformed_queries_are_answered_never_500(client, world, query):
    """Values a fuzzer finds: each is a 200 (clamped, or empty) or a 400 naming a parameter."""
    response = client.get(f"{ITEMS}?{query}")
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert json.loads(response.content)["errors"]
