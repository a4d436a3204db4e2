"""UCDP GED's vocabulary, Django-free: its type_of_violence codes as our event types (the one
table: the importer reads GED with it, the GED-shaped API writes GED with it inverted), its
date and place precisions, its regions, and the API's paging (docs/api-compat.md).
"""

from __future__ import annotations

from events.domain.vocabulary import DAY, EXACT, MONTH, NEAR, REGION, WEEK

# type_of_violence -> ACLED event type, sub-event type; and how the summary names it.
VIOLENCE_TYPES: dict[int, tuple[str, str, str]] = {
    1: ("Battles", "Armed clash", "State-based armed conflict"),
    2: ("Battles", "Armed clash", "Non-state conflict"),
    3: ("Violence against civilians", "Attack", "One-sided violence"),
}
# Inverted: the event types that are GED's organised violence, and the codes each may be. A
# battle is state-based (1) when a government is a side, else non-state (2): the importer's
# own rule for its sides (UcdpFormat.side_kind: governments are state forces).
VIOLENCE_CODES: dict[str, tuple[int, ...]] = {}
for _code, (_type, _sub, _label) in VIOLENCE_TYPES.items():
    VIOLENCE_CODES.setdefault(_type, ())
    VIOLENCE_CODES[_type] += (_code,)
STATE_BASED, NON_STATE, ONE_SIDED = 1, 2, 3

# date_prec: 1 exact day; 2 a range of 2-6 days; 3 a week; 4 a month; 5 more than a month.
DATE_PRECISION: dict[int, int] = {1: DAY, 2: WEEK, 3: WEEK, 4: MONTH, 5: MONTH}
DATE_PREC_OF = {DAY: 1, WEEK: 3, MONTH: 4}  # ours -> GED's (the plainest of each)
# where_prec: 1 exact place; 2 within ~25 km of a place; 3 a second-order division (district);
# 4 a first-order division (province); 5 a linear feature or between places; 6 the country;
# 7 international waters or airspace. ACLED's 2 is "near a town / part of a region", its 3
# "a region or province only": so a district is 2 and a province or anything vaguer is 3.
GEO_PRECISION: dict[int, int] = {1: EXACT, 2: NEAR, 3: NEAR, 4: REGION, 5: REGION, 6: REGION,
                                 7: REGION}  # fmt: skip
WHERE_PREC_OF = {EXACT: 1, NEAR: 2, REGION: 4}

# GED's regions: Africa, Americas, Asia, Europe, Middle East (by GeoNames' continent, and
# GED's Middle East by country).
MIDDLE_EAST = frozenset("AE BH EG IL IQ IR JO KW LB OM PS QA SA SY TR YE".split())
REGIONS_BY_CONTINENT = {"AF": "Africa", "NA": "Americas", "SA": "Americas", "AS": "Asia",
                        "EU": "Europe", "OC": "Asia"}  # fmt: skip

DEFAULT_PAGESIZE = 100
MAX_PAGESIZE = 1000  # the real API's bound
ERR_PAGESIZE = f"A whole number from 1 to {MAX_PAGESIZE}."
ERR_PAGE = "A whole number from 0 (the first page)."
ERR_VIOLENCE = "Use 1, 2 or 3, or several separated by commas."
ERR_COUNTRY = "Gleditsch-Ward country codes (Syria: 652), separated by commas."


def region_of(code: str, continent: str) -> str:
    if code in MIDDLE_EAST:
        return "Middle East"
    return REGIONS_BY_CONTINENT.get(continent, "")
