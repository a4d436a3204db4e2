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

# Zoom at and beyond which events are sent one by one however many there are in view.
EVENTS_ZOOM = 11
# Below that zoom, single events still go out when at most this many are in view.
MAX_EVENTS = 2000
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


def map_view(in_view: QuerySet, zoom: int) -> tuple[str, QuerySet | list[dict]]:
    """('events', the events to send) when zoomed in or few are in view, else ('clusters', cells).

    One probe reads at most MAX_EVENTS + 1 ids; when that is all there is, the events are then
    fetched by primary key, so the filter is evaluated once, not once to count and once to fetch.
    """
    if zoom >= EVENTS_ZOOM:
        return "events", in_view
    ids = list(in_view.order_by().values_list("pk", flat=True)[: MAX_EVENTS + 1])
    if len(ids) <= MAX_EVENTS:
        return "events", in_view.model.objects.filter(pk__in=ids)
    return "clusters", clusters(in_view, zoom)
