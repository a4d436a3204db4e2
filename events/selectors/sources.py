"""Reading an event's sources (EventSource rows), in the order they were added."""

from __future__ import annotations

from django.db.models import QuerySet

from events.models import Event, EventSource


def event_sources(*, event: Event) -> QuerySet[EventSource]:
    """The event's sources, first (Event.source) first, each with its Source."""
    return EventSource.objects.filter(event=event).select_related("source").order_by("id")


def source_dict(title: str, publisher: str, url: str, published: object) -> dict:
    """A source as the GeoJSON and the snapshot carry it."""
    return {"title": title, "publisher": publisher, "url": url or None, "date": published}
