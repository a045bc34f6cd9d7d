"""Great-circle distances and the bounding box of a radius search."""

from sozialplattform.site.geo import bounding_box
from sozialplattform.site.geo import EARTH_RADIUS_KM
from sozialplattform.site.geo import haversine_km
import math
import random
import unittest


BERLIN = (52.5200, 13.4050)
MUENCHEN = (48.1351, 11.5820)
HAMBURG = (53.5511, 9.9937)
KOELN = (50.9375, 6.9603)

# Germany plus a margin, where the finder is used.
LAT_RANGE = (47.0, 55.5)
LON_RANGE = (5.5, 15.5)


def law_of_cosines_km(lat1, lon1, lat2, lon2):
    """Independent formula: spherical law of cosines."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_lambda = math.radians(lon2 - lon1)
    cos_angle = math.sin(phi1) * math.sin(phi2) + math.cos(phi1) * math.cos(
        phi2
    ) * math.cos(d_lambda)
    return EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, cos_angle)))


def destination(lat, lon, bearing_deg, distance_km):
    """The point reached from (lat, lon) along a great circle."""
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    theta = math.radians(bearing_deg)
    delta = distance_km / EARTH_RADIUS_KM
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta)
        + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), math.degrees(lambda2)


def inside(box, lat, lon):
    min_lat, max_lat, min_lon, max_lon = box
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon


class TestHaversine(unittest.TestCase):
    def test_known_distances(self):
        self.assertAlmostEqual(haversine_km(*BERLIN, *MUENCHEN), 504.0, delta=1.0)
        self.assertAlmostEqual(haversine_km(*HAMBURG, *KOELN), 357.0, delta=1.5)
        # One degree of latitude along a meridian: 2 * pi * R / 360.
        self.assertAlmostEqual(haversine_km(50.0, 10.0, 51.0, 10.0), 111.195, places=2)

    def test_same_point_is_zero(self):
        self.assertEqual(haversine_km(*BERLIN, *BERLIN), 0.0)

    def test_symmetric(self):
        self.assertAlmostEqual(
            haversine_km(*BERLIN, *KOELN), haversine_km(*KOELN, *BERLIN), places=9
        )

    def test_against_law_of_cosines(self):
        rng = random.Random(20260328)
        for _ in range(500):
            lat1, lat2 = rng.uniform(*LAT_RANGE), rng.uniform(*LAT_RANGE)
            lon1, lon2 = rng.uniform(*LON_RANGE), rng.uniform(*LON_RANGE)
            expected = law_of_cosines_km(lat1, lon1, lat2, lon2)
            with self.subTest(points=(lat1, lon1, lat2, lon2)):
                # acos loses precision for close points: 1 m tolerance.
                self.assertAlmostEqual(
                    haversine_km(lat1, lon1, lat2, lon2), expected, delta=0.001
                )

    def test_destination_helper_agrees(self):
        lat, lon = destination(*BERLIN, 37.0, 123.4)
        self.assertAlmostEqual(haversine_km(*BERLIN, lat, lon), 123.4, places=6)


class TestBoundingBox(unittest.TestCase):
    def test_shape(self):
        min_lat, max_lat, min_lon, max_lon = bounding_box(*BERLIN, 10.0)
        self.assertLess(min_lat, BERLIN[0])
        self.assertGreater(max_lat, BERLIN[0])
        self.assertLess(min_lon, BERLIN[1])
        self.assertGreater(max_lon, BERLIN[1])
        # Latitude half-height is the angular radius.
        self.assertAlmostEqual(
            max_lat - BERLIN[0], math.degrees(10.0 / EARTH_RADIUS_KM), 6
        )
        # In Berlin a degree of longitude is ~0.61 of a degree of latitude.
        ratio = (max_lat - min_lat) / (max_lon - min_lon)
        self.assertAlmostEqual(ratio, math.cos(math.radians(BERLIN[0])), places=3)

    def test_zero_radius(self):
        min_lat, max_lat, min_lon, max_lon = bounding_box(*BERLIN, 0.0)
        self.assertAlmostEqual(min_lat, BERLIN[0], places=6)
        self.assertAlmostEqual(max_lon, BERLIN[1], places=6)

    def test_negative_radius(self):
        with self.assertRaises(ValueError):
            bounding_box(*BERLIN, -1.0)

    def test_contains_points_within_radius(self):
        rng = random.Random(4711)
        for _ in range(2000):
            lat, lon = rng.uniform(*LAT_RANGE), rng.uniform(*LON_RANGE)
            radius = rng.choice([0.5, 5.0, 25.0, 100.0, 300.0])
            box = bounding_box(lat, lon, radius)
            # Points on the circle (the hard case) and inside it.
            distance = radius * rng.choice([1.0, 1.0, rng.random()])
            bearing = rng.uniform(0.0, 360.0)
            point = destination(lat, lon, bearing, distance)
            with self.subTest(centre=(lat, lon), radius=radius, point=point):
                self.assertTrue(inside(box, *point))

    def test_widest_point_of_circle_is_inside(self):
        # The circle is widest poleward of its centre, where meridians converge:
        # a box scaled by cos(centre latitude) alone misses that point.
        lat, lon, radius = 54.0, 10.0, 300.0
        box = bounding_box(lat, lon, radius)
        widest = max(
            (destination(lat, lon, bearing / 10, radius) for bearing in range(0, 1800)),
            key=lambda point: point[1],
        )
        self.assertTrue(inside(box, *widest))
        naive_half_width = math.degrees(radius / EARTH_RADIUS_KM) / math.cos(
            math.radians(lat)
        )
        self.assertGreater(widest[1], lon + naive_half_width)

    def test_box_is_tight(self):
        # Points just outside the radius, due north/east, are outside the box.
        lat, lon, radius = 50.0, 10.0, 50.0
        box = bounding_box(lat, lon, radius)
        self.assertFalse(inside(box, *destination(lat, lon, 0.0, radius * 1.01)))
        self.assertFalse(inside(box, *destination(lat, lon, 180.0, radius * 1.01)))
        min_lat, max_lat, min_lon, max_lon = box
        self.assertLess(
            max_lon - lon, 1.01 * (max_lat - lat) / math.cos(math.radians(lat))
        )
