"""Vector tiles of the filter (/tiles/{z}/{x}/{y}.mvt) and their TileJSON (/tiles/tiles.json):
parse the tile and the filter, call selectors.tiles, answer (docs/tiles.md)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from events.api.httpcache import conditional
from events.api.views import _filter_or_400
from events.domain.filters import EventFilter
from events.selectors.tiles import (
    CONTENT_TYPE,
    LAYERS,
    Tile,
    tile_errors,
    vector_tile,
)

# A tile's bounds are its z/x/y: a bbox as well would only cut the tile (or contradict it).
ERR_TILE_BBOX = "A tile is its own bbox: leave bbox out of a tile's URL."
ERR_NUMBER = "A whole number (of at most 8 digits)."
# TileJSON's zooms: past its maxzoom a client scales the zoom-16 tiles (overzoom): at 4096
# pixels a z16 tile still places an event to 15 cm.
MIN_ZOOM, TILEJSON_MAX_ZOOM = 0, 16


def _any_origin(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Tiles are read by maps on other sites (MapLibre fetches them cross-origin): any origin
    may read them. Such requests carry no cookies (`*` forbids credentials), so they are
    anonymous and get the public tiles; a 304 and a 400 are readable too."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _tile_filter(request: HttpRequest, bad: dict[str, str]) -> EventFilter | JsonResponse:
    if "bbox" in request.GET:
        bad["bbox"] = ERR_TILE_BBOX
    return _filter_or_400(request, errors=bad)


@_any_origin
@require_safe
@conditional
def tile(request: HttpRequest, z: str, x: str, y: str) -> HttpResponse:
    """One tile of the filter's events, or 400 naming each bad part (z, x, y, the filter). A tile
    with nothing in it is a 200 with an empty body (a valid empty MVT), cacheable as any other."""
    bad: dict[str, str] = {}
    numbers = {}
    for name, text in (("z", z), ("x", x), ("y", y)):
        if re.fullmatch(r"[0-9]{1,8}", text):
            numbers[name] = int(text)
        else:
            bad[name] = ERR_NUMBER
    if not bad:
        bad = tile_errors(numbers["z"], numbers["x"], numbers["y"])
    f = _tile_filter(request, bad)
    if isinstance(f, JsonResponse):
        return f
    where = Tile(numbers["z"], numbers["x"], numbers["y"])
    body = vector_tile(f, where, base_url=request.build_absolute_uri("/")[:-1])
    return HttpResponse(body, content_type=CONTENT_TYPE)


@_any_origin
@require_safe
@conditional
def tilejson(request: HttpRequest) -> JsonResponse:
    """TileJSON 3.0.0 for the filter: its tiles' URL template (with the filter), zooms and
    layers, so QGIS or MapLibre can be given this one URL."""
    f = _tile_filter(request, {})
    if isinstance(f, JsonResponse):
        return f
    path = reverse("events:tile", args=["0", "0", "0"]).removesuffix("0/0/0.mvt")
    query = urlencode(f.as_query())
    template = request.build_absolute_uri(path) + "{z}/{x}/{y}.mvt" + (f"?{query}" if query else "")
    layer_zooms = {"minzoom": MIN_ZOOM, "maxzoom": TILEJSON_MAX_ZOOM}
    return JsonResponse(
        {
            "tilejson": "3.0.0",
            "name": f"ConflictMap events: {f.describe()}",
            "scheme": "xyz",
            "tiles": [template],
            "minzoom": MIN_ZOOM,
            "maxzoom": TILEJSON_MAX_ZOOM,
            "bounds": [-180, -85.0511, 180, 85.0511],
            "vector_layers": [
                {"id": name, "fields": fields, **layer_zooms} for name, fields in LAYERS.items()
            ],
            "attribution": "ConflictMap (see /api/datasets.json for each dataset's terms)",
        }
    )
