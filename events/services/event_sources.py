"""Writing an event's sources: the one place that adds an EventSource and keeps Event.source
(the first source) in step with the list.

Importers write the same rows in bulk (events/services/imports/source_links.py) by the same
rule: the first source of a row is Event.source, every source an EventSource.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from events.models import Event, EventSource, Source

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@transaction.atomic
def event_add_source(
    *,
    event: Event,
    source: Source,
    quote: str = "",
    start: int | None = None,
    end: int | None = None,
    user: AbstractBaseUser | None = None,
) -> EventSource:
    """Cite `source` for `event` (idempotent: a source already cited keeps its row, and gets
    the quote if it had none). The first source becomes Event.source, with its quote.

    The event's `updated` is touched, so the API's data version (a trigger on events) moves
    and no cached response outlives the new source.
    """
    link, created = EventSource.objects.get_or_create(
        event=event,
        source=source,
        defaults={
            "quote": quote,
            "quote_start": start,
            "quote_end": end,
            "added_by": user if user is not None and user.pk else None,
        },
    )
    if not created and quote and not link.quote:
        link.quote, link.quote_start, link.quote_end = quote, start, end
        link.save(update_fields=["quote", "quote_start", "quote_end"])
    values: dict = {}
    if event.source_id is None:
        values["source_id"] = source.pk
        if quote and not event.quote:
            values |= {"quote": quote, "quote_start": start, "quote_end": end}
    if created or values:
        _event_touch(event, values)
    return link


def _event_touch(event: Event, values: dict) -> None:
    """Write `values` and a new `updated` on the event, in one UPDATE and without a history
    version of its own (the version that matters is the curator's save around it)."""
    values = {**values, "updated": timezone.now()}
    Event.objects.filter(pk=event.pk).update(**values)
    for name, value in values.items():
        setattr(event, name, value)


@transaction.atomic
def event_remove_source(*, event: Event, source: Source) -> bool:
    """Stop citing `source`; when it was Event.source, the next cited source (if any) takes
    its place. Whether a row was removed."""
    removed, _ = EventSource.objects.filter(event=event, source=source).delete()
    if not removed:
        return False
    values: dict = {}
    if event.source_id == source.pk:
        nxt = EventSource.objects.filter(event=event).order_by("id").first()
        values = {
            "source_id": nxt.source_id if nxt else None,
            "quote": nxt.quote if nxt else "",
            "quote_start": nxt.quote_start if nxt else None,
            "quote_end": nxt.quote_end if nxt else None,
        }
    _event_touch(event, values)
    return True
