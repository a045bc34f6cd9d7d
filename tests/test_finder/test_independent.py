"""@finder against an independent computation on random centres and random queries.

The expected results are computed here from the generated data alone: great-circle
distances with the spherical law of cosines (not the haversine of the code under test),
filters and disjunctive facet counts by plain Python set logic.
"""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.geo import all_postcodes
from sozialplattform.site.geo import lookup
from sozialplattform.site.geo import state_by_id
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
import math
import random
import requests
import transaction
import unittest


RADIUS_EARTH = 6371.0088
TOPICS = ["schulden", "familie", "sucht", "wohnen"]
LANGUAGES = ["de", "tr", "ar", "uk"]
CHANNELS = ["on_site", "phone", "video", "chat"]
FACETS = {"topic": "topics", "language": "languages", "channel": "channels"}


def cosine_distance(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    delta = math.radians(lon2 - lon1)
    cosine = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(delta)
    return RADIUS_EARTH * math.acos(max(-1.0, min(1.0, cosine)))


class TestAgainstIndependentComputation(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        self.rng = random.Random(1234)
        folder = portal["beratungsstellen"]
        # postcodes of Berlin and Brandenburg: close enough to overlap radii
        pool = [
            p
            for p in all_postcodes()
            if p[:2] in ("10", "12", "13", "14", "15", "16")
            and lookup(p).state_id in ("berlin", "brandenburg")
        ]
        self.centres = []
        for number in range(45):
            postcode = self.rng.choice(pool)
            info = lookup(postcode)
            values = {
                "title": f"Beratungsstelle {number:02d}",
                "postcode": postcode,
                "city": info.places[0][:100],
                "topics": self.rng.sample(TOPICS, self.rng.randint(1, 2)),
                "languages": [
                    "de",
                    *self.rng.sample(LANGUAGES[1:], self.rng.randint(0, 2)),
                ],
                "channels": self.rng.sample(CHANNELS, self.rng.randint(1, 2)),
                "nationwide": number % 15 == 0,
                "accessible": self.rng.random() < 0.5,
            }
            centre = api.content.create(
                container=folder[info.state_id], type="CounsellingCentre", **values
            )
            published = number % 9 != 0
            if published:
                api.content.transition(centre, to_state="published")
            self.centres.append(
                {
                    **values,
                    "published": published,
                    "state": state_by_id(info.state_id).code,
                    "lat": centre.latitude,
                    "lon": centre.longitude,
                }
            )
        transaction.commit()

    def finder(self, params):
        response = requests.get(
            server_url(self.layer, "plone/++api++/@finder"),
            params={**params, "b_size": 100},
            headers={"Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def expected(self, origin, radius, filters, accessible=None, skip=None):
        """Titles -> distance (None for nationwide) matching all filters but ``skip``."""
        found = {}
        for centre in self.centres:
            if not centre["published"]:
                continue
            if accessible is not None and centre["accessible"] != accessible:
                continue
            if any(
                name != skip and not set(values) & set(centre[FACETS[name]])
                for name, values in filters.items()
            ):
                continue
            if centre["nationwide"]:
                found[centre["title"]] = None
                continue
            distance = cosine_distance(
                origin.latitude, origin.longitude, centre["lat"], centre["lon"]
            )
            if distance <= radius:
                found[centre["title"]] = distance
        return found

    def test_random_queries(self):
        origins = ["10115", "10967", "12459", "13353", "14467", "15230"]
        for run in range(18):
            origin = lookup(self.rng.choice(origins))
            radius = self.rng.choice([5, 10, 25, 50])
            filters = {}
            for name, values in (
                ("topic", TOPICS),
                ("language", LANGUAGES),
                ("channel", CHANNELS),
            ):
                if self.rng.random() < 0.4:
                    filters[name] = self.rng.sample(values, self.rng.randint(1, 2))
            accessible = self.rng.choice([None, True])
            params = {"postcode": origin.postcode, "radius": radius, **filters}
            if accessible:
                params["accessible"] = "true"
            with self.subTest(run=run, params=params):
                data = self.finder(params)
                expected = self.expected(origin, radius, filters, accessible)
                got = {item["title"]: item["distance_km"] for item in data["items"]}
                self.assertEqual(set(got), set(expected))
                self.assertEqual(data["items_total"], len(expected))
                for title, distance in expected.items():
                    if distance is None:
                        self.assertIsNone(got[title])
                    else:
                        self.assertAlmostEqual(got[title], distance, delta=0.051)
                # sorted by distance, nationwide last
                distances = [item["distance_km"] for item in data["items"]]
                local = [d for d in distances if d is not None]
                self.assertEqual(local, sorted(local))
                self.assertEqual(
                    distances[len(local) :], [None] * (len(distances) - len(local))
                )
                # disjunctive facets: each facet ignores its own filter only
                for name, column in FACETS.items():
                    scope = self.expected(
                        origin, radius, filters, accessible, skip=name
                    )
                    by_title = {c["title"]: c for c in self.centres}
                    for facet in data["facets"][name]:
                        count = sum(
                            1 for t in scope if facet["token"] in by_title[t][column]
                        )
                        self.assertEqual(facet["count"], count, (name, facet["token"]))
