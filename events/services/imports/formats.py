"""A dataset's CSV format: its columns checked against the header, and which of them an import
maps to event fields, copies into extra, or leaves alone on update."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from events.services.imports.parsing import guess_kind, parse_external_id
from events.services.imports.report import ImportFailed
from events.services.imports.rows import EVENT_FIELDS, EventRow, Row

MISSING_COLUMNS = "{path} lacks required column(s): {columns}. Its columns: {found}."
DUPLICATE_COLUMNS = "{path} has the column(s) {columns} more than once."


class CsvFormat:
    """What one dataset's CSV looks like and how a record becomes an EventRow.

    Subclasses name their dataset, id columns, required columns (each entry a tuple of
    alternatives), which columns each Event field comes from (fields whose columns are all
    absent from a file are left as they are when an existing event is updated) and `parse`.
    """

    dataset: ClassVar[str]
    id_columns: ClassVar[tuple[str, ...]]
    required_columns: ClassVar[tuple[tuple[str, ...], ...]]
    field_columns: ClassVar[dict[str, tuple[str, ...]]]
    role_columns: ClassVar[dict[str, tuple[str, ...]]]
    consumed_columns: ClassVar[frozenset[str]]  # mapped to a column; never copied into extra
    conditional_extra: ClassVar[dict[str, tuple[str, ...]]] = {}  # extra key -> its columns
    numeric_extra: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, header: list[str], path: Path):
        self.header = [name.strip().lower() for name in header]
        self.columns: dict[str, int] = {}
        for index, name in enumerate(self.header):
            self.columns.setdefault(name, index)
        twice = sorted({n for n in self.header if n and self.header.count(n) > 1})
        if twice:
            raise ImportFailed(DUPLICATE_COLUMNS.format(path=path, columns=", ".join(twice)))
        missing = [
            " or ".join(alternatives)
            for alternatives in self.required_columns
            if not any(name in self.columns for name in alternatives)
        ]
        if missing:
            raise ImportFailed(
                MISSING_COLUMNS.format(
                    path=path, columns=", ".join(missing), found=", ".join(self.header)
                )
            )
        self.id_column = next(c for c in self.id_columns if c in self.columns)
        self.extra_columns = [
            (name, name in self.numeric_extra)
            for name in self.columns
            if name and name not in self.consumed_columns and name not in self.id_columns
        ]
        self.text_extra = [name for name, numeric in self.extra_columns if not numeric]
        self.numeric_extra_columns = [name for name, numeric in self.extra_columns if numeric]
        # Fields none of whose columns this file has are left alone when an event is updated.
        self.update_fields = [
            name
            for name in EVENT_FIELDS
            if name not in self.field_columns
            or any(c in self.columns for c in self.field_columns[name])
        ]
        self.roles = [
            role for role, cols in self.role_columns.items() if any(c in self.columns for c in cols)
        ]
        # The extra keys this file speaks for: on update, the others are kept.
        self.extra_keys = sorted(
            {name for name, _ in self.extra_columns}
            | {
                key
                for key, cols in self.conditional_extra.items()
                if any(c in self.columns for c in cols)
            }
        )

    def copy_extra(self, row: Row, extra: dict[str, Any]) -> dict[str, Any]:
        fields = row.fields
        extra.update({name: fields[name] for name in self.text_extra if fields[name]})
        for name in self.numeric_extra_columns:
            value = fields[name]
            if value:
                extra[name] = int(value) if value.lstrip("-").isdigit() else value
        return extra

    def parse(self, row: Row) -> EventRow | None:
        raise NotImplementedError

    def parse_id(self, row: Row) -> str | None:
        """The record's id, from the id column this file has."""
        return row.parse(self.id_column, parse_external_id, required=True)

    def actor_alternatives(self, name: str) -> list[str]:
        """Other names to try for an actor before creating it (UCDP's "Government of X")."""
        return []

    def guess_kind(self, name: str) -> int | None:
        return guess_kind(name)
