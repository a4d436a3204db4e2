"""Writes on places: a geocoder's answer stored as a `Place`, each question remembered in
`PlaceLookup` (misses too), so a name is looked up once; `place_locate` turns "no place" into the
reason an event stays unlocated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.gis.geos import Point
from geopy.exc import GeocoderServiceError

from events.domain.names import normalize_name
from events.geo.geocoders import (
    GeocoderUnavailable,
    PlaceBackend,
    PlaceFound,
    get_backend,
    reason_not_found,
)

if TYPE_CHECKING:
    from events.models import Place


def place_geocode(
    *, name: str, country: str | None = None, backend: PlaceBackend | None = None
) -> Place | None:
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
    place = place_from_found(found=found) if found else None
    PlaceLookup.objects.get_or_create(
        normalized=key, country_hint=hint, geocoder=backend.name, defaults={"place": place}
    )
    return place


@dataclass(frozen=True)
class Located:
    """What `place_locate` made of a name: a place, or the reason there is none."""

    place: Place | None = None
    reason: str = ""  # for Event.unlocated_reason; empty when placed
    unavailable: GeocoderUnavailable | None = None  # set when the geocoder could not answer


def place_locate(
    *, name: str, country: str | None = None, backend: PlaceBackend | None = None
) -> Located:
    """`place_geocode`, with the reason an event stays unlocated instead of None or an error."""
    backend = backend or get_backend()
    try:
        place = place_geocode(name=name, country=country, backend=backend)
    except GeocoderUnavailable as exc:
        return Located(reason=exc.reason(name), unavailable=exc)
    if place is None:
        return Located(reason=reason_not_found(name, country, backend.name))
    return Located(place=place)


def place_from_found(*, found: PlaceFound) -> Place:
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
