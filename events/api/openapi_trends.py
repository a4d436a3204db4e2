"""/api/trends.json in the OpenAPI description: its `bucket` parameter (beside openapi.py, which
lists the path; its answer's schema is generated from schemas.py's `Trends`)."""

from __future__ import annotations

from events.domain.trends import TREND_BUCKETS

TRENDS_BUCKET = {
    "name": "bucket",
    "in": "query",
    "required": False,
    "description": "The period: day, week, month or year; by default it follows the window "
    "(days up to three months, weeks up to three years, months up to 25 years, then years).",
    "schema": {"type": "string", "enum": list(TREND_BUCKETS)},
}
