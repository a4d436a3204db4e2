"""An import's EventSource rows: each row's sources (EventRow.source_ids, the first also its
Event.source) as the event's sources, diffed against what the event has.

The rule both writers follow (the ORM's here, the COPY writer's in SQL: copy_writer.py): the
file decides the sources a dataset gave (rows with no `added_by`); a source a curator added
(with `added_by`) is never removed by an import. A link that is there already is left as it is
(its quote too), so re-importing an unchanged file writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from django.utils import timezone

from events.models import EventSource
from events.services.imports.batches import ORM_BATCH, batched
from events.services.imports.rows import EventRow


def sources_diff(
    events: Iterable[EventRow], current: dict[int, dict[int, int | None]]
) -> tuple[list[int], list[tuple[int, int]], set[int]]:
    """(EventSource ids to delete, (event, source) rows to add, events whose sources changed).

    `current`: event id -> source id -> link id, or None for a link a curator added (kept).
    """
    delete: list[int] = []
    add: list[tuple[int, int]] = []
    changed: set[int] = set()
    for event in events:
        pk = event.pk
        if pk is None:
            raise ValueError(f"line {event.line}: sources_diff takes written events (with a pk)")
        have = current.get(pk, {})
        wanted = event.source_ids
        for source_id, link_id in have.items():
            if link_id is not None and source_id not in wanted:
                delete.append(link_id)
                changed.add(pk)
        for source_id in wanted:
            if source_id not in have:
                add.append((pk, source_id))
                changed.add(pk)
    return delete, add, changed


def sources_write_orm(
    batch: Sequence[EventRow],
    old_events: Sequence[EventRow],
    *,
    insert: Callable[[list[tuple[int, int]], dt.datetime], None],
) -> set[int]:
    """The batch's EventSource rows written through the ORM (new ones by `insert`, given the
    (event id, source id) pairs and the time they are added); the ids of the existing events
    whose sources changed."""
    current: dict[int, dict[int, int | None]] = defaultdict(dict)
    old_ids = [e.pk for e in old_events]
    for ids in batched(old_ids, ORM_BATCH):
        for link_id, event_id, source_id, added_by in EventSource.objects.filter(
            event_id__in=ids
        ).values_list("id", "event_id", "source_id", "added_by_id"):
            current[event_id][source_id] = None if added_by is not None else link_id
    delete, add, changed = sources_diff(batch, current)
    for ids in batched(delete, ORM_BATCH):
        EventSource.objects.filter(id__in=ids).delete()
    if add:
        insert(add, timezone.now())
    return changed & set(old_ids)
