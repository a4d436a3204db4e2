"""The OpenAPI 3.1 description of the public API, built from the filter's own parameter list.

Every filter parameter comes from `filters.PARAMETERS`; its constraints (choices, lengths, the
largest number) from the constants the filter validates with, so the description cannot drift
from what the endpoints accept. tests/test_api_fuzz.py drives schemathesis with this document
and checks the other way round: a parameter it does not list is refused.
"""

from __future__ import annotations

from events.api.openapi_acled import compat_paths
from events.api.openapi_formats import gis_format_paths
from events.api.openapi_tiles import tile_paths
from events.api.openapi_trends import TRENDS, TRENDS_BUCKET
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
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["errors"],
                    "properties": {
                        "errors": {
                            "type": "object",
                            "minProperties": 1,
                            "additionalProperties": {"type": "string", "minLength": 1},
                        }
                    },
                }
            }
        },
    }


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

# Response bodies.
_DATE = {"type": "string", "format": "date"}
_DATE_OR_NULL = {"anyOf": [_DATE, {"type": "null"}]}
_COUNT = {"type": "integer", "minimum": 0}
_POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"const": "Point"},
        "coordinates": {
            "type": "array",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
        },
    },
}
_SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "publisher", "url", "date"],
    "properties": {
        "title": {"type": "string"},
        "publisher": {"type": "string"},
        "url": {"type": ["string", "null"]},
        "date": {"type": ["string", "null"]},
    },
}
# Every property an event's Feature carries (events/selectors/exports.py `_feature`), each
# required and no other allowed: a property added to or dropped from the GeoJSON without this
# schema fails the response-conformance check of tests/test_api_fuzz.py, so the two cannot drift.
_EVENT_PROPERTY_SCHEMAS = {
    "id": {"type": "integer"},
    "date": _DATE,
    "date_precision": {"type": "integer", "enum": [1, 2, 3]},
    "end_date": _DATE_OR_NULL,
    "event_type": {"type": "string"},
    "sub_event_type": {"type": "string"},
    "actors": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "slug", "role"],
            "properties": {
                "name": {"type": "string"},
                "slug": {"type": "string"},
                "role": {"type": "string"},
            },
        },
    },
    "place": {"type": "string", "description": "The place's name; empty when unknown."},
    "country": {"type": ["string", "null"]},
    "geo_precision": {
        "type": "integer",
        "enum": [1, 2, 3],
        "description": "ACLED's geo_precision: 1 the exact place, 2 near it or in its area, "
        "3 a larger area (its province or region).",
    },
    "fatalities": {"anyOf": [_COUNT, {"type": "null"}]},
    "summary": {"type": "string"},
    "quote": {"type": "string", "description": "The words of the source the event rests on."},
    "source": {"anyOf": [_SOURCE, {"type": "null"}], "description": "The first of its sources."},
    "sources": {
        "type": "array",
        "description": "Every report the event rests on, in the order they were added.",
        "items": _SOURCE,
    },
    "source_count": _COUNT,
    "status": {"enum": list(filters.STATUS_CHOICES)},
    "url": {"type": "string"},
}
_EVENT_PROPERTIES = {
    "type": "object",
    "additionalProperties": False,
    "required": list(_EVENT_PROPERTY_SCHEMAS),
    "properties": _EVENT_PROPERTY_SCHEMAS,
}


def _event_feature(geometry: dict) -> dict:
    return {
        "type": "object",
        "required": ["type", "id", "geometry", "properties"],
        "properties": {
            "type": {"const": "Feature"},
            "id": {"type": "integer"},
            "geometry": geometry,
            "properties": _EVENT_PROPERTIES,
        },
    }


_CLUSTER_FEATURE = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"const": "Feature"},
        "geometry": _POINT,
        "properties": {
            "type": "object",
            "required": ["cluster", "count", "fatalities", "first", "last", "cell"],
            "properties": {
                "cluster": {"const": True},
                "count": {"type": "integer", "minimum": 1},
                "fatalities": _COUNT,
                "first": _DATE,
                "last": _DATE,
                "cell": {"type": "array", "items": {"type": "integer"}},
            },
        },
    },
}
_DATASET = {
    "type": "object",
    "required": ["key", "title", "licence", "licence_url", "attribution", "url", "visibility"],
    "properties": {
        **{
            name: {"type": "string"}
            for name in ("key", "title", "licence", "licence_url", "attribution", "url")
        },
        "visibility": {"enum": ["public", "staff"]},
    },
}
_DATASETS = {"type": "array", "items": _DATASET}
_FEATURE_COLLECTION = {
    "type": "object",
    "required": ["type", "datasets", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        # A foreign member (RFC 7946 section 6.1): the terms of the datasets the user may see.
        "datasets": _DATASETS,
        "features": {"type": "array", "items": _event_feature(_POINT)},
    },
}
_MAP = {
    "type": "object",
    "required": ["type", "mode", "zoom", "total", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "mode": {"enum": ["events", "clusters"]},
        "zoom": {"type": "integer", "minimum": 0, "maximum": 22},
        "total": _COUNT,
        "features": {
            "type": "array",
            "items": {"anyOf": [_event_feature(_POINT), _CLUSTER_FEATURE]},
        },
    },
}
_ACTORS = {
    "type": "object",
    "required": ["actors"],
    "properties": {
        "actors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "name", "aliases", "count", "selected"],
                "properties": {
                    "slug": {"type": "string"},
                    "name": {"type": "string"},
                    "kind": {"type": "string"},
                    "country": {"type": "string"},
                    "colour": {"type": "string"},
                    "aliases": {"type": "array", "items": {"type": "string"}},
                    "count": _COUNT,
                    "selected": {"type": "boolean"},
                    "match": {
                        "type": "string",
                        "description": "With search: the alias it matched by ('' by its name).",
                    },
                },
            },
        }
    },
}
_COUNTS_BY_KEY = {"type": "object", "additionalProperties": _COUNT}
_FACETS = {
    "type": "object",
    "required": ["event_type", "country"],
    "properties": {
        "event_type": _COUNTS_BY_KEY,
        "country": _COUNTS_BY_KEY,
        "country_fatalities": _COUNTS_BY_KEY,
    },
}
_TIMELINE = {
    "type": "object",
    "required": ["bucket", "date_from", "date_to", "first", "last", "total", "counts", "unlocated"],
    "properties": {
        "bucket": {"enum": list(BUCKETS)},
        "date_from": _DATE_OR_NULL,
        "date_to": _DATE_OR_NULL,
        "first": _DATE_OR_NULL,
        "last": _DATE_OR_NULL,
        "total": _COUNT,
        "counts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start", "count"],
                "properties": {"start": _DATE, "count": {"type": "integer", "minimum": 1}},
            },
        },
        "unlocated": _COUNT,
    },
}
_OPENAPI = {"type": "object", "required": ["openapi", "info", "paths"]}


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
                _FEATURE_COLLECTION,
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
                _MAP,
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
                _ACTORS,
                [_SEARCH],
            ),
            "/api/facets.json": op(
                "Located event counts per event type (ignoring the event_type filter) and per "
                "country code (ignoring the country filter) under the filter.",
                "application/json",
                _FACETS,
                [_FACET_SUM],
            ),
            "/api/timeline.json": op(
                "Located event counts per day, week or month under the filter.",
                "application/json",
                _TIMELINE,
                [_BUCKET],
            ),
            "/api/trends.json": op(
                "Located events and fatalities per period stacked by event type, the top actors, "
                "countries and admin-1 areas, and the change against the previous window.",
                "application/json",
                TRENDS,
                [TRENDS_BUCKET],
            ),
            "/api/datasets.json": op(
                "The datasets this user may see events of, with their licence and attribution "
                "(staff also see the staff-only ones).",
                "application/json",
                {"type": "object", "required": ["datasets"], "properties": {"datasets": _DATASETS}},
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
                    "responses": {"200": _ok("application/json", _OPENAPI)},
                }
            },
            "/events/{id}/": page(
                "An event's page.", "text/html", {"type": "string"}, _NOT_FOUND_HTML
            ),
            "/events/{id}.json": page(
                "An event as a GeoJSON Feature (a null geometry when unlocated).",
                "application/json",
                _event_feature({"anyOf": [_POINT, {"type": "null"}]}),
                _NOT_FOUND_JSON,
            ),
            **compat_paths(),  # the ACLED- and UCDP-shaped APIs (issue 17)
            **tile_paths(params, _BAD_REQUEST),  # vector tiles (docs/tiles.md)
        },
    }
