"""Writes on events: their curated fields and actors (one write path, `event_update`), their
review status, placing them again."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from events.domain import vocabulary
from events.models import Actor, Event, EventActor, Verification
from events.selectors.verifications import event_verification_state
from events.services.verifications import (
    VerifyOutcome,
    event_verification_decide,
    event_verification_record,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.contrib.gis.geos import Point

    from events.geo.geocoders import PlaceBackend
    from events.services.places import Located


def event_set_actors(
    *, event: Event, roles: Iterable[tuple[Actor, str]], record: bool = True
) -> bool:
    """Make an event's actors exactly the given (actor, role) pairs; True when anything changed.

    With `record` (and a saved event), a change is also a new version of the event, holding the
    new links (its History shows them; a revert to an earlier version restores the earlier
    links). `event_update` writes the links first with record=False, then the version itself.
    """
    wanted = {(actor.pk, role) for actor, role in roles}
    current = {(a, r) for a, r in event.event_actors.values_list("actor_id", "role")}
    if wanted == current:
        return False
    for actor_id, role in current - wanted:
        EventActor.objects.filter(event=event, actor_id=actor_id, role=role).delete()
    EventActor.objects.bulk_create(
        [EventActor(event=event, actor_id=a, role=r) for a, r in sorted(wanted - current)]
    )
    if record and event.pk:
        event.save(update_fields=["updated"])  # the version: a copy of the links comes with it
    return True


def event_actor_roles(*, event: Event) -> list[tuple[Actor, str]]:
    """The event's (actor, role) links as stored."""
    return [(link.actor, link.role) for link in event.event_actors.select_related("actor")]


def event_version_roles(*, version: Any) -> list[tuple[Actor, str]]:
    """The (actor, role) links an event had in one of its versions (a HistoricalEvent)."""
    rows = list(version.actors.values_list("actor_id", "role"))
    actors = Actor.objects.in_bulk([actor_id for actor_id, _ in rows])
    return [(actors[a], role) for a, role in rows if a in actors]


# The fields publishing depends on: an edit of a published event that touches none of them (a
# place found again, a fatality count) is never refused for an older shortcoming.
PUBLISH_FIELDS = ("status", "summary", "event_type", "sub_event_type")


def event_refusals(
    *,
    event: Event,
    changes: Mapping[str, Any] | None = None,
    actors: Iterable[tuple[Actor, str]] | None = None,
) -> list[str]:
    """Why `event` with `changes` (field -> value) and the links `actors` (None: its stored
    ones) may not be saved; [] when it may. Only publishing has conditions: a verified event has
    a curator's summary (not the ingest's placeholder), an event type and at least one actor.
    Checked when the change publishes the event or touches one of those.

    The admin form asks this before anything is written (to show the reasons on the form);
    `event_update` asks it again and refuses what it answers.
    """
    changes = changes or {}

    def value(name: str) -> Any:
        return changes[name] if name in changes else getattr(event, name)

    if value("status") != Event.Status.VERIFIED:
        return []
    stored = event_actor_roles(event=event) if event.pk else []
    links = stored if actors is None else list(actors)
    stored_status = Event.objects.filter(pk=event.pk).values_list("status", flat=True).first()
    publishing = stored_status != Event.Status.VERIFIED
    touched = any(
        name in changes and changes[name] != getattr(event, name) for name in PUBLISH_FIELDS
    ) or {(a.pk, r) for a, r in links} != {(a.pk, r) for a, r in stored}
    if not (publishing or touched):
        return []
    return _publish_problems(value("summary"), value("event_type"), value("sub_event_type"), links)


def _publish_problems(
    summary: str, event_type: str, sub_event_type: str, links: list[tuple[Actor, str]]
) -> list[str]:
    problems = []
    summary = (summary or "").strip()
    if not summary or summary.startswith(vocabulary.DRAFT_SUMMARY_PREFIX):
        problems.append(
            "Not published: the summary is still the ingest's placeholder "
            f"(“{vocabulary.DRAFT_SUMMARY_PREFIX} …”). Write what happened, in our own words, "
            "from the quote."
        )
    if not event_type or not sub_event_type:
        problems.append("Not published: the event has no event type and sub-type.")
    if not links:
        problems.append("Not published: the event has no actor; add at least one (Actor 1).")
    return problems


def event_changes(*, event: Event, values: Mapping[str, Any]) -> dict[str, Any]:
    """The `values` (a form's cleaned data, say) that are Event fields and differ from `event`'s
    (a point counts as moved beyond a micro-degree: a map widget's round trip is not a move)."""
    names = {f.name for f in Event._meta.concrete_fields if f.editable and not f.primary_key}
    changes = {}
    for name, value in values.items():
        if name not in names:
            continue
        old = getattr(event, name)
        if name == "location" and _same_point(old, value):
            continue
        if old != value:
            changes[name] = value
    return changes


def _same_point(a: Point | None, b: Point | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return bool(a.equals_exact(b, tolerance=1e-6))


def _event_place_follow(event: Event, before: Event | None, changes: Mapping[str, Any]) -> None:
    """The event's country and point follow its place when the place changes (or the event has
    no point yet), unless the curator moved the point in this same change: then the point stays
    theirs and, unless they set it too, the geo precision says it is near the place, not at it.
    (An event's province is its place's admin1: it follows with the place.)"""
    place = event.place
    if place is None:
        return
    place_changed = before is None or before.place_id != event.place_id
    moved = "location" in changes and not _same_point(
        before.location if before else None, event.location
    )
    if place_changed or event.location is None:
        event.country_code = place.country_code or event.country_code
        if not moved or event.location is None:
            event.location = place.point
    if (
        moved
        and "geo_precision" not in changes
        and event.geo_precision == Event.GeoPrecision.EXACT
        and not _same_point(event.location, place.point)
    ):
        event.geo_precision = Event.GeoPrecision.NEAR


@transaction.atomic
def event_update(
    *,
    event: Event,
    changes: Mapping[str, Any],
    actors: Iterable[tuple[Actor, str]] | None = None,
    user: User | None,
    reason: str = "",
) -> Event:
    """The one write path of an event's curated fields (and its links): applies `changes`
    (field name -> value) and `actors` ((actor, role) pairs, None: unchanged), derives what
    follows from them (the place's country and point, who verified), refuses what may not be
    published (ValidationError, with every reason) and writes one version of the event
    (django-simple-history: who, when, `reason`, and a copy of its links)."""
    # Locked: two curators verifying at once are counted one after the other.
    before = Event.objects.select_for_update().filter(pk=event.pk).first() if event.pk else None
    roles = list(actors) if actors is not None else None
    problems = event_refusals(event=before or event, changes=changes, actors=roles)
    if problems:
        raise ValidationError(problems)
    for name, value in changes.items():
        setattr(event, name, value)
    _event_place_follow(event, before, changes)
    if event.location is not None:
        event.unlocated_reason = ""
    record_verification = event_verification_decide(event=event, before=before, user=user)
    event._history_user = user  # type: ignore[attr-defined]  # read by simple-history
    if reason:
        event._change_reason = reason  # type: ignore[attr-defined]
    if roles is not None and event.pk:
        # Links first, so the version saved next holds them.
        event_set_actors(event=event, roles=roles, record=False)
    event.save()
    if roles is not None and before is None:
        event_set_actors(event=event, roles=roles)  # a new event: its links, then their version
    if record_verification and user is not None:
        event_verification_record(event=event, user=user)
    return event


def event_verify(
    *,
    event: Event,
    user: User | None,
    changes: Mapping[str, Any] | None = None,
    actors: Iterable[tuple[Actor, str]] | None = None,
) -> VerifyOutcome:
    """A curator's "verify" of `event` (with any other `changes` made at the same time),
    through `event_update`; says whether it is now published or waits for another curator
    (VERIFY_REQUIRES), and whether this curator had already verified it."""
    repeated = (
        user is not None
        and event.pk is not None
        and Verification.objects.filter(event_id=event.pk, user=user).exists()
    )
    changes = {**(changes or {}), "status": Event.Status.VERIFIED}
    event_update(event=event, changes=changes, actors=actors, user=user)
    return VerifyOutcome(
        event=event,
        published=event.status == Event.Status.VERIFIED,
        repeated=repeated,
        state=event_verification_state(event=event),
    )


@dataclass
class StatusChange:
    """What `events_set_status` did: how many changed, the events it refused, with why, and
    the verifications recorded on events still waiting for another curator (VERIFY_REQUIRES)."""

    changed: int = 0
    refused: list[tuple[Event, list[str]]] = field(default_factory=list)
    waiting: list[VerifyOutcome] = field(default_factory=list)


def events_set_status(
    *, events: Iterable[Event], status: str, user: User | None = None
) -> StatusChange:
    """Publish or reject events, each through `event_update` (who verified, when; refused when
    it may not be published, the others changed all the same). Publishing is each curator's
    verification (`event_verify`): an event short of VERIFY_REQUIRES stays a draft, waiting."""
    result = StatusChange()
    for event in events:
        if event.status == status:
            continue
        try:
            with transaction.atomic():
                if status == Event.Status.VERIFIED:
                    outcome = event_verify(event=event, user=user)
                else:
                    event_update(event=event, changes={"status": status}, user=user)
        except ValidationError as exc:
            event.status = Event.objects.values_list("status", flat=True).get(pk=event.pk)
            result.refused.append((event, exc.messages))
        else:
            if status == Event.Status.VERIFIED and not outcome.published:
                result.waiting.append(outcome)
            else:
                result.changed += 1
    return result


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
    # Through the one write path: the point and the country follow the place found.
    event_update(event=event, changes={"place": place}, user=None, reason="geocoded again")
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
