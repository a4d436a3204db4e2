"""The ACLED- and UCDP-shaped APIs in the OpenAPI description (docs/api-compat.md): their paths,
parameters and answers, merged into openapi.py's `paths`. Their parameters are theirs, not our
filter's, so they are listed here from events/domain/acled_api.py and events/domain/ucdp.py; their
answers' schemas are generated from schemas_compat.py's models."""

from __future__ import annotations

from events.api import schemas_compat as C
from events.api.openapi_components import ref
from events.api.schemas import Errors
from events.domain import acled_api as A
from events.domain import ucdp as U


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


_TEXT = {"type": "string"}
# Each field filters (ACLED's default operator for it: LIKE for text, = otherwise, >= for
# timestamp); `<field>_where` names another for any of them. Three are listed as examples.
_ACLED_PARAMS = [
    _query(name, _TEXT, f"Filter on {name} ({A.DEFAULT_OPERATOR[name]} unless {name}_where "
           "says otherwise); several values separated by |.")
    for name in A.FIELDS
] + [
    _query(f"{name}_where", {"type": "string", "enum": list(A.OPERATORS)},
           f"The operator for {name}: =, >, <, >=, <=, LIKE, BETWEEN (a|b). Any field has one.")
    for name in ("event_date", "fatalities", "timestamp")
] + [
    _query("fields", _TEXT, "The fields to answer, separated by |."),
    _query("limit", {"type": "integer", "minimum": 1, "maximum": A.MAX_LIMIT},
           f"Rows per page (default and maximum {A.DEFAULT_LIMIT})."),
    _query("page", {"type": "integer", "minimum": 1, "maximum": A.MAX_PAGE},
           "The page, from 1 (events in id order)."),
    _query("_format", {"type": "string", "enum": list(A.FORMATS)}, "json (default) or csv."),
    _query("export_type", {"type": "string", "enum": list(A.EXPORT_TYPES)},
           "dyadic: one row per event (the only one served)."),
]  # fmt: skip
_DELETED_PARAMS = [
    _query("event_id_cnty", _TEXT, "Filter on the id (LIKE); several separated by |."),
    _query("deleted_timestamp", _TEXT, "Epoch seconds: deleted or withdrawn since (>=)."),
    _query("deleted_timestamp_where", {"type": "string", "enum": list(A.OPERATORS)},
           "The operator for deleted_timestamp."),
    _query("limit", {"type": "integer", "minimum": 1, "maximum": A.MAX_LIMIT}, "Rows per page."),
    _query("page", {"type": "integer", "minimum": 1, "maximum": A.MAX_PAGE}, "From 1."),
]  # fmt: skip
_GED_PARAMS = [
    {"name": "version", "in": "path", "required": True, "schema": _TEXT,
     "description": "The GED release a client was written for (25.1); any is served."},
    _query("pagesize", {"type": "integer", "minimum": 1, "maximum": U.MAX_PAGESIZE},
           f"Records per page (default {U.DEFAULT_PAGESIZE})."),
    _query("page", {"type": "integer", "minimum": 0, "maximum": 10_000_000},
           "The page, from 0."),
    _query("StartDate", {"type": "string", "format": "date"}, "Events ending on or after it."),
    _query("EndDate", {"type": "string", "format": "date"}, "Events starting on or before it."),
    _query("Country", {"type": "string", "pattern": "^[0-9]{1,4}(,[0-9]{1,4})*$"},
           "Gleditsch-Ward codes, comma-separated (Syria: 652)."),
    _query("TypeOfViolence", {"type": "string", "pattern": "^[123](,[123])*$"},
           "1 state-based, 2 non-state, 3 one-sided; comma-separated."),
]  # fmt: skip


def _answers(ok: dict, content_type: str, error: dict, csv_too: bool = False) -> dict:
    def body(description: str, schema: dict, kind: str = "application/json") -> dict:
        return {"description": description, "content": {kind: {"schema": schema}}}

    answer = body("OK", ok, content_type)
    if csv_too:  # or CSV, with _format=csv
        answer["content"]["text/csv"] = {"schema": _TEXT}
    return {
        "200": answer,
        "400": body("A bad parameter: each one named with the reason.", error),
        "401": body("An unknown or revoked token.", error),
    }


def _get(summary: str, params: list[dict], responses: dict) -> dict:
    return {"get": {"summary": summary, "parameters": params, "responses": responses}}


def compat_paths() -> dict:
    """The paths of /api/acled/read, its CSV, /api/deleted/read and /api/gedevents/{version}."""
    note = (" A token (Authorization: Bearer, or ACLED's key parameter) makes the request its "
            "user's; without one the public's events are served.")  # fmt: skip
    return {
        "/api/acled/read": _get(
            "Events in ACLED's API shape: its parameters, values as strings." + note,
            _ACLED_PARAMS,
            _answers(ref(C.AcledPage), "application/json", ref(C.AcledError), csv_too=True),
        ),
        "/api/acled/read.csv": _get(
            "The same as CSV (as _format=csv)." + note,
            _ACLED_PARAMS,
            _answers(_TEXT, "text/csv", ref(C.AcledError)),
        ),
        "/api/deleted/read": _get(
            "What a copy of /api/acled/read must drop: events deleted or withdrawn from this "
            "client's view, with when (deleted_timestamp, epoch seconds)." + note,
            _DELETED_PARAMS,
            _answers(ref(C.AcledDeletedPage), "application/json", ref(C.AcledError), csv_too=True),
        ),
        "/api/gedevents/{version}": _get(
            "Organised-violence events in UCDP GED's API shape and page envelope." + note,
            _GED_PARAMS,
            _answers(ref(C.GedPage), "application/json", ref(Errors)),
        ),
    }
