"""Reading an event's sources (EventSource rows), in the order they were added."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from events.models import Event, EventSource, Source


def event_sources(*, event: Event) -> QuerySet[EventSource]:
    """The event's sources, first (Event.source) first, each with its Source."""
    return EventSource.objects.filter(event=event).select_related("source").order_by("id")


def source_dict(title: str, publisher: str, url: str, published: object) -> dict:
    """A source as the GeoJSON and the snapshot carry it."""
    return {"title": title, "publisher": publisher, "url": url or None, "date": published}


@dataclass(frozen=True)
class Citation:
    """A source as a page shows it: the words quoted from it, and the source (None: a quote
    whose source was never recorded)."""

    quote: str
    source: Source | None


def event_citations(*, event: Event) -> list[Citation]:
    """What the event page lists under its sources: every EventSource with its quote; an
    event written around them (Event.source set directly) shows that one source."""
    cited = [
        # The first source's quote may have been edited on the event itself (its Source field).
        Citation(es.quote or (event.quote if es.source_id == event.source_id else ""), es.source)
        for es in event_sources(event=event)
    ]
    if not cited and (event.quote or event.source):
        cited = [Citation(event.quote, event.source)]
    return cited
