"""Vector tiles (/tiles/{z}/{x}/{y}.mvt) read back by clients nobody here wrote.

- mapbox_vector_tile.decode (the PyPI package's decoder): layers, pixels, properties, counts;
- GDAL's MVT driver (`ogrinfo`, Debian's gdal-bin): the layers, the feature count and where
  the event is on the Earth once GDAL georeferences the tile from its z/x/y file name;
- PostgreSQL's EXPLAIN (PostGIS only): the tile's query reads the spatial index.

The rest (the expected pixel of a known point, the events built once for the module) is this
file's own arithmetic and fixtures. Runs on both databases: ST_AsMVT on PostGIS, the
mapbox-vector-tile encoder on SpatiaLite, against the same expectations.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import shutil
import subprocess

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.test import Client

from events.domain.filters import STATUS_CHOICES, EventFilter
from events.models import Event
from events.selectors.tiles import Tile, TileKey, tile_layer
from tests.support.factories import actor_make, event_make
from tests.support.hostile import MARKUP, SCRIPT

AL_BAB = (37.52, 36.37)  # lon, lat
AL_BAB_Z8 = (8, 154, 100)  # its tile at zoom 8
MIDDLE_EAST_Z2 = (2, 2, 1)  # every event below
CROWD = 600  # more than a zoomed-out tile shows one by one (clusters.MAX_EVENTS)


@pytest.fixture(scope="module")
def events(django_db_setup, django_db_blocker):
    """Built once, rolled back after the module: al-Bab, a hostile one in Aleppo, a draft,
    an older battle, and a crowd of protests around Mosul."""
    with django_db_blocker.unblock(), transaction.atomic():
        state = actor_make("State Forces")
        hostile_actor = actor_make(f"Militia {SCRIPT}", slug="militia")
        made = {
            "al_bab": event_make(
                location=Point(*AL_BAB, srid=4326),
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                fatalities=7,
                place_name="al-Bab",
                actors=[(state, "actor1")],
            ),
            "hostile": event_make(
                place_name=MARKUP, actors=[(hostile_actor, "actor1")], fatalities=None
            ),
            "draft": event_make(
                location=Point(37.3, 36.3, srid=4326), status=Event.Status.DRAFT, fatalities=1
            ),
            "battle": event_make(
                location=Point(37.6, 36.4, srid=4326), date=dt.date(2016, 6, 1), fatalities=2
            ),
        }
        rng = random.Random(3)
        base = {
            "date": dt.date(2018, 3, 1),
            "event_type": "Protests",
            "sub_event_type": "Peaceful protest",
            "summary": "A protest.",
            "country_code": "IQ",
            "status": Event.Status.VERIFIED,
            "fatalities": 0,
        }
        Event.objects.bulk_create(
            Event(location=Point(43.1 + rng.uniform(-1, 1), 36.3 + rng.uniform(-1, 1)), **base)
            for _ in range(CROWD)
        )
        yield made
        transaction.set_rollback(True)


def tile(client, zxy, **params) -> dict:
    z, x, y = zxy
    response = client.get(f"/tiles/{z}/{x}/{y}.mvt", params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    return mapbox_vector_tile.decode(response.content, default_options={"y_coord_down": True})


def by_id(decoded: dict) -> dict[int, dict]:
    return {f["id"]: f for f in decoded.get("events", {}).get("features", [])}


def expected_pixel(lon: float, lat: float, z: int, x: int, y: int) -> tuple[float, float]:
    """Web Mercator by the textbook formula (OSM's slippy-map tile names), 4096 per tile."""
    n = 2**z
    tx = (lon + 180) / 360 * n
    ty = 1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi
    return (tx - x) * 4096, (ty / 2 * n - y) * 4096


def test_an_event_lands_on_its_pixel_with_its_properties(db, events, client):
    """mapbox_vector_tile.decode: al-Bab at z8 is where the formula puts it, to a pixel."""
    decoded = tile(client, AL_BAB_Z8)
    assert set(decoded) == {"events"}
    assert decoded["events"]["extent"] == 4096
    feature = by_id(decoded)[events["al_bab"].pk]
    px, py = feature["geometry"]["coordinates"]
    want_x, want_y = expected_pixel(*AL_BAB, *AL_BAB_Z8)
    assert abs(px - want_x) <= 1 and abs(py - want_y) <= 1, (px, py, want_x, want_y)
    pk = events["al_bab"].pk
    assert feature["properties"] == {
        "id": pk,
        "date": "2017-01-18",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "fatalities": 7,
        "actor1": "State Forces",
        "country": "SY",
        "place": "al-Bab",
        "url": f"http://testserver/events/{pk}/",
    }


def test_hostile_text_comes_back_as_the_same_text(db, events, client):
    """mapbox_vector_tile.decode: markup in a place and an actor's name is data, unchanged."""
    feature = by_id(tile(client, AL_BAB_Z8))[events["hostile"].pk]
    assert feature["properties"]["place"] == MARKUP
    assert feature["properties"]["actor1"] == f"Militia {SCRIPT}"
    assert "fatalities" not in feature["properties"]  # unknown: no value rather than 0


def test_an_event_past_mercators_edge_is_drawn_on_it(db, events, client):
    """mapbox_vector_tile.decode: at 89.9N (Web Mercator ends at 85.05N) on the top row's edge."""
    polar = event_make(location=Point(10, 89.9, srid=4326), country_code="NO")
    x, y = by_id(tile(client, (2, 2, 0)))[polar.pk]["geometry"]["coordinates"]
    assert y == 0 and abs(x - expected_pixel(10, 0, 2, 2, 0)[0]) <= 1


def test_zoomed_out_a_crowded_tile_is_clusters_counting_the_filter(db, events, client):
    """mapbox_vector_tile.decode: past the map's limit a tile is the map's grid cells, and
    their counts and fatalities add up to what the filter selects."""
    decoded = tile(client, MIDDLE_EAST_Z2)
    assert set(decoded) == {"clusters"}
    cells = [f["properties"] for f in decoded["clusters"]["features"]]
    assert sum(c["count"] for c in cells) == Event.objects.public().count() == CROWD + 3
    assert sum(c["fatalities"] for c in cells) == 7 + 2
    protests = tile(client, MIDDLE_EAST_Z2, event_type="Protests")["clusters"]["features"]
    assert sum(f["properties"]["count"] for f in protests) == CROWD
    # Few enough events under the filter: one by one even zoomed out, as on the map.
    few = tile(client, MIDDLE_EAST_Z2, event_type="Battles")
    assert set(by_id(few)) == {events["hostile"].pk, events["battle"].pk}


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"actor": "state-forces"}, {"al_bab"}),
        ({"actor": "militia"}, {"hostile"}),
        ({"event_type": "Battles"}, {"hostile", "battle"}),
        ({"date_to": "2016-12-31"}, {"battle"}),
        ({"min_fatalities": "5"}, {"al_bab"}),
    ],
)
def test_the_filter_is_honoured(db, events, client, params, expected):
    """mapbox_vector_tile.decode: the tile's events are the filter's."""
    assert set(by_id(tile(client, AL_BAB_Z8, **params))) == {events[k].pk for k in expected}


def test_unpublished_events_only_for_staff_who_ask(db, events, staff_client, plain_user):
    """mapbox_vector_tile.decode: the draft is in no tile for anonymous clients or readers, nor
    in staff's unless they ask (status=all); only staff may ask."""
    draft = events["draft"].pk
    reader = Client()
    reader.force_login(plain_user)
    for who in (Client(), reader, staff_client):
        assert draft not in by_id(tile(who, AL_BAB_Z8))
    assert draft in by_id(tile(staff_client, AL_BAB_Z8, status="all"))
    for who in (Client(), reader):
        refused = who.get("/tiles/8/154/100.mvt", {"status": "all"})
        assert refused.status_code == 400 and "status" in refused.json()["errors"]


def test_an_empty_tile_is_an_empty_200_with_validators(db, events, client):
    """A tile of open sea: a valid empty MVT; then If-None-Match answers 304."""
    response = client.get("/tiles/8/10/100.mvt")
    assert response.status_code == 200 and response.content == b""
    again = client.get("/tiles/8/10/100.mvt", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert response["Access-Control-Allow-Origin"] == again["Access-Control-Allow-Origin"] == "*"
    full = client.get("/tiles/8/154/100.mvt")
    assert full["ETag"] != response["ETag"] and full["Last-Modified"]
    assert client.get("/tiles/8/154/100.mvt", HTTP_IF_NONE_MATCH=full["ETag"]).status_code == 304


@pytest.mark.parametrize(
    "url,bad",
    [
        ("/tiles/23/0/0.mvt", {"z"}),
        ("/tiles/8/256/0.mvt", {"x"}),
        ("/tiles/8/0/256.mvt", {"y"}),
        ("/tiles/8/-1/x.mvt", {"x", "y"}),
        ("/tiles/1.5/0/0.mvt", {"z"}),
        ("/tiles/8/154/100.mvt?bbox=30,30,40,40", {"bbox"}),
        ("/tiles/8/154/100.mvt?zoom=8&actor=nobody-at-all", {"zoom", "actor"}),
        ("/tiles/tiles.json?bbox=30,30,40,40", {"bbox"}),
    ],
)
def test_a_bad_tile_or_filter_is_a_400_naming_it(db, client, url, bad):
    response = client.get(url)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == bad


def test_tilejson_describes_the_filtered_tiles(db, events, client):
    doc = client.get("/tiles/tiles.json", {"actor": "State Forces", "date_from": "2017-01-01"})
    assert doc.status_code == 200 and doc["ETag"]
    body = doc.json()
    assert body["tilejson"] == "3.0.0"
    assert body["tiles"] == [
        "http://testserver/tiles/{z}/{x}/{y}.mvt?actor=state-forces&date_from=2017-01-01"
    ]
    assert {layer["id"] for layer in body["vector_layers"]} == {"events", "clusters"}
    assert "actor1" in body["vector_layers"][0]["fields"]


OGRINFO = shutil.which("ogrinfo")


@pytest.mark.skipif(OGRINFO is None, reason="ogrinfo (gdal-bin) is not installed")
def test_gdal_reads_the_tile_and_places_the_event(db, events, client, tmp_path):
    """GDAL's MVT driver: the layer and its feature count, and, the tile georeferenced from its
    z/x/y.pbf name, al-Bab back at 36.37N 37.52E (in EPSG:3857, to a pixel of 38 m)."""
    z, x, y = AL_BAB_Z8
    path = tmp_path / str(z) / str(x) / f"{y}.pbf"
    path.parent.mkdir(parents=True)
    path.write_bytes(client.get(f"/tiles/{z}/{x}/{y}.mvt", {"actor": "state-forces"}).content)
    summary = subprocess.run(
        [OGRINFO, "-ro", "-al", "-so", f"MVT:{path}"], capture_output=True, text=True, check=True
    ).stdout
    assert "Layer name: events" in summary and "Feature Count: 1" in summary
    assert "Pseudo-Mercator" in summary or "3857" in summary
    full = subprocess.run(
        [OGRINFO, "-ro", "-al", f"MVT:{path}"], capture_output=True, text=True, check=True
    ).stdout
    assert "place (String) = al-Bab" in full
    mx, my = map(float, re.search(r"POINT \(([-\d.]+) ([-\d.]+)\)", full).groups())
    radius = 6378137.0
    lon = math.degrees(mx / radius)
    lat = math.degrees(2 * math.atan(math.exp(my / radius)) - math.pi / 2)
    assert abs(lon - AL_BAB[0]) < 0.001 and abs(lat - AL_BAB[1]) < 0.001, (lon, lat)


POSTGIS_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's plans and its tile-key index"
)


def plan_of(rows) -> str:
    """EXPLAIN with statistics as autovacuum keeps them and sequential scans off, so that a
    tiny table cannot hide a predicate the index cannot serve."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")
        cursor.execute("SET LOCAL enable_seqscan = off")
        return rows.explain()


@POSTGIS_ONLY
def test_a_public_tile_is_one_range_of_the_tile_key_index(db, events):
    """PostgreSQL's EXPLAIN: the clusters of a public tile are one range of the tile-key index
    (index-only once the table is vacuumed, as bench/bench_tiles.py shows; a test's rows never
    are); the key the database computes for al-Bab is in the range Python computes for its
    tile."""
    _, rows = tile_layer(EventFilter(), Tile(*MIDDLE_EAST_Z2))
    plan = plan_of(rows)
    assert re.search(r"Index (Only )?Scan (using|on) event_public_tile_key", plan), plan
    assert re.search(r"Index Cond: \(+events_tile_key\(location\)\)* >= ", plan), plan
    key = Event.objects.filter(pk=events["al_bab"].pk).values_list(TileKey("location"), flat=True)
    lo, hi = Tile(*AL_BAB_Z8).key_range()
    assert lo <= key.get() < hi


@POSTGIS_ONLY
def test_a_staff_tile_reads_the_spatial_index(db, events):
    """PostgreSQL's EXPLAIN: every status (drafts are not in the tile-key index): the tile's
    rows come through the GiST index on the 4326 column. Staff's events, so no dataset
    subquery, whose disabled scan would make every plan cost the same."""
    every_status = EventFilter(staff=True, statuses=list(STATUS_CHOICES))
    _, rows = tile_layer(every_status, Tile(*AL_BAB_Z8))
    plan = plan_of(rows)
    assert re.search(r"Index Scan using events_event_location\S* on events_event", plan), plan
    assert re.search(r"Index Cond: .*location && ", plan), plan
