"""What the map asks for: grid clusters when zoomed out, single events when zoomed in.

The browser never receives a million features: for a view (bbox + zoom) under a filter the server
either counts events per grid cell (one GROUP BY over ST_X/ST_Y, the same SQL on PostGIS and
SpatiaLite) or, when few enough events are in view, returns them one by one. Cell counts add up to
the number of events in view, so the totals shown beside the map stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, FloatField, Max, Min, QuerySet, Sum
from django.db.models.functions import Cast, Floor

from events.models import StX, StY
from events.selectors.exports import geojson_features, geojson_features_at_most

# Zoom at and beyond which events are sent one by one however many there are in view.
EVENTS_ZOOM = 11
# Below that zoom, single events still go out when at most this many are in view.
MAX_EVENTS = 500
# Grid cells per 256-pixel tile side: 4 gives cells of 64 px, about a marker cluster's size.
CELLS_PER_TILE = 4


@dataclass(frozen=True)
class MapView:
    bbox: tuple[float, float, float, float]
    zoom: int


def cell_size(zoom: int) -> float:
    """Grid cell side in degrees of longitude at this zoom (Web Mercator tiles)."""
    return 360.0 / (2**zoom * CELLS_PER_TILE)


def clusters(queryset: QuerySet, zoom: int) -> list[dict]:
    """One entry per non-empty grid cell: count, centroid of its events, fatalities, date span."""
    size = cell_size(zoom)
    rows = (
        queryset.order_by()
        .annotate(
            gx=Floor(Cast(StX("location"), FloatField()) / size),
            gy=Floor(Cast(StY("location"), FloatField()) / size),
        )
        .values("gx", "gy")
        .annotate(
            n=Count("id"),
            x=Avg(StX("location")),
            y=Avg(StY("location")),
            fatalities=Sum("fatalities"),
            first=Min("date"),
            last=Max("date"),
        )
    )
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(r["x"], 5), round(r["y"], 5)]},
            "properties": {
                "cluster": True,
                "count": r["n"],
                "fatalities": r["fatalities"] or 0,
                "first": str(r["first"]),
                "last": str(r["last"]),
                "cell": [int(r["gx"]), int(r["gy"])],
            },
        }
        for r in rows
    ]


def map_view(in_view: QuerySet, zoom: int, *, base_url: str = "") -> tuple[str, list[dict]]:
    """('events', features) when zoomed in or few events are in view, else ('clusters', cells).

    The probe for "few" reads at most MAX_EVENTS + 1 full rows, which are then the answer: the
    filter is evaluated once, not once to count and once to fetch.
    """
    if zoom >= EVENTS_ZOOM:
        return "events", [
            x for chunk in geojson_features(in_view, base_url=base_url) for x in chunk
        ]
    features = geojson_features_at_most(in_view, MAX_EVENTS, base_url=base_url)
    if features is not None:
        return "events", features
    return "clusters", clusters(in_view, zoom)
