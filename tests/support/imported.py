"""What the importer tests read back from the database after an import."""

from __future__ import annotations

from events.models import Actor, ActorAlias, Event, EventActor, Place


def table_counts() -> dict[str, int]:
    """The rows of each table an import writes, by model name."""
    return {m.__name__: m.objects.count() for m in (Event, EventActor, Actor, ActorAlias, Place)}


def acled_event(external_id: str) -> Event:
    """The ACLED event with this id (its place and source fetched with it)."""
    return Event.objects.select_related("place", "source").get(
        dataset="acled", external_id=external_id
    )


def link_roles(event: Event) -> set[tuple[str, str]]:
    """(role, actor name) of each of the event's links."""
    return {(link.role, link.actor.name) for link in event.event_actors.select_related("actor")}
