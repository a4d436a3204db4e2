"""The geocoders, always through geopy, offline by default (no ORM here: services.places stores
what they answer).

`GeoNamesBackend` answers from the offline gazetteer (events.geo.gazetteer); `GEOCODER=nominatim`
switches to geopy's Nominatim, rate-limited. Two kinds of "no place": the geocoder answered that
it knows no such place, or it could not answer at all (no network, server down, over quota, timed
out): `GeocoderUnavailable`, never remembered, so the next try asks again. `BatchBackend` stops a
batch asking after its first failure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from geopy.exc import GeocoderServiceError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.location import Location

from events.geo.gazetteer import GeoNamesGeocoder


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


class PlaceBackend(Protocol):
    """What place lookups ask: the two geocoders below, a `BatchBackend` over one, a test's fake."""

    name: str

    def find(self, query: str, country: str | None) -> PlaceFound | None: ...


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
        geonames_id = str(extratags.get("geonames:id") or extratags.get("geonames") or "")
        return PlaceFound(
            name=location.raw.get("name") or query,
            latitude=location.latitude,
            longitude=location.longitude,
            country_code=(address.get("country_code") or "").upper(),
            admin1=address.get("state", ""),
            geonames_id=int(geonames_id) if geonames_id.isdigit() else None,
            why=f"nominatim place_id {location.raw.get('place_id')}",
        )


class GeoNamesBackend:
    name = "geonames"

    def __init__(self) -> None:
        self.geocoder = GeoNamesGeocoder()

    def find(self, query: str, country: str | None) -> PlaceFound | None:
        location = self.geocoder.geocode(query, country_codes=[country] if country else None)
        if not isinstance(location, Location):  # None (exactly_one: never a list)
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

    def __init__(self, backend: PlaceBackend):
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
