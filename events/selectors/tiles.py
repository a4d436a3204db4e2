"""Mapbox vector tiles of the filter's events: /tiles/{z}/{x}/{y}.mvt (docs/tiles.md).

A tile holds one layer, chosen by the map's own rule (selectors.clusters, `events_limit`): its
events one by one ("events") when at most as many as the map would show at that zoom are in
the tile, else the map's grid cells at the tile's zoom ("clusters": count and fatalities), so
a tile is bounded at every zoom and its cluster counts add up to the filter's events in it.

The tile's rows are the view's query set (`Event.objects.matching(f)`: the filter and the
publication rule) narrowed to the tile. Public tiles on PostgreSQL: one range of the tile-key
index (migration 0025), which includes what the filter and the clusters read, so a zoomed-out
tile of 80,000 events is an index-only scan. Otherwise, and for the events layer's margin: the
GiST (or R*Tree) index on the 4326 point, compared in 4326 (a Web Mercator tile is a
longitude/latitude box), so only the tile's rows are ever projected. On PostGIS one statement
builds the tile around the rows' own SQL (ST_AsMVTGeom + ST_AsMVT); on SpatiaLite the same rows
are projected here and encoded by mapbox-vector-tile: the same layers, properties and pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BigIntegerField,
    CharField,
    F,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from events.domain.filters import EventFilter
from events.domain.vocabulary import ACTOR1, VERIFIED
from events.models import Event, EventActor, StX, StY
from events.selectors.clusters import cell_counts, events_limit
from events.selectors.exports import event_url_template

EXTENT = 4096  # tile pixels across (the MVT default)
BUFFER = 64  # pixels past each edge an event is still drawn in (a marker straddling the edge)
MAX_ZOOM = 22
# Web Mercator's edge: the tiles cover latitudes up to this, no further.
MAX_LATITUDE = math.degrees(math.atan(math.sinh(math.pi)))
CONTENT_TYPE = "application/vnd.mapbox-vector-tile"

# Layer -> property -> type, for TileJSON's vector_layers and the OpenAPI description.
LAYERS: dict[str, dict[str, str]] = {
    "events": {
        "id": "Number",
        "date": "String",
        "event_type": "String",
        "sub_event_type": "String",
        "fatalities": "Number",
        "actor1": "String",
        "country": "String",
        "place": "String",
        "url": "String",
    },
    "clusters": {"count": "Number", "fatalities": "Number"},
}


@dataclass(frozen=True)
class Tile:
    z: int
    x: int
    y: int

    def lon(self, tx: float) -> float:
        return tx / 2**self.z * 360.0 - 180.0

    def lat(self, ty: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * ty / 2**self.z))))

    def bounds(self, margin: float = 0.0) -> tuple[float, float, float, float]:
        """(west, south, east, north) in degrees, `margin` tile widths wider on each side
        (within the world). The top and bottom rows reach the poles: an event past Mercator's
        edge is in them, drawn on the edge (as the tile-key index files it)."""
        n = 2**self.z
        x0, x1 = max(self.x - margin, 0), min(self.x + 1 + margin, n)
        y0, y1 = max(self.y - margin, 0), min(self.y + 1 + margin, n)
        north = 90.0 if y0 == 0 else self.lat(y0)
        south = -90.0 if y1 == n else self.lat(y1)
        return self.lon(x0), south, self.lon(x1), north

    def key_range(self) -> tuple[int, int]:
        """The tile as one range [lo, hi) of the events_tile_key index (migration 0025): the
        zoom-30 tile numbers' bits interleaved, y's above x's, so a tile's descendants share its
        key as their prefix."""
        key = _spread(self.x) | _spread(self.y) << 1
        shift = 2 * (KEY_ZOOM - self.z)
        return key << shift, (key + 1) << shift

    def pixel(self, lon: float, lat: float) -> tuple[int, int]:
        """A point's pixel in this tile, y down: the tile's top left is (0, 0)."""
        n = 2**self.z
        lat_r = math.radians(max(min(lat, MAX_LATITUDE), -MAX_LATITUDE))
        tx = (lon + 180.0) / 360.0 * n
        ty = (1 - math.asinh(math.tan(lat_r)) / math.pi) / 2 * n
        return round((tx - self.x) * EXTENT), round((ty - self.y) * EXTENT)


KEY_ZOOM = 30  # the index's tiles (migration 0025): 4 cm across, 60 bits in a bigint


def _spread(v: int) -> int:
    """v's bits at the even places (bit i -> bit 2i)."""
    out = 0
    for i in range(KEY_ZOOM):
        out |= (v >> i & 1) << 2 * i
    return out


class TileKey(Func):
    """events_tile_key(location): the indexed key of migration 0025 (PostgreSQL only)."""

    function = "events_tile_key"
    output_field = BigIntegerField()


def tile_errors(z: int, x: int, y: int) -> dict[str, str]:
    """Each of z, x, y outside the tile grid, with what it may be."""
    if not 0 <= z <= MAX_ZOOM:
        return {"z": f"The zoom: a whole number from 0 to {MAX_ZOOM}."}
    last = 2**z - 1
    errors = {}
    for name, value in (("x", x), ("y", y)):
        if not 0 <= value <= last:
            errors[name] = f"At zoom {z}, a whole number from 0 to {last}."
    return errors


def _matching(f: EventFilter, bounds: tuple[float, float, float, float] | None = None) -> QuerySet:
    """The filter's located events, inside `bounds` through the filter's own bbox: the spatial
    index, and with actors their links narrowed by their copies of the event's position
    (models_filters._actor_event_ids) before any event is read."""
    return Event.objects.matching(replace(f, bbox=bounds)).located()


def _inside(f: EventFilter, tile: Tile) -> QuerySet[Event]:
    """The filter's events in the tile. Verified ones on PostgreSQL with no actor: one range of
    the tile-key index, which holds what the probe, the filter and the clusters read (an
    index-only scan). Otherwise (staff's drafts, an actor's events, SpatiaLite) the filter's
    bbox."""
    # (The filter is compiled once either way: each compile asks the database about its window.)
    postgres = connections[Event.objects.db].vendor == "postgresql"
    if postgres and not f.actors and f.statuses == [VERIFIED]:
        lo, hi = tile.key_range()
        keyed = _matching(f).alias(tile_key=TileKey("location"))
        return keyed.filter(tile_key__gte=lo, tile_key__lt=hi)
    return _matching(f, tile.bounds())


def tile_layer(f: EventFilter, tile: Tile) -> tuple[str, QuerySet]:
    """('events', their rows) or ('clusters', the grid's rows) of the filter's events in the
    tile: the probe reads at most the zoom's limit + 1 of them."""
    inside = _inside(f, tile)
    limit = events_limit(tile.z)
    if inside.order_by()[: limit + 1].count() > limit:
        return "clusters", cell_counts(inside, tile.z)
    # Past the edge too (by BUFFER pixels): a marker on the edge is drawn half in each tile.
    return "events", _event_rows(_matching(f, tile.bounds(BUFFER / EXTENT)))


def _event_rows(events: QuerySet[Event]) -> QuerySet:
    """The events layer's columns (as the GeoJSON names them, selectors.exports)."""
    actor1 = EventActor.objects.filter(event=OuterRef("pk"), role=ACTOR1).order_by("id")
    return (
        events.order_by()
        .annotate(
            lon=StX("location"),
            lat=StY("location"),
            date_text=Cast("date", CharField()),
            actor1=Subquery(actor1.values("actor__name")[:1]),
            country=F("country_code"),
            # exports.place_display_name, in SQL: the place's name, else the source's.
            place_text=Coalesce(NullIf("place__name", Value("")), "place_name"),
        )
        .values_list(
            "lon",
            "lat",
            "id",
            "date_text",
            "event_type",
            "sub_event_type",
            "fatalities",
            "actor1",
            "country",
            "place_text",
        )
    )


def vector_tile(f: EventFilter, tile: Tile, *, base_url: str = "") -> bytes:
    """The tile's MVT bytes; b"" when nothing of the filter is in it (a valid empty tile)."""
    layer, rows = tile_layer(f, tile)
    url = base_url + event_url_template()
    if connections[rows.db].vendor == "postgresql":
        return _postgis_tile(layer, rows, tile, url)
    return _encoded_tile(layer, rows, tile, url)


# Latitudes clamped to Web Mercator's edge first: a pole has no Mercator y (an event at 90N, which
# the constraints allow, is drawn on the top row's edge).
_POINT = (
    f"ST_Transform(ST_SetSRID(ST_MakePoint(q.{{x}}, "
    f"LEAST(GREATEST(q.{{y}}, {-MAX_LATITUDE!r}), {MAX_LATITUDE!r})), 4326), 3857)"
)
_GEOM = f"ST_AsMVTGeom({{point}}, ST_TileEnvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true)"
_COLUMNS = {
    "events": (
        _GEOM.format(point=_POINT.format(x="lon", y="lat")) + " AS geom, q.id AS fid, q.id, "
        "q.date_text AS date, q.event_type, q.sub_event_type, q.fatalities, q.actor1, "
        "q.country, q.place_text AS place, %s::text || q.id::text || '/' AS url"
    ),
    "clusters": (
        _GEOM.format(point=_POINT.format(x="x", y="y")) + " AS geom, q.n AS count, "
        "COALESCE(q.fatalities, 0) AS fatalities"
    ),
}


def _postgis_tile(layer: str, rows: QuerySet, tile: Tile, url: str) -> bytes:
    """One statement: the rows' own SQL (the filter, the publication rule, the tile) inside."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # Django proved it empty (an actor with no events: pk__in=[])
        return b""
    fid = "'fid'" if layer == "events" else "NULL"
    statement = (
        f"SELECT ST_AsMVT(t, %s::text, {EXTENT}, 'geom', {fid}) FROM "
        f"(SELECT {_COLUMNS[layer]} FROM ({sql}) q) t WHERE t.geom IS NOT NULL"
    )
    args = (layer, tile.z, tile.x, tile.y, *((url,) if layer == "events" else ()), *params)
    with connections[rows.db].cursor() as cursor:
        cursor.execute(statement, args)
        (body,) = cursor.fetchone()
    return bytes(body or b"")


def _encoded_tile(layer: str, rows: QuerySet, tile: Tile, url: str) -> bytes:
    """The same tile from Python: rows projected to pixels here, encoded by mapbox-vector-tile."""
    import mapbox_vector_tile  # type: ignore[import-untyped]  # only SpatiaLite needs it

    features = []
    if layer == "events":
        names = list(LAYERS["events"])
        for lon, lat, *values in rows:
            props = dict(zip(names, values, strict=False)) | {"url": f"{url}{values[0]}/"}
            features.append(_feature(tile, lon, lat, props, values[0]))
    else:
        for r in rows.values("x", "y", "n", "fatalities"):
            props = {"count": r["n"], "fatalities": r["fatalities"] or 0}
            features.append(_feature(tile, r["x"], r["y"], props, None))
    if not features:
        return b""
    return mapbox_vector_tile.encode(
        [{"name": layer, "features": features}],
        default_options={"extents": EXTENT, "y_coord_down": True},
    )


def _feature(tile: Tile, lon: float, lat: float, props: dict, fid: int | None) -> dict:
    px, py = tile.pixel(lon, lat)
    feature = {
        "geometry": f"POINT({px} {py})",
        # No value, no property: as ST_AsMVT leaves out NULLs (an unknown fatality count).
        "properties": {k: v for k, v in props.items() if v is not None},
    }
    return feature if fid is None else feature | {"id": fid}
