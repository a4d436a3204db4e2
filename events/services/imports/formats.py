"""A dataset's CSV format: its columns checked against the header, and which of them an import
maps to event fields, copies into extra, or leaves alone on update; and what the file says
about itself: its era (eras.py), the order of its numeric dates (dates.py), whether a
spreadsheet wrote decimal commas, and which cells mean "missing"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

from events.services.imports.dates import DAY_FIRST, FileDates
from events.services.imports.eras import DATE_ORDER, DECIMAL_COMMAS, SPREADSHEET
from events.services.imports.parsing import guess_kind, parse_external_id
from events.services.imports.report import ImportFailed
from events.services.imports.rows import EVENT_FIELDS, EventRow, Row

MISSING_COLUMNS = "{path} lacks required column(s): {columns}. Its columns: {found}."
DUPLICATE_COLUMNS = "{path} has the column(s) {columns} more than once."
# R's write.csv (and files made with it) writes a missing value as NA: never a name or a title.
MISSING_MARKER = "NA"
_DECIMAL_COMMA = re.compile(r"-?\d*,\d+")
_DELIMITER_NAMES = {";": "semicolon", "\t": "tab"}


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
    date_columns: ClassVar[tuple[str, ...]] = ()
    # Columns that hold numbers: a spreadsheet saving with ";" may write them with a decimal
    # comma ("36,3705"), read as a point.
    number_columns: ClassVar[tuple[str, ...]] = ()
    # An older era's name of a column -> today's (read as if the file said today's).
    column_aliases: ClassVar[dict[str, str]] = {}

    def __init__(self, header: list[str], path: Path):
        # header is reading.Header when the import reads a file; a plain list elsewhere.
        self.shape: str = getattr(header, "shape", "csv")
        self.delimiter: str = getattr(header, "delimiter", ",")
        self.note: str = getattr(header, "note", "")
        self.decimal_comma = self.delimiter in _DELIMITER_NAMES
        self.saw_decimal_comma = False
        self.marks_missing = True  # a subclass may know better (our own export never writes NA)
        column_values = getattr(header, "column_values", None)
        columns = self.date_columns
        self.dates = FileDates(lambda: column_values(*columns) if column_values else ())
        self.path = path
        lowered = [name.strip().lower() for name in header]
        self.header = [self.column_aliases.get(name, name) for name in lowered]
        self.columns: dict[str, int] = {}
        for index, name in enumerate(self.header):
            self.columns.setdefault(name, index)
        twice = sorted({n for n in self.header if n and self.header.count(n) > 1})
        if twice:
            raise ImportFailed(DUPLICATE_COLUMNS.format(path=path, columns=", ".join(twice)))
        missing = [
            " or ".join(alternatives)
            for alternatives in self.required()
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

    def required(self) -> tuple[tuple[str, ...], ...]:
        """The columns this file must have (each a tuple of alternatives); an era may need fewer."""
        return self.required_columns

    def era(self) -> str:
        """The era of the file's format (eras.py); a subclass tells."""
        return self.dataset

    def format_name(self) -> str:
        """What the import summary says the file was: its era, and how it was saved."""
        parts = [self.era()]
        if self.delimiter in _DELIMITER_NAMES:
            commas = DECIMAL_COMMAS if self.saw_decimal_comma else ""
            parts.append(
                SPREADSHEET.format(delimiter=_DELIMITER_NAMES[self.delimiter], commas=commas)
            )
        if self.dates.order:
            order = "day-first" if self.dates.order == DAY_FIRST else "month-first"
            parts.append(DATE_ORDER.format(order=order))
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)

    def clean(self, row: Row) -> None:
        """Missing stays missing (an NA cell is empty), and decimal commas become points."""
        fields = row.fields
        if self.marks_missing:
            for name, value in fields.items():
                if value == MISSING_MARKER:
                    fields[name] = ""
        if self.decimal_comma:
            for name in self.number_columns:
                number = fields.get(name, "")
                if "," in number and _DECIMAL_COMMA.fullmatch(number):
                    fields[name] = number.replace(",", ".")
                    self.saw_decimal_comma = True

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
