"""ACLED's CSV export, and ours (events/selectors/exports.py writes the same columns), as events.

The mapping, and what is kept or lost, is in docs/importers.md.
"""

from __future__ import annotations

from operator import methodcaller
from pathlib import Path
from typing import Unpack

from events.domain.columns import (
    ACLED_ID,
    ACLED_ONLY_COLUMNS,
    ADMIN_COLUMNS,
    CSV_COLUMNS,
    NUMERIC_COLUMNS,
    TEXT_COLUMNS,
)
from events.models import Actor, Event
from events.selectors.exports import csv_text_unquoted
from events.services.imports.eras import ACLED_PRE_2019, acled_era, is_acled_pre_2019
from events.services.imports.formats import MISSING_MARKER, CsvFormat
from events.services.imports.parsing import (
    choice,
    extra_value,
    parse_coordinates,
    parse_count,
    parse_country,
    parse_period,
    parse_place_name,
    parse_pre_2019_taxonomy,
    parse_status,
    parse_taxonomy,
    role_actors,
    source_titles,
)
from events.services.imports.report import ImportReport
from events.services.imports.rows import REQUIRED, EventRow, Row
from events.services.imports.run import ImportOptions, events_import

DATASET = "acled"
_QUOTED = methodcaller("startswith", "'")

# ACLED's inter codes, as numbers (until 2023) or as words (since 2024).
INTER_KINDS: dict[str, int] = {str(kind.value): kind.value for kind in Actor.Kind} | {
    kind.label.lower(): kind.value for kind in Actor.Kind
}


PRECISION = choice(1, 2, 3)  # time_precision and geo_precision


def inter_kind(value: str) -> int | None:
    """The actor kind an inter1/inter2 value stands for; None for 0 (no actor) or unknown."""
    return INTER_KINDS.get(value.strip().lower())


class AcledFormat(CsvFormat):
    dataset = DATASET
    id_columns = (ACLED_ID, "event_id")
    required_columns = (
        id_columns,
        ("event_date",),
        ("event_type",),
        ("sub_event_type",),
        ("actor1",),
        ("latitude", "location"),
        ("longitude", "location"),
    )
    field_columns = {
        "date": ("event_date",),
        "date_precision": ("time_precision",),
        "end_date": ("end_date",),
        "event_type": ("event_type",),
        "sub_event_type": ("sub_event_type",),
        "summary": ("notes",),
        "place_id": ("location",),
        "location": ("latitude", "longitude"),
        "place_name": ("location",),
        "country_code": ("iso2", "iso", "country"),
        "geo_precision": ("geo_precision",),
        "fatalities": ("fatalities",),
        "source_id": ("source",),
    }
    role_columns = {
        "actor1": ("actor1",),
        "assoc1": ("assoc_actor_1",),
        "actor2": ("actor2",),
        "assoc2": ("assoc_actor_2",),
    }
    # The province columns are not among them: they are kept in extra too.
    consumed_columns = frozenset({*CSV_COLUMNS, *ACLED_ONLY_COLUMNS} - {*ADMIN_COLUMNS})
    # Kept in extra only when they say something the columns cannot: a country we could not map
    # to a code, a source text longer than a Source title.
    conditional_extra = {"country": ("country",), "iso": ("iso",), "source": ("source",)}
    numeric_extra = frozenset(NUMERIC_COLUMNS)
    date_columns = ("event_date", "end_date")
    number_columns = ("latitude", "longitude", "fatalities")
    # Before 2019 ACLED called the associated actors allies.
    column_aliases = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}

    def __init__(self, header: list[str], path: Path):
        self.pre_2019 = is_acled_pre_2019({name.strip().lower() for name in header})
        super().__init__(header, path)
        # Our own export names the id event_id and may leave actor1 empty (an event can have
        # no actor yet); ACLED's always has one.
        self.own_format = ACLED_ID not in self.columns
        # ACLED's files written through R say NA for missing; our export never does, and its
        # iso2 column holds Namibia's code, NA.
        self.marks_missing = not self.own_format
        # Text cells our export protects from formula injection ('=..., '+..., '-..., '@...: see
        # exports.csv_text) lose that quote here, so an export re-imports unchanged.
        self.quoted_columns = [c for c in TEXT_COLUMNS if c in self.columns]

    def era(self) -> str:
        return ACLED_PRE_2019 if self.pre_2019 else acled_era(self.columns, self.shape)

    def required(self) -> tuple[tuple[str, ...], ...]:
        if self.pre_2019:  # no sub_event_type: the old event type tells what it can
            return tuple(c for c in self.required_columns if c != ("sub_event_type",))
        return self.required_columns

    def _taxonomy(self, row: Row, kind1: int | None) -> tuple[str, str]:
        if not self.pre_2019:
            return parse_taxonomy(row, "event_type", "sub_event_type")
        return parse_pre_2019_taxonomy(row, "event_type", kind1)

    def copy_extra(self, row: Row, extra: dict) -> dict:
        extra = super().copy_extra(row, extra)
        if self.pre_2019:  # what the file said, beside the type it was mapped to
            extra["event_type_before_2019"] = row.fields.get("event_type", "")
        return extra

    def parse(self, row: Row) -> EventRow | None:
        if self.decimal_comma or (self.marks_missing and MISSING_MARKER in row.fields.values()):
            self.clean(row)  # most rows need nothing: told without a Python-level loop
        fields = row.fields
        # Most rows have no value starting with a quote: found without a Python-level loop.
        if any(map(_QUOTED, map(fields.__getitem__, self.quoted_columns))):
            for column in self.quoted_columns:
                value = fields[column]
                if value[:1] == "'":
                    fields[column] = csv_text_unquoted(value)
        external_id = self.parse_id(row)
        date, end_date = parse_period(row, "event_date", "end_date", self.dates)
        precision = row.parse("time_precision", PRECISION, default=1)
        kind1 = INTER_KINDS.get(fields.get("inter1", "").lower())
        kind2 = INTER_KINDS.get(fields.get("inter2", "").lower())
        event_type, sub_event_type = self._taxonomy(row, kind1)
        latitude, longitude = parse_coordinates(row)
        geo_precision = row.parse("geo_precision", PRECISION, default=1)
        fatalities = row.parse("fatalities", parse_count)
        place_name = row.parse("location", parse_place_name, default="")
        status = row.parse("status", parse_status, default=Event.Status.VERIFIED)

        extra = self.copy_extra(row, {})
        country_code, _ = parse_country(row, "iso2", "iso", "country")
        if not country_code:
            for column in ("country", "iso"):
                if fields.get(column):
                    extra[column] = extra_value(fields[column], numeric=column == "iso")

        if not fields["actor1"] and not self.own_format:
            row.error("actor1", REQUIRED)
        actors = [
            *role_actors(row, "actor1", "actor1", kind1),
            *role_actors(row, "assoc_actor_1", "assoc1", None),
            *role_actors(row, "actor2", "actor2", kind2),
            *role_actors(row, "assoc_actor_2", "assoc2", None),
        ]

        sources = source_titles(fields.get("source", ""), extra)

        # A required value is None only with an error: the checks tell the type checker so.
        if row.errors or external_id is None or date is None:
            return None
        return EventRow(
            line=row.line,
            external_id=external_id,
            date=date,
            end_date=end_date,
            date_precision=precision,
            event_type=event_type,
            sub_event_type=sub_event_type,
            summary=fields.get("notes", ""),
            place_name=place_name,
            place_label=place_name,
            # Our export writes a gazetteer place's GeoNames code apart (admin1_code).
            admin1=fields.get("admin1") or fields.get("admin1_code", ""),
            latitude=latitude,
            longitude=longitude,
            country_code=country_code,
            geo_precision=geo_precision,
            fatalities=fatalities,
            source=sources[0] if sources else "",
            sources=sources,
            status=status,
            extra=extra,
            actors=actors,
        )


def events_import_acled(path: str | Path, **options: Unpack[ImportOptions]) -> ImportReport:
    """Import an ACLED CSV export (or one of ours) into dataset "acled"; `options` are
    events_import's.

    Idempotent: events are keyed by event_id_cnty (event_id in ours), so a second import updates
    what changed and creates nothing. Raises ImportFailed when nothing could be imported.
    """
    return events_import(AcledFormat, path, **options)
