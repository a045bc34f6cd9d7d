"""Great-circle distances and bounding boxes for a radius search."""

import math


EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), in kilometres."""

_MARGIN_DEG = 1e-9
"""Widening of the box (about 0.1 mm) that absorbs floating-point rounding."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two points in degrees."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = (
        math.sin(d_phi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def bounding_box(
    lat: float, lon: float, radius_km: float
) -> tuple[float, float, float, float]:
    """Return ``(min_lat, max_lat, min_lon, max_lon)`` around a point.

    The box contains every point within ``radius_km`` (great-circle distance).
    The longitude half-width uses the exact spherical formula
    ``asin(sin(r) / cos(lat))``, i.e. the widest point of the circle, which lies
    poleward of the centre; scaling by ``cos(lat)`` of the centre alone would
    give a box that is too narrow. Meant for Germany: no pole or antimeridian
    handling.
    """
    if radius_km < 0:
        raise ValueError("radius_km must not be negative")
    angular = radius_km / EARTH_RADIUS_KM
    d_lat = math.degrees(angular)
    sin_ratio = math.sin(angular) / math.cos(math.radians(lat))
    d_lon = 180.0 if sin_ratio >= 1 else math.degrees(math.asin(sin_ratio))
    d_lat += _MARGIN_DEG
    d_lon += _MARGIN_DEG
    return lat - d_lat, lat + d_lat, lon - d_lon, lon + d_lon
