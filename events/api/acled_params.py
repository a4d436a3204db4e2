"""ACLED's query parameters (docs/api-compat.md) translated into our one filter and Q objects.

Where ACLED's parameters mean what our filter's do (country, event_date ranges, event_type) they
become our filter's parameters and go through `event_filter_parse`, so the ACLED-shaped API
selects as the map does; the ACLED-only forms (`<field>_where` operators, `|` alternatives,
BETWEEN, LIKE, fields we have no filter parameter for) become Q objects over a whitelist of
fields and lookups (`_SPECS`). No text from the request ever reaches SQL but as a parameter: a
LIKE pattern becomes an escaped regular expression. A bad parameter is an error naming it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import QueryDict

from events.domain import acled_api as A
from events.domain.countries import country_code_for, country_name, known_codes
from events.domain.filters import (
    ERR_NUL,
    ERR_TOO_LONG,
    ERR_TOO_MANY,
    ERR_UNKNOWN_PARAM,
    MAX_TEXT,
    MAX_VALUES,
    FilterError,
)
from events.models import EventActor, EventSource
from events.selectors.acled import iso_numeric

# Our own parameters the ACLED-shaped API also takes: the credentials (events/api/tokens.py),
# ACLED's old `terms=accept`, and our filter's `status` (staff: draft, rejected, all).
PASSED_THROUGH = frozenset({"status"})
IGNORED = frozenset({"key", "email", "terms"})
CONTROL = frozenset({"fields", "limit", "page", "_format", "export_type"})


@dataclass
class AcledQuery:
    """A request's parts: our filter's parameters, the rest as a Q, and what to answer."""

    filter_params: QueryDict
    q: Q = field(default_factory=Q)
    fields: tuple[str, ...] = A.FIELDS
    limit: int = A.DEFAULT_LIMIT
    page: int = 1
    fmt: str = "json"


def acled_query_parse(params: QueryDict, *, fmt: str | None = None) -> AcledQuery:
    """Every parameter checked, all errors at once (FilterError naming each parameter)."""
    errors = _names_checked(params)
    own = QueryDict(mutable=True)
    query = AcledQuery(filter_params=own)
    for name in PASSED_THROUGH & set(params):
        own.setlist(name, params.getlist(name))
    _control(params, query, errors, fmt)
    for name in A.FIELDS:
        if name not in params:
            continue
        try:
            condition = _condition(name, params, own)
        except ValueError as exc:
            errors[name] = str(exc)
            continue
        if condition is not None:
            query.q &= condition
    if errors:
        raise FilterError(errors)
    return query


def _names_checked(params: QueryDict) -> dict[str, str]:
    """Errors for unknown parameters, and for a `<field>_where` without its field."""
    errors: dict[str, str] = {}
    for name in params:
        base = name.removesuffix("_where")
        known = name in A.FIELDS or (name.endswith("_where") and base in A.FIELDS)
        if not known and name not in CONTROL | PASSED_THROUGH | IGNORED:
            errors[name] = ERR_UNKNOWN_PARAM
        elif name.endswith("_where") and base not in params:
            errors[name] = A.ERR_WHERE_ALONE.format(field=base)
    return errors


def _single(params: QueryDict, name: str) -> str:
    values = params.getlist(name)
    if len(values) != 1:
        raise ValueError("Give this parameter once.")
    value = values[0].strip()
    if "\x00" in value:
        raise ValueError(ERR_NUL)
    if len(value) > MAX_TEXT * MAX_VALUES:
        raise ValueError(ERR_TOO_LONG)
    return value


def _whole(params: QueryDict, name: str, high: int, message: str) -> int | None:
    """A whole number in [1, high] given at most once; None when absent."""
    if name not in params:
        return None
    try:
        text = _single(params, name)
    except ValueError:
        raise ValueError(message) from None
    if not re.fullmatch(r"[0-9]{1,9}", text) or not 1 <= int(text) <= high:
        raise ValueError(message)
    return int(text)


def _control(params: QueryDict, query: AcledQuery, errors: dict, fmt: str | None) -> None:
    checks: list[tuple[str, Callable[[], object]]] = [
        ("limit", lambda: _set(query, "limit", _whole(params, "limit", A.MAX_LIMIT, A.ERR_LIMIT))),
        ("page", lambda: _set(query, "page", _whole(params, "page", A.MAX_PAGE, A.ERR_PAGE))),
        ("_format", lambda: _format(params, query, fmt)),
        ("export_type", lambda: _choice(params, "export_type", A.EXPORT_TYPES, A.ERR_EXPORT_TYPE)),
        ("fields", lambda: _fields(params, query)),
    ]  # fmt: skip
    for name, check in checks:
        try:
            check()
        except ValueError as exc:
            errors[name] = str(exc)


def _set(query: AcledQuery, name: str, value: int | None) -> None:
    if value is not None:
        setattr(query, name, value)


def _choice(params: QueryDict, name: str, choices: tuple[str, ...], message: str) -> str | None:
    if name not in params:
        return None
    try:
        value = _single(params, name).lower()
    except ValueError:
        raise ValueError(message) from None
    if value not in choices:
        raise ValueError(message)
    return value


def _format(params: QueryDict, query: AcledQuery, fmt: str | None) -> None:
    """`_format=json|csv`; /api/acled/read.csv is csv whatever it says (it must agree)."""
    asked = _choice(params, "_format", A.FORMATS, A.ERR_FORMAT)
    if fmt and asked and asked != fmt:
        raise ValueError(f"This URL answers {fmt}; leave _format out or say {fmt}.")
    query.fmt = fmt or asked or "json"


def _fields(params: QueryDict, query: AcledQuery) -> None:
    if "fields" not in params:
        return
    names = [n.strip() for n in _single(params, "fields").split(A.SEPARATOR) if n.strip()]
    unknown = [n for n in names if n not in A.FIELDS]
    if unknown or not names:
        raise ValueError(A.ERR_FIELDS.format(names=", ".join(map(repr, unknown)) or "none"))
    query.fields = tuple(dict.fromkeys(names))


def _values(params: QueryDict, name: str) -> tuple[str, list[str]]:
    """(operator, values) of a field: its `_where` operator or ACLED's default for it."""
    op = A.DEFAULT_OPERATOR[name]
    if f"{name}_where" in params:
        op = _single(params, f"{name}_where").upper()
        if op not in A.OPERATORS:
            raise ValueError(A.ERR_OPERATOR)
    values = [v.strip() for v in _single(params, name).split(A.SEPARATOR)]
    if not all(values):
        raise ValueError("Empty value.")
    if len(values) > MAX_VALUES:
        raise ValueError(ERR_TOO_MANY)
    if any(len(v) > MAX_TEXT for v in values):
        raise ValueError(ERR_TOO_LONG)
    if op == A.BETWEEN and len(values) != 2:
        raise ValueError(A.ERR_BETWEEN)
    return op, values


MAX_WILDCARDS = 4  # % per LIKE value: each more multiplies what a non-match costs to rule out


def like_regex(pattern: str) -> str:
    """SQL LIKE's pattern (% any run, _ any one character) as an anchored regular expression:
    every other character escaped, so a pattern is never more than a LIKE. Runs of % are one
    (".*.*" matches what ".*" does, only slower); more than MAX_WILDCARDS is refused."""
    pattern = re.sub("%+", "%", pattern)
    if pattern.count("%") > MAX_WILDCARDS:
        raise ValueError(f"At most {MAX_WILDCARDS} % wildcards in a LIKE value.")
    parts = []
    for ch in pattern:
        parts.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
    return "^" + "".join(parts) + "$"


def _compare(path: str, op: str, values: list, *, text: bool = False) -> Q:
    """Q for `path <op> value` for any of the values (BETWEEN: the two, inclusive)."""
    if op == A.BETWEEN:
        low, high = sorted(values)
        return Q(**{f"{path}__gte": low, f"{path}__lte": high})
    lookup = {A.EQ: "exact", A.GT: "gt", A.LT: "lt", A.GE: "gte", A.LE: "lte"}
    out = Q()
    for value in values:
        if op == A.LIKE:
            if not text:
                raise ValueError(A.ERR_LIKE_NUMBER)
            one = Q(**{f"{path}__iregex": like_regex(value)})
        else:
            one = Q(**{f"{path}__{lookup[op]}": value})
        out |= one
    return out


def value_matches(op: str, values: list[str], candidate: str) -> bool:
    """The same comparison in Python, for what is matched against a small table (country
    names, disorder types) or a list (the deleted endpoint's ids)."""
    if op == A.LIKE:
        return any(re.match(like_regex(v), candidate, re.IGNORECASE | re.S) for v in values)
    if op == A.BETWEEN:
        low, high = sorted(values)
        return low <= candidate <= high
    ops: dict[str, Callable[[str, str], bool]] = {
        A.EQ: lambda a, b: a == b, A.GT: lambda a, b: a > b, A.LT: lambda a, b: a < b,
        A.GE: lambda a, b: a >= b, A.LE: lambda a, b: a <= b,
    }  # fmt: skip
    return any(ops[op](candidate, v) for v in values)


def _numbers(values: list[str], *, whole: bool = True) -> list:
    out: list[int | float] = []
    for v in values:
        try:
            out.append(int(v) if whole else float(v))
        except ValueError:
            raise ValueError(f"{A.ERR_NUMBER} Got {v!r}.") from None
        if not whole and not abs(out[-1]) <= 1e9:
            raise ValueError(f"{A.ERR_NUMBER} Got {v!r}.")
        if whole and abs(out[-1]) > 2**62:
            raise ValueError(f"{A.ERR_NUMBER} Got {v!r}.")
    return out


def _years(values: list[str]) -> list:
    years = _numbers(values)
    if not all(1 <= y <= 9998 for y in years):
        raise ValueError("A year from 1 to 9998.")
    return years


def _dates(values: list[str]) -> list[dt.date]:
    out = []
    for v in values:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            raise ValueError(f"Not a date: use YYYY-MM-DD. Got {v!r}.")
        try:
            day = dt.date.fromisoformat(v)
        except ValueError:
            raise ValueError(f"Not a date: use YYYY-MM-DD. Got {v!r}.") from None
        # A day either side must exist too (> and < move a day).
        if not dt.date(1, 1, 2) <= day <= dt.date(9999, 12, 30):
            raise ValueError(f"A date from 0001-01-02 to 9999-12-30. Got {v!r}.")
        out.append(day)
    return out


def _links(role: str, op: str, values: list, lookup: str = "actor__name", text: bool = True) -> Q:
    links = EventActor.objects.filter(_compare(lookup, op, values, text=text), role=role)
    return Q(pk__in=links.values("event_id"))


def _inter(key: str, role: str, op: str, numbers: list) -> Q:
    """The inter code an ACLED import kept (extra), else the role's actors' kind (as
    events/selectors/acled.py answers it)."""
    kept = _compare(f"extra__{key}", op, numbers)
    linked = _links(role, op, numbers, "actor__kind", text=False)
    return (Q(**{"extra__has_key": key}) & kept) | (~Q(extra__has_key=key) & linked)


def _event_id(op: str, values: list[str]) -> Q:
    """Our own events' ids are cm-<pk> (as the CSV export writes them); imported events keep
    their dataset's id."""
    q = _compare("external_id", op, values, text=True)
    if op in (A.EQ, A.LIKE):  # "cm-12" holds "_" nowhere: a LIKE of it is the whole id
        for v in values:
            m = re.fullmatch(r"cm-([0-9]{1,18})", v)
            if m:
                q |= Q(external_id="", pk=int(m[1]))
    return q


def _country(op: str, values: list[str], own: QueryDict) -> Q | None:
    """`country=Syria|Iraq` is our filter's country=SY,IQ; other forms match the names."""
    if op == A.EQ:
        codes = [country_code_for(v) for v in values]
        unknown = [v for v, c in zip(values, codes, strict=True) if not c]
        if unknown:
            raise ValueError(f"Unknown country: {', '.join(map(repr, unknown))}.")
        own["country"] = ",".join(dict.fromkeys(codes))
        return None
    codes = [c for c in known_codes() if value_matches(op, values, country_name(c))]
    return Q(country_code__in=codes)


def _iso(op: str, values: list[str]) -> Q:
    if op == A.LIKE:
        raise ValueError(A.ERR_LIKE_NUMBER)
    numbers = _numbers(values)
    codes = [
        c for c in known_codes() if iso_numeric(c) and _compare_numbers(op, numbers, iso_numeric(c))
    ]
    return Q(country_code__in=codes)


def _compare_numbers(op: str, numbers: list, candidate: int) -> bool:
    return value_matches(op, [f"{n:012d}" for n in numbers], f"{candidate:012d}")


def _event_date(op: str, values: list[str], own: QueryDict) -> Q | None:
    """Ranges are our filter's date_from/date_to (so a multi-day event counts when its days
    overlap them, as on the map); several single days become a Q on the start date."""
    dates = _dates(values)
    if op == A.LIKE:
        raise ValueError(A.ERR_LIKE_NUMBER)
    day = dt.timedelta(days=1)
    if op == A.EQ and len(dates) > 1:
        return Q(date__in=dates)
    low, high = min(dates), max(dates)
    bounds = {
        A.EQ: (low, low), A.BETWEEN: (low, high), A.GE: (low, None), A.GT: (low + day, None),
        A.LE: (None, high), A.LT: (None, high - day),
    }[op]  # fmt: skip
    if bounds[0]:
        own["date_from"] = bounds[0].isoformat()
    if bounds[1]:
        own["date_to"] = bounds[1].isoformat()
    return None


def _event_type(op: str, values: list[str], own: QueryDict) -> Q | None:
    """Whole names (= or a LIKE without wildcards) go to our filter, case-insensitively."""
    if op in (A.EQ, A.LIKE) and not any(ch in v for v in values for ch in "%_"):
        own.setlist("event_type", values)
        return None
    return _compare("event_type", op, values, text=True)


def _disorder(op: str, values: list[str]) -> Q:
    types = [t for t, d in A.DISORDER_TYPES.items() if value_matches(op, values, d)]
    return Q(event_type__in=types)


def _timestamp(op: str, values: list[str]) -> Q:
    moments = [dt.datetime.fromtimestamp(n, dt.UTC) for n in _clamp(_numbers(values))]
    return _compare("acled_changed", op, moments)


def _clamp(numbers: list) -> list[int]:
    # Years 1 to 9999 are all a datetime holds: an epoch outside them matches as its bound.
    return [min(max(int(n), -62135596800), 253402300799) for n in numbers]


# Field -> how its (operator, values) become a Q over our tables (annotations from
# events/selectors/acled.py `acled_annotate`: acled_location, acled_admin1, acled_admin2, lon,
# lat). Fields not here are answered but not filterable (ERR_NOT_FILTERABLE).
_SPECS: dict[str, Callable[[str, list[str]], Q]] = {
    "event_id_cnty": _event_id,
    "year": lambda op, v: _compare("date__year", op, _years(v)),
    "time_precision": lambda op, v: _compare("date_precision", op, _numbers(v)),
    "disorder_type": _disorder,
    "sub_event_type": lambda op, v: _compare("sub_event_type", op, v, text=True),
    "actor1": lambda op, v: _links("actor1", op, v),
    "assoc_actor_1": lambda op, v: _links("assoc1", op, v),
    "actor2": lambda op, v: _links("actor2", op, v),
    "assoc_actor_2": lambda op, v: _links("assoc2", op, v),
    "inter1": lambda op, v: _inter("inter1", "actor1", op, _numbers(v)),
    "inter2": lambda op, v: _inter("inter2", "actor2", op, _numbers(v)),
    "iso": _iso,
    "admin1": lambda op, v: _compare("acled_admin1", op, v, text=True),
    "admin2": lambda op, v: _compare("acled_admin2", op, v, text=True),
    "location": lambda op, v: _compare("acled_location", op, v, text=True),
    "latitude": lambda op, v: _compare("lat", op, _numbers(v, whole=False)),
    "longitude": lambda op, v: _compare("lon", op, _numbers(v, whole=False)),
    "geo_precision": lambda op, v: _compare("geo_precision", op, _numbers(v)),
    "source": lambda op, v: (
        Q(
            pk__in=EventSource.objects.filter(_compare("source__title", op, v, text=True)).values(
                "event_id"
            )
        )
        | _compare("source__title", op, v, text=True)
    ),
    "notes": lambda op, v: _compare("summary", op, v, text=True),
    "fatalities": lambda op, v: _compare("fatalities", op, _numbers(v)),
    "timestamp": _timestamp,
}
# The fields that go (in their simple forms) to our own filter's parameters.
_OWN: dict[str, Callable[[str, list[str], QueryDict], Q | None]] = {
    "country": _country,
    "event_date": _event_date,
    "event_type": _event_type,
}


def _condition(name: str, params: QueryDict, own: QueryDict) -> Q | None:
    op, values = _values(params, name)
    if name in _OWN:
        return _OWN[name](op, values, own)
    spec = _SPECS.get(name)
    if spec is None:
        raise ValueError(A.ERR_NOT_FILTERABLE)
    return spec(op, values)
