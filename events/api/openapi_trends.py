"""/api/trends.json in the OpenAPI description: its `bucket` parameter and its answer's schema
(beside openapi.py, which lists the path)."""

from __future__ import annotations

from events.domain.trends import FLAGS, TREND_BUCKETS

TRENDS_BUCKET = {
    "name": "bucket",
    "in": "query",
    "required": False,
    "description": "The period: day, week, month or year; by default it follows the window "
    "(days up to three months, weeks up to three years, months up to 25 years, then years).",
    "schema": {"type": "string", "enum": list(TREND_BUCKETS)},
}

_DATE = {"type": "string", "format": "date"}
_DATE_OR_NULL = {"anyOf": [_DATE, {"type": "null"}]}
_COUNT = {"type": "integer", "minimum": 0}
_BY_TYPE = {"type": "object", "additionalProperties": _COUNT}
_TOTALS = {"events": _COUNT, "fatalities": _COUNT}


def _top(required: list[str], properties: dict) -> dict:
    return {
        "type": "array",
        "items": {
            "type": "object",
            "required": [*required, "events", "fatalities"],
            "properties": {**properties, **_TOTALS},
        },
    }


_CHANGE = {
    "type": "object",
    "required": ["current", "previous", "difference", "percent", "flag"],
    "properties": {
        "current": _COUNT,
        "previous": _COUNT,
        "difference": {"type": "integer"},
        "percent": {"anyOf": [{"type": "number"}, {"type": "null"}]},
        "flag": {"enum": list(FLAGS)},
    },
}

TRENDS = {
    "type": "object",
    "required": [
        "bucket",
        "date_from",
        "date_to",
        "total",
        "event_types",
        "periods",
        "actors",
        "countries",
        "admin1",
        "change",
    ],
    "properties": {
        "bucket": {"enum": list(TREND_BUCKETS)},
        "date_from": _DATE_OR_NULL,
        "date_to": _DATE_OR_NULL,
        "total": {"type": "object", "required": ["events", "fatalities"], "properties": _TOTALS},
        "event_types": {"type": "array", "items": {"type": "string"}},
        "periods": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start", "events", "fatalities"],
                "properties": {"start": _DATE, "events": _BY_TYPE, "fatalities": _BY_TYPE},
            },
        },
        "actors": _top(
            ["slug", "name", "colour"],
            {"slug": {"type": "string"}, "name": {"type": "string"}, "colour": {"type": "string"}},
        ),
        "countries": _top(
            ["code", "name"], {"code": {"type": "string"}, "name": {"type": "string"}}
        ),
        "admin1": _top(
            ["name", "code", "country"],
            {
                "name": {"type": "string", "description": "As imported (empty for a code)."},
                "code": {"type": "string", "description": "GeoNames admin-1 code, if no name."},
                "country": {"type": "string"},
            },
        ),
        "change": {
            "description": "The window against the one of the same length just before it; null "
            "without a date_from. Flags: doubling or halving is large, a quarter more or a fifth "
            "less is an increase or decrease, and a difference within two standard deviations "
            "of Poisson noise (2 sqrt(current + previous)) is stable.",
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": [
                        "date_from",
                        "date_to",
                        "previous_from",
                        "previous_to",
                        "events",
                        "fatalities",
                    ],
                    "properties": {
                        "date_from": _DATE,
                        "date_to": _DATE,
                        "previous_from": _DATE,
                        "previous_to": _DATE,
                        "events": _CHANGE,
                        "fatalities": _CHANGE,
                    },
                },
            ],
        },
    },
}
