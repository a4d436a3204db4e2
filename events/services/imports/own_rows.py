"""Rows of our own CSV export that stand for events already in this database (docs/importers.md,
"Our own CSV export"): re-importing an export updates those events instead of duplicating them.

Our export writes an event's dataset id when it has one, else `cm-<pk>`. A row of our format is
an event of this database when
- its id is `cm-<pk>` and event <pk> exists with no dataset id (the one it was exported as),
  unless dataset "acled" already holds an event under that very id (an earlier import of the
  export into another database made it; the ordinary upsert finds it);
- or its id is another dataset's (a seed's, UCDP's) that exactly one event holds, and no
  "acled" event does.
Such rows get their event's pk; the rest go through the ordinary (dataset, id) upsert.
"""

from __future__ import annotations

import re
from collections import defaultdict

from events.models import Event
from events.services.imports.batches import ORM_BATCH, batched
from events.services.imports.rows import EventRow

OWN_ID = re.compile(r"cm-([1-9][0-9]{0,17})")


def own_rows_split(events: list[EventRow], dataset: str) -> tuple[list[EventRow], list[EventRow]]:
    """(rows standing for events of this database, their pk set; the other rows)."""
    ids = [e.external_id for e in events]
    in_dataset: set[str] = set()
    elsewhere: dict[str, list[int]] = defaultdict(list)
    for batch in batched(ids, ORM_BATCH):
        for external_id, event_id, ds in Event.objects.filter(external_id__in=batch).values_list(
            "external_id", "pk", "dataset"
        ):
            if ds == dataset:
                in_dataset.add(external_id)
            else:
                elsewhere[external_id].append(event_id)
    wanted = {
        e.external_id: int(m.group(1))
        for e in events
        if e.external_id not in in_dataset and (m := OWN_ID.fullmatch(e.external_id))
    }
    ours: set[int] = set()
    pks = list(wanted.values())
    for batch in batched(pks, ORM_BATCH):
        ours.update(Event.objects.filter(pk__in=batch, external_id="").values_list("pk", flat=True))
    known: list[EventRow] = []
    rest: list[EventRow] = []
    for e in events:
        pk = wanted.get(e.external_id)
        if pk is None and e.external_id not in in_dataset and len(elsewhere[e.external_id]) == 1:
            pk = elsewhere[e.external_id][0]
        elif pk is not None and pk not in ours:
            pk = None
        if pk is None:
            rest.append(e)
        else:
            e.pk = pk
            known.append(e)
    return known, rest
