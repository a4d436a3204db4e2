"""URL converters: what a path segment may be before a view sees it."""

from __future__ import annotations

# Ids are BigAutoField values: 1 .. 2^63 - 1 on both databases. A longer number can name no row,
# and handed to the database it is an overflow (SQLite) or an out-of-range error (PostgreSQL).
MAX_ID = 2**63 - 1


class EventIdConverter:
    """A positive id within the id column's range; anything else does not match (a 404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # Django: no match, so the URL resolves to a 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)
