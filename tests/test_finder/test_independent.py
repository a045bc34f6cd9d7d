"""@finder against an independent computation on random centres and random queries.

The expected results are computed here from the generated data alone (see
``test_finder.independent``): distances by the spherical law of cosines, filters and
disjunctive facet counts by plain Python set logic.
"""

from functools import partial
from sozialplattform.site.geo import lookup
from test_finder.independent import cosine_distance
from test_finder.independent import IndependentFinderTestCase
from test_finder.independent import matches_filters
from test_finder.independent import postcode_pool
import random
import transaction


TOPICS = ["schulden", "familie", "sucht", "wohnen"]
LANGUAGES = ["de", "tr", "ar", "uk"]
CHANNELS = ["on_site", "phone", "video", "chat"]
FACETS = {"topic": "topics", "language": "languages", "channel": "channels"}


class TestAgainstIndependentComputation(IndependentFinderTestCase):
    facets = FACETS

    def setUp(self):
        super().setUp()
        self.rng = random.Random(1234)
        # postcodes of Berlin and Brandenburg: close enough to overlap radii
        pool = postcode_pool(("10", "12", "13", "14", "15", "16"))
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
            self.add_centre(values, published=number % 9 != 0)
        transaction.commit()

    def expected(self, origin, radius, filters, accessible=None, skip=None):
        """Titles -> distance (None for nationwide) matching all filters but ``skip``."""
        found = {}
        for centre in self.centres:
            if not centre["published"]:
                continue
            if accessible is not None and centre["accessible"] != accessible:
                continue
            if not matches_filters(centre, filters, FACETS, skip):
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
                self.assert_facet_counts(
                    data, partial(self.expected, origin, radius, filters, accessible)
                )
