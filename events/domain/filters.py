"""The one event filter as a value (Django-free): what a user asked for, its parameters and errors.

`events.api.params.event_filter_parse` builds it from a query string, `Event.objects.matching`
selects with it; `describe` names a download after it and `as_query` rebuilds its link.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Protocol

from events.domain.vocabulary import STATUSES, VERIFIED


class FilterActor(Protocol):
    """What the filter needs of an actor; the models' Actor is one (the domain imports no model)."""

    pk: int
    slug: str


ROLE_CHOICES = ("any", "actor1", "actor2")
STATUS_CHOICES = STATUSES
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
    actors: list[FilterActor] = field(default_factory=list)
    role: str = "any"
    event_types: list[str] = field(default_factory=list)
    sub_event_types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str = ""
    # The stored places q names by a name or transliteration the gazetteer knows ("Halab" ->
    # Aleppo's place ids), resolved with q by the parser (events/selectors/places.py); not a
    # parameter of its own.
    q_places: list[int] = field(default_factory=list)
    min_fatalities: int | None = None
    statuses: list[str] = field(default_factory=lambda: [VERIFIED])
    # Who asks (not a parameter: set from the request's user): staff also see staff-only
    # datasets and may ask for other statuses. False unless the caller says so.
    staff: bool = False

    def describe(self) -> str:
        """A short, file-name-safe description: conflictmap-islamic-state-2017-01-01_2017-01-31;
        an open-ended window is 2017-01-01_onwards or until_2017-02-01."""
        parts = [a.slug for a in self.actors]
        parts += [slug_part(t) for t in self.event_types + self.sub_event_types]
        parts += [c.lower() for c in self.countries]
        if self.date_from and self.date_to:
            parts.append(f"{self.date_from}_{self.date_to}")
        elif self.date_from:  # an open end reads as words, not as "…_end"
            parts.append(f"{self.date_from}_onwards")
        elif self.date_to:
            parts.append(f"until_{self.date_to}")
        if self.q:
            parts.append("q-" + slug_part(self.q)[:30])
        if self.bbox:
            parts.append("bbox")
        if self.min_fatalities:
            parts.append(f"min{self.min_fatalities}")
        if self.statuses != [VERIFIED]:
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
        if self.statuses != [VERIFIED]:
            out += [("status", s) for s in self.statuses]
        return out


def slug_part(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
