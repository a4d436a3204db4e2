"""The one event filter's query parameters: parsed and validated into an `EventFilter`.

The map page, every API endpoint and every download parse their filter here, and select with
`Event.objects.matching(f)`, so what the map shows and what a user downloads always agree.
A bad value raises `FilterError` naming each bad parameter; views turn it into a 400.
"""

from __future__ import annotations

import datetime as dt
import re

from django.http import QueryDict

from events.domain.countries import known_codes
from events.domain.filters import (
    ERR_BBOX,
    ERR_COUNTRY,
    ERR_DATE,
    ERR_DATE_ORDER,
    ERR_EMPTY,
    ERR_INT,
    ERR_NUL,
    ERR_REPEATED,
    ERR_ROLE,
    ERR_STATUS,
    ERR_STATUS_STAFF,
    ERR_TOO_LONG,
    ERR_TOO_MANY,
    ERR_UNKNOWN_PARAM,
    MAX_FATALITIES_DIGITS,
    MAX_TEXT,
    MAX_VALUES,
    PARAMETERS,
    ROLE_CHOICES,
    STATUS_CHOICES,
    EventFilter,
    FilterError,
)
from events.domain.vocabulary import EVENT_TAXONOMY
from events.models import Event
from events.selectors.actors import actor_resolve
from events.selectors.places import place_ids_named

_TYPES = {t.lower(): t for t in EVENT_TAXONOMY}
_SUB_TYPES = {s.lower(): s for subs in EVENT_TAXONOMY.values() for s in subs}
# Parameters whose one value may list several, comma-separated (actor=isis,hts).
_COMMA_LISTS = frozenset({"actor", "country", "status"})


def event_filter_parse(
    params: QueryDict, *, is_staff: bool = False, extra_allowed: frozenset[str] = frozenset()
) -> EventFilter:
    """Validate every parameter; report all errors at once, so a client fixes them in one go."""
    query = _Params(params)
    query.check_names(extra_allowed)
    f = EventFilter(staff=is_staff)
    # In this order: the errors, and so a 400's body, name the parameters in it.
    for parse in (
        _parse_actors,
        _parse_role,
        _parse_types,
        _parse_countries,
        _parse_dates,
        _parse_bbox,
        _parse_text,
        _parse_min_fatalities,
    ):
        parse(query, f)
    _parse_statuses(query, f, is_staff=is_staff)
    if query.errors:
        raise FilterError(query.errors)
    return f


def text_param(params: QueryDict, name: str, errors: dict[str, str]) -> str | None:
    """An endpoint's own text parameter, checked as the filter's `q` is (given once, not empty,
    at most MAX_TEXT characters, no NUL); None when absent or bad (its error in `errors`)."""
    query = _Params(params)
    value = query.single(name)
    errors.update(query.errors)
    return value


class _Params:
    """The query parameters being read, and the errors found in them so far (by parameter)."""

    def __init__(self, params: QueryDict):
        self.params = params
        self.errors: dict[str, str] = {}

    def check_names(self, extra_allowed: frozenset[str]) -> None:
        for name in self.params:
            if name not in PARAMETERS and name not in extra_allowed:
                self.errors[name] = ERR_UNKNOWN_PARAM

    def values(self, name: str) -> list[str]:
        """Every value of a repeatable parameter (at most MAX_VALUES); bad ones become errors."""
        out = []
        for raw in self.params.getlist(name):
            for v in raw.split(",") if name in _COMMA_LISTS else [raw]:
                value = self._checked(name, v)
                if value is not None:
                    out.append(value)
        if len(out) > MAX_VALUES:
            self.errors[name] = ERR_TOO_MANY
            return []
        return out

    def single(self, name: str) -> str | None:
        """The value of a parameter given at most once; None when absent or bad (an error)."""
        got = self.params.getlist(name)
        if len(got) > 1:
            self.errors[name] = ERR_REPEATED
            return None
        return self._checked(name, got[0]) if got else None

    def _checked(self, name: str, raw: str) -> str | None:
        value = raw.strip()
        if not value:
            self.errors[name] = ERR_EMPTY
        elif len(value) > MAX_TEXT:
            self.errors[name] = ERR_TOO_LONG
        elif "\x00" in value:
            self.errors[name] = ERR_NUL
        else:
            return value
        return None


def _parse_actors(query: _Params, f: EventFilter) -> None:
    unknown = []
    for term in query.values("actor"):
        actor = actor_resolve(term)
        if actor is None:
            unknown.append(term)
        elif actor not in f.actors:
            f.actors.append(actor)
    if unknown:
        query.errors["actor"] = "Unknown actor: " + ", ".join(repr(a) for a in unknown) + "."


def _parse_role(query: _Params, f: EventFilter) -> None:
    role = query.single("role")
    if role is None:
        return
    if role in ROLE_CHOICES:
        f.role = role
    else:
        query.errors["role"] = ERR_ROLE


def _parse_types(query: _Params, f: EventFilter) -> None:
    _parse_choices(query, "event_type", _TYPES, f.event_types)
    _parse_choices(query, "sub_event_type", _SUB_TYPES, f.sub_event_types)


def _parse_choices(query: _Params, name: str, table: dict[str, str], target: list[str]) -> None:
    """Values named case-insensitively from `table`, added to `target` in its own spelling."""
    bad = []
    for v in query.values(name):
        canonical = table.get(v.lower())
        if canonical is None:
            bad.append(v)
        elif canonical not in target:
            target.append(canonical)
    if bad:
        choices = "; ".join(table.values()) if name == "event_type" else "see /api/openapi.json"
        query.errors[name] = (
            f"Unknown {name.replace('_', ' ')} {', '.join(map(repr, bad))}. Use: {choices}."
        )


def _parse_countries(query: _Params, f: EventFilter) -> None:
    for v in query.values("country"):
        code = v.upper()
        if not re.fullmatch(r"[A-Z]{2}", code) or code not in known_codes():
            query.errors["country"] = f"{ERR_COUNTRY} Got {v!r}."
        elif code not in f.countries:
            f.countries.append(code)


def _parse_dates(query: _Params, f: EventFilter) -> None:
    f.date_from = _date(query, "date_from")
    f.date_to = _date(query, "date_to")
    if f.date_from and f.date_to and f.date_to < f.date_from and "date_to" not in query.errors:
        query.errors["date_to"] = ERR_DATE_ORDER


def _date(query: _Params, name: str) -> dt.date | None:
    """The date, or None when absent or unreadable. A date Python reads but not written
    YYYY-MM-DD (20170101) is an error, yet still answered, so its order is checked too."""
    text = query.single(name)
    if text is None:
        return None
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        query.errors[name] = f"{ERR_DATE} Got {text!r}."
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        query.errors[name] = f"{ERR_DATE} Got {text!r}."
    return date


def _parse_bbox(query: _Params, f: EventFilter) -> None:
    text = query.single("bbox")
    if text is None:
        return
    bbox = _bbox(text)
    if bbox is None:
        query.errors["bbox"] = f"{ERR_BBOX} Got {text!r}."
    else:
        f.bbox = bbox


def _bbox(text: str) -> tuple[float, float, float, float] | None:
    """minLon,minLat,maxLon,maxLat: four finite numbers inside the world, min < max."""
    try:
        numbers = tuple(float(p) for p in text.split(","))
    except ValueError:
        return None
    if len(numbers) != 4 or not all(n == n and abs(n) != float("inf") for n in numbers):
        return None
    x0, y0, x1, y1 = numbers
    if -180 <= x0 < x1 <= 180 and -90 <= y0 < y1 <= 90:
        return x0, y0, x1, y1
    return None


def _parse_text(query: _Params, f: EventFilter) -> None:
    q = query.single("q")
    if q is not None:
        f.q = q
        f.q_places = place_ids_named(q, f.countries)


def _parse_min_fatalities(query: _Params, f: EventFilter) -> None:
    text = query.single("min_fatalities")
    if text is None:
        return
    if re.fullmatch(rf"[0-9]{{1,{MAX_FATALITIES_DIGITS}}}", text):
        f.min_fatalities = int(text)
    else:
        query.errors["min_fatalities"] = f"{ERR_INT} Got {text!r}."


def _parse_statuses(query: _Params, f: EventFilter, *, is_staff: bool) -> None:
    statuses = query.values("status")
    if not statuses:
        return
    wanted = _statuses_wanted(query, statuses)
    if "status" in query.errors:
        return
    if not is_staff and wanted != [Event.Status.VERIFIED]:
        query.errors["status"] = ERR_STATUS_STAFF
    else:
        f.statuses = wanted


def _statuses_wanted(query: _Params, statuses: list[str]) -> list[str]:
    """The statuses named ("all": every one), each once; an unknown one is an error."""
    wanted: list[str] = []
    for name in statuses:
        status = name.lower()
        if status == "all":
            wanted = list(STATUS_CHOICES)
        elif status in STATUS_CHOICES:
            if status not in wanted:
                wanted.append(status)
        else:
            query.errors["status"] = ERR_STATUS
    return wanted
