"""ACLED's CSV columns: the one vocabulary our CSV export writes and the ACLED importer reads.

Our export speaks ACLED's column names, so that tools made for ACLED's files read it and
import_acled re-imports it unchanged (docs/importers.md); the importer also reads ACLED's own
export, which has a few columns more.
"""

from __future__ import annotations

import re

# Our CSV export's columns, in its order. The id is event_id (ACLED's export calls it
# event_id_cnty, and has an event_id of its own until 2023).
CSV_COLUMNS = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "admin1",
    "admin1_code",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",  # the event's sources' titles, joined with "; " as ACLED writes several
    "source_count",
    "notes",
    "fatalities",
    "iso2",
    "end_date",
    "status",
)

ACLED_ID = "event_id_cnty"  # the id in ACLED's own export
# ACLED's columns that ours leaves out and the importer maps: the id, the event date's year, and
# the ISO 3166 numeric code of the country.
ACLED_ONLY_COLUMNS = (ACLED_ID, "year", "iso")

# The province columns, named as ACLED names them ("Aleppo", not GeoNames' "09": admin1 and
# admin2 hold names, admin1_code the code when that is what a place holds). The importer keeps
# them in an event's extra as they are, besides the place's own admin1.
ADMIN_COLUMNS = ("admin1", "admin1_code", "admin2")
# A GeoNames admin1 code ("09", "ENG", "CA"): one to three digits or capitals. No province name
# is written so (ACLED writes names in full).
_ADMIN_CODE = re.compile(r"[0-9A-Z]{1,3}")


def admin1_cells(stored: str) -> tuple[str, str]:
    """(admin1, admin1_code) of a place's stored admin1: places from the gazetteer hold GeoNames'
    code, places an import made hold the file's name."""
    return ("", stored) if _ADMIN_CODE.fullmatch(stored) else (stored, "")


# The columns whose cells are text, not numbers or dates: a spreadsheet could run such a cell
# as a formula, so the export quotes one that looks like it and the importer unquotes it.
TEXT_COLUMNS = (
    ACLED_ID, "event_id", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2",
    "assoc_actor_2", "country", "iso2", "admin1", "admin1_code", "admin2", "location", "source",
    "notes",
)  # fmt: skip

# The columns of ACLED's export that the importer keeps in extra as numbers.
NUMERIC_COLUMNS = (
    "inter1", "inter2", "interaction", "timestamp", "population_1km", "population_2km",
    "population_5km", "population_best",
)  # fmt: skip
