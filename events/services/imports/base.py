"""What every dataset importer shares: reading, validating, resolving and writing in bulk.

An import reads a CSV file (UTF-8 with or without BOM; cp1252, then latin-1 when it is not UTF-8),
turns each record into an `EventRow` through its format's `parse`, collecting `RowError`s with
line and column instead of stopping at the first, then writes the good rows in chunks:

1. actors: every alias is loaded once into a dict; names not in it are tried without a trailing
   qualifier ("Islamic State (Syria)" -> "Islamic State", the full name then becoming an alias),
   and what still matches nothing becomes a new actor. New actors and aliases are bulk-created.
2. places: the existing places inside the chunk's bounding box are loaded in one query; a row
   snaps to the nearest one with the same normalised name within SNAP_KM, else a new place
   (no GeoNames id) is bulk-created and later rows snap to it.
3. sources: one per distinct source text, looked up by title in one query, bulk-created.
4. events: on PostgreSQL COPY into a staging table, then one INSERT ... ON CONFLICT on the
   (dataset, external_id) unique constraint; elsewhere bulk_create/bulk_update after one query for
   the ids already there. Unchanged rows are not rewritten. EventActor rows are diffed in bulk.
   The first bulk load of a dataset on PostgreSQL COPYs straight into the tables instead
   (CopyWriter.prepare / _write_fresh): nothing of it can be there yet.

The whole import is one transaction: a bad row means nothing is written, unless skip_bad, which
writes the good rows and a CSV report of the bad ones. dry_run does everything, then rolls back.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gc
import json
import math
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import orjson
from django.contrib.gis.geos import Point, Polygon
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from events.db.link_copies import link_copies_copy_sql, link_copies_sql
from events.domain.countries import country_code_for
from events.domain.names import normalize_name
from events.domain.vocabulary import EVENT_TAXONOMY
from events.models import Actor, ActorAlias, Event, EventActor, Place, Source, StX, StY

CHUNK_SIZE = 20_000  # rows resolved and written at a time: bounds memory, not the transaction
TAIL_FRACTION = 5  # the last chunk of a threaded import: a fifth of a chunk (_Importer.tail_from)
ORM_BATCH = 500  # rows per query on the ORM path (SQLite allows 999 parameters)
SNAP_KM = 2.0  # a row joins an existing place of the same name at most this far away
MAX_ERRORS_SHOWN = 5
MAX_FATALITIES = 2_147_483_647

# File-level failures.
FILE_NOT_FOUND = "No such file: {path}"
EMPTY_FILE = "{path} is empty: there is no header row."
MISSING_COLUMNS = "{path} lacks required column(s): {columns}. Its columns: {found}."
CSV_ERROR = "{path}, line {line}: unreadable CSV ({error})."
DUPLICATE_COLUMNS = "{path} has the column(s) {columns} more than once."
IMPORT_FAILED = "{path}: {count} bad row(s), nothing was imported. {errors}."
MORE_ERRORS = " And {count} more."
SKIP_BAD_HINT = " Use --skip-bad to import the good rows and write a report of the bad ones."
REPORT_WRITTEN = " Report: {path}."
UNKNOWN_WRITER = "Unknown writer {writer!r}: use 'auto', 'copy' (PostgreSQL only) or 'orm'."

# Row-level failures: the message of a RowError.
WRONG_FIELD_COUNT = "the row has {found} fields, the header has {expected}"
REQUIRED = "a value is required"
NOT_A_DATE = "not a date: use 2017-01-18, 18 January 2017 or 18-January-2017"
NOT_A_NUMBER = "not a number"
NOT_A_COUNT = "not a whole number"
NEGATIVE_COUNT = "cannot be negative"
COUNT_TOO_LARGE = "too large"
LATITUDE_RANGE = "latitude must be within -90 and 90"
LONGITUDE_RANGE = "longitude must be within -180 and 180"
COORDINATES_PAIR = "latitude and longitude must both be given or both be empty"
NOT_A_CHOICE = "must be one of {choices}"
UNKNOWN_EVENT_TYPE = "not an ACLED event type (one of: {choices})"
UNKNOWN_SUB_EVENT_TYPE = "not a sub-event type of {event_type!r}"
END_BEFORE_START = "the end date {end} is before the start date {start}"
TOO_LONG = "longer than {limit} characters"
DUPLICATE_ID = "duplicate id {id!r}: also on line {first}"
UNUSABLE_NAME = "not a usable name: it has no letters or digits"

STATUSES = {s.value for s in Event.Status}

# The Event columns an import writes, in the order EventRow.values() gives them.
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


class ImportFailed(Exception):
    """Nothing was imported: a file-level problem, or bad rows without skip_bad."""

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[RowError] = (),
        report: ImportReport | None = None,
    ):
        super().__init__(message)
        self.errors = list(errors)
        self.report = report


@dataclass(frozen=True)
class RowError:
    line: int  # the physical line the record starts on; the header is line 1
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"line {self.line}, column {self.column!r}: {self.message} (value {value!r})"


@dataclass
class ImportReport:
    dataset: str
    path: Path
    encoding: str = "utf-8"
    rows: int = 0  # data records read
    created: int = 0
    updated: int = 0  # existing events whose fields or actors changed
    unchanged: int = 0
    skipped: int = 0  # bad rows left out (skip_bad)
    errors: list[RowError] = field(default_factory=list)
    actors_created: int = 0
    aliases_created: int = 0
    places_created: int = 0
    sources_created: int = 0
    dry_run: bool = False
    report_path: Path | None = None
    elapsed: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.elapsed if self.elapsed else 0.0

    def summary(self) -> str:
        head = "Dry run, nothing written: " if self.dry_run else ""
        text = (
            f"{head}{self.dataset} {self.path.name}: {self.rows} rows -> {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.skipped} skipped. "
            f"New: {self.actors_created} actors, {self.aliases_created} aliases, "
            f"{self.places_created} places, {self.sources_created} sources. "
            f"{self.elapsed:.2f} s ({self.rows_per_second:,.0f} rows/s), read as {self.encoding}."
        )
        if self.errors:
            text += f" {len(self.errors)} error(s) in {self.skipped} bad row(s)"
            text += f"; report: {self.report_path}." if self.report_path else "."
        return text


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
    source: str = ""
    status: str = Event.Status.VERIFIED
    extra: dict[str, Any] = field(default_factory=dict)
    actors: list[tuple[str, str, int | None]] = field(default_factory=list)  # role, name, kind
    # Filled in by the resolvers and writers.
    place_id: int | None = None
    source_id: int | None = None
    actor_ids: set[tuple[int, str]] = field(default_factory=set)
    pk: int | None = None

    def values(self) -> tuple:
        """The EVENT_FIELDS values, the location as a (longitude, latitude) pair."""
        return (
            self.date,
            self.date_precision,
            self.end_date,
            self.event_type,
            self.sub_event_type,
            self.summary,
            self.place_id,
            None if self.latitude is None else (self.longitude, self.latitude),
            self.place_name,
            self.country_code,
            self.geo_precision,
            self.fatalities,
            self.source_id,
            self.extra,
        )


# ---------------------------------------------------------------------------------------------
# Reading


def sniff_encoding(path: Path) -> tuple[str, int]:
    """The encoding to read `path` with, and how many lines it has (for the progress bar).

    UTF-8 (with or without BOM) first; a file that is not valid UTF-8 is cp1252 (what Excel writes
    on Windows), and one with bytes cp1252 leaves undefined is latin-1, which decodes anything.
    """
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", _count_lines(path)
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 0
        try:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    decoder.decode(chunk)
                    lines += chunk.count(b"\n")
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig", lines
        return encoding, lines
    return "latin-1", _count_lines(path)


def _count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def sniff_delimiter(header_line: str) -> str:
    """Comma unless the header clearly uses semicolons or tabs (Excel in some locales)."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > counts[","] else ","


def numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, fields) for each non-blank record."""
    previous = reader.line_num
    for values in reader:
        start = previous + 1
        previous = reader.line_num
        if not values or (len(values) == 1 and not values[0].strip()):
            continue
        yield start, values


# ---------------------------------------------------------------------------------------------
# Validating


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

    def parse(self, column: str, convert: Any, *, required: bool = False, default: Any = None):
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


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][0-9:.+Z]*)?")
_TEXT_DATE = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)\.?,?[ -](\d{4})")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


def parse_date(value: str) -> dt.date:
    """ISO dates (a time part is ignored) and ACLED's older '18 January 2017' / '18-Jan-2017'."""
    date = _DATES.get(value)
    if date is None:
        date = _parse_date(value)
        if len(_DATES) < 100_000:
            _DATES[value] = date
    return date


_DATES: dict[str, dt.date] = {}


def _parse_date(value: str) -> dt.date:
    try:
        match = _ISO_DATE.fullmatch(value)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        match = _TEXT_DATE.fullmatch(value)
        if match and match[2].lower() in MONTHS:
            return dt.date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        pass
    raise ValueError(NOT_A_DATE)


def parse_count(value: str) -> int:
    """A whole number >= 0; '3.0' is accepted, '3.5' and '-1' are not."""
    try:
        number = int(value)
    except ValueError:
        try:
            real = float(value)
        except ValueError:
            raise ValueError(NOT_A_COUNT) from None
        if not real.is_integer():
            raise ValueError(NOT_A_COUNT) from None
        number = int(real)
    if number < 0:
        raise ValueError(NEGATIVE_COUNT)
    if number > MAX_FATALITIES:
        raise ValueError(COUNT_TOO_LARGE)
    return number


def _parse_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(NOT_A_NUMBER) from None
    if not math.isfinite(number):
        raise ValueError(NOT_A_NUMBER)
    return number


def parse_latitude(value: str) -> float:
    number = _parse_float(value)
    if not -90 <= number <= 90:
        raise ValueError(LATITUDE_RANGE)
    return number


def parse_longitude(value: str) -> float:
    number = _parse_float(value)
    if not -180 <= number <= 180:
        raise ValueError(LONGITUDE_RANGE)
    return number


def choice(*allowed: int):
    """A converter accepting only these integers ('2' or '2.0')."""
    message = NOT_A_CHOICE.format(choices=", ".join(map(str, allowed)))
    exact = {str(n): n for n in allowed}

    def convert(value: str) -> int:
        number = exact.get(value)
        if number is not None:
            return number
        try:
            real = float(value)
        except ValueError:
            raise ValueError(message) from None
        if real not in allowed:
            raise ValueError(message)
        return int(real)

    return convert


def limited(limit: int):
    def convert(value: str) -> str:
        if len(value) > limit:
            raise ValueError(TOO_LONG.format(limit=limit))
        return value

    return convert


parse_external_id = limited(Event._meta.get_field("external_id").max_length)
parse_place_name = limited(Event._meta.get_field("place_name").max_length)

_TYPES = {t.lower(): t for t in EVENT_TAXONOMY}
_SUBS = {(t, s.lower()): s for t, subs in EVENT_TAXONOMY.items() for s in subs}
UNKNOWN_EVENT_TYPE_FULL = UNKNOWN_EVENT_TYPE.format(choices=", ".join(EVENT_TAXONOMY))


def _event_type(value: str) -> str:
    canonical = _TYPES.get(value.lower())
    if canonical is None:
        raise ValueError(UNKNOWN_EVENT_TYPE_FULL)
    return canonical


def parse_taxonomy(row: Row, type_column: str, sub_column: str) -> tuple[str, str]:
    """ACLED's event type and sub-event type, spelled as the taxonomy spells them."""
    event_type = row.parse(type_column, _event_type, required=True)
    sub = row.text(sub_column)
    if event_type is None:
        return "", sub
    canonical = _SUBS.get((event_type, sub.lower()))
    if not sub:
        row.error(sub_column, REQUIRED)
    elif canonical is None:
        row.error(sub_column, UNKNOWN_SUB_EVENT_TYPE.format(event_type=event_type))
    return event_type, canonical or sub


def parse_coordinates(
    row: Row, latitude: str = "latitude", longitude: str = "longitude"
) -> tuple[float | None, float | None]:
    fields = row.fields
    try:  # the common case, a valid pair, in one go (NaN and infinities fail the ranges)
        lat, lon = float(fields.get(latitude, "")), float(fields.get(longitude, ""))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return lat, lon
    except ValueError:
        pass
    lat = row.parse(latitude, parse_latitude)
    lon = row.parse(longitude, parse_longitude)
    lat_text, lon_text = row.text(latitude), row.text(longitude)
    if bool(lat_text) != bool(lon_text):
        row.error(longitude if lat_text else latitude, COORDINATES_PAIR)
    if lat is None or lon is None:
        return None, None
    return lat, lon


_ACTOR_SPLIT = re.compile(r"\s*;\s*")
ACTOR_NAME_MAX = Actor._meta.get_field("name").max_length


def parse_actor_names(row: Row, column: str) -> list[str]:
    """The names in an actor column; ACLED separates several with '; '."""
    value = row.fields.get(column, "")
    if not value:
        return []
    split = _ACTOR_NAMES.get(value)
    if split is None:
        split = _split_actor_names(value)
        if len(_ACTOR_NAMES) < 100_000:
            _ACTOR_NAMES[value] = split
    names, problems = split
    for name, message in problems:
        row.error(column, message, name)
    return list(names)


_ACTOR_NAMES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {}


def role_actors(
    row: Row, column: str, role: str, kind: int | None
) -> tuple[tuple[str, str, int | None], ...]:
    """(role, name, kind) for each name in an actor column, as EventRow.actors holds them."""
    value = row.fields.get(column, "")
    if not value:
        return ()
    key = (value, role, kind)
    actors = _ROLE_ACTORS.get(key)
    if actors is None:
        errors_before = len(row.errors)
        names = parse_actor_names(row, column)
        actors = tuple((role, name, kind) for name in names)
        if len(row.errors) > errors_before or len(_ROLE_ACTORS) >= 100_000:
            return actors  # a bad name is reported on every row that has it: not remembered
        _ROLE_ACTORS[key] = actors
    return actors


_ROLE_ACTORS: dict[tuple[str, str, int | None], tuple[tuple[str, str, int | None], ...]] = {}


def _split_actor_names(value: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    names: list[str] = []
    problems: list[tuple[str, str]] = []
    for name in _ACTOR_SPLIT.split(value):
        if not name:
            continue
        if len(name) > ACTOR_NAME_MAX:
            problems.append((name, TOO_LONG.format(limit=ACTOR_NAME_MAX)))
        elif not normalized(name):
            problems.append((name, UNUSABLE_NAME))
        elif name not in names:
            names.append(name)
    return tuple(names), tuple(problems)


@lru_cache(maxsize=200_000)
def normalized(name: str) -> str:
    """normalize_name, remembered: an import meets the same few thousand names again and again."""
    return normalize_name(name)


def parse_country(row: Row, *columns: str) -> tuple[str, str]:
    """(ISO alpha-2, the column it came from) from the first column that maps to a country."""
    for column in columns:
        value = row.fields.get(column, "")
        if value:
            code = _country_code(value)
            if code:
                return code, column
    return "", ""


@lru_cache(maxsize=10_000)
def _country_code(value: str) -> str:
    return country_code_for(value)


def source_title(value: str, extra: dict[str, Any]) -> str:
    """A Source title from a dataset's source text; the whole text kept in extra if cut."""
    limit = Source._meta.get_field("title").max_length
    if len(value) > limit:
        extra["source"] = value
        return value[:limit]
    return value


def parse_status(value: str) -> str:
    value = value.lower()
    if value not in STATUSES:
        raise ValueError(NOT_A_CHOICE.format(choices=", ".join(sorted(STATUSES))))
    return value


def extra_value(value: str, *, numeric: bool) -> Any:
    """An int for integer text in a numeric column, the text otherwise."""
    if numeric and value.lstrip("-").isdigit():
        return int(value)
    return value


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

    def actor_alternatives(self, name: str) -> list[str]:
        """Other names to try for an actor before creating it (UCDP's "Government of X")."""
        return []

    def guess_kind(self, name: str) -> int | None:
        return guess_kind(name)


# ---------------------------------------------------------------------------------------------
# Resolving actors, places and sources in bulk

_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
KIND_PREFIXES = (
    ("civilians", Actor.Kind.CIVILIANS),
    ("protesters", Actor.Kind.PROTESTERS),
    ("rioters", Actor.Kind.RIOTERS),
)


def strip_qualifiers(name: str) -> str:
    """'Military Forces of Russia (2000-)' -> 'Military Forces of Russia'; likewise '(Syria)'."""
    stripped = name
    while True:
        shorter = _QUALIFIER.sub("", stripped)
        if shorter == stripped or not shorter:
            return stripped
        stripped = shorter


def guess_kind(name: str) -> int | None:
    """The kind of an actor ACLED names generically ('Civilians (Syria)'), else None."""
    lowered = name.lower()
    for prefix, kind in KIND_PREFIXES:
        if lowered.startswith(prefix):
            return kind
    return None


def _qualifier_country(name: str) -> str:
    match = re.search(r"\(([^()]*)\)\s*$", name)
    return country_code_for(match[1]) if match else ""


def _pk(ref: int | Actor | Place) -> int:
    return ref if isinstance(ref, int) else ref.pk


class ActorResolver:
    """Actor ids for names, from one load of every alias; new actors and aliases in bulk."""

    def __init__(self, fmt: CsvFormat):
        self.fmt = fmt
        self.by_key: dict[str, int | Actor] = dict(
            ActorAlias.objects.values_list("normalized", "actor_id")
        )
        self.slugs: set[str] = set()
        for actor_id, name, slug in Actor.objects.values_list("id", "name", "slug"):
            self.by_key.setdefault(normalized(name), actor_id)  # a name is an alias, always
            self.slugs.add(slug)
        self.by_name: dict[str, int | Actor] = {}
        self.new_actors: list[Actor] = []
        self.new_aliases: list[ActorAlias] = []

    def resolve(self, events: list[EventRow], report: ImportReport) -> None:
        refs: list[list[tuple[int | Actor, str]]] = []
        for event in events:
            event_refs = []
            for role, name, kind in event.actors:
                ref = self.by_name.get(name)
                if ref is None:
                    ref = self.by_name[name] = self._find_or_new(name, kind)
                event_refs.append((ref, role))
            refs.append(event_refs)
        if self.new_actors:
            Actor.objects.bulk_create(self.new_actors, batch_size=ORM_BATCH)
            report.actors_created += len(self.new_actors)
        if self.new_aliases:
            ActorAlias.objects.bulk_create(self.new_aliases, batch_size=ORM_BATCH)
            report.aliases_created += len(self.new_aliases)
        if self.new_actors or self.new_aliases:
            # From now on plain ids: the new actors have theirs.
            self.by_key = {k: _pk(v) for k, v in self.by_key.items()}
            self.by_name = {k: _pk(v) for k, v in self.by_name.items()}
            self.new_actors, self.new_aliases = [], []
        for event, event_refs in zip(events, refs, strict=True):
            event.actor_ids = {(_pk(ref), role) for ref, role in event_refs}

    def _find_or_new(self, name: str, kind: int | None) -> int | Actor:
        """An alias match; else the name without its qualifier (or the format's alternatives),
        the full name then becoming an alias of the actor found; else a new actor."""
        key = normalized(name)
        ref = self.by_key.get(key)
        if ref is not None:
            return ref
        for candidate in [strip_qualifiers(name), *self.fmt.actor_alternatives(name)]:
            found = self.by_key.get(normalized(candidate))
            if found is not None:
                self._alias(found, name, key)
                return found
        actor = Actor(
            name=name,
            slug=self._slug(name),
            kind=kind or self.fmt.guess_kind(name) or Actor.Kind.EXTERNAL_OTHER,
            country=_qualifier_country(name),
        )
        self.new_actors.append(actor)
        self._alias(actor, name, key)
        return actor

    def _alias(self, ref: int | Actor, name: str, key: str) -> None:
        self.by_key[key] = ref
        alias = ActorAlias(alias=name, normalized=key)
        if isinstance(ref, int):
            alias.actor_id = ref
        else:
            alias.actor = ref
        self.new_aliases.append(alias)

    def _slug(self, name: str) -> str:
        limit = Actor._meta.get_field("slug").max_length - 6
        base = slugify(name)[:limit].strip("-") or "actor"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug


def km_apart(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine): within 0.5% of geodesic, and 100x faster."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class PlaceResolver:
    """Existing places reused by name and distance; new ones (no GeoNames id) bulk-created."""

    def __init__(self, dataset: str):
        self.dataset = dataset
        self.index: dict[str, list[tuple[int | Place, float, float]]] = defaultdict(list)
        self.loaded: set[int] = set()
        self.boxes: list[tuple[float, float, float, float]] = []  # bounding boxes loaded
        self.memo: dict[tuple[str, float, float], int | Place] = {}
        self.keys: dict[str, str] = {}

    def _key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = normalized(name)
        return key

    def resolve(self, events: list[EventRow], report: ImportReport) -> None:
        located = [e for e in events if e.latitude is not None and self._key(e.place_label)]
        if not located:
            return
        self._load_candidates(located)
        new: list[Place] = []
        refs: list[int | Place] = []
        for event in located:
            key = self._key(event.place_label)
            memo_key = (key, event.latitude, event.longitude)
            ref = self.memo.get(memo_key)
            if ref is None:
                ref = self._nearest(key, event.latitude, event.longitude)
                if ref is None:
                    ref = Place(
                        name=event.place_label,
                        country_code=event.country_code,
                        admin1=event.admin1[:255],
                        point=Point(event.longitude, event.latitude, srid=4326),
                        geocoder=self.dataset,
                    )
                    new.append(ref)
                    self.index[key].append((ref, event.latitude, event.longitude))
                self.memo[memo_key] = ref
            refs.append(ref)
        if new:
            Place.objects.bulk_create(new, batch_size=ORM_BATCH)
            report.places_created += len(new)
            for bucket in self.index.values():
                bucket[:] = [(r if isinstance(r, int) else r.pk, y, x) for r, y, x in bucket]
            self.memo = {k: v if isinstance(v, int) else v.pk for k, v in self.memo.items()}
        for event, ref in zip(located, refs, strict=True):
            event.place_id = ref if isinstance(ref, int) else ref.pk

    def _load_candidates(self, located: list[EventRow]) -> None:
        """Every place inside the rows' bounding box (plus SNAP_KM), in one query."""
        lats = [e.latitude for e in located]
        lons = [e.longitude for e in located]
        south, north = min(lats), max(lats)
        margin_lat = SNAP_KM / 110.0
        widest = max(abs(south), abs(north)) + margin_lat
        margin_lon = SNAP_KM / (111.32 * max(math.cos(math.radians(min(widest, 89.9))), 0.01))
        box = (
            max(min(lons) - margin_lon, -180.0),
            max(south - margin_lat, -90.0),
            min(max(lons) + margin_lon, 180.0),
            min(north + margin_lat, 90.0),
        )
        if any(
            b[0] <= box[0] and b[1] <= box[1] and box[2] <= b[2] and box[3] <= b[3]
            for b in self.boxes
        ):
            return  # loaded already; places created since are in the index
        self.boxes.append(box)
        bbox = Polygon.from_bbox(box)
        bbox.srid = 4326
        candidates = (
            Place.objects.filter(point__contained=bbox)
            .annotate(x=StX("point"), y=StY("point"))
            .values_list("id", "name", "alternate_names", "y", "x")
        )
        for place_id, name, alternates, lat, lon in candidates:
            if place_id in self.loaded:
                continue
            self.loaded.add(place_id)
            keys = {self._key(name)}
            keys.update(self._key(a) for a in alternates or () if isinstance(a, str))
            for key in keys - {""}:
                self.index[key].append((place_id, lat, lon))

    def _nearest(self, key: str, lat: float, lon: float) -> int | Place | None:
        best, best_km = None, SNAP_KM
        for ref, plat, plon in self.index.get(key, ()):
            km = km_apart(lat, lon, plat, plon)
            if km <= best_km:
                best, best_km = ref, km
        return best


class SourceResolver:
    """One Source per distinct source text: found by exact title, else bulk-created."""

    def __init__(self) -> None:
        self.by_title: dict[str, int] = {}

    def resolve(self, events: list[EventRow], report: ImportReport) -> None:
        wanted = {e.source for e in events if e.source} - self.by_title.keys()
        if wanted:
            titles = sorted(wanted)
            for batch in batched(titles, ORM_BATCH):
                found = Source.objects.filter(title__in=batch).order_by("-id")
                # Descending, so that when titles repeat the oldest source wins.
                self.by_title.update(found.values_list("title", "id"))
            new = [Source(title=t) for t in titles if t not in self.by_title]
            if new:
                Source.objects.bulk_create(new, batch_size=ORM_BATCH)
                self.by_title.update((s.title, s.pk) for s in new)
                report.sources_created += len(new)
        for event in events:
            event.source_id = self.by_title[event.source] if event.source else None


def batched(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ---------------------------------------------------------------------------------------------
# Writing


def _diff_actors(
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
        have = current.get(event.pk, {})
        wanted = event.actor_ids
        for pair, link_id in have.items():
            if pair[1] in roles and pair not in wanted:
                delete.append(link_id)
                changed.add(event.pk)
        for actor_id, role in sorted(wanted - have.keys()):
            add.append((event.pk, actor_id, role))
            changed.add(event.pk)
    return delete, add, changed


def _merge_extra(old: dict, new: dict, keys: set[str]) -> dict:
    """The new extra, keeping the old keys this file has no column for."""
    kept = {k: v for k, v in (old or {}).items() if k not in keys}
    return {**kept, **new} if kept else new


class OrmWriter:
    """Any backend: one query for the existing ids of each batch, then bulk_create/bulk_update."""

    def __init__(self, fmt: CsvFormat):
        self.fmt = fmt
        self.dataset = fmt.dataset
        self.fields = fmt.update_fields
        self.positions = [EVENT_FIELDS.index(f) for f in self.fields]
        self.extra_keys = set(fmt.extra_keys)

    def begin(self, expected_rows: int = 0, bulk: bool | None = None) -> None:
        pass

    def finish(self) -> None:
        pass

    def prepare(self, events: list[EventRow]) -> None:
        return None

    def write(self, events: list[EventRow], report: ImportReport, prepared: None = None) -> None:
        now = timezone.now()
        for batch in batched(events, ORM_BATCH):
            self._write_batch(batch, report, now)

    def _write_batch(self, batch: Sequence[EventRow], report: ImportReport, now) -> None:
        existing = {
            row[1]: row
            for row in Event.objects.filter(
                dataset=self.dataset, external_id__in=[e.external_id for e in batch]
            ).values_list("id", "external_id", *self.fields)
        }
        new_events: list[tuple[EventRow, Event]] = []
        changed: list[Event] = []
        old_events: list[EventRow] = []
        for event in batch:
            old = existing.get(event.external_id)
            if old is None:
                new_events.append((event, self._new_event(event, now)))
                continue
            event.pk = old[0]
            old_events.append(event)
            values = event.values()
            wanted = [values[i] for i in self.positions]
            current = list(old[2:])
            if "extra" in self.fields:
                at = self.fields.index("extra")
                wanted[at] = event.extra = _merge_extra(current[at], event.extra, self.extra_keys)
            if "location" in self.fields:
                at = self.fields.index("location")
                current[at] = None if current[at] is None else tuple(current[at].coords)
            if wanted != current:
                changed.append(self._updated_event(event, now))
        if new_events:
            Event.objects.bulk_create([e for _, e in new_events], batch_size=ORM_BATCH)
            for row, event in new_events:
                row.pk = event.pk
        if changed:
            Event.objects.bulk_update(changed, [*self.fields, "updated"], batch_size=ORM_BATCH)
        current_links: dict[int, dict[tuple[int, str], int]] = defaultdict(dict)
        if old_events:
            links = EventActor.objects.filter(event_id__in=[e.pk for e in old_events])
            for link_id, event_id, actor_id, role in links.values_list(
                "id", "event_id", "actor_id", "role"
            ):
                current_links[event_id][(actor_id, role)] = link_id
        delete, add, actors_changed = _diff_actors(batch, current_links, self.fmt.roles)
        if delete:
            EventActor.objects.filter(id__in=delete).delete()
        if add:
            EventActor.objects.bulk_create(
                [EventActor(event_id=e, actor_id=a, role=r) for e, a, r in add],
                batch_size=ORM_BATCH,
            )
        changed_ids = {e.pk for e in changed}
        touched = (actors_changed & {e.pk for e in old_events}) - changed_ids
        if touched:
            Event.objects.filter(pk__in=touched).update(updated=now)
        report.created += len(new_events)
        report.updated += len(changed_ids | touched)
        report.unchanged += len(old_events) - len(changed_ids | touched)

    def _new_event(self, row: EventRow, now) -> Event:
        event = Event(
            dataset=self.dataset,
            external_id=row.external_id,
            status=row.status,
            verified_at=now if row.status == Event.Status.VERIFIED else None,
        )
        self._assign(event, row, EVENT_FIELDS)
        return event

    def _updated_event(self, row: EventRow, now) -> Event:
        event = Event(pk=row.pk, updated=now)
        self._assign(event, row, self.fields)
        return event

    @staticmethod
    def _assign(event: Event, row: EventRow, fields: Iterable[str]) -> None:
        for name in fields:
            if name == "location":
                event.location = (
                    None if row.latitude is None else Point(row.longitude, row.latitude, srid=4326)
                )
            else:
                setattr(event, name, getattr(row, name))


STAGE = "_cm_import_event"
STAGE_COLUMNS = (
    ("external_id", "text"),
    ("date", "date"),
    ("date_precision", "smallint"),
    ("end_date", "date"),
    ("event_type", "text"),
    ("sub_event_type", "text"),
    ("summary", "text"),
    ("place_id", "bigint"),
    ("lon", "double precision"),
    ("lat", "double precision"),
    ("place_name", "text"),
    ("country_code", "text"),
    ("geo_precision", "smallint"),
    ("fatalities", "integer"),
    ("source_id", "bigint"),
    ("extra", "jsonb"),
    ("status", "text"),
)


LINK_STAGE = "_cm_import_link"
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


class CopyWriter:
    """PostgreSQL: COPY each chunk into a temporary staging table, then set-based SQL.

    One INSERT ... ON CONFLICT (dataset, external_id) WHERE external_id <> '' DO UPDATE writes
    new and changed events (rows whose values are all the same are not rewritten), and RETURNING
    tells which were written. EventActor rows of new events are COPYed straight in; those of
    existing events are diffed against one query.
    """

    def __init__(self, fmt: CsvFormat):
        self.fmt = fmt
        self.dataset = fmt.dataset
        self.fields = fmt.update_fields
        # The wrapper itself, not the thread-local proxy: write() may run in a writer thread.
        self.db = connections[DEFAULT_DB_ALIAS]
        q = self.db.ops.quote_name
        self.event_table = q(Event._meta.db_table)
        self.link_table = q(EventActor._meta.db_table)
        columns = {f: q(Event._meta.get_field(f).column) for f in EVENT_FIELDS}
        expressions = {f: f"s.{f}" for f in EVENT_FIELDS}
        expressions["location"] = (
            "CASE WHEN s.lon IS NULL THEN NULL "
            "ELSE ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) END"
        )
        insert_columns = [columns[f] for f in EVENT_FIELDS] + [
            q("status"),
            q("dataset"),
            q("external_id"),
            q("quote"),
            q("extraction"),
            q("created"),
            q("updated"),
            q("verified_at"),
            q("unlocated_reason"),
        ]
        select = [expressions[f] for f in EVENT_FIELDS] + [
            "s.status",
            "%(dataset)s",
            "s.external_id",
            "''",
            "'{}'::jsonb",
            "%(now)s",
            "%(now)s",
            "CASE WHEN s.status = 'verified' THEN %(now)s END",
            "''",
        ]
        t = self.event_table
        # Keys of extra this file has no column for survive an update.
        merged_extra = (
            f"({t}.{columns['extra']} - %(extra_keys)s::text[]) || EXCLUDED.{columns['extra']}"
        )
        new_values = {
            f: merged_extra if f == "extra" else f"EXCLUDED.{columns[f]}" for f in self.fields
        }
        assignments = [f"{columns[f]} = {new_values[f]}" for f in self.fields]
        old = ", ".join(f"{t}.{columns[f]}" for f in self.fields)
        new = ", ".join(new_values[f] for f in self.fields)
        # The same comparison against the staged row, to leave unchanged rows out before the
        # upsert: ON CONFLICT DO UPDATE ... WHERE false would still lock (so write) each of them.
        staged = {
            f: f"(e.{columns[f]} - %(extra_keys)s::text[]) || s.extra"
            if f == "extra"
            else expressions[f]
            for f in self.fields
        }
        current = ", ".join(f"e.{columns[f]}" for f in self.fields)
        unchanged = (
            f"SELECT 1 FROM {t} e WHERE e.dataset = %(dataset)s AND e.external_id <> '' "
            f"AND e.external_id = s.external_id "
            f"AND ROW({current}) IS NOT DISTINCT FROM ROW({', '.join(staged.values())})"
        )
        upsert = (
            f"ON CONFLICT (dataset, external_id) WHERE external_id <> '' DO UPDATE SET "
            f"{', '.join(assignments)}, {q('updated')} = EXCLUDED.{q('updated')} "
            f"WHERE ROW({old}) IS DISTINCT FROM ROW({new}) "
            f"RETURNING {t}.id, {t}.external_id"
        )
        head = f"INSERT INTO {t} ({', '.join(insert_columns)}) SELECT {', '.join(select)} "
        self.insert_sql = f"{head} FROM {STAGE} s WHERE NOT EXISTS ({unchanged}) {upsert}"
        # ON CONFLICT kept: another session may insert the same ids meanwhile.
        self.insert_new_sql = f"{head} FROM {STAGE} s {upsert}"
        self.fresh = False
        self.link_insert_sql = link_copies_sql(
            "event_id, actor_id, role",
            f"SELECT l.event_id, l.actor_id, l.role, e.date, ST_X(e.location), ST_Y(e.location) "
            f"FROM {LINK_STAGE} l "
            f"JOIN {t} e ON e.id = l.event_id ORDER BY l.event_id, l.actor_id, l.role",
        )
        # The first load of a dataset (self.fresh) COPYs straight into the tables, with ids
        # taken from the events' sequence beforehand and the links' copies of their event's
        # date and position written from the same values as the event (link_copies_sql's rule).
        # One block of ids: safe because bulk_begin's lock keeps every other writer (whose
        # INSERT would take the next id) out of the table until the import commits.
        sequence = f"pg_get_serial_sequence('{Event._meta.db_table}', 'id')"
        self.fresh_ids_sql = f"SELECT setval({sequence}, nextval({sequence}) + %s - 1)"
        self.fresh_copy_sql = f"COPY {t} ({q('id')}, {', '.join(insert_columns)}) FROM STDIN"
        self.fresh_link_sql = link_copies_copy_sql("event_id, actor_id, role")
        self.deferred: list[str] = []
        # The partial unique index answers this (external_id <> '' matches its condition).
        self.existing_sql = (
            f"SELECT external_id, id FROM {t} WHERE dataset = %s AND external_id <> '' "
            f"AND external_id = ANY(%s)"
        )

    def begin(self, expected_rows: int = 0, bulk: bool | None = None) -> None:
        columns = ", ".join(f"{name} {kind}" for name, kind in STAGE_COLUMNS)
        with self.db.cursor() as cursor:
            # Foreign keys checked as each statement ends rather than all at COMMIT, so that the
            # checks overlap with parsing the next chunk (Django's check_constraints does the same).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGE}")
            cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({columns}) ON COMMIT DROP")
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{LINK_STAGE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {LINK_STAGE} "
                f"(event_id bigint, actor_id bigint, role text) ON COMMIT DROP"
            )
            if bulk is None:
                bulk = self._bulk_pays(cursor, expected_rows)
            if bulk:
                # Said outright, though bulk_begin's DROP INDEX takes a stronger lock anyway:
                # the "fresh" test below and the block of ids prepare() takes rely on no other
                # writer reaching the events until the import commits.
                cursor.execute(f"LOCK TABLE {self.event_table} IN SHARE ROW EXCLUSIVE MODE")
            self.deferred = bulk_begin(cursor, (self.event_table, self.link_table)) if bulk else []
            # The first load of a dataset, with the table locked by bulk_begin: no row of the
            # file can be there already (the reader refuses duplicate ids), so there is nothing
            # to look up or compare before inserting.
            self.fresh = False
            if bulk:
                cursor.execute(
                    f"SELECT NOT EXISTS (SELECT 1 FROM {self.event_table} "
                    f"WHERE dataset = %s AND external_id <> '')",
                    [self.dataset],
                )
                self.fresh = cursor.fetchone()[0]

    def _bulk_pays(self, cursor, expected_rows: int) -> bool:
        """Whether rebuilding indexes and checking foreign keys once beats doing it per row: when
        the file holds at least BULK_MIN_ROWS events new to its dataset, and at least half as
        many as the table already has (a rebuild costs the whole table). A re-import of the
        same file (nothing new) keeps the row-by-row path and takes no table lock."""
        if expected_rows < BULK_MIN_ROWS:
            return False
        cursor.execute(
            f"SELECT count(*) FROM {self.event_table} WHERE dataset = %s AND external_id <> ''",
            [self.dataset],
        )
        new = expected_rows - cursor.fetchone()[0]
        cursor.execute(
            "SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass",
            [Event._meta.db_table],
        )
        return new >= BULK_MIN_ROWS and new >= cursor.fetchone()[0] / 2

    def finish(self) -> None:
        with self.db.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGE}")
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{LINK_STAGE}")
            bulk_finish(cursor, self.deferred)
            self.deferred = []
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def write(
        self, events: list[EventRow], report: ImportReport, prepared: tuple[str, str] | None
    ) -> None:
        if prepared is not None:
            self._write_fresh(prepared, report, len(events))
            return
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        now = timezone.now()
        by_id = {e.external_id: e for e in events}
        with self.db.wrap_database_errors, self.db.cursor() as cursor:
            cursor.execute(f"TRUNCATE {STAGE}")
            names = ", ".join(name for name, _ in STAGE_COLUMNS)
            with cursor.copy(f"COPY {STAGE} ({names}) FROM STDIN") as copy:
                write_row = copy.write_row
                for e in events:
                    write_row(
                        (
                            e.external_id,
                            e.date,
                            e.date_precision,
                            e.end_date,
                            e.event_type,
                            e.sub_event_type,
                            e.summary,
                            e.place_id,
                            e.longitude,
                            e.latitude,
                            e.place_name,
                            e.country_code,
                            e.geo_precision,
                            e.fatalities,
                            e.source_id,
                            dumps(e.extra),
                            e.status,
                        )
                    )
            existing: dict[str, int] = {}
            if not self.fresh:
                cursor.execute(self.existing_sql, [self.dataset, list(by_id)])
                existing = dict(cursor.fetchall())
            current: dict[int, dict[tuple[int, str], int]] = defaultdict(dict)
            if existing:
                cursor.execute(
                    f"SELECT l.id, l.event_id, l.actor_id, l.role FROM {self.link_table} l "
                    f"WHERE l.event_id = ANY(%s)",
                    [list(existing.values())],
                )
                for link_id, event_id, actor_id, role in cursor.fetchall():
                    current[event_id][(actor_id, role)] = link_id
            cursor.execute(
                # With none of the chunk's ids in the table, no comparison with current rows.
                self.insert_sql if existing else self.insert_new_sql,
                {"dataset": self.dataset, "extra_keys": self.fmt.extra_keys, "now": now},
            )
            written = cursor.fetchall()
            for event_id, external_id in written:
                by_id[external_id].pk = event_id
            for external_id, event_id in existing.items():
                by_id[external_id].pk = event_id
            fields_changed = {pk for pk, ext in written if ext in existing}
            created = [by_id[ext] for _, ext in written if ext not in existing]
            old_events = [by_id[ext] for ext in existing]
            delete, add, actors_changed = _diff_actors(old_events, current, self.fmt.roles)
            if delete:
                cursor.execute(f"DELETE FROM {self.link_table} WHERE id = ANY(%s)", [delete])
            cursor.execute(f"TRUNCATE {LINK_STAGE}")
            with cursor.copy(f"COPY {LINK_STAGE} (event_id, actor_id, role) FROM STDIN") as copy:
                write_row = copy.write_row
                for e in created:
                    for actor_id, role in sorted(e.actor_ids):
                        write_row((e.pk, actor_id, role))
                for row in add:
                    write_row(row)
            # Each link's copies (date, position) read from its event in the same statement:
            # right by construction, so the per-row trigger that would look them up is skipped.
            for sql in self.link_insert_sql:
                cursor.execute(sql)
            touched = actors_changed - fields_changed
            if touched:
                cursor.execute(
                    f"UPDATE {self.event_table} SET updated = %s WHERE id = ANY(%s)",
                    [now, sorted(touched)],
                )
        report.created += len(created)
        report.updated += len(fields_changed | touched)
        report.unchanged += len(existing) - len(fields_changed | touched)

    def prepare(self, events: list[EventRow]) -> tuple[str, str] | None:
        """On the reading thread, between chunks: for the first load of a dataset, the ids and
        the COPY text of the chunk's events and links, so that the writer thread only sends
        bytes and waits on the server (Python work there would contend with parsing for the
        GIL). None otherwise."""
        if not self.fresh:
            return None
        with self.db.cursor() as cursor:
            cursor.execute(self.fresh_ids_sql, [len(events)])
            last = cursor.fetchone()[0]
        ids = range(last - len(events) + 1, last + 1)
        now = timezone.now().isoformat()
        verified, dataset = Event.Status.VERIFIED, copy_text(self.dataset)
        event_lines, link_lines = [], []
        # Each event line in fresh_copy_sql's column order: id, EVENT_FIELDS, then the columns
        # insert_columns adds (a line of another length is refused by COPY, tested).
        for pk, e in zip(ids, events, strict=True):
            e.pk = pk
            date = e.date.isoformat()
            if e.latitude is None:
                location = lon = lat = NULL
            else:
                lon, lat = repr(e.longitude), repr(e.latitude)
                location = f"SRID=4326;POINT({lon} {lat})"
            event_lines.append(
                "\t".join(
                    (
                        str(pk),
                        date,
                        str(e.date_precision),
                        NULL if e.end_date is None else e.end_date.isoformat(),
                        copy_text(e.event_type),
                        copy_text(e.sub_event_type),
                        copy_text(e.summary),
                        NULL if e.place_id is None else str(e.place_id),
                        location,
                        copy_text(e.place_name),
                        copy_text(e.country_code),
                        str(e.geo_precision),
                        NULL if e.fatalities is None else str(e.fatalities),
                        NULL if e.source_id is None else str(e.source_id),
                        copy_text(orjson.dumps(e.extra).decode()),
                        copy_text(e.status),
                        dataset,
                        copy_text(e.external_id),
                        "",
                        "{}",
                        now,
                        now,
                        now if e.status == verified else NULL,
                        "",
                    )
                )
            )
            for actor_id, role in sorted(e.actor_ids):
                link_lines.append(f"{pk}\t{actor_id}\t{role}\t{date}\t{lon}\t{lat}")
        event_lines.append("")
        link_lines.append("")
        return "\n".join(event_lines), "\n".join(link_lines)

    def _write_fresh(self, text: tuple[str, str], report: ImportReport, rows: int) -> None:
        """The first load of a dataset, under bulk_begin's lock: no row of the file can be in
        the table (the reader refuses duplicate ids), so no staging table, no comparison and
        no ON CONFLICT; each row is written once, from prepare's text. The unique index still
        checks (dataset, external_id) as rows arrive."""
        events, links = text
        before, copy_links, after = self.fresh_link_sql
        # COPY is psycopg's own call: its errors become Django's, as an execute()'s do.
        with self.db.wrap_database_errors, self.db.cursor() as cursor:
            with cursor.copy(self.fresh_copy_sql) as copy:
                copy.write(events)
            cursor.execute(before)
            with cursor.copy(copy_links) as copy:
                copy.write(links)
            cursor.execute(after)
        report.created += rows


NULL = "\\N"  # COPY's text format: NULL, and the escapes of text values
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: str) -> str:
    """A text value as COPY's text format reads it back unchanged."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:  # rare: test first
        return value.translate(_COPY_ESCAPES)
    return value


def get_writer(fmt: CsvFormat, writer: str) -> OrmWriter | CopyWriter:
    if writer == "auto":
        writer = "copy" if connection.vendor == "postgresql" else "orm"
    if writer == "copy" and connection.vendor == "postgresql":
        return CopyWriter(fmt)
    if writer == "orm":
        return OrmWriter(fmt)
    raise ValueError(UNKNOWN_WRITER.format(writer=writer))


# ---------------------------------------------------------------------------------------------
# The import


class _DryRun(Exception):
    pass


def events_import(
    fmt_class: type[CsvFormat],
    path: str | Path,
    *,
    skip_bad: bool = False,
    dry_run: bool = False,
    report_path: str | Path | None = None,
    progress: bool = True,
    writer: str = "auto",
    chunk_size: int = CHUNK_SIZE,
    bulk: bool | None = None,
) -> ImportReport:
    """Import one CSV file of `fmt_class`'s format; see the module docstring for how.

    `bulk` (PostgreSQL): drop and rebuild secondary indexes and foreign keys around the load
    (bulk_begin); None decides by the load's size against the table's.

    Raises ImportFailed (nothing written) for a file-level problem, or for bad rows unless
    `skip_bad`, which imports the good rows and writes the bad ones to a CSV report
    (`report_path`, by default next to the file as NAME.errors.csv).
    """
    started = time.perf_counter()
    path = Path(path)
    if not path.is_file():
        raise ImportFailed(FILE_NOT_FOUND.format(path=path))
    encoding, lines = sniff_encoding(path)
    report = ImportReport(dataset=fmt_class.dataset, path=path, encoding=encoding, dry_run=dry_run)
    try:
        with transaction.atomic(), _import_runtime():
            _run(
                fmt_class,
                path,
                report,
                skip_bad=skip_bad,
                progress=progress,
                writer=writer,
                chunk_size=chunk_size,
                lines=lines,
                bulk=bulk,
            )
            if report.errors and (skip_bad or report_path):
                report.report_path = errors_write(
                    report.errors, Path(report_path) if report_path else default_report_path(path)
                )
            if report.errors and not skip_bad:
                raise ImportFailed(_failure_message(report), errors=report.errors, report=report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    report.elapsed = time.perf_counter() - started
    return report


# While an import runs: the writer thread re-takes the GIL after each 128 KB piece of COPY data
# it has sent, and with Python's default 5 ms switch interval it waits that long for the parsing
# thread each time (a 100k-row load sends ~70 MB). 0.1 ms lets it in at once.
IMPORT_SWITCH_INTERVAL = 0.0001


@contextmanager
def _import_runtime() -> Iterator[None]:
    """The interpreter tuned for an import, restored after: the switch interval above, and no
    cyclic garbage collection, whose passes over the millions of objects a chunk holds (rows,
    dicts, tuples; no cycles among them, so reference counting frees them) cost ~10% of a load.
    """
    interval, collecting = sys.getswitchinterval(), gc.isenabled()
    sys.setswitchinterval(IMPORT_SWITCH_INTERVAL)
    gc.disable()
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        if collecting:
            gc.enable()


class _Importer:
    """One run of events_import: reads, validates, and hands chunks to the resolvers and writer."""

    def __init__(
        self,
        fmt: CsvFormat,
        report: ImportReport,
        *,
        skip_bad: bool,
        writer: str,
        chunk_size: int,
    ):
        self.fmt = fmt
        self.report = report
        self.skip_bad = skip_bad
        self.chunk_size = chunk_size
        self.writer = get_writer(fmt, writer)
        self.actors = ActorResolver(fmt)
        self.places = PlaceResolver(fmt.dataset)
        self.sources = SourceResolver()
        self.chunk: list[EventRow] = []
        self.seen: dict[str, int] = {}  # external id -> line, to report duplicates
        # On PostgreSQL one writer thread writes chunk k while this thread parses chunk k+1: the
        # server works on one core, Python on the other. Same connection and transaction
        # (psycopg serialises its use), at most one chunk in flight.
        self.db = connections[DEFAULT_DB_ALIAS]
        self.executor = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer")
            if isinstance(self.writer, CopyWriter)
            else None
        )
        self.in_flight: Future | None = None
        self.expected_rows = 0  # data lines in the file
        self.bulk: bool | None = None
        # The last rows go out as a small chunk of their own: nothing overlaps the last write
        # (the reader has finished), so a short one ends the import sooner.
        self.tail_from = -1

    def run(self, reader: Any, path: Path, bar: tqdm) -> None:
        self.writer.begin(self.expected_rows, self.bulk)
        if self.executor is not None and self.expected_rows > self.chunk_size:
            self.tail_from = self.expected_rows - self.chunk_size // TAIL_FRACTION
        if self.executor is not None:
            self.db.inc_thread_sharing()
        try:
            self._read(reader, path, bar)
            if self.chunk and (self.skip_bad or not self.report.errors):
                self._flush()
            if self.in_flight is not None:
                self.in_flight.result()
        finally:
            if self.executor is not None:
                self.executor.shutdown(wait=True)  # never leave a writer using the connection
                self.db.dec_thread_sharing()
        self.writer.finish()

    def _read(self, reader: Any, path: Path, bar: tqdm) -> None:
        fmt, report = self.fmt, self.report
        header, width = fmt.header, len(fmt.header)
        rows = numbered(reader)
        unshown = 0
        while True:
            try:
                line, values = next(rows)
            except StopIteration:
                break
            except csv.Error as exc:
                raise ImportFailed(
                    CSV_ERROR.format(path=path, line=reader.line_num, error=exc)
                ) from exc
            report.rows += 1
            unshown += 1
            if unshown == 1000:
                bar.update(unshown)
                unshown = 0
            row = Row(line, dict(zip(header, map(str.strip, values), strict=False)))
            event = None
            if len(values) < width or (
                len(values) > width and any(v.strip() for v in values[width:])
            ):
                missing = header[len(values)] if len(values) < width else f"field {width + 1}"
                row.error(missing, WRONG_FIELD_COUNT.format(found=len(values), expected=width), "")
            else:
                event = fmt.parse(row)
            if event is not None and not row.errors:
                first = self.seen.setdefault(event.external_id, line)
                if first != line:
                    row.error(fmt.id_column, DUPLICATE_ID.format(id=event.external_id, first=first))
            if row.errors:
                report.errors.extend(row.errors)
                report.skipped += 1
                continue
            if report.errors and not self.skip_bad:
                continue  # the import will fail: only validate the rest, to report every error
            self.chunk.append(event)
            if len(self.chunk) >= self.chunk_size or report.rows == self.tail_from:
                self._flush()
        bar.update(unshown)

    def _flush(self) -> None:
        batch, self.chunk = self.chunk, []
        if self.in_flight is not None:
            # Before any query of ours: if the writer failed, its error is the one to see, not
            # "current transaction is aborted" from the next query.
            self.in_flight.result()
            self.in_flight = None
        self.actors.resolve(batch, self.report)
        self.places.resolve(batch, self.report)
        self.sources.resolve(batch, self.report)
        prepared = self.writer.prepare(batch)
        if self.executor is None:
            self.writer.write(batch, self.report, prepared)
        else:
            self.in_flight = self.executor.submit(self.writer.write, batch, self.report, prepared)


def _run(
    fmt_class: type[CsvFormat],
    path: Path,
    report: ImportReport,
    *,
    skip_bad: bool,
    progress: bool,
    writer: str,
    chunk_size: int,
    lines: int,
    bulk: bool | None = None,
) -> None:
    with open(path, encoding=report.encoding, newline="") as fh:
        first = fh.readline()
        if not first.strip():
            raise ImportFailed(EMPTY_FILE.format(path=path))
        fh.seek(0)
        reader = csv.reader(fh, delimiter=sniff_delimiter(first))
        try:
            header = next(reader)
        except csv.Error as exc:
            raise ImportFailed(CSV_ERROR.format(path=path, line=1, error=exc)) from exc
        fmt = fmt_class(header, path)
        importer = _Importer(fmt, report, skip_bad=skip_bad, writer=writer, chunk_size=chunk_size)
        importer.expected_rows, importer.bulk = max(lines - 1, 0), bulk
        with tqdm(
            total=max(lines - 1, 0),
            unit=" rows",
            desc=f"{fmt.dataset} {path.name}",
            disable=not progress,
        ) as bar:
            importer.run(reader, path, bar)


def _failure_message(report: ImportReport) -> str:
    shown = "; ".join(str(e) for e in report.errors[:MAX_ERRORS_SHOWN])
    more = len(report.errors) - MAX_ERRORS_SHOWN
    text = IMPORT_FAILED.format(path=report.path, count=report.skipped, errors=shown)
    if more > 0:
        text += MORE_ERRORS.format(count=more)
    if report.report_path:
        text += REPORT_WRITTEN.format(path=report.report_path)
    return text + SKIP_BAD_HINT


def default_report_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.errors.csv")


def errors_write(errors: Iterable[RowError], path: Path) -> Path:
    """A CSV of the bad rows: line, column, value, message."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["line", "column", "value", "message"])
        for error in errors:
            out.writerow([error.line, error.column, error.value, error.message])
    return path
