"""The OpenAPI 3.1 description of the public API, built from the filter's own parameter list."""

from __future__ import annotations

from events.filters import PARAMETERS

_SCHEMAS = {
    "string": {"type": "string"},
    "integer": {"type": "integer", "minimum": 0},
    "date": {"type": "string", "format": "date"},
}


def _filter_parameters() -> list[dict]:
    params = []
    for name, (kind, repeatable, description) in PARAMETERS.items():
        schema = dict(_SCHEMAS[kind])
        if name == "role":
            schema["enum"] = ["any", "actor1", "actor2"]
        if repeatable:
            schema = {"type": "array", "items": schema}
        params.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": schema,
                **({"style": "form", "explode": True} if repeatable else {}),
            }
        )
    return params


_ERRORS = {
    "description": "A bad parameter: each one named with the reason.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["errors"],
                "properties": {
                    "errors": {"type": "object", "additionalProperties": {"type": "string"}}
                },
            }
        }
    },
}
_DOWNLOAD = {
    "name": "download",
    "in": "query",
    "required": False,
    "description": "1: send as an attachment with a file name that describes the filter.",
    "schema": {"type": "string", "enum": ["0", "1", "true", "false"]},
}


def openapi_document(server: str) -> dict:
    params = _filter_parameters()
    json_object = {"type": "object"}

    def op(summary: str, content_type: str, extra: list[dict] | None = None) -> dict:
        return {
            "get": {
                "summary": summary,
                "parameters": params + (extra or []),
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            content_type: {
                                "schema": json_object
                                if "json" in content_type
                                else {"type": "string"}
                            }
                        },
                    },
                    "400": _ERRORS,
                },
            }
        }

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ConflictMap API",
            "version": "1",
            "description": "Curated, geocoded conflict events. Anonymous clients see verified "
            "events only. Every endpoint takes the same filter parameters.",
        },
        "servers": [{"url": server or "/"}],
        "paths": {
            "/api/events.geojson": op(
                "Located events as an RFC 7946 FeatureCollection (streamed).",
                "application/geo+json",
                [_DOWNLOAD],
            ),
            "/api/events.csv": op(
                "All matching events, unlocated included, with ACLED-style columns.",
                "text/csv",
                [_DOWNLOAD],
            ),
            "/api/map.json": op(
                "What the map draws for a view: grid clusters (properties.count) when zoomed out "
                "and many events are in view, single events otherwise; `mode` says which.",
                "application/geo+json",
                [
                    {
                        "name": "zoom",
                        "in": "query",
                        "required": True,
                        "description": "The map's zoom level.",
                        "schema": {"type": "integer", "minimum": 0, "maximum": 22},
                    }
                ],
            ),
            "/api/snapshot.html": op(
                "A standalone folium map of the filter with a time slider, as an HTML download "
                "(at most 20,000 events).",
                "text/html",
            ),
            "/api/actors.json": op(
                "Actors with their aliases and event counts under the filter.", "application/json"
            ),
            "/api/timeline.json": op(
                "Located event counts per day, week or month under the filter.",
                "application/json",
                [
                    {
                        "name": "bucket",
                        "in": "query",
                        "required": False,
                        "description": "Force the bucket; by default it follows the date span.",
                        "schema": {"type": "string", "enum": ["day", "week", "month"]},
                    }
                ],
            ),
        },
    }
