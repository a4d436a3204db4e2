"""/ogcapi/ read by GDAL's OAPIF driver (gdal-bin's ogrinfo and ogr2ogr), a client nobody on
the team wrote: it finds the layer and its feature count, passes -spat and -where down to the
server (seen in its own CPL_DEBUG log of the URLs it fetched), follows `next` (it asks 10 per
page) and copies the layer to a GeoPackage.

Its own module: the server (a thread of this process on 127.0.0.1, one for the module) must see
the events, so they are committed (transactional_db) rather than rolled back as in
tests/test_ogcapi.py. One test, five GDAL processes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from django.core.cache import cache
from pytest_django.live_server_helper import LiveServer

from tests.support.ogc import NORTH_BBOX, OgcWorld, ogc_world_make

pytestmark = pytest.mark.skipif(
    shutil.which("ogrinfo") is None, reason="gdal-bin is installed by make test"
)


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        live = LiveServer("127.0.0.1:0")
    yield live
    live.stop()


@pytest.fixture
def world(transactional_db, server) -> OgcWorld:
    # The counts are cached under the data version; the flush between transactional tests
    # empties its table, so the version a test starts from can repeat one an earlier test saw.
    cache.clear()
    return ogc_world_make()


def gdal(*args: str) -> str:
    """Run a GDAL program; its stdout and its debug log (stderr) together."""
    env = os.environ | {"CPL_DEBUG": "ON", "GDAL_HTTP_TIMEOUT": "30"}
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def fetched(log: str) -> list[str]:
    """The URLs GDAL says it fetched."""
    return re.findall(r"HTTP: Fetch\((\S+)\)", log)


def feature_count(log: str) -> int:
    match = re.search(r"Feature Count: (\d+)", log)
    assert match, log
    return int(match[1])


def test_gdal_counts_filters_pages_and_copies_the_layer(server, world, tmp_path):
    """One test (one flush of the committed events): ogrinfo's count, -spat, -where, then
    ogr2ogr to a GeoPackage."""
    url = f"OAPIF:{server.url}/ogcapi"
    assert feature_count(gdal("ogrinfo", "-ro", "-so", url, "events")) == len(world.public)

    x0, y0, x1, y1 = map(str, NORTH_BBOX)
    log = gdal("ogrinfo", "-ro", "-so", "-spat", x0, y0, x1, y1, url, "events")
    # Aleppo, Palmyra (2) and Mosul: counted by the server (resultType=hits with the bbox).
    assert feature_count(log) == 4
    asked = [u for u in fetched(log) if "bbox=" in u]
    assert asked and all("resultType=hits" in u for u in asked), fetched(log)

    # -where on a property the OpenAPI definition lists as a parameter goes down as one; our
    # filter's other parameters ride along in the connection string.
    log = gdal(
        "ogrinfo",
        "-ro",
        "-al",
        "-q",
        "-where",
        "event_type = 'Battles'",
        f"{url}?actor=hostile-brigade",
        "events",
    )
    assert re.findall(r"OGRFeature\(events\):(\d+)", log) == [str(world.battles[0].pk)]
    items = [u for u in fetched(log) if "/items?" in u and "event_type=Battles" in u]
    assert items and all("actor=hostile-brigade" in u for u in items), fetched(log)

    # ogr2ogr copies the whole layer to a GeoPackage, which ogrinfo reads back.
    out = tmp_path / "events.gpkg"
    log = gdal("ogr2ogr", "-f", "GPKG", str(out), f"OAPIF:{server.url}/ogcapi", "events")
    # 20 public events, 10 a page: GDAL followed `next` (after the first page's last id).
    second = f"offset=10&after={world.public[9].pk}&limit=10"
    assert any(second in u for u in fetched(log)), fetched(log)
    back = gdal("ogrinfo", "-ro", "-al", "-q", str(out), "events")
    # The GeoPackage numbers its rows itself; the events' ids are in their `id` property.
    copied = [int(x) for x in re.findall(r"^  id \(Integer\) = (\d+)$", back, re.M)]
    assert copied == [e.pk for e in world.public]
    features = back.split("OGRFeature(events):")[1:]
    strike = features[copied.index(world.strike.pk)]
    assert "event_type (String) = Explosions/Remote violence" in strike
    assert "POINT (38.28 34.55)" in strike
    assert "hostile-brigade" in strike  # its actors, as the JSON GDAL keeps them
