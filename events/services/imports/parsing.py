"""Turning a record's text into values: dates, counts, coordinates, codes, taxonomy, actor
names and countries, each failure a message the RowError carries (with line and column)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.db.models import Field, Model

from events.domain.countries import country_code_for
from events.domain.names import normalize_name
from events.domain.vocabulary import (
    ACLED_PRE_2019_BY_INTER,
    ACLED_PRE_2019_RIOTS_PROTESTS,
    ACLED_PRE_2019_TYPES,
    EVENT_TAXONOMY,
)
from events.models import Actor, Event, Source
from events.services.imports.dates import NOT_A_DATE as NOT_A_DATE  # re-exported
from events.services.imports.dates import parse_date
from events.services.imports.rows import REQUIRED, Row

MAX_FATALITIES = 2_147_483_647

# Row-level failures: the message of a RowError.
WRONG_FIELD_COUNT = "the row has {found} fields, the header has {expected}"
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
RIOTS_OR_PROTESTS = (
    "Riots/Protests: inter1 tells which (5 rioters, 6 protesters), and this row's is neither"
)
END_BEFORE_START = "the end date {end} is before the start date {start}"
TOO_LONG = "longer than {limit} characters"
DUPLICATE_ID = "duplicate id {id!r}: also on line {first}"
UNUSABLE_NAME = "not a usable name: it has no letters or digits"


STATUSES = {s.value for s in Event.Status}


def parse_period(
    row: Row, start: str, end: str, convert: Callable[[str], dt.date] = parse_date
) -> tuple[dt.date | None, dt.date | None]:
    """An event's date (required) and end date (optional) from their columns, read by
    `convert` (a file's FileDates); an end before the start is an error of the end column."""
    date = row.parse(start, convert, required=True)
    end_date = row.parse(end, convert)
    if date and end_date and end_date < date:
        row.error(end, END_BEFORE_START.format(end=end_date, start=date))
    return date, end_date


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


def choice(*allowed: int) -> Callable[[str], int]:
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


def limited(limit: int) -> Callable[[str], str]:
    def convert(value: str) -> str:
        if len(value) > limit:
            raise ValueError(TOO_LONG.format(limit=limit))
        return value

    return convert


def max_length(model: type[Model], name: str) -> int:
    """A CharField's max_length (get_field is typed to return relations too, and max_length
    int | None)."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} has no max_length")
    return field.max_length


parse_external_id = limited(max_length(Event, "external_id"))
parse_place_name = limited(max_length(Event, "place_name"))

_TYPES = {t.lower(): t for t in EVENT_TAXONOMY}
_PRE_2019 = {old.lower(): mapped for old, mapped in ACLED_PRE_2019_TYPES.items()}
UNKNOWN_PRE_2019_TYPE = (
    "not an event type of ACLED's taxonomy before 2019 (one of: {choices})".format(
        choices=", ".join([*ACLED_PRE_2019_TYPES, ACLED_PRE_2019_RIOTS_PROTESTS])
    )
)
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


def parse_pre_2019_taxonomy(row: Row, type_column: str, inter1: int | None) -> tuple[str, str]:
    """(event type, sub-event type) of a row in ACLED's taxonomy before 2019, mapped to today's
    (vocabulary.ACLED_PRE_2019_TYPES); the sub-type "" where the old type did not tell it."""
    old = row.text(type_column)
    if old.lower() == ACLED_PRE_2019_RIOTS_PROTESTS.lower():
        if inter1 in ACLED_PRE_2019_BY_INTER:
            return ACLED_PRE_2019_BY_INTER[inter1]
        row.error(type_column, RIOTS_OR_PROTESTS)
        return "", ""
    mapped = _PRE_2019.get(old.lower())
    if mapped is None:
        if _TYPES.get(old.lower()):  # today's name in an old file: its sub-type is unknown
            return _TYPES[old.lower()], ""
        row.error(type_column, UNKNOWN_PRE_2019_TYPE if old else REQUIRED)
        return "", ""
    return mapped


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
ACTOR_NAME_MAX = max_length(Actor, "name")


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


SOURCE_TITLE_MAX = max_length(Source, "title")


def source_title(value: str, extra: dict[str, Any]) -> str:
    """A Source title from a dataset's source text; the whole text kept in extra if cut."""
    limit = SOURCE_TITLE_MAX
    if len(value) > limit:
        extra["source"] = value
        return value[:limit]
    return value


def source_titles(value: str, extra: dict[str, Any]) -> tuple[str, ...]:
    """The Source titles of a source cell that lists several, as ACLED writes them ("Mareb
    Press; Yemen Data Project"): split on ";", each stripped, repeats and empty parts dropped.
    A part longer than a title is cut, and the whole cell kept in extra."""
    titles: dict[str, None] = {}
    # A cell with one source is kept exactly as read (a title may begin with a tab that our
    # export protected: csv_text); only the parts of a list lose the spaces around ";".
    for part in value.split(";") if ";" in value else [value]:
        part = part.strip() if ";" in value else part
        if part:
            if len(part) > SOURCE_TITLE_MAX:
                extra["source"] = value
                part = part[:SOURCE_TITLE_MAX]
            titles[part] = None
    return tuple(titles)


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
