"""The map's view endpoint: clusters that add up, single events when zoomed in."""

import datetime as dt
import random

import pytest
from django.contrib.gis.geos import Point

from events.models import Actor, Event, EventActor
from events.selectors import clusters as clusters_module
from events.selectors.clusters import cell_size
from tests.support.factories import event_build


@pytest.fixture
def many_events(seeded):
    """300 verified events scattered over northern Syria, a third of them Islamic State's."""
    rng = random.Random(3)
    isis = Actor.objects.get(slug="islamic-state")
    events = Event.objects.bulk_create(
        [
            event_build(
                date=dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                summary=f"Synthetic clash {i}",
                location=Point(rng.uniform(36, 41), rng.uniform(34.5, 37), srid=4326),
                fatalities=rng.randrange(5),
            )
            for i in range(300)
        ]
    )
    EventActor.objects.bulk_create(
        [EventActor(event=e, actor=isis, role="actor1") for e in events[::3]]
    )
    return events


@pytest.fixture
def few_events_per_view(monkeypatch):
    """Lower the single-events threshold so 300 events are 'many' (the real one is 2,000)."""
    monkeypatch.setattr(clusters_module, "MAX_EVENTS", 50)


def get_map(client, **params):
    response = client.get("/api/map.json", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_zoomed_out_counts_add_up_to_the_events_in_view(many_events, few_events_per_view, client):
    data = get_map(client, zoom=5, date_from="2016-01-01", date_to="2016-12-31")
    assert data["mode"] == "clusters"
    counts = [f["properties"]["count"] for f in data["features"]]
    assert sum(counts) == data["total"] == 300 + 2  # + the seed Aleppo and ceasefire events
    assert len(counts) < 300  # aggregated, not one per event


def test_cluster_counts_match_the_filter_and_the_bbox(many_events, few_events_per_view, client):
    bbox = "36,34.5,38.5,37"
    data = get_map(client, zoom=6, actor="ISIS", bbox=bbox, date_from="2016-01-01")
    expected = sum(
        1
        for e in Event.objects.public().located().prefetch_related("actors")
        if any(a.slug == "islamic-state" for a in e.actors.all())
        and 36 <= e.location.x <= 38.5
        and 34.5 <= e.location.y <= 37
        and e.date >= dt.date(2016, 1, 1)
    )
    assert expected == 1 + len(
        [e for e in many_events[::3] if 36 <= e.location.x <= 38.5]
    )  # the seed al-Bab strike is in view too
    assert data["total"] == expected
    if data["mode"] == "clusters":
        assert sum(f["properties"]["count"] for f in data["features"]) == expected


def test_each_cluster_sits_inside_its_grid_cell(many_events, few_events_per_view, client):
    data = get_map(client, zoom=7, date_from="2016-01-01")
    size = cell_size(data["zoom"])  # the grid's zoom (coarser for a whole-world view)
    for feature in data["features"]:
        gx, gy = feature["properties"]["cell"]
        x, y = feature["geometry"]["coordinates"]
        assert gx * size - 1e-4 <= x <= (gx + 1) * size + 1e-4
        assert gy * size - 1e-4 <= y <= (gy + 1) * size + 1e-4


def test_cluster_fatalities_add_up(many_events, few_events_per_view, client):
    data = get_map(client, zoom=4, date_from="2016-01-01", date_to="2016-12-31")
    assert sum(f["properties"]["fatalities"] for f in data["features"]) == sum(
        e.fatalities for e in many_events
    )  # the seed events' fatalities are unknown (null), which adds nothing


def test_zoomed_in_sends_single_events(many_events, few_events_per_view, client):
    data = get_map(client, zoom=12, bbox="36,34.5,41,37")
    assert data["mode"] == "events"
    # + the seed events at al-Bab, Aleppo, Deir ez-Zor and Tadmur
    assert len(data["features"]) == data["total"] == 300 + 4
    assert all("cluster" not in f["properties"] for f in data["features"])


def test_few_events_in_view_are_sent_one_by_one_even_zoomed_out(seeded, client):
    data = get_map(client, zoom=3)
    assert data["mode"] == "events"
    assert data["total"] == 6


def test_zoom_is_required_and_checked(seeded, client):
    for bad in ["", "x", "-1", "23"]:
        response = client.get("/api/map.json", {"zoom": bad})
        assert response.status_code == 400
        assert "zoom" in response.json()["errors"]
