"""Writes and lookups on the domain, shared by the admin, the seeds, ingest and importers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from events.models import Actor, ActorAlias, Event, EventActor
from events.names import normalize_name


def row_upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """Like update_or_create, but writes nothing when nothing differs: no history version, no
    new data version (API caches stay valid) when seeds or imports are loaded again.
    Returns (row, whether it was created or changed)."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed)
    return row, bool(changed)


def actor_resolve(name: str) -> Actor | None:
    """The actor a name or alias stands for ("ISIS", "Daesh" -> Islamic State), or None."""
    key = normalize_name(name)
    if not key:
        return None
    alias = ActorAlias.objects.select_related("actor").filter(normalized=key).first()
    if alias:
        return alias.actor
    return Actor.objects.filter(slug=slugify(name)).first()


def actor_upsert(
    *,
    slug: str,
    name: str,
    kind: int = Actor.Kind.EXTERNAL_OTHER,
    country: str = "",
    colour: str | None = None,
    aliases: Iterable[str] = (),
) -> Actor:
    """Create or update an actor and give it its aliases (its own name always among them)."""
    defaults = {"name": name, "kind": kind, "country": country}
    if colour:
        defaults["colour"] = colour
    actor, _ = row_upsert(Actor, {"slug": slug}, defaults)
    wanted = {normalize_name(a): a for a in reversed([name, *aliases]) if normalize_name(a)}
    existing = dict(
        ActorAlias.objects.filter(normalized__in=wanted).values_list("normalized", "actor_id")
    )
    for key, owner in existing.items():
        if owner != actor.pk:
            other = Actor.objects.get(pk=owner).name
            raise ValueError(f"Alias {wanted[key]!r} of {name!r} already belongs to {other!r}.")
    ActorAlias.objects.bulk_create(
        [
            ActorAlias(actor=actor, alias=alias, normalized=key)
            for key, alias in wanted.items()
            if key not in existing
        ]
    )
    return actor


def event_set_actors(event: Event, roles: Iterable[tuple[Actor, str]]) -> bool:
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
def events_set_status(events: Iterable[Event], *, status: str, user=None) -> int:
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


def event_geocode_again(event: Event, *, backend=None) -> bool:
    """Try again to place an unlocated event from its place name; True when it now has a place.

    Placed: its `unlocated_reason` is cleared. Still unlocated: the reason says why (not found,
    or the geocoder unavailable, which caches nothing, so a later try asks again).
    """
    if event.location is not None or not event.place_name:
        return event.location is not None
    return event_geocode_attempt(event, backend=backend).place is not None


def event_geocode_attempt(event: Event, *, backend=None):
    """Geocode an unlocated event's place name and record the outcome: the place, or the reason
    it has none. Answers the geocoding.Located (which says whether the geocoder was unavailable)."""
    from events.geocoding import place_locate

    located = place_locate(event.place_name, country=event.country_code or None, backend=backend)
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


def events_geocode_again(events: Iterable[Event], *, backend=None) -> GeocodeAgain:
    """`event_geocode_again` for many events. Once the geocoder fails, the rest are answered
    from the lookup cache only (geocoding.BatchBackend): one outage costs one failed request."""
    from events.geocoding import BatchBackend, get_backend

    backend = BatchBackend(backend or get_backend())
    result = GeocodeAgain()
    for event in events:
        if event.location is not None or not event.place_name:
            continue
        located = event_geocode_attempt(event, backend=backend)
        if located.place is not None:
            result.placed += 1
        elif located.unavailable is not None:
            result.unavailable += 1
            result.error = result.error or str(located.unavailable)
        else:
            result.not_found += 1
    return result
