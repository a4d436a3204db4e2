"""The shapes a record takes in an import: the CSV record being validated (Row), the error it
may have (RowError), and the event it becomes (EventRow), with its actor links' diff."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from events.models import Event

REQUIRED = "a value is required"

# The Event fields an import writes; EventRow has an attribute of each name.
EVENT_FIELDS = (
    "date",
    "date_precision",
    "end_date",
    "event_type",
    "sub_event_type",
    "summary",
    "place_id",
    "location",
    "place_name",
    "country_code",
    "geo_precision",
    "fatalities",
    "source_id",
    "extra",
)
_EVENT_VALUES = attrgetter(*EVENT_FIELDS)
# extra as the COPY writer's staging table takes it (any integer, unlike orjson's 64 bits).
_EXTRA_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass(frozen=True)
class RowError:
    line: int  # the physical line the record starts on; the header is line 1
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"line {self.line}, column {self.column!r}: {self.message} (value {value!r})"


class Row:
    """One CSV record being validated: accessors that collect errors instead of raising.

    `fields` maps every column of the header to its stripped text.
    """

    __slots__ = ("errors", "fields", "line")

    def __init__(self, line: int, fields: dict[str, str]):
        self.line = line
        self.fields = fields
        self.errors: list[RowError] = []

    def text(self, column: str) -> str:
        return self.fields.get(column, "")

    def error(self, column: str, message: str, value: str | None = None) -> None:
        value = self.fields.get(column, "") if value is None else value
        self.errors.append(RowError(self.line, column, value, message))

    def parse(
        self, column: str, convert: Any, *, required: bool = False, default: Any = None
    ) -> Any:
        """`convert(text)` of the column, or `default` when empty (an error when required).

        A ValueError from `convert` becomes a RowError with its message.
        """
        value = self.fields.get(column, "")
        if not value:
            if required:
                self.error(column, REQUIRED, value)
            return default
        try:
            return convert(value)
        except ValueError as exc:
            self.error(column, str(exc), value)
            return default


@dataclass(slots=True)
class EventRow:
    """One validated record, in the shape of an Event; resolved ids are filled in later."""

    line: int
    external_id: str
    date: dt.date
    event_type: str
    sub_event_type: str
    date_precision: int = Event.DatePrecision.DAY
    end_date: dt.date | None = None
    summary: str = ""
    place_name: str = ""  # as the source writes it
    place_label: str = ""  # the name a new Place gets, and the name snapping compares
    admin1: str = ""
    latitude: float | None = None
    longitude: float | None = None
    country_code: str = ""
    geo_precision: int = Event.GeoPrecision.EXACT
    fatalities: int | None = None
    source: str = ""  # the first source's title (Event.source)
    # Every source's title, the first included; empty means just `source` (or none).
    sources: tuple[str, ...] = ()
    status: str = Event.Status.VERIFIED
    extra: dict[str, Any] = field(default_factory=dict)
    actors: list[tuple[str, str, int | None]] = field(default_factory=list)  # role, name, kind
    # Filled in by the resolvers and writers.
    place_id: int | None = None
    source_id: int | None = None
    source_ids: tuple[int, ...] = ()  # every source, in the file's order (EventSource rows)
    actor_ids: set[tuple[int, str]] = field(default_factory=set)
    pk: int | None = None

    @property
    def location(self) -> tuple[float, float] | None:
        """The point as a (longitude, latitude) pair, or None (a row has both or neither)."""
        if self.latitude is None or self.longitude is None:
            return None
        return (self.longitude, self.latitude)

    @property
    def source_titles(self) -> tuple[str, ...]:
        return self.sources or ((self.source,) if self.source else ())

    @property
    def extra_json(self) -> str:
        return _EXTRA_JSON(self.extra)

    def values(self) -> tuple:
        """The EVENT_FIELDS values, in that order."""
        return _EVENT_VALUES(self)


def links_diff(
    events: Iterable[EventRow],
    current: dict[int, dict[tuple[int, str], int]],
    roles: list[str],
) -> tuple[list[int], list[tuple[int, int, str]], set[int]]:
    """(EventActor ids to delete, (event, actor, role) rows to add, events whose actors changed).

    Only the roles the file has columns for are compared: the others are left alone.
    """
    delete: list[int] = []
    add: list[tuple[int, int, str]] = []
    changed: set[int] = set()
    for event in events:
        pk = event.pk
        if pk is None:
            raise ValueError(f"line {event.line}: links_diff takes written events (with a pk)")
        have = current.get(pk, {})
        wanted = event.actor_ids
        for pair, link_id in have.items():
            if pair[1] in roles and pair not in wanted:
                delete.append(link_id)
                changed.add(pk)
        for actor_id, role in sorted(wanted - have.keys()):
            add.append((pk, actor_id, role))
            changed.add(pk)
    return delete, add, changed
