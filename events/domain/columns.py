"""ACLED's CSV columns: the one vocabulary our CSV export writes and the ACLED importer reads.

Our export speaks ACLED's column names, so that tools made for ACLED's files read it and
import_acled re-imports it unchanged (docs/importers.md); the importer also reads ACLED's own
export, which has a few columns more.
"""

from __future__ import annotations

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

# The columns whose cells are text, not numbers or dates: a spreadsheet could run such a cell
# as a formula, so the export quotes one that looks like it and the importer unquotes it.
TEXT_COLUMNS = (
    ACLED_ID, "event_id", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2",
    "assoc_actor_2", "country", "iso2", "admin1", "location", "source", "notes",
)  # fmt: skip

# The columns of ACLED's export that the importer keeps in extra as numbers.
NUMERIC_COLUMNS = (
    "inter1", "inter2", "interaction", "timestamp", "population_1km", "population_2km",
    "population_5km", "population_best",
)  # fmt: skip
