"""Writing an event's sources: the one place that adds an EventSource and keeps Event.source
(the first source) in step with the list.

Importers write the same rows in bulk (events/services/imports/source_links.py) by the same
rule: the first source of a row is Event.source, every source an EventSource.

Each change of an event's sources is a new version of the event holding them (its History shows
the source added or removed; a revert restores them), unless `record=False`: the caller writes
the version itself (`event_update` next, as a merge does).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    record: bool = True,
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
        _event_touch(event, values, user=user, record=record)
    return link


def _event_touch(
    event: Event, values: dict, *, user: AbstractBaseUser | None, record: bool
) -> None:
    """Write `values` and a new `updated` on the event; with `record`, as a new version of it
    (holding its sources as they now are, by `user`), else in one UPDATE without one."""
    values = {**values, "updated": timezone.now()}
    for name, value in values.items():
        setattr(event, name, value)
    if not record:
        Event.objects.filter(pk=event.pk).update(**values)
        return
    event._history_user = user if user is not None and user.pk else None  # type: ignore[attr-defined]
    event.save(update_fields=list(values))


@transaction.atomic
def event_remove_source(
    *,
    event: Event,
    source: Source,
    user: AbstractBaseUser | None = None,
    record: bool = True,
) -> bool:
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
    _event_touch(event, values, user=user, record=record)
    return True


# A source as an event cites it: the source, the quote and the quote's offsets in its text.
Citation = tuple[Source, str, "int | None", "int | None"]


@transaction.atomic
def event_sources_set(
    *,
    event: Event,
    cited: list[Citation],
    user: AbstractBaseUser | None = None,
    record: bool = True,
) -> bool:
    """Make the event's sources exactly `cited`, in that order for the first (Event.source),
    quotes included: what the admin's source rows say, or a version's sources on a revert.
    One version of the event holds the result (unless `record=False`); True when anything
    changed."""
    wanted = {source.pk: (source, quote, start, end) for source, quote, start, end in cited}
    current = {link.source_id: link for link in EventSource.objects.filter(event=event)}
    changed = False
    for source_id in current.keys() - wanted.keys():
        changed |= event_remove_source(event=event, source=current[source_id].source, record=False)
    for source_id, (source, quote, start, end) in wanted.items():
        link = current.get(source_id)
        if link is None:
            event_add_source(
                event=event, source=source, quote=quote, start=start, end=end, user=user,
                record=False,
            )  # fmt: skip
            changed = True
        elif (link.quote, link.quote_start, link.quote_end) != (quote, start, end):
            link.quote, link.quote_start, link.quote_end = quote, start, end
            link.save(update_fields=["quote", "quote_start", "quote_end"])
            changed = True
    first = cited[0] if cited else None
    values = {} if first is None or event.source_id == first[0].pk else _as_first(first)
    if changed or values:
        _event_touch(event, values, user=user, record=record)
    return changed or bool(values)


def _as_first(citation: Citation) -> dict:
    source, quote, start, end = citation
    return {"source_id": source.pk, "quote": quote, "quote_start": start, "quote_end": end}


def event_version_citations(*, version: Any) -> list[Citation]:
    """The sources an event cited in one of its versions (a HistoricalEvent), first first."""
    rows = list(version.sources.order_by("id").values_list(
        "source_id", "quote", "quote_start", "quote_end"
    ))  # fmt: skip
    sources = Source.objects.in_bulk([row[0] for row in rows])
    return [(sources[s], q, a, b) for s, q, a, b in rows if s in sources]
