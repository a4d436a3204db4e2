"""What the map asks for: grid clusters when zoomed out, single events when zoomed in.

The browser never receives a million features: for a view (bbox + zoom) under a filter the server
either counts events per grid cell (one GROUP BY over ST_X/ST_Y, the same SQL on PostGIS and
SpatiaLite) or, when few enough events are in view, returns them one by one. Cell counts add up to
the number of events in view, so the totals shown beside the map stay exact.

Every answer is bounded, whatever the data and whatever a client asks: at most MAX_EVENTS single
events zoomed out and MAX_ZOOMED_IN_EVENTS zoomed in (past them, clusters), and at most
MAX_CELLS_ACROSS cells across the view (a huge bbox at a high zoom is counted on a coarser grid,
and the answer says which zoom its cells are of).
"""

from __future__ import annotations

from django.db.models import Avg, Count, FloatField, Max, Min, QuerySet, Sum
from django.db.models.functions import Cast, Floor

from events.models import Event, StX, StY
from events.selectors.exports import geojson_features_at_most

# Zoom at and beyond which events are sent one by one up to MAX_ZOOMED_IN_EVENTS (a town).
EVENTS_ZOOM = 11
# Below that zoom, single events still go out when at most this many are in view.
MAX_EVENTS = 500
# Zoomed in, past this many events in view the answer is clusters too: one answer was 69 MB and
# 50 of them at once took a server to 4 GB when 100k events shared a view (issue 12).
MAX_ZOOMED_IN_EVENTS = 5000
# Cells across the view's width or height at most (a 4096-pixel-wide map shows 64 at any zoom).
MAX_CELLS_ACROSS = 64
# Grid cells per 256-pixel tile side: 4 gives cells of 64 px, about a marker cluster's size.
CELLS_PER_TILE = 4


def cell_size(zoom: int) -> float:
    """Grid cell side in degrees of longitude at this zoom (Web Mercator tiles)."""
    return 360.0 / (2**zoom * CELLS_PER_TILE)


def events_limit(zoom: int) -> int:
    """The most events a view (or a tile) at this zoom shows one by one; past it, clusters."""
    return MAX_ZOOMED_IN_EVENTS if zoom >= EVENTS_ZOOM else MAX_EVENTS


def cell_counts(queryset: QuerySet[Event], zoom: int) -> QuerySet:
    """The grid's rows, not yet read: per non-empty cell (gx, gy) its count n, centroid (x, y),
    fatalities and first/last date. The map's clusters and the vector tiles' (selectors.tiles)."""
    size = cell_size(zoom)
    return (
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


def clusters(queryset: QuerySet[Event], zoom: int) -> list[dict]:
    """One entry per non-empty grid cell: count, centroid of its events, fatalities, date span."""
    rows = cell_counts(queryset, zoom)
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


def grid_zoom(zoom: int, bbox: tuple[float, float, float, float] | None) -> int:
    """The zoom whose grid counts this view in at most MAX_CELLS_ACROSS cells across: the map's
    own zoom for any real screen, a coarser one for a whole-world bbox asked at a high zoom."""
    west, south, east, north = bbox or (-180.0, -90.0, 180.0, 90.0)
    span = max(east - west, north - south)
    while zoom > 0 and span / cell_size(zoom) > MAX_CELLS_ACROSS:
        zoom -= 1
    return zoom


def map_view(
    in_view: QuerySet[Event],
    zoom: int,
    *,
    bbox: tuple[float, float, float, float] | None = None,
    base_url: str = "",
) -> tuple[str, int, list[dict]]:
    """('events', zoom, features) when few enough events are in view, else ('clusters', the grid's
    zoom, cells).

    The probe for "few" reads at most the limit + 1 full rows, which are then the answer: the
    filter is evaluated once, not once to count and once to fetch.
    """
    limit = events_limit(zoom)
    features = geojson_features_at_most(in_view, limit, base_url=base_url)
    if features is not None:
        return "events", zoom, features
    grid = grid_zoom(zoom, bbox)
    return "clusters", grid, clusters(in_view, grid)
