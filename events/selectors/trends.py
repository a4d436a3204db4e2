"""Trends under a filter: events and fatalities per period stacked by event type, the top actors,
countries and admin-1 areas, and the change against the previous window of the same length.

Each part is one GROUP BY over the filter's located events (the map's events), so the database
does the counting and Python only reads the grouped rows. What the counts mean (periods, the
previous window, the change flag) is `events.domain.trends`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db.models import Count, DateField, F, Max, Min, QuerySet, Sum, Value
from django.db.models.functions import Greatest, TruncYear

from events.domain.columns import admin1_cells
from events.domain.countries import country_name
from events.domain.filters import EventFilter
from events.domain.trends import bucket_for_window, change_between, previous_window
from events.domain.vocabulary import EVENT_TAXONOMY
from events.geo.gazetteer import get_gazetteer
from events.models import Actor, Event
from events.selectors.stats import BUCKETS

TRUNC = {**BUCKETS, "year": TruncYear}  # the histogram's periods, and years
TOP = 10


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _fatalities(rows_value: int | None) -> int:
    return rows_value or 0


def _series(events: QuerySet[Event], f: EventFilter, bucket: str) -> list[dict]:
    """(period, event type) -> events, fatalities, first and last date. An event that started
    before the window (and overlaps it) is counted in the window's first period."""
    day = Greatest(F("date"), Value(f.date_from, DateField())) if f.date_from else F("date")
    return list(
        events.annotate(period=TRUNC[bucket](day, output_field=DateField()))
        .values("period", "event_type")
        .annotate(n=Count("id"), fatalities=Sum("fatalities"), first=Min("date"), last=Max("date"))
        .order_by("period", "event_type")
    )


def _periods(rows: list[dict]) -> list[dict]:
    """The grouped rows as one entry per period, its counts by event type."""
    periods: dict[dt.date, dict] = {}
    for r in rows:
        start = _day(r["period"])
        p = periods.setdefault(start, {"start": start.isoformat(), "events": {}, "fatalities": {}})
        p["events"][r["event_type"]] = r["n"]
        p["fatalities"][r["event_type"]] = _fatalities(r["fatalities"])
    return list(periods.values())


def _links_in_window(f: EventFilter) -> dict:
    """A condition on the events' links by their copy of the event's date (the
    eventactor_date_actor index), implied by the window: the links start in it, unless an
    event spans its start (then only its end bounds them)."""
    where = {}
    if f.date_to:
        where["event_actors__event_date__lte"] = f.date_to
    if f.date_from:
        spanning = Event.objects.filter(end_date__gte=f.date_from, date__lt=f.date_from)
        if not spanning.exists():
            where["event_actors__event_date__gte"] = f.date_from
    return where


def _top_actors(events: QuerySet[Event], f: EventFilter, top: int) -> list[dict]:
    """From the events (the covering index) to their links: one join, one GROUP BY actor. One
    link per (event, actor) in practice (an actor on both sides of one event is rare), so
    COUNT of links is the events' count; COUNT(DISTINCT) costs 3x."""
    # With an actor chosen the events are few: each one's links are looked up in the
    # (event, actor, role) index, index-only, and a condition on the links' dates would only
    # stop that. Without, the window's links are read by date and hash-joined.
    where = {} if f.actors else _links_in_window(f)
    grouped = (
        events.filter(**where)
        .values("event_actors__actor_id")
        .annotate(n=Count("id"), fatalities=Sum("fatalities"))
        .order_by("-n", "event_actors__actor_id")[: top + 1]
    )
    # top + 1: without a condition on them the links are an outer join, and the events with
    # none make one group of their own (no actor), dropped here.
    rows = [r for r in grouped if r["event_actors__actor_id"] is not None][:top]
    for r in rows:
        r["actor_id"] = r.pop("event_actors__actor_id")
    actors = Actor.objects.in_bulk([r["actor_id"] for r in rows])
    return [
        {
            "slug": actors[r["actor_id"]].slug,
            "name": actors[r["actor_id"]].name,
            "colour": actors[r["actor_id"]].colour,
            "events": r["n"],
            "fatalities": _fatalities(r["fatalities"]),
        }
        for r in rows
    ]


def _admin1_named(stored: str, country: str) -> dict[str, str]:
    """A place's stored admin-1 with its name: an import's is one ("Borno"); the gazetteer's
    places hold GeoNames' code ("09"), named here through the gazetteer's provinces ("Aleppo")
    so the panel never lists a bare code it can name."""
    name, code = admin1_cells(stored)
    if code and not name:
        name = get_gazetteer().admin1_name(country, code) or ""
    return {"name": name, "code": code}


def _top_places(events: QuerySet[Event], top: int) -> tuple[list[dict], list[dict]]:
    """The top countries and admin-1 areas, from one GROUP BY (country, admin-1): at most one
    row per admin-1 area, summed per country here (one pass over the events, not two)."""
    rows = list(
        events.values_list("country_code", "place__admin1")
        .annotate(n=Count("id"), fatalities=Sum("fatalities"))
        .order_by()
    )
    per_country: dict[str, list[int]] = {}
    areas = []
    for country, admin1, n, fatalities in rows:
        if country:
            total = per_country.setdefault(country, [0, 0])
            total[0] += n
            total[1] += fatalities or 0
        if admin1:
            areas.append((admin1, country, n, fatalities or 0))
    countries = sorted(per_country.items(), key=lambda kv: (-kv[1][0], kv[0]))[:top]
    areas.sort(key=lambda a: (-a[2], a[1], a[0]))
    return (
        [
            {"code": c, "name": country_name(c), "events": n, "fatalities": fat}
            for c, (n, fat) in countries
        ],
        [
            {**_admin1_named(stored, c), "country": c, "events": n, "fatalities": fat}
            for stored, c, n, fat in areas[:top]
        ],
    )


def _change(f: EventFilter, current: tuple[int, int], last: dt.date | None) -> dict | None:
    """The window against the one just before it, of the same length; None without a start
    (the window then begins with the data: there is nothing before it to compare with), or
    when the one before would begin before the year 1."""
    if f.date_from is None:
        return None
    end = f.date_to or max(last or f.date_from, f.date_from)
    previous = previous_window(f.date_from, end)
    if previous is None:
        return None
    p0, p1 = previous
    before = (
        Event.objects.matching(replace(f, date_from=p0, date_to=p1))
        .located()
        .aggregate(n=Count("id"), fatalities=Sum("fatalities"))
    )
    return {
        "date_from": f.date_from.isoformat(),
        "date_to": end.isoformat(),
        "previous_from": p0.isoformat(),
        "previous_to": p1.isoformat(),
        "events": change_between(current[0], before["n"]).as_dict(),
        "fatalities": change_between(current[1], _fatalities(before["fatalities"])).as_dict(),
    }


def trends(f: EventFilter, bucket: str | None = None, top: int = TOP) -> dict:
    """Everything the trends panel shows for the filter (its date window included)."""
    events = Event.objects.matching(f).located().order_by()
    chosen = bucket or bucket_for_window(f.date_from, f.date_to)
    rows = _series(events, f, chosen)
    first = min((r["first"] for r in rows), default=None)
    last = max((r["last"] for r in rows), default=None)
    if bucket is None and not (f.date_from and f.date_to):
        # An open window: its period follows the extent of the data in it.
        better = bucket_for_window(f.date_from or first, f.date_to or last)
        if better != chosen:
            chosen, rows = better, _series(events, f, better)
    countries, admin1 = _top_places(events, top)
    total = sum(r["n"] for r in rows)
    fatalities = sum(_fatalities(r["fatalities"]) for r in rows)
    present = {r["event_type"] for r in rows}
    types = [t for t in EVENT_TAXONOMY if t in present]  # ACLED's order, as the checklist
    return {
        "bucket": chosen,
        "date_from": _iso(f.date_from or first),
        "date_to": _iso(f.date_to or last),
        "total": {"events": total, "fatalities": fatalities},
        "event_types": types,
        "periods": _periods(rows),
        "actors": _top_actors(events, f, top),
        "countries": countries,
        "admin1": admin1,
        "change": _change(f, (total, fatalities), last),
    }
