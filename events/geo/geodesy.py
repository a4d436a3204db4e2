"""Geodesy on the WGS-84 ellipsoid (geopy): distances and offsets. The one `km_between`."""

from __future__ import annotations

import math

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


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine): enough to tell near from far, and cheap (the place
    scan asks it of every namesake against every anchor). geopy's `great_circle` gives the same
    figure at eight times the cost (1 against 8 microseconds a call, measured 3 Dec 2026)."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


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
