"""Offsets looked up by bisection, so every step stays linear in the report's length.

A report of 10 MB has hundreds of thousands of names, dates and clauses. Asking "which of them
fall in this clause?" or "does this span overlap one already taken?" by a scan of all of them
makes a step quadratic; over lists sorted by offset, bisection answers each in log time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol, TypeVar


class _HasStart(Protocol):
    @property
    def start(self) -> int: ...


T = TypeVar("T")
S = TypeVar("S", bound=_HasStart)


def _start(item: _HasStart) -> int:
    return item.start


def between(
    items: Sequence[T], start: int, end: int, key: Callable[[T], int] | None = None
) -> Sequence[T]:
    """The items (sorted by `key`, their start offset by default) starting in [start, end)."""
    k: Callable[[T], int] = key or _start  # type: ignore[assignment]
    lo = bisect_left(items, start, key=k)
    hi = bisect_left(items, end, lo=lo, key=k)
    return items[lo:hi]


def starting_in(items: Sequence[S], start: int, end: int) -> Sequence[S]:
    """The items, sorted by their `.start`, that start in [start, end)."""
    return between(items, start, end, _start)


class SpanIndex:
    """Character spans (start, end), any length and overlapping allowed, queried for overlap.

    Sorted by start; a span overlapping [start, end) starts before `end` and no earlier than
    `start` minus the longest span, so a query looks at the spans in that window only."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans: list[tuple[int, int]] = sorted(spans)
        self._longest = max((b - a for a, b in self._spans), default=0)

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def extend(self, spans: Iterable[tuple[int, int]]) -> None:
        """Many at once: one sort (near-linear on runs already sorted), not an insert each."""
        new = list(spans)
        self._spans += new
        self._spans.sort()
        self._longest = max([self._longest, *(b - a for a, b in new)])

    def overlaps(self, start: int, end: int) -> bool:
        """Does any span share a character with [start, end)?"""
        lo = bisect_left(self._spans, (start - self._longest, -1))
        hi = bisect_left(self._spans, (end, -1), lo=lo)
        return any(start < b and a < end for a, b in self._spans[lo:hi])

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans sharing a character with [start, end), for steps that take a plain list."""
        lo = bisect_left(self._spans, (start - self._longest, -1))
        hi = bisect_left(self._spans, (end, -1), lo=lo)
        return [(a, b) for a, b in self._spans[lo:hi] if start < b and a < end]

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._spans)


class SpanSet:
    """The union of character spans, kept as disjoint sorted spans (SpanIndex keeps each span;
    this keeps only what they cover, all an "is this taken?" check needs). Overlap tests and
    inserts bisect, so a scan that checks each candidate against what earlier scans took stays
    near-linear in the text."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if start >= end:
                continue
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def covers(self, start: int, end: int) -> bool:
        """Does [start, end) overlap any span?"""
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start

    def add(self, start: int, end: int) -> None:
        """Insert [start, end), merged with the spans it overlaps or touches."""
        lo = bisect_left(self.ends, start)
        hi = bisect_right(self.starts, end)
        if lo < hi:
            start, end = min(start, self.starts[lo]), max(end, self.ends[hi - 1])
        self.starts[lo:hi] = [start]
        self.ends[lo:hi] = [end]
