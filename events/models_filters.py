"""The one event filter's actor and date parts, for `EventQuerySet.matching` (events/models.py,
which imports this at its end, once EventActor exists: this module reads it from there)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from events.models import Event, EventActor

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
