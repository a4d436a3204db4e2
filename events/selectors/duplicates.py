"""Which stored events may be the same event: the one owner of the matching rule's queries.

The rule itself is events/domain/duplicates.py (shared with the evaluation); here it is asked of
stored events. The database narrows the candidates first (not rejected, not merged, the same
event type, a start within the widest date slack, an actor in common, no curator's "not the
same" for the pair), then each is compared by the rule, with the one `km_between`.

`event_duplicate_candidates(event)` is what the review screens call for one event ("same as
#N"); `duplicate_pairs()` is the admin's "possible duplicates" list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from events.domain.duplicates import MAX_SLACK_DAYS, Comparison, EventFacts, events_compare
from events.geo.gazetteer import get_gazetteer
from events.geo.geodesy import km_between
from events.models import DistinctEvents, Event, EventActor

# At most this many events are compared with one event (a busy actor on one day, at 1M events).
MAX_COMPARED = 500
# The "possible duplicates" list compares this many of the most recent events with all others.
RECENT_EVENTS = 500


def event_facts(event: Event) -> EventFacts:
    """What the rule compares of a stored event (its links read once, or from a prefetch)."""
    location = event.location
    place = event.place
    return EventFacts(
        start=event.date,
        end=event.end_date,
        date_precision=event.date_precision,
        event_type=event.event_type,
        point=(location.y, location.x) if location is not None else None,
        geo_precision=event.geo_precision,
        country=event.country_code,
        admin1=place.admin1 if place is not None else _province_code(event),
        place_name=event.place_name or (place.name if place is not None else ""),
        actors=frozenset(link.actor_id for link in event.event_actors.all()),
    )


def _province_code(event: Event) -> str:
    """The admin-1 code of an event placed at province precision without a Place (the ingest
    stores a province's point only): the gazetteer's code for the province it names."""
    if event.geo_precision != Event.GeoPrecision.REGION or not event.place_name:
        return ""
    provinces = get_gazetteer().provinces(event.place_name)
    country = event.country_code
    return next((p.admin1 for p in provinces if p.country_code == country), event.place_name)


def _dismissed(events: list[Event] | None = None) -> dict[int, set[int]]:
    """Each event's "not the same" partners: of `events`, or of every event (one query)."""
    rows = DistinctEvents.objects.all()
    if events is not None:
        ids = [e.pk for e in events]
        rows = rows.filter(Q(event_id__in=ids) | Q(other_id__in=ids))
    partners: dict[int, set[int]] = {}
    for a, b in rows.values_list("event_id", "other_id"):
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    return partners


def _candidates_query(event: Event, facts: EventFacts, dismissed: set[int]) -> list[Event]:
    if not facts.actors or not facts.event_type:
        return []
    low, high = facts.window()
    reach = dt.timedelta(days=MAX_SLACK_DAYS)
    linked = EventActor.objects.filter(actor_id__in=facts.actors).values("event_id")
    qs = (
        Event.objects.exclude(pk=event.pk)
        .exclude(status=Event.Status.REJECTED)
        .filter(merged_into__isnull=True, event_type=facts.event_type)
        .filter(date__lte=high + reach)
        .filter(Q(date__gte=low - reach) | Q(end_date__gte=low - reach))
        .filter(pk__in=linked)
        .select_related("place")
        .prefetch_related("event_actors")
        .order_by("-date", "-id")
    )
    return [e for e in qs[:MAX_COMPARED] if e.pk not in dismissed]


@dataclass(frozen=True)
class Candidate:
    """An event the rule finds the same as another, and how far apart their points are."""

    event: Event
    comparison: Comparison


def event_duplicate_matches(
    event: Event, dismissed: dict[int, set[int]] | None = None
) -> list[Candidate]:
    """The events the rule finds the same as `event`: verified ones first, then the nearest,
    then the oldest. None for a rejected or merged event. `dismissed`: the "not the same"
    pairs, when the caller asks for many events (read once), else read for this one."""
    if event.pk is None or event.status == Event.Status.REJECTED or event.merged_into_id:
        return []
    facts = event_facts(event)
    partners = (dismissed if dismissed is not None else _dismissed([event])).get(event.pk, set())
    found = []
    for other in _candidates_query(event, facts, partners):
        comparison = events_compare(facts, event_facts(other), distance=km_between)
        if comparison.same:
            found.append(Candidate(other, comparison))
    found.sort(
        key=lambda c: (
            c.event.status != Event.Status.VERIFIED,
            c.comparison.km if c.comparison.km is not None else float("inf"),
            c.event.pk,
        )
    )
    return found


def event_duplicate_candidates(event: Event) -> list[Event]:
    """The events `event` may be the same as ("same as #N"), best first: for the review queue
    and the change form. A curator accepts one (events/services/duplicates.py
    `event_corroborate`) or says it is not the same (`event_duplicate_dismiss`)."""
    return [c.event for c in event_duplicate_matches(event)]


@dataclass(frozen=True)
class DuplicatePair:
    """Two events the rule finds the same; `survivor` is the one a merge should keep (the
    verified one, else the older), `other` the one merged into it."""

    survivor: Event
    other: Event
    comparison: Comparison

    @property
    def events(self) -> tuple[Event, Event]:
        return self.survivor, self.other


def _survivor_first(a: Event, b: Event) -> tuple[Event, Event]:
    def rank(e: Event) -> tuple[bool, int]:
        return (e.status != Event.Status.VERIFIED, e.pk)

    return (a, b) if rank(a) <= rank(b) else (b, a)


def duplicate_pairs(*, recent: int = RECENT_EVENTS) -> list[DuplicatePair]:
    """Possible duplicates: each of the `recent` most recently added events (not rejected, not
    merged) with every event the rule finds the same as it; each pair once, newest first."""
    events = (
        Event.objects.exclude(status=Event.Status.REJECTED)
        .filter(merged_into__isnull=True)
        .select_related("place")
        .prefetch_related("event_actors")
        .order_by("-id")[:recent]
    )
    listed = list(events)
    dismissed = _dismissed(listed)
    seen: set[tuple[int, int]] = set()
    pairs = []
    for event in listed:
        for match in event_duplicate_matches(event, dismissed):
            key = (min(event.pk, match.event.pk), max(event.pk, match.event.pk))
            if key in seen:
                continue
            seen.add(key)
            survivor, other = _survivor_first(event, match.event)
            pairs.append(DuplicatePair(survivor, other, match.comparison))
    return pairs
