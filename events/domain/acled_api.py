"""ACLED's API conventions, Django-free (docs/api-compat.md): its fields, the operator each
filters with when a request names none, the operators a `<field>_where` may name, its paging
limits, its disorder types and how it composes `interaction` from the two inter codes.

The views (events/api/views_acled.py) and the parameter translation (events/api/acled_params.py)
take their rules from here; the values come from events/selectors/acled.py.
"""

from __future__ import annotations

# ACLED's API fields, in the order its answers list them.
FIELDS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

EQ, GT, LT, GE, LE, LIKE, BETWEEN = "=", ">", "<", ">=", "<=", "LIKE", "BETWEEN"
OPERATORS = (EQ, GT, LT, GE, LE, LIKE, BETWEEN)
# The operator a field filters with when no `<field>_where` names one: ACLED's API docs give
# LIKE for text, = for codes, numbers and dates, and >= for timestamp (so `timestamp=N` asks for
# everything changed since N, which is how a client keeps a copy current).
TEXT_FIELDS = frozenset({
    "event_id_cnty", "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "actor2", "assoc_actor_2", "admin1", "admin2", "location", "source", "notes", "country",
})  # fmt: skip
DATE_FIELDS = frozenset({"event_date"})
NUMBER_FIELDS = frozenset({
    "year", "time_precision", "inter1", "inter2", "iso", "latitude", "longitude",
    "geo_precision", "fatalities", "timestamp",
})  # fmt: skip
DEFAULT_OPERATOR = {name: (LIKE if name in TEXT_FIELDS else EQ) for name in FIELDS} | {
    "country": EQ,
    "timestamp": GE,
}
# Fields we answer but cannot filter on: derived or empty (docs/api-compat.md says which).
NOT_FILTERABLE = frozenset(FIELDS) - TEXT_FIELDS - DATE_FIELDS - NUMBER_FIELDS
# `|` separates several values of one parameter (any of them matches).
SEPARATOR = "|"

DEFAULT_LIMIT = 5000  # ACLED's default page size, and our maximum
MAX_LIMIT = 5000
MAX_PAGE = 1_000_000
FORMATS = ("json", "csv")
# ACLED's `export_type`: we have one row per event (dyadic), as ACLED does by default.
EXPORT_TYPES = ("dyadic",)

# ACLED's disorder type of each event type (codebook 2023, simplified: ACLED files a few
# sub-event types across two, e.g. "Excessive force against protesters" as both).
DISORDER_TYPES: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
CIVILIAN_TARGETING = "Civilian targeting"

ERR_OPERATOR = "Use one of: =, >, <, >=, <=, LIKE, BETWEEN."
ERR_WHERE_ALONE = "Names an operator for {field}, which this request does not give."
ERR_NOT_FILTERABLE = "Answered but not filterable here (see docs/api-compat.md)."
ERR_BETWEEN = "BETWEEN takes two values: a|b."
ERR_NUMBER = "Not a number."
ERR_LIKE_NUMBER = "LIKE compares text; this field is a number or a date."
ERR_LIMIT = f"A whole number from 1 to {MAX_LIMIT}."
ERR_PAGE = "A whole number from 1."
ERR_FORMAT = "Use json or csv."
ERR_EXPORT_TYPE = "Only dyadic (one row per event) is served."
ERR_FIELDS = "Unknown field(s): {names}. Fields: see docs/api-compat.md."


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED's interaction: the two inter codes, smaller first, as a two-digit number (12 for
    state forces against rebels); an event with one actor is its code times ten (10, 20...)."""
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high
