"""The OGC API - Features query parameters of /ogcapi/, mapped onto the one event filter.

`limit`, `offset` and `f` are the items page's own. `datetime` becomes the filter's own
date_from/date_to, and a country named in words its ISO code, before the query goes to
`event_filter_parse` (events/api/params.py): there is no second query path. `bbox` needs no
mapping: OGC's two-dimensional bbox is the filter's (minLon,minLat,maxLon,maxLat in CRS84).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.http import QueryDict

from events.converters import MAX_ID
from events.domain.countries import country_code_for

LIMIT_DEFAULT = 100
# The spec asks a server to clamp a larger limit to its maximum rather than refuse it.
LIMIT_MAX = 10_000
# Beyond this an OFFSET makes the database walk that many rows first; GDAL pages with `next`.
OFFSET_MAX = 10_000_000
FORMATS = ("json", "html")
# resultType=hits: only numberMatched, no features (the WFS 3 drafts' parameter GDAL's OAPIF
# driver asks for a filtered layer's feature count, when the OpenAPI document lists it).
RESULT_TYPES = ("results", "hits")
# The items page's own parameters, which the event filter never sees.
# crs and bbox-crs (Part 2): clients such as QGIS may name the one CRS we serve.
OWN = frozenset({"f", "limit", "offset", "after", "datetime", "resultType", "crs", "bbox-crs"})
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

ERR_LIMIT = f"A whole number from 1 (default {LIMIT_DEFAULT}; more than {LIMIT_MAX} is clamped)."
ERR_OFFSET = f"A whole number from 0 to {OFFSET_MAX}."
ERR_AFTER = "An event id (a whole number from 1), once: the next links carry it."
ERR_FORMAT = "Use json or html, once."
ERR_CRS = f"Only {CRS84} (longitude, latitude), once."
ERR_RESULT_TYPE = "Use results or hits, once."
ERR_DATETIME = (
    "Use a date or an RFC 3339 date-time (2017-01-18, 2017-01-18T00:00:00Z), or an interval "
    "of two, either end open: 2017-01-01/2017-01-31, ../2017-01-31, 2017-01-01/.."
)
ERR_DATETIME_ORDER = "The interval ends before it starts."
ERR_DATETIME_BOTH = "Give datetime or date_from/date_to, not both."
ERR_COUNTRY_NAME = "Not a country code or name we know (e.g. SY or Syria)."

_WHOLE = re.compile(r"[0-9]{1,30}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# GDAL 3.6 writes a date-only `-where` bound as "2017-01-01T" (its SerializeDateTime).
_DATE_T = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})T")
_OPEN = ("..", "")


@dataclass
class Page:
    """The items page asked for: which slice, in which format, and the filter's query."""

    limit: int = LIMIT_DEFAULT
    offset: int = 0
    # The last id of the page before: the next links carry it, so a deep page is read from the
    # id index at once rather than by walking `offset` rows (offset then only numbers it).
    after: int | None = None
    format: str | None = None
    hits_only: bool = False


def page_parse(params: QueryDict, errors: dict[str, str]) -> tuple[Page, QueryDict]:
    """The page's own parameters, and the query the event filter parses (datetime as its
    date_from/date_to, countries named in words as codes). Bad values land in `errors`."""
    page = Page()
    limit = _number(params, "limit", errors, ERR_LIMIT, 1, None)
    if limit is not None:
        page.limit = min(limit, LIMIT_MAX)
    page.offset = _number(params, "offset", errors, ERR_OFFSET, 0, OFFSET_MAX) or 0
    page.after = _number(params, "after", errors, ERR_AFTER, 1, MAX_ID)
    for name in ("crs", "bbox-crs"):
        crs = _single(params, name, errors, ERR_CRS)
        if crs is not None and crs != CRS84:
            errors[name] = ERR_CRS
    page.format = format_param(params, errors)
    result_type = _single(params, "resultType", errors, ERR_RESULT_TYPE)
    if result_type is not None and result_type not in RESULT_TYPES:
        errors["resultType"] = ERR_RESULT_TYPE
    page.hits_only = result_type == "hits"
    query = params.copy()
    for name in OWN:
        query.pop(name, None)
    _datetime_to_dates(params, query, errors)
    _country_names_to_codes(query, errors)
    return page, query


def _number(
    params: QueryDict, name: str, errors: dict[str, str], message: str, low: int, high: int | None
) -> int | None:
    """A whole number from low to high (None: no upper bound), given at most once."""
    text = _single(params, name, errors, message)
    if text is None:
        return None
    # [0-9] rather than isdigit(): "²" is a digit to Python and no number to int().
    if _WHOLE.fullmatch(text) and int(text) >= low and (high is None or int(text) <= high):
        return int(text)
    errors[name] = message
    return None


def format_param(params: QueryDict, errors: dict[str, str]) -> str | None:
    """`f`: json or html (None when absent: the Accept header decides)."""
    value = _single(params, "f", errors, ERR_FORMAT)
    if value is not None and value not in FORMATS:
        errors["f"] = ERR_FORMAT
        return None
    return value


def _single(params: QueryDict, name: str, errors: dict[str, str], message: str) -> str | None:
    given = params.getlist(name)
    if len(given) > 1:
        errors[name] = message
        return None
    return given[0].strip() if given else None


def _datetime_to_dates(params: QueryDict, query: QueryDict, errors: dict[str, str]) -> None:
    text = _single(params, "datetime", errors, ERR_DATETIME)
    if text is None:
        return
    if "date_from" in params or "date_to" in params:
        errors["datetime"] = ERR_DATETIME_BOTH
        return
    try:
        start, end = datetime_window(text)
    except ValueError as exc:
        errors["datetime"] = f"{exc} Got {text[:80]!r}."
        return
    # Events are days: one overlaps the window when it ends on or after its first day and
    # starts on or before its last, which is what the filter's date_from and date_to select.
    if start is not None:
        query["date_from"] = start.isoformat()
    if end is not None:
        query["date_to"] = end.isoformat()


def datetime_window(text: str) -> tuple[dt.date | None, dt.date | None]:
    """OGC `datetime` -> (first day, last day), None for an open end; ValueError when bad.

    An instant is a window of one day; a date-time counts as its day in UTC.
    """
    if "/" not in text:
        day = _day(text)
        if day is None:
            raise ValueError(ERR_DATETIME)
        return day, day
    first, _, last = text.partition("/")
    if "/" in last or (first in _OPEN and last in _OPEN):
        raise ValueError(ERR_DATETIME)
    start = None if first in _OPEN else _day(first)
    end = None if last in _OPEN else _day(last)
    if (first not in _OPEN and start is None) or (last not in _OPEN and end is None):
        raise ValueError(ERR_DATETIME)
    if start and end and end < start:
        raise ValueError(ERR_DATETIME_ORDER)
    return start, end


def _day(text: str) -> dt.date | None:
    """The UTC day of an RFC 3339 date or date-time; None when it is neither."""
    try:
        if _DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        if match := _DATE_T.fullmatch(text):
            return dt.date.fromisoformat(match[1])
        if not _DATE.match(text) or "T" not in text.upper():
            return None
        moment = dt.datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):  # OverflowError: 9999-12-31T23:00-05:00 is in year 10000
        return None
    return moment.date()


def _country_names_to_codes(query: QueryDict, errors: dict[str, str]) -> None:
    """country=Syria as country=SY (GDAL passes `-where "country = 'Syria'"` down as it is);
    a code, or a value the filter will refuse anyway, goes on unchanged."""
    if "country" not in query:
        return
    values = []
    for raw in query.getlist("country"):
        for value in raw.split(","):
            code = value.strip()
            if len(code) != 2 and code:
                code = country_code_for(code)
                if not code:
                    errors["country"] = f"{ERR_COUNTRY_NAME} Got {value.strip()[:80]!r}."
                    return
            values.append(code)
    query.setlist("country", [",".join(values)])
