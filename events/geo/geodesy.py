"""Geodesy on the WGS-84 ellipsoid (geopy): distances and offsets. The one `km_between`."""

from __future__ import annotations

from geopy.distance import distance as geodesic_distance


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
