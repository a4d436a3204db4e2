"""The OpenAPI 3.0 definition of /ogcapi/ (conformance class oas30), linked rel=service-desc.

GDAL's OAPIF driver reads the items path's query parameters from it: a `-where "name = value"`
on a property named like one of them goes to the server as `?name=value` (event_type, country,
status, sub_event_type), and `resultType` with the enum value `hits` lets it ask a filtered
count without reading the features. The filter's parameters come from its own list
(events/api/openapi.py over `filters.PARAMETERS`), so this cannot drift from what is accepted.
"""

from __future__ import annotations

from events.api.ogc import params as ogc
from events.api.ogc.documents import COLLECTION, DESCRIPTION, GEOJSON, HTML, JSON, TITLE
from events.api.openapi import _filter_parameters


def _query(name: str, description: str, schema: dict, **extra: object) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **extra,
    }


_F = _query(
    "f",
    "json (the default for clients that do not ask for text/html) or html.",
    {"type": "string", "enum": list(ogc.FORMATS)},
)
_OGC_ITEMS = [
    _query(
        "limit",
        f"Features per page, default {ogc.LIMIT_DEFAULT}; above {ogc.LIMIT_MAX} it is clamped.",
        {"type": "integer", "minimum": 1, "maximum": ogc.LIMIT_MAX, "default": ogc.LIMIT_DEFAULT},
    ),
    _query(
        "offset",
        "Features to skip (in id order); the next and prev links carry it.",
        {"type": "integer", "minimum": 0, "maximum": ogc.OFFSET_MAX, "default": 0},
    ),
    _query(
        "after",
        "An event id: the page starts after it (the next links carry it, so a deep page costs "
        "what the first does); offset then only numbers the page.",
        {"type": "integer", "minimum": 1},
    ),
    _query(
        "bbox",
        "minLon,minLat,maxLon,maxLat in CRS84 (4 numbers; events have no height).",
        {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
        style="form",
        explode=False,
    ),
    _query(
        "datetime",
        "A date, an RFC 3339 date-time or an interval (2017-01-01/2017-01-31, ../2017-01-31, "
        "2017-01-01/..): the events whose days overlap it (a date-time counts as its UTC day).",
        {"type": "string"},
    ),
    _query(
        "crs",
        "The CRS of the geometries: CRS84 only (longitude, latitude), the default.",
        {"type": "string", "enum": [ogc.CRS84]},
    ),
    _query(
        "bbox-crs",
        "The CRS of bbox: CRS84 only, the default.",
        {"type": "string", "enum": [ogc.CRS84]},
    ),
    _query(
        "resultType",
        "hits: numberMatched only, no features.",
        {"type": "string", "enum": list(ogc.RESULT_TYPES)},
    ),
    _F,
]


def _items_parameters() -> list[dict]:
    """The OGC ones, then the event filter's (its bbox is OGC's, listed once)."""
    extra = [p for p in _filter_parameters() if p["name"] != "bbox"]
    for p in extra:
        if p["name"] == "country":
            p["description"] = "ISO 3166-1 alpha-2 code or English name (SY, Syria). Repeatable."
            p["schema"] = {"type": "array", "items": {"type": "string", "minLength": 1}}
    return _OGC_ITEMS + extra


def _get(summary: str, types: list[str], parameters: list[dict], codes: tuple = ()) -> dict:
    responses: dict[str, dict] = {
        "200": {"description": summary, "content": {t: {"schema": {}} for t in types}}
    }
    for code, what in codes:
        responses[code] = {
            "description": what,
            "content": {JSON: {"schema": {"type": "object", "required": ["errors"]}}},
        }
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


_BAD = ("400", 'A bad parameter: {"errors": {name: reason}} for each.')


def ogc_openapi_document(server: str) -> dict:
    """The definition, its server the /ogcapi/ root (server: its absolute URL)."""
    items = f"/collections/{COLLECTION}/items"
    feature_id = {
        "name": "featureId",
        "in": "path",
        "required": True,
        "description": "The event's id.",
        "schema": {"type": "integer", "minimum": 1},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{TITLE} OGC API - Features",
            "version": "1",
            "description": DESCRIPTION,
        },
        "servers": [{"url": server}],
        "paths": {
            "/": _get("The landing page", [JSON, HTML], [_F]),
            "/conformance": _get("The conformance classes", [JSON, HTML], [_F]),
            "/api": _get("This definition", ["application/vnd.oai.openapi+json"], [_F]),
            "/collections": _get("The collections", [JSON, HTML], [_F]),
            f"/collections/{COLLECTION}": _get("The events collection", [JSON, HTML], [_F]),
            items: _get(
                "The events, a page at a time", [GEOJSON, HTML], _items_parameters(), (_BAD,)
            ),
            items + "/{featureId}": _get(
                "One event",
                [GEOJSON, HTML],
                [feature_id, _F],
                (("404", "No such event, or one this client may not see."),),
            ),
        },
    }
