"""The COPY writer's tables, each table's COPY columns declared once: the SQL that creates,
fills and reads them (copy_writer.py) and the order of each COPYed row are derived from these.

- the staging table each chunk is COPYed into (STAGE_COLUMNS: psycopg's write_row is handed
  each row's EventRow attributes in this order);
- events_event, for the upsert from the staging table and for a first load's COPY text
  (EVENT_COLUMNS: its SQL value over the staged row, and its text for a chunk);
- the actor links, staged or COPYed into events_eventactor (LINK_COLUMNS; a first load adds
  the copies of its event's date and position, events.db.link_copies);
- the events' sources, staged (SOURCE_COLUMNS) or COPYed into events_eventsource.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter

import orjson

from events.models import Event
from events.services.imports.rows import EventRow

NULL = "\\N"  # COPY's text format: NULL, and the escapes of text values
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: str) -> str:
    """A text value as COPY's text format reads it back unchanged."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:  # rare: test first
        return value.translate(_COPY_ESCAPES)
    return value


@dataclass(frozen=True)
class StageColumn:
    name: str
    sql_type: str
    attribute: str  # the EventRow attribute it takes


STAGE = "_cm_import_event"
STAGE_COLUMNS = (
    StageColumn("external_id", "text", "external_id"),
    StageColumn("date", "date", "date"),
    StageColumn("date_precision", "smallint", "date_precision"),
    StageColumn("end_date", "date", "end_date"),
    StageColumn("event_type", "text", "event_type"),
    StageColumn("sub_event_type", "text", "sub_event_type"),
    StageColumn("summary", "text", "summary"),
    StageColumn("place_id", "bigint", "place_id"),
    StageColumn("lon", "double precision", "longitude"),
    StageColumn("lat", "double precision", "latitude"),
    StageColumn("place_name", "text", "place_name"),
    StageColumn("country_code", "text", "country_code"),
    StageColumn("geo_precision", "smallint", "geo_precision"),
    StageColumn("fatalities", "integer", "fatalities"),
    StageColumn("source_id", "bigint", "source_id"),
    StageColumn("extra", "jsonb", "extra_json"),
    StageColumn("status", "text", "status"),
)
stage_row = attrgetter(*(c.attribute for c in STAGE_COLUMNS))  # an EventRow's staged row

LINK_STAGE = "_cm_import_link"
# Every link row is (event id, actor id, role), in this order.
LINK_COLUMNS = (("event_id", "bigint"), ("actor_id", "bigint"), ("role", "text"))
LINK_NAMES = ", ".join(name for name, _ in LINK_COLUMNS)

SOURCE_STAGE = "_cm_import_source"
# Every staged source row is (event id, source id, its place among the row's sources).
SOURCE_COLUMNS = (("event_id", "bigint"), ("source_id", "bigint"), ("ord", "integer"))
SOURCE_NAMES = ", ".join(name for name, _ in SOURCE_COLUMNS)
# The EventSource columns a first load COPYs (quote empty, offsets and added_by null).
FRESH_SOURCE_NAMES = "event_id, source_id, quote, added_at"


_DATE, _LONGITUDE, _LATITUDE = attrgetter("date"), attrgetter("longitude"), attrgetter("latitude")


class FreshChunk:
    """A chunk of a first load, its events' ids set: what the text of its columns comes from.
    Each event's date and coordinates as text, once: its links copy them (fresh_links_text)."""

    def __init__(self, events: list[EventRow], *, dataset: str, now: str):
        self.events = events
        self.dataset = copy_text(dataset)
        self.now = now  # ISO 8601
        self.dates = list(map(dt.date.isoformat, map(_DATE, events)))
        # A row has both coordinates or neither (parse_coordinates).
        self.lons = [NULL if v is None else repr(v) for v in map(_LONGITUDE, events)]
        self.lats = [NULL if v is None else repr(v) for v in map(_LATITUDE, events)]


ColumnText = Callable[[FreshChunk], Iterable[str]]


def _numbers(attribute: str) -> ColumnText:
    get = attrgetter(attribute)
    return lambda chunk: map(str, map(get, chunk.events))


def _optional_numbers(attribute: str) -> ColumnText:
    get = attrgetter(attribute)
    return lambda chunk: [NULL if v is None else str(v) for v in map(get, chunk.events)]


def _dates(attribute: str) -> ColumnText:
    get = attrgetter(attribute)
    return lambda chunk: [NULL if v is None else v.isoformat() for v in map(get, chunk.events)]


def _texts(attribute: str) -> ColumnText:
    get = attrgetter(attribute)
    return lambda chunk: map(copy_text, map(get, chunk.events))


def _constant(text: str) -> ColumnText:
    return lambda chunk: repeat(text, len(chunk.events))


def _points(chunk: FreshChunk) -> list[str]:
    return [
        NULL if lon is NULL else f"SRID=4326;POINT({lon} {lat})"
        for lon, lat in zip(chunk.lons, chunk.lats, strict=True)
    ]


def _event_dates(chunk: FreshChunk) -> list[str]:
    return chunk.dates


def _extras(chunk: FreshChunk) -> list[str]:
    return [copy_text(orjson.dumps(e.extra).decode()) for e in chunk.events]


def _dataset(chunk: FreshChunk) -> Iterable[str]:
    return repeat(chunk.dataset, len(chunk.events))


def _now(chunk: FreshChunk) -> Iterable[str]:
    return repeat(chunk.now, len(chunk.events))


def _verified_at(chunk: FreshChunk) -> list[str]:
    verified, now = Event.Status.VERIFIED, chunk.now
    return [now if e.status == verified else NULL for e in chunk.events]


@dataclass(frozen=True)
class EventColumn:
    name: str  # the Event field
    staged: str | None  # its value in the upsert: SQL over the staged row s (None: the sequence's)
    text: ColumnText  # its text in a first load's COPY


LOCATION = "CASE WHEN s.lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) END"
EVENT_COLUMNS = (
    EventColumn("id", None, _numbers("pk")),
    EventColumn("date", "s.date", _event_dates),
    EventColumn("date_precision", "s.date_precision", _numbers("date_precision")),
    EventColumn("end_date", "s.end_date", _dates("end_date")),
    EventColumn("event_type", "s.event_type", _texts("event_type")),
    EventColumn("sub_event_type", "s.sub_event_type", _texts("sub_event_type")),
    EventColumn("summary", "s.summary", _texts("summary")),
    EventColumn("place_id", "s.place_id", _optional_numbers("place_id")),
    EventColumn("location", LOCATION, _points),
    EventColumn("place_name", "s.place_name", _texts("place_name")),
    EventColumn("country_code", "s.country_code", _texts("country_code")),
    EventColumn("geo_precision", "s.geo_precision", _numbers("geo_precision")),
    EventColumn("fatalities", "s.fatalities", _optional_numbers("fatalities")),
    EventColumn("source_id", "s.source_id", _optional_numbers("source_id")),
    EventColumn("extra", "s.extra", _extras),
    EventColumn("status", "s.status", _texts("status")),
    EventColumn("dataset", "%(dataset)s", _dataset),
    EventColumn("external_id", "s.external_id", _texts("external_id")),
    EventColumn("quote", "''", _constant("")),
    EventColumn("extraction", "'{}'::jsonb", _constant("{}")),
    EventColumn("created", "%(now)s", _now),
    EventColumn("updated", "%(now)s", _now),
    EventColumn("verified_at", "CASE WHEN s.status = 'verified' THEN %(now)s END", _verified_at),
    EventColumn("unlocated_reason", "''", _constant("")),
)


def fresh_events_text(chunk: FreshChunk) -> str:
    """The chunk's events as COPY text in EVENT_COLUMNS' order, built a column at a time."""
    columns = [column.text(chunk) for column in EVENT_COLUMNS]
    lines = list(map("\t".join, zip(*columns, strict=True)))
    lines.append("")
    return "\n".join(lines)


def fresh_links_text(chunk: FreshChunk) -> str:
    """The chunk's links as COPY text: LINK_COLUMNS, then the copies of the event's date and
    position (link_copies_copy_sql's columns), the very text its event is written with."""
    lines = []
    for e, date, lon, lat in zip(chunk.events, chunk.dates, chunk.lons, chunk.lats, strict=True):
        for actor_id, role in sorted(e.actor_ids):
            lines.append(f"{e.pk}\t{actor_id}\t{role}\t{date}\t{lon}\t{lat}")
    lines.append("")
    return "\n".join(lines)


def fresh_sources_text(chunk: FreshChunk) -> str:
    """The chunk's EventSource rows as COPY text (FRESH_SOURCE_NAMES), in each row's order."""
    now = chunk.now
    lines = [f"{e.pk}\t{source_id}\t\t{now}" for e in chunk.events for source_id in e.source_ids]
    lines.append("")
    return "\n".join(lines)
