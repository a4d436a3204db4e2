"""UCDP's Georeferenced Event Dataset (GED) CSV as events.

The mapping, and what is kept or lost, is in docs/importers.md. geom_wkt is never parsed (GDAL
is not handed text from outside): the point comes from the latitude and longitude floats.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Unpack

from events.domain.countries import country_name
from events.domain.ucdp import DATE_PRECISION, GEO_PRECISION, VIOLENCE_TYPES
from events.models import Actor
from events.services.imports.eras import ucdp_era
from events.services.imports.formats import MISSING_MARKER, CsvFormat
from events.services.imports.parsing import (
    choice,
    parse_actor_names,
    parse_coordinates,
    parse_count,
    parse_country,
    parse_period,
    parse_place_name,
    source_title,
    strip_qualifiers,
)
from events.services.imports.report import ImportReport
from events.services.imports.rows import REQUIRED, EventRow, Row
from events.services.imports.run import ImportOptions, events_import

DATASET = "ucdp"

# GED's codes and our values for them: the one table, in the domain (the GED-shaped API reads
# it inverted).
VIOLENCE_CODE = choice(*VIOLENCE_TYPES)
DATE_PREC_CODE = choice(*DATE_PRECISION)
WHERE_PREC_CODE = choice(*GEO_PRECISION)
# "Al Bab town" names the town Al Bab: the place compared with existing places and created.
_PLACE_SUFFIX = re.compile(
    r"\s+(town|city|village|hamlet|camp|district|sub-?district|province|governorate|region|"
    r"area|county|municipality|neighbou?rhood)$",
    re.IGNORECASE,
)
_GOVERNMENT = re.compile(r"^Government of (.+)$")


def place_label(where_coordinates: str) -> str:
    """The place a where_coordinates value names, without UCDP's feature word."""
    return _PLACE_SUFFIX.sub("", where_coordinates).strip() or where_coordinates


class UcdpFormat(CsvFormat):
    dataset = DATASET
    id_columns = ("id",)
    required_columns = (
        ("id",),
        ("type_of_violence",),
        ("date_start",),
        ("side_a",),
        ("latitude",),
        ("longitude",),
    )
    field_columns = {
        "date": ("date_start",),
        "date_precision": ("date_prec",),
        "end_date": ("date_end",),
        "event_type": ("type_of_violence",),
        "sub_event_type": ("type_of_violence",),
        "place_id": ("where_coordinates",),
        "location": ("latitude", "longitude"),
        "place_name": ("where_coordinates",),
        "country_code": ("country",),
        "geo_precision": ("where_prec",),
        "fatalities": ("best",),
        "source_id": ("source_office",),
    }
    role_columns = {"actor1": ("side_a",), "actor2": ("side_b",)}
    consumed_columns = frozenset({
        "date_start", "date_end", "latitude", "longitude", "side_a", "side_b", "best",
        "where_coordinates", "country", "source_office",
        "geom_wkt",  # the same point as latitude/longitude
    })  # fmt: skip
    conditional_extra = {"country": ("country",), "source": ("source_office",)}
    numeric_extra = frozenset({
        "year", "type_of_violence", "conflict_dset_id", "conflict_new_id", "dyad_dset_id",
        "dyad_new_id", "side_a_dset_id", "side_a_new_id", "side_b_dset_id", "side_b_new_id",
        "number_of_sources", "where_prec", "priogrid_gid", "country_id", "event_clarity",
        "date_prec", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "high", "low",
    })  # fmt: skip

    date_columns = ("date_start", "date_end")
    number_columns = ("latitude", "longitude", "best", "high", "low")

    def era(self) -> str:
        return ucdp_era(self.shape, self.path)

    def parse(self, row: Row) -> EventRow | None:
        if self.decimal_comma or (self.marks_missing and MISSING_MARKER in row.fields.values()):
            self.clean(row)  # most rows need nothing: told without a Python-level loop
        external_id = self.parse_id(row)
        violence = row.parse("type_of_violence", VIOLENCE_CODE, required=True)
        date, end_date = parse_period(row, "date_start", "date_end", self.dates)
        date_prec = row.parse("date_prec", DATE_PREC_CODE, default=1)
        where_prec = row.parse("where_prec", WHERE_PREC_CODE, default=1)
        latitude, longitude = parse_coordinates(row)
        if latitude is None and not row.errors:
            row.error("latitude", REQUIRED)
        fatalities = row.parse("best", parse_count)
        where = row.parse("where_coordinates", parse_place_name, default="")

        extra = self.copy_extra(row, {})
        country_code, _ = parse_country(row, "country")
        if not country_code and row.text("country"):
            extra["country"] = row.text("country")

        side_a = parse_actor_names(row, "side_a")
        side_b = parse_actor_names(row, "side_b")
        if not side_a and not row.errors:
            row.error("side_a", REQUIRED)
        # A required value is None only with an error: the checks tell the type checker so.
        if row.errors or external_id is None or date is None:
            return None

        event_type, sub_event_type, label = VIOLENCE_TYPES[violence]
        actors: list[tuple[str, str, int | None]] = [
            ("actor1", name, self.side_kind(name, violence, "a")) for name in side_a
        ]
        for name in side_b:
            if violence == 3 and name.lower() == "civilians":
                country = country_name(country_code) or strip_qualifiers(row.text("country"))
                name = f"Civilians ({country})" if country else "Civilians"
            actors.append(("actor2", name, self.side_kind(name, violence, "b")))
        summary = f"{label}, {row.text('conflict_name') or row.text('dyad_name')}: " + (
            f"{' and '.join(side_a)} against {' and '.join(side_b)}." if side_b else "."
        )
        if fatalities is not None:
            low, high = row.text("low"), row.text("high")
            summary += f" Best estimate {fatalities} killed"
            summary += f" (low {low}, high {high})." if low and high else "."
        return EventRow(
            line=row.line,
            external_id=external_id,
            date=date,
            end_date=end_date if end_date != date else None,
            date_precision=DATE_PRECISION[date_prec],
            event_type=event_type,
            sub_event_type=sub_event_type,
            summary=summary,
            place_name=where,
            place_label=place_label(where),
            admin1=row.text("adm_1"),
            latitude=latitude,
            longitude=longitude,
            country_code=country_code,
            geo_precision=GEO_PRECISION[where_prec],
            fatalities=fatalities,
            source=source_title(row.text("source_office"), extra),
            extra=extra,
            actors=actors,
        )

    @staticmethod
    def side_kind(name: str, violence: int, side: str) -> int:
        """Governments are state forces, the target of one-sided violence civilians, and any
        other side an organised armed group (rebel group): GED does not say more."""
        if _GOVERNMENT.match(name):
            return Actor.Kind.STATE_FORCES
        if violence == 3 and side == "b":
            return Actor.Kind.CIVILIANS
        return Actor.Kind.REBEL_GROUP

    def actor_alternatives(self, name: str) -> list[str]:
        """UCDP's "Government of Syria" is ACLED's "Military Forces of Syria"."""
        match = _GOVERNMENT.match(strip_qualifiers(name))
        return [f"Military Forces of {match[1]}"] if match else []


def events_import_ucdp(path: str | Path, **options: Unpack[ImportOptions]) -> ImportReport:
    """Import a UCDP GED CSV into dataset "ucdp", keyed by GED's id (idempotent); `options` are
    events_import's.

    Raises ImportFailed when nothing could be imported.
    """
    return events_import(UcdpFormat, path, **options)
