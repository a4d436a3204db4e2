"""ACLED's actor-based ("monadic") export as the dyadic records the importer reads.

ACLED's API returns, with `export_type=monadic`, "monadic actor1 data" (acledR's acled_api
documents it so): one row per actor of an event, each in the actor1 columns (actor1,
assoc_actor_1, inter1), the event's id and every other column repeated. The rows of one event
are joined back into one record, in file order: the first row's actor is actor1 (with its
associated actors as assoc1), the second's actor2 (assoc2). Rows that are not the same event
apart from the actor columns, or a third row, are left as they are: the importer then reports
the repeated id as a bad row naming both lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from events.services.imports.eras import DYADIC_ONLY_COLUMNS, MONADIC_ACTOR_COLUMNS

Record = tuple[int, list[str]]  # (line, cells)


def monadic_header(header: list[str]) -> list[str]:
    """The header with actor2's columns added at the end."""
    return [*header, *DYADIC_ONLY_COLUMNS]


def monadic_join(header: list[str], records: Iterable[Record]) -> list[Record]:
    """The records of a monadic file (under `header`, lower-case) joined per event, each under
    monadic_header(header), at the line of the event's first row."""
    names = [name.strip().lower() for name in header]
    width = len(names)
    actor_at = [names.index(c) for c in MONADIC_ACTOR_COLUMNS]
    id_at = names.index("event_id_cnty")
    same = [i for i in range(width) if i not in actor_at]
    joined: list[Record] = []
    first: dict[str, int] = {}  # event id -> index in joined of its first row, while single
    for line, cells in records:
        if len(cells) < width:  # a short record: left for the importer to report
            joined.append((line, cells))
            continue
        event_id = cells[id_at].strip()
        at = first.pop(event_id, None)
        if at is not None:
            other = joined[at][1]
            if all(other[i].strip() == cells[i].strip() for i in same):
                for slot, column in enumerate(actor_at):
                    other[width + slot] = cells[column]
                continue
        if at is None and event_id:
            first[event_id] = len(joined)
        joined.append((line, [*cells[:width], "", "", "", *cells[width:]]))
    return joined
