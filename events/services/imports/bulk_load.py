"""Bulk loads on PostgreSQL: a large load drops its tables' secondary indexes and foreign keys
first and rebuilds / re-checks them once at the end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Loads of at least this many new events, and at least half as many as the table has, drop the
# tables' secondary indexes and foreign keys first and rebuild / re-check them once at the end.
BULK_MIN_ROWS = 20_000


def bulk_begin(cursor: Any, tables: Sequence[str]) -> list[str]:
    """Drop the secondary indexes and foreign keys of `tables`; returns the SQL that restores
    them (bulk_finish runs it).

    Why: maintaining a GiST and four B-tree indexes and checking four foreign keys row by row
    is most of what a large load costs the database; building an index from sorted data and
    checking a foreign key with one anti-join are several times cheaper. All of it happens in
    the import's transaction, so it stays atomic: a failed load, or a foreign key the loaded
    rows break (ADD CONSTRAINT checks every row), rolls the drops back too. The price: DROP
    INDEX locks the tables (ACCESS EXCLUSIVE) until the import commits, so readers wait for it;
    hence only for loads large against the table (CopyWriter._bulk_pays).
    Kept: primary keys and unique indexes (the upsert's ON CONFLICT and the integrity they
    enforce), check constraints, triggers.
    """
    oids = [f"'{t.strip(chr(34))}'::regclass" for t in tables]
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        f"WHERE i.indrelid IN ({', '.join(oids)}) AND NOT i.indisunique AND NOT i.indisprimary "
        "ORDER BY 1"
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        f"WHERE contype = 'f' AND conrelid IN ({', '.join(oids)}) ORDER BY 1, 2"
    )
    foreign_keys = cursor.fetchall()
    restore = [definition for _, definition in indexes]
    restore += [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in foreign_keys
    ]
    for table, name, _ in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return restore


def bulk_finish(cursor: Any, restore: Sequence[str]) -> None:
    """Rebuild what bulk_begin dropped, with memory enough to sort the larger indexes."""
    if not restore:
        return
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for sql in restore:
        cursor.execute(sql)
