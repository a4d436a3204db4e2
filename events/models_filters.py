"""The one event filter's actor, date and text parts, for `EventQuerySet.matching`
(events/models.py, which imports this at its end, once EventActor exists: this module reads it
from there)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from events.domain.names import normalize_name
from events.models import Actor, ActorAlias, Event, EventActor

if TYPE_CHECKING:
    from events.domain.filters import EventFilter


def _date_window(f: EventFilter) -> Q:
    """Events overlapping [date_from, date_to]: an event spanning days (a month-precision event)
    counts when it overlaps. Two ranges (starts inside; started before but ends inside or after)
    so that each side is one index range scan: date, and the partial index on end_date."""
    if f.date_from:
        starts_inside = Q(date__gte=f.date_from)
        if f.date_to:
            starts_inside &= Q(date__lte=f.date_to)
        spanning = Q(end_date__gte=f.date_from, date__lt=f.date_from)
        # Most windows have no event spanning their start (ACLED's have none at all): asked
        # first, through the partial end_date index (well under a millisecond), the window is
        # then one range of the date, which PostgreSQL reads from a covering index alone (the
        # trends and facets at 1M events: bench/bench_trends.py); with the OR it must read
        # every event of the window from the table (a bitmap scan, 5x slower over two years).
        if not Event.objects.filter(spanning).exists():
            return starts_inside
        return starts_inside | spanning
    if f.date_to:
        return Q(date__lte=f.date_to)
    return Q()


# At most this many ids of multi-day events are inlined into the links query (see below).
MAX_SPANNING_IDS = 2000


def _actor_event_ids(f: EventFilter) -> QuerySet[EventActor, Any]:
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


# At most this many actor ids are inlined into the text search's links test, else a subquery.
MAX_INLINED_ACTORS = 500


def _text_match(f: EventFilter) -> Q:
    """The text search: q inside the summary, the source's place name or the place's name, or
    naming one of the event's actors (inside a name or an alias, or its key), or one of the
    places the parser resolved q to (`f.q_places`: "Halab" -> Aleppo's).

    The actors q names are looked up first, on the small actor tables: none (most words) and
    the events' test is their text alone; some, and each event's links are probed through the
    (event, actor) unique index. An IN over every link of those actors, OR'ed with the text,
    becomes a subplan PostgreSQL does not hash once it estimates more rows than fit in
    work_mem, and then rescans for every event: 100 s at 300k events (bench/bench_search.py).
    """
    named = Q(alias__icontains=f.q) | Q(normalized__icontains=normalize_name(f.q) or f.q)
    by_alias = ActorAlias.objects.filter(named).values("actor_id")
    by_name = Actor.objects.filter(name__icontains=f.q).values("id")
    actor_ids = set(by_alias.values_list("actor_id", flat=True)[: MAX_INLINED_ACTORS + 1])
    actor_ids |= set(by_name.values_list("id", flat=True)[: MAX_INLINED_ACTORS + 1])
    text = Q(summary__icontains=f.q) | Q(place_name__icontains=f.q) | Q(place__name__icontains=f.q)
    if actor_ids:
        links = EventActor.objects.filter(event_id=OuterRef("pk"))
        if len(actor_ids) > MAX_INLINED_ACTORS:
            links = links.filter(Q(actor_id__in=by_alias) | Q(actor_id__in=by_name))
        else:
            links = links.filter(actor_id__in=sorted(actor_ids))
        text |= Q(Exists(links))
    if f.q_places:  # the places q names otherwise, resolved by the parser
        text |= Q(place_id__in=f.q_places)
    return text
