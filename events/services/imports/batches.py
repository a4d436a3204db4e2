"""Rows per ORM query, and the slicing into batches of that size."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

ORM_BATCH = 500  # rows per query on the ORM path (SQLite allows 999 parameters)


def batched(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
