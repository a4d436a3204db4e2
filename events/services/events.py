"""Writes on events: their actors, their review status, placing them again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from events.models import Actor, Event, EventActor

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from events.geo.geocoders import PlaceBackend
    from events.services.places import Located


def event_set_actors(*, event: Event, roles: Iterable[tuple[Actor, str]]) -> bool:
    """Make an event's actors exactly the given (actor, role) pairs; True when anything changed."""
    wanted = {(actor.pk, role) for actor, role in roles}
    current = {(a, r) for a, r in event.event_actors.values_list("actor_id", "role")}
    if wanted == current:
        return False
    for actor_id, role in current - wanted:
        EventActor.objects.filter(event=event, actor_id=actor_id, role=role).delete()
    EventActor.objects.bulk_create(
        [EventActor(event=event, actor_id=a, role=r) for a, r in sorted(wanted - current)]
    )
    return True


@transaction.atomic
def events_set_status(*, events: Iterable[Event], status: str, user: User | None = None) -> int:
    """Publish or reject events; remembers who verified them and when."""
    count = 0
    for event in events:
        event.status = status
        if status == Event.Status.VERIFIED:
            event.verified_by = user
            event.verified_at = timezone.now()
        event.save(update_fields=["status", "verified_by", "verified_at", "updated"])
        count += 1
    return count


def event_geocode_again(*, event: Event, backend: PlaceBackend | None = None) -> bool:
    """Try again to place an unlocated event from its place name; True when it now has a place.

    Placed: its `unlocated_reason` is cleared. Still unlocated: the reason says why (not found,
    or the geocoder unavailable, which caches nothing, so a later try asks again).
    """
    if event.location is not None or not event.place_name:
        return event.location is not None
    return event_geocode_attempt(event=event, backend=backend).place is not None


def event_geocode_attempt(*, event: Event, backend: PlaceBackend | None = None) -> Located:
    """Geocode an unlocated event's place name and record the outcome: the place, or the reason
    it has none. Answers the geocoding.Located (which says whether the geocoder was unavailable)."""
    from events.services.places import place_locate

    located = place_locate(
        name=event.place_name, country=event.country_code or None, backend=backend
    )
    place = located.place
    if place is None:
        if event.unlocated_reason != located.reason:
            event.unlocated_reason = located.reason
            event.save(update_fields=["unlocated_reason", "updated"])
        return located
    event.place = place
    event.location = place.point
    event.country_code = event.country_code or place.country_code
    event.unlocated_reason = ""
    event.save(update_fields=["place", "location", "country_code", "unlocated_reason", "updated"])
    return located


@dataclass
class GeocodeAgain:
    """What `events_geocode_again` did."""

    placed: int = 0
    not_found: int = 0
    unavailable: int = 0  # left unlocated because the geocoder could not answer
    error: str = ""  # the geocoder's failure, when there was one

    def summary(self) -> str:
        text = f"{self.placed} placed, {self.not_found} not found"
        if self.unavailable:
            text += f", {self.unavailable} left for later: {self.error[:300]}"
        return text


def events_geocode_again(
    *, events: Iterable[Event], backend: PlaceBackend | None = None
) -> GeocodeAgain:
    """`event_geocode_again` for many events. Once the geocoder fails, the rest are answered
    from the lookup cache only (geocoding.BatchBackend): one outage costs one failed request."""
    from events.geo.geocoders import BatchBackend, get_backend

    backend = BatchBackend(backend or get_backend())
    result = GeocodeAgain()
    for event in events:
        if event.location is not None or not event.place_name:
            continue
        located = event_geocode_attempt(event=event, backend=backend)
        if located.place is not None:
            result.placed += 1
        elif located.unavailable is not None:
            result.unavailable += 1
            result.error = result.error or str(located.unavailable)
        else:
            result.not_found += 1
    return result
