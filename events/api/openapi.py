"""The OpenAPI 3.1 description of the public API, built from the declarations it describes.

Every filter parameter comes from `filters.PARAMETERS`; its constraints (choices, lengths, the
largest number) from the constants the filter validates with, so the description cannot drift
from what the endpoints accept. Every response body's schema is generated from its pydantic
model (events/api/schemas.py, through openapi_components.py), the one declaration of what the
body's writer puts in it (tests/test_api_schemas.py binds each writer to its model).
tests/test_api_fuzz.py drives schemathesis with this document and checks both ways: a parameter
it does not list is refused, and every answer conforms to its schema.
"""

from __future__ import annotations

from events.api import schemas as S
from events.api.openapi_acled import compat_paths
from events.api.openapi_components import component_schemas, ref
from events.api.openapi_formats import gis_format_paths
from events.api.openapi_tiles import tile_paths
from events.api.openapi_trends import TRENDS_BUCKET
from events.domain import filters
from events.selectors.stats import BUCKETS

_SCHEMAS = {
    "string": {"type": "string", "minLength": 1, "maxLength": filters.MAX_TEXT},
    "integer": {"type": "integer", "minimum": 0, "maximum": 10**filters.MAX_FATALITIES_DIGITS - 1},
    "date": {"type": "string", "format": "date"},
}
_NUMBER = r"-?[0-9]+(\.[0-9]+)?"

# What the filter checks beyond a parameter's type, and an example that selects seed events.
_RULES: dict[str, dict] = {
    "actor": {"example": "ISIS"},
    "role": {"enum": list(filters.ROLE_CHOICES), "example": "actor1"},
    "event_type": {"example": "Battles"},
    "sub_event_type": {"example": "Air/drone strike"},
    "country": {"pattern": "^[A-Za-z]{2}$", "example": "SY"},
    "date_from": {"example": "2017-01-01"},
    "date_to": {"example": "2017-01-31"},
    "bbox": {"pattern": f"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$", "example": "35,32,42,37.5"},
    "q": {"example": "Aleppo"},
    "min_fatalities": {"example": 0},
    "status": {"enum": [*filters.STATUS_CHOICES, "all"], "example": "verified"},
}


def _filter_parameters() -> list[dict]:
    params = []
    for name, (kind, repeatable, description) in filters.PARAMETERS.items():
        rules = dict(_RULES.get(name, {}))
        example = rules.pop("example", None)
        schema = {**_SCHEMAS[kind], **rules}
        if repeatable:
            schema = {"type": "array", "items": schema, "maxItems": filters.MAX_VALUES}
            example = None if example is None else [example]
        params.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": schema,
                **({"style": "form", "explode": True} if repeatable else {}),
                **({} if example is None else {"example": example}),
            }
        )
    return params


def _errors(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(S.Errors)}}}


_BAD_REQUEST = _errors("A bad parameter: each one named with the reason.")
_NOT_FOUND_JSON = _errors("No such event, or one this client may not see.")
_NOT_FOUND_HTML = {
    "description": "No such event, or one this client may not see.",
    "content": {"text/html": {"schema": {"type": "string"}}},
}

_DOWNLOAD = {
    "name": "download",
    "in": "query",
    "required": False,
    "description": "1: send as an attachment with a file name that describes the filter.",
    "schema": {"type": "string", "enum": ["0", "1", "true", "false"]},
}
_ZOOM = {
    "name": "zoom",
    "in": "query",
    "required": True,
    "description": "The map's zoom level.",
    "schema": {"type": "integer", "minimum": 0, "maximum": 22},
    "example": 5,
}
_BUCKET = {
    "name": "bucket",
    "in": "query",
    "required": False,
    "description": "Force the bucket; by default it follows the date span.",
    "schema": {"type": "string", "enum": list(BUCKETS)},
}
_SEARCH = {
    "name": "search",
    "in": "query",
    "required": False,
    "description": "Only the actors this names by name or alias (case, accents and scripts "
    "folded: 'daesh', 'داعش'), best match first: the whole name or whole words, then its start, "
    "then inside a word ('IS': Islamic State before Russia). Each then carries `match`.",
    "schema": {"type": "string", "minLength": 1, "maxLength": filters.MAX_TEXT},
    "example": "IS",
}
_FACET_SUM = {
    "name": "sum",
    "in": "query",
    "required": False,
    "description": "fatalities: also sum the known fatalities per country (country_fatalities).",
    "schema": {"type": "string", "enum": ["fatalities"]},
}
_EVENT_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "description": "The event's id.",
    "schema": {"type": "integer", "minimum": 1},
    "example": 1,
}


def _ok(content_type: str, schema: dict) -> dict:
    return {"description": "OK", "content": {content_type: {"schema": schema}}}


def openapi_document(server: str) -> dict:
    params = _filter_parameters()

    def op(summary: str, content_type: str, body: dict, extra: list[dict] | None = None) -> dict:
        return {
            "get": {
                "summary": summary,
                "parameters": params + (extra or []),
                "responses": {"200": _ok(content_type, body), "400": _BAD_REQUEST},
            }
        }

    def page(summary: str, content_type: str, body: dict, not_found: dict) -> dict:
        return {
            "get": {
                "summary": summary,
                "parameters": [_EVENT_ID],
                "responses": {"200": _ok(content_type, body), "404": not_found},
            }
        }

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ConflictMap API",
            "version": "1",
            "description": "Curated, geocoded conflict events. Anonymous clients see verified "
            "events only. Every /api/ endpoint takes the same filter parameters and refuses "
            "any other with a 400 naming it.",
        },
        "servers": [{"url": server or "/"}],
        "paths": {
            "/api/events.geojson": op(
                "Located events as an RFC 7946 FeatureCollection (streamed).",
                "application/geo+json",
                ref(S.EventCollection),
                [_DOWNLOAD],
            ),
            "/api/events.csv": op(
                "All matching events, unlocated included, with ACLED-style columns.",
                "text/csv",
                {"type": "string"},
                [_DOWNLOAD],
            ),
            **gis_format_paths(op, _DOWNLOAD),
            "/api/map.json": op(
                "What the map draws for a view: grid clusters (properties.count) when zoomed out "
                "and many events are in view, single events otherwise; `mode` says which.",
                "application/geo+json",
                ref(S.MapView),
                [_ZOOM],
            ),
            "/api/snapshot.html": op(
                "A standalone folium map of the filter with a time slider, as an HTML download "
                "(at most 20,000 events).",
                "text/html",
                {"type": "string"},
            ),
            "/api/actors.json": op(
                "Actors with their aliases and event counts under the filter; with `search`, "
                "those it names, best match first.",
                "application/json",
                ref(S.Actors),
                [_SEARCH],
            ),
            "/api/facets.json": op(
                "Located event counts per event type (ignoring the event_type filter) and per "
                "country code (ignoring the country filter) under the filter.",
                "application/json",
                {"anyOf": [ref(S.Facets), ref(S.FacetsWithFatalities)]},
                [_FACET_SUM],
            ),
            "/api/timeline.json": op(
                "Located event counts per day, week or month under the filter.",
                "application/json",
                ref(S.Timeline),
                [_BUCKET],
            ),
            "/api/trends.json": op(
                "Located events and fatalities per period stacked by event type, the top actors, "
                "countries and admin-1 areas, and the change against the previous window.",
                "application/json",
                ref(S.Trends),
                [TRENDS_BUCKET],
            ),
            "/api/datasets.json": op(
                "The datasets this user may see events of, with their licence and attribution "
                "(staff also see the staff-only ones).",
                "application/json",
                ref(S.Datasets),
            ),
            "/api/attribution.txt": op(
                "A download's companion note (the downloads' Link header, rel=describedby, points "
                "here with their filter): each dataset's attribution and licence, the filter and "
                "the date of access, as ACLED's attribution policy asks.",
                "text/plain",
                {"type": "string"},
            ),
            "/api/openapi.json": {
                "get": {
                    "summary": "This description.",
                    "responses": {"200": _ok("application/json", ref(S.OpenApiDocument))},
                }
            },
            "/events/{id}/": page(
                "An event's page.", "text/html", {"type": "string"}, _NOT_FOUND_HTML
            ),
            "/events/{id}.json": page(
                "An event as a GeoJSON Feature (a null geometry when unlocated).",
                "application/json",
                ref(S.EventFeatureMaybeUnlocated),
                _NOT_FOUND_JSON,
            ),
            **compat_paths(),  # the ACLED- and UCDP-shaped APIs (issue 17)
            **tile_paths(params, _BAD_REQUEST),  # vector tiles (docs/tiles.md)
        },
        # The response bodies' schemas, generated from their one declaration (schemas.py).
        "components": {"schemas": component_schemas()},
    }
