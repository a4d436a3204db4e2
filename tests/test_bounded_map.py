"""/api/map.json is bounded at every zoom (issue 12): zoomed in, a crowded view is clusters, and a
huge bbox at a high zoom is counted on a coarser grid; counts still add up to the events in view."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from django.contrib.gis.geos import Point, Polygon

from events.models import Event
from events.selectors import clusters as clusters_module
from events.selectors.clusters import MAX_CELLS_ACROSS, cell_size, grid_zoom
from tests.support.factories import event_build

IN_TOWN = (37.15, 36.20, 37.17, 36.22)  # a 2 km square in Aleppo, as the map sends it


@pytest.fixture
def crowded_town(seeded):
    """120 verified events inside one town-sized square, plus 80 spread over Syria."""
    rng = random.Random(12)

    def event(i: int, lon: float, lat: float) -> Event:
        return event_build(
            date=dt.date(2016, 1, 1) + dt.timedelta(days=i % 300),
            summary=f"Crowded clash {i}",
            location=Point(lon, lat, srid=4326),
        )

    west, south, east, north = IN_TOWN
    town = [event(i, rng.uniform(west, east), rng.uniform(south, north)) for i in range(120)]
    spread = [event(i, rng.uniform(36, 41), rng.uniform(33, 37)) for i in range(80)]
    return Event.objects.bulk_create(town + spread)


@pytest.fixture
def small_caps(monkeypatch):
    """Caps low enough for 200 events to overflow them (the real ones are 500 and 5,000)."""
    monkeypatch.setattr(clusters_module, "MAX_EVENTS", 20)
    monkeypatch.setattr(clusters_module, "MAX_ZOOMED_IN_EVENTS", 50)


def get_map(client, **params) -> dict:
    response = client.get("/api/map.json", params)
    assert response.status_code == 200, response.content
    return response.json()


def in_town() -> int:
    """Public events in the square: the 120 crowded ones and the seed events in Aleppo."""
    return Event.objects.public().filter(location__intersects=Polygon.from_bbox(IN_TOWN)).count()


def test_a_crowded_view_zoomed_in_is_clusters_that_add_up(crowded_town, small_caps, client):
    data = get_map(client, zoom=16, bbox=",".join(map(str, IN_TOWN)))
    assert data["mode"] == "clusters"
    assert data["total"] == in_town() > 120
    assert sum(f["properties"]["count"] for f in data["features"]) == data["total"]
    assert len(data["features"]) < 120
    assert data["zoom"] == 16  # a real view keeps its own grid


def test_a_quiet_view_zoomed_in_is_single_events(crowded_town, small_caps, client):
    quiet = "40.5,33.0,41.0,33.3"
    data = get_map(client, zoom=12, bbox=quiet)
    assert data["mode"] == "events"
    assert all("cluster" not in f["properties"] for f in data["features"])
    assert len(data["features"]) == data["total"] <= 50


def test_the_whole_world_at_the_highest_zoom_is_a_coarse_grid(crowded_town, small_caps, client):
    data = get_map(client, zoom=22)
    assert data["mode"] == "clusters"
    assert data["zoom"] < 22
    assert len(data["features"]) <= MAX_CELLS_ACROSS**2
    assert data["total"] == Event.objects.public().located().count()


@pytest.mark.parametrize("zoom", [3, 6, 9, 12, 16])
def test_a_screen_sized_view_keeps_the_maps_zoom(zoom):
    """1920 x 1080 pixels at this zoom: 30 x 17 cells, under the cap, so the grid is the map's."""
    width = 1920 / 256 * 360 / 2**zoom
    bbox = (10.0, 10.0, 10.0 + width, 10.0 + width * 1080 / 1920)
    assert grid_zoom(zoom, bbox) == zoom
    assert width / cell_size(zoom) <= MAX_CELLS_ACROSS


def test_a_download_keeps_a_bounded_number_of_sources(seeded, client, monkeypatch):
    """Each chunk's sources are read again once the cache is past MAX_SOURCES: every feature
    still carries its own source (issue 12: the cache grew with the data's distinct sources)."""
    from events.models import Source
    from events.selectors import exports

    monkeypatch.setattr(exports, "MAX_SOURCES", 1)
    monkeypatch.setattr(exports, "CHUNK", 2)
    sizes: list[int] = []
    real_add = exports._sources_add

    def recording_add(sources, rows, *args):
        cited = real_add(sources, rows, *args)
        sizes.append(len(sources))
        return cited

    monkeypatch.setattr(exports, "_sources_add", recording_add)
    events = list(Event.objects.public().located().order_by("pk"))
    for i, event in enumerate(events):
        source = Source.objects.create(title=f"Report {i}", text=f"text {i}", checksum=f"c{i}")
        event.source = source
        event.save(update_fields=["source"])
    response = client.get("/api/events.geojson")
    features = json.loads(b"".join(response.streaming_content))["features"]
    titles = {f["properties"]["id"]: f["properties"]["source"]["title"] for f in features}
    assert titles == {e.pk: f"Report {i}" for i, e in enumerate(events)}
    assert len(events) > 4
    assert max(sizes) <= 1 + 2 + 1  # MAX_SOURCES, one chunk's, and the None of "no source"
