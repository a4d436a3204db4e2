"""Which era of a dataset's exports a file is, told from its header (or its JSON shape).

The layouts, and the real public files each was checked against, are in docs/importers.md
("Format eras") and tests/data/README.md. The names below are what an import's summary says.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

# ACLED
ACLED_CURRENT = "ACLED export, 2022 on (disorder_type, civilian_targeting, tags)"
ACLED_API_2019 = "ACLED API export, 2019-2021 (data_id, event_id_no_cnty, iso3; no disorder_type)"
ACLED_PRE_2019 = (
    "ACLED export before 2019 (GWNO, ALLY_ACTOR_1, no sub_event_type; the old event types mapped)"
)
ACLED_MONADIC = "ACLED actor-based (monadic) export, one row per actor"
ACLED_JSON = 'ACLED API JSON response {"success", "data": [...]}'
ACLED_CSV = "ACLED-style CSV (no era-specific column)"
CM_EXPORT = "ConflictMap CSV export"
# UCDP
GED_YEARLY = "UCDP GED yearly release CSV"
GED_CANDIDATE = "UCDP GED Candidate (monthly) CSV"
GED_CSV = "UCDP GED CSV (a yearly release or a monthly candidate file: same header)"
GED_NO_HEADER = "UCDP GED Candidate CSV without a header row (read with GED's 49 columns)"
UCDP_JSON = 'UCDP API JSON page {"TotalCount", "Result": [...]}'

# Modifiers: how a file was saved again.
SPREADSHEET = "saved again by a spreadsheet ({delimiter}-separated{commas})"
DECIMAL_COMMAS = ", decimal commas"
DATE_ORDER = "numeric dates {order}"

# GED's columns, in order; releases since 23.1 add gwnoa and gwnob (49). Some candidate files
# (e.g. 24.0.1) were published without a header row: they are read with these names.
GED_COLUMNS = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
    "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
    "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,"
    "source_date,source_headline,source_original,where_prec,where_coordinates,"
    "where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,"
    "country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,"
    "deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob"
).split(",")
GED_WIDTHS = (47, 49)  # without and with gwnoa, gwnob

# The columns a monadic file lacks (its second actor is a second row, in the actor1 columns).
MONADIC_ACTOR_COLUMNS = ("actor1", "assoc_actor_1", "inter1")
DYADIC_ONLY_COLUMNS = ("actor2", "assoc_actor_2", "inter2")
_CANDIDATE_NAME = re.compile(r"(candidate|_v\d+_0_\d+)", re.IGNORECASE)
_YEARLY_NAME = re.compile(r"(ged\d{3}|_v\d+_1)(\D|$)", re.IGNORECASE)


def headerless_ged(first_row: list[str]) -> list[str] | None:
    """GED's column names when `first_row` is a GED record rather than a header: as many
    fields as GED has, an integer id first, and none of them a GED column name."""
    names = {value.strip().lower() for value in first_row}
    if len(first_row) in GED_WIDTHS and first_row[0].strip().isdigit() and "id" not in names:
        return GED_COLUMNS[: len(first_row)]
    return None


def is_monadic(columns: Collection[str]) -> bool:
    """ACLED's actor-based export: actor1's columns but none of actor2's."""
    return (
        "event_id_cnty" in columns
        and all(c in columns for c in MONADIC_ACTOR_COLUMNS)
        and not any(c in columns for c in DYADIC_ONLY_COLUMNS)
    )


def is_acled_pre_2019(columns: Collection[str]) -> bool:
    """ACLED's files before its 2019 taxonomy (Version 7 and 8 releases, the API of then): GWNO
    and ALLY_ACTOR_1 columns, no sub-event type (lower-case names)."""
    return "sub_event_type" not in columns and ("gwno" in columns or "ally_actor_1" in columns)


def acled_era(columns: Collection[str], shape: str) -> str:
    """The ACLED era of a file with these (lower-case) columns; `shape` is reading.Header's."""
    if shape == "acled-json":
        return ACLED_JSON
    if "event_id_cnty" not in columns and "event_id" in columns:
        return CM_EXPORT
    if shape == "monadic":
        return ACLED_MONADIC
    if "disorder_type" in columns or "civilian_targeting" in columns:
        return ACLED_CURRENT
    if "data_id" in columns or "event_id_no_cnty" in columns or "iso3" in columns:
        return ACLED_API_2019
    return ACLED_CSV


def ucdp_era(shape: str, path: Path) -> str:
    """The UCDP era of a file; yearly and candidate CSVs share their header, so the file's
    name (GEDEvent_v25_1 is a release, GEDEvent_v25_0_3 a candidate) tells them apart."""
    if shape == "ucdp-json":
        return UCDP_JSON
    if shape == "headerless":
        return GED_NO_HEADER
    if _CANDIDATE_NAME.search(path.name):
        return GED_CANDIDATE
    if _YEARLY_NAME.search(path.name):
        return GED_YEARLY
    return GED_CSV
