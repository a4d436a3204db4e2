"""Shared by the tests of EventActor's copies of its event's date and position."""

from __future__ import annotations

from events.models import EventActor


def stale_links() -> list[tuple]:
    """(link id, its copies, its event's values) for every link where they differ."""
    out = []
    for link in EventActor.objects.select_related("event"):
        event = link.event
        own = (link.event_date, link.event_lon, link.event_lat)
        want = (
            event.date,
            *((event.location.x, event.location.y) if event.location else (None,) * 2),
        )
        if own != want:
            out.append((link.pk, own, want))
    return out
