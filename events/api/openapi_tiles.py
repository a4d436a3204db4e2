"""/tiles/{z}/{x}/{y}.mvt and /tiles/tiles.json in the OpenAPI description (beside openapi.py,
which lists the paths): the tile's path parameters and its layers (the TileJSON's schema is
generated from schemas_compat.py's `TileJson`)."""

from __future__ import annotations

from events.api.openapi_components import ref
from events.api.schemas_compat import TileJson
from events.selectors.tiles import CONTENT_TYPE, LAYERS, MAX_ZOOM


def _tile_part(name: str, description: str, maximum: int | None = None) -> dict:
    schema: dict = {"type": "integer", "minimum": 0}
    if maximum is not None:
        schema["maximum"] = maximum
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
    }


TILE_PARTS = [
    _tile_part("z", f"The zoom, 0 to {MAX_ZOOM}.", MAX_ZOOM),
    _tile_part("x", "The column, 0 to 2^z - 1 (west to east)."),
    _tile_part("y", "The row, 0 to 2^z - 1 (north to south: XYZ, not TMS)."),
]

_LAYERS_TEXT = "; ".join(f"{name}: {', '.join(fields)}" for name, fields in LAYERS.items())


def tile_paths(filter_parameters: list[dict], bad_request: dict) -> dict:
    """The two paths. They take the filter's parameters but bbox (a tile is its own)."""
    params = [p for p in filter_parameters if p["name"] != "bbox"]
    return {
        "/tiles/{z}/{x}/{y}.mvt": {
            "get": {
                "summary": "A Mapbox vector tile (MVT 2.1, extent 4096, buffer 64) of the "
                "filter's located events: one layer, `events` when the tile holds at most as "
                "many as the map shows one by one at that zoom, else `clusters` (the map's grid "
                f"cells). Layers and properties: {_LAYERS_TEXT}. An empty tile is a 200 with "
                "an empty body. See docs/tiles.md.",
                "parameters": TILE_PARTS + params,
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {CONTENT_TYPE: {"schema": {"type": "string"}}},
                    },
                    "400": bad_request,
                },
            }
        },
        "/tiles/tiles.json": {
            "get": {
                "summary": "TileJSON 3.0.0 for the filter's tiles: the URL template (with the "
                "filter), zooms and layers, for QGIS or MapLibre.",
                "parameters": params,
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": ref(TileJson)}},
                    },
                    "400": bad_request,
                },
            }
        },
    }
