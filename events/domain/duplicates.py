"""When two reports tell of the same event: the one rule, Django-free.

Two events are the same event when all four hold:

- their dates overlap once the looser precision's slack is allowed (`DATE_SLACK_DAYS`): a day
  by one day (an overnight strike is "Friday" in one report and "Saturday" in the
  next; time zones), a week or a month by half of it when the event has no end date of its own
  (a multi-day event's span already is its precision);
- their places agree: points within `PLACE_KM` (10 km), or, when either is placed at province
  precision (geo precision 3), the same admin-1 of the same country; two unlocated events agree
  when they name the same place in the same country (the same name, or its same consonant
  skeleton: "Wad al-Noura", "Wad al Noora");
- the same event type (ACLED's; the sub-type may differ: "air strike" and "shelling" are often
  told apart wrongly from the ground);
- an actor in common.

The selector (events/selectors/duplicates.py) asks it of stored events, the evaluation
(events/ingest/evaluate_pairs.py) of the pipeline's proposals; the distance comes from the one
`km_between` (events/geo/geodesy.py), passed in, so this module stays free of geopy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from events.domain.names import normalize_name, skeleton
from events.domain.vocabulary import DAY, MONTH, REGION, WEEK

PLACE_KM = 10.0
# Days a date of each precision may be off by, either side (see the module's docstring).
DATE_SLACK_DAYS = {DAY: 1, WEEK: 3, MONTH: 15}
# The widest slack: how far apart two starts may be, for a query to bound its date window.
MAX_SLACK_DAYS = max(DATE_SLACK_DAYS.values())

LatLon = tuple[float, float]
Distance = Callable[[LatLon, LatLon], float]


@dataclass(frozen=True)
class EventFacts:
    """What the rule compares of an event (stored, or proposed by the pipeline)."""

    start: dt.date
    end: dt.date | None
    date_precision: int
    event_type: str
    point: LatLon | None  # (latitude, longitude); None: unlocated
    geo_precision: int
    country: str
    admin1: str
    place_name: str
    actors: frozenset[Hashable]  # actor ids or keys: compared for equality only

    @property
    def slack_days(self) -> int:
        if self.end is not None and self.end > self.start and self.date_precision != DAY:
            return 0  # a span: the precision is the span
        return DATE_SLACK_DAYS.get(self.date_precision, 0)

    def window(self) -> tuple[dt.date, dt.date]:
        """The days the event may have happened on, its precision's slack included."""
        days = dt.timedelta(days=self.slack_days)
        return self.start - days, (self.end or self.start) + days


@dataclass(frozen=True)
class Comparison:
    """The rule's answer, with the reason for each test that failed (for the curator)."""

    dates: bool
    places: bool
    event_type: bool
    actors: bool
    km: float | None = None

    @property
    def same(self) -> bool:
        return self.dates and self.places and self.event_type and self.actors

    def reasons(self) -> list[str]:
        """Why not the same event; [] when it is."""
        out = []
        if not self.dates:
            out.append("dates do not overlap within their precision")
        if not self.places:
            far = f" ({self.km:.0f} km apart)" if self.km is not None else ""
            out.append(f"places differ{far}")
        if not self.event_type:
            out.append("event types differ")
        if not self.actors:
            out.append("no actor in common")
        return out


def dates_overlap(a: EventFacts, b: EventFacts) -> bool:
    """The two date ranges overlap once the looser precision's slack is allowed (once, not
    each side's: two day-precision dates may be one day apart, not two)."""
    slack = dt.timedelta(days=max(a.slack_days, b.slack_days))
    a_last, b_last = a.end or a.start, b.end or b.start
    return a.start - slack <= b_last and b.start - slack <= a_last


def places_agree(a: EventFacts, b: EventFacts, distance: Distance) -> tuple[bool, float | None]:
    """Whether the two places agree, and how far apart their points are (None: not both
    located)."""
    km = distance(a.point, b.point) if a.point is not None and b.point is not None else None
    if km is not None and km <= PLACE_KM:
        return True, km
    province = REGION in (a.geo_precision, b.geo_precision) and a.country == b.country
    if province and a.admin1 and normalize_name(a.admin1) == normalize_name(b.admin1):
        return True, km
    if a.point is None and b.point is None and a.place_name and a.country == b.country:
        # Both unlocated: the same name, however transliterated ("Wad al-Noura", "Wad al Noora").
        same = normalize_name(a.place_name) == normalize_name(b.place_name)
        return same or _skeleton_same(a.place_name, b.place_name), km
    return False, km


def events_compare(a: EventFacts, b: EventFacts, *, distance: Distance) -> Comparison:
    """The rule, test by test (see the module's docstring)."""
    places, km = places_agree(a, b, distance)
    return Comparison(
        dates=dates_overlap(a, b),
        places=places,
        event_type=bool(a.event_type) and a.event_type == b.event_type,
        actors=bool(a.actors & b.actors),
        km=km,
    )


def same_event(a: EventFacts, b: EventFacts, *, distance: Distance) -> bool:
    return events_compare(a, b, distance=distance).same


def _skeleton_same(a: str, b: str) -> bool:
    """The same consonant skeleton (events/domain/names.py), for names of four letters or more
    (shorter skeletons are too easily shared)."""
    key = skeleton(a)
    return len(key) >= 4 and key == skeleton(b)
