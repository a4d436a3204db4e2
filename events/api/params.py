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

_TYPES = {t.lower(): t for t in EVENT_TAXONOMY}
_SUB_TYPES = {s.lower(): s for subs in EVENT_TAXONOMY.values() for s in subs}


def event_filter_parse(
    params: QueryDict, *, is_staff: bool = False, extra_allowed: frozenset[str] = frozenset()
) -> EventFilter:
    """Validate every parameter; report all errors at once, so a client fixes them in one go."""
    errors: dict[str, str] = {}
    f = EventFilter()

    for name in params:
        if name not in PARAMETERS and name not in extra_allowed:
            errors[name] = ERR_UNKNOWN_PARAM

    def values(name: str) -> list[str]:
        out = []
        for raw in params.getlist(name):
            for v in raw.split(",") if name in {"actor", "country", "status"} else [raw]:
                v = v.strip()
                if not v:
                    errors[name] = ERR_EMPTY
                elif len(v) > MAX_TEXT:
                    errors[name] = ERR_TOO_LONG
                elif "\x00" in v:
                    errors[name] = ERR_NUL
                else:
                    out.append(v)
        if len(out) > MAX_VALUES:
            errors[name] = ERR_TOO_MANY
            return []
        return out

    def single(name: str) -> str | None:
        got = params.getlist(name)
        if len(got) > 1:
            errors[name] = ERR_REPEATED
            return None
        if not got:
            return None
        v = got[0].strip()
        if not v:
            errors[name] = ERR_EMPTY
            return None
        if len(v) > MAX_TEXT:
            errors[name] = ERR_TOO_LONG
            return None
        if "\x00" in v:
            errors[name] = ERR_NUL
            return None
        return v

    unknown_actors = []
    for term in values("actor"):
        actor = actor_resolve(term)
        if actor is None:
            unknown_actors.append(term)
        elif actor not in f.actors:
            f.actors.append(actor)
    if unknown_actors:
        errors["actor"] = "Unknown actor: " + ", ".join(repr(a) for a in unknown_actors) + "."

    role = single("role")
    if role is not None:
        if role not in ROLE_CHOICES:
            errors["role"] = ERR_ROLE
        else:
            f.role = role

    for name, table, target in (
        ("event_type", _TYPES, f.event_types),
        ("sub_event_type", _SUB_TYPES, f.sub_event_types),
    ):
        bad = []
        for v in values(name):
            canonical = table.get(v.lower())
            if canonical is None:
                bad.append(v)
            elif canonical not in target:
                target.append(canonical)
        if bad:
            choices = "; ".join(table.values()) if name == "event_type" else "see /api/openapi.json"
            errors[name] = (
                f"Unknown {name.replace('_', ' ')} {', '.join(map(repr, bad))}. Use: {choices}."
            )

    for v in values("country"):
        code = v.upper()
        if not re.fullmatch(r"[A-Z]{2}", code) or code not in known_codes():
            errors["country"] = f"{ERR_COUNTRY} Got {v!r}."
        elif code not in f.countries:
            f.countries.append(code)

    for name in ("date_from", "date_to"):
        v = single(name)
        if v is not None:
            try:
                setattr(f, name, dt.date.fromisoformat(v))
            except ValueError:
                errors[name] = f"{ERR_DATE} Got {v!r}."
            else:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                    errors[name] = f"{ERR_DATE} Got {v!r}."
    if f.date_from and f.date_to and f.date_to < f.date_from and "date_to" not in errors:
        errors["date_to"] = ERR_DATE_ORDER

    bbox = single("bbox")
    if bbox is not None:
        try:
            numbers = tuple(float(p) for p in bbox.split(","))
        except ValueError:
            numbers = ()
        ok = len(numbers) == 4 and all(n == n and abs(n) != float("inf") for n in numbers)
        if ok:
            x0, y0, x1, y1 = numbers
            ok = -180 <= x0 < x1 <= 180 and -90 <= y0 < y1 <= 90
        if ok:
            f.bbox = numbers
        else:
            errors["bbox"] = f"{ERR_BBOX} Got {bbox!r}."

    q = single("q")
    if q is not None:
        f.q = q

    mf = single("min_fatalities")
    if mf is not None:
        if re.fullmatch(rf"[0-9]{{1,{MAX_FATALITIES_DIGITS}}}", mf):
            f.min_fatalities = int(mf)
        else:
            errors["min_fatalities"] = f"{ERR_INT} Got {mf!r}."

    statuses = values("status")
    if statuses:
        wanted: list[str] = []
        for s in statuses:
            s = s.lower()
            if s == "all":
                wanted = list(STATUS_CHOICES)
            elif s in STATUS_CHOICES:
                if s not in wanted:
                    wanted.append(s)
            else:
                errors["status"] = ERR_STATUS
        if "status" not in errors:
            if not is_staff and wanted != [Event.Status.VERIFIED]:
                errors["status"] = ERR_STATUS_STAFF
            else:
                f.statuses = wanted

    if errors:
        raise FilterError(errors)
    return f
