"""All five facets (also state and target_group) against an independent computation.

Queries combine the facet filters with ``q``, ``place`` and ``lat``+``lon``. Expected
results come from the generated data alone: distances by the spherical law of cosines,
text matching by plain word prefixes, filters and disjunctive counts by set logic.
"""

from functools import partial
from sozialplattform.site.geo import lookup
from test_finder.independent import cosine_distance
from test_finder.independent import IndependentFinderTestCase
from test_finder.independent import matches_filters
from test_finder.independent import postcode_pool
import random
import transaction


TOPICS = ["schulden", "familie", "sucht"]
GROUPS = ["eltern", "frauen", "senioren", "jugendliche"]
LANGUAGES = ["de", "tr", "ar"]
CHANNELS = ["on_site", "phone", "video"]
# made-up words that occur in no place name, so q matches only what is generated here
WORDS = ["zebrahilfe", "quokkatreff", "yakzentrum", "zebraladen"]
FACETS = {
    "topic": "topics",
    "target_group": "target_groups",
    "language": "languages",
    "channel": "channels",
    "state": "state",
}
# (label, location parameters, latitude, longitude) - Berlin Mitte, Potsdam
LOCATIONS = [
    ("lat+lon", {"lat": "52.52", "lon": "13.405"}, 52.52, 13.405),
    ("place", {"place": "Potsdam"}, None, None),
    ("postcode", {"postcode": "10999"}, None, None),
]


class TestFacetsAgainstIndependentComputation(IndependentFinderTestCase):
    facets = FACETS

    def setUp(self):
        super().setUp()
        self.rng = random.Random(4321)
        pool = postcode_pool(("10", "12", "13", "14"))
        for number in range(40):
            postcode = self.rng.choice(pool)
            info = lookup(postcode)
            values = {
                "title": f"Stelle {number:02d}",
                "description": " ".join(self.rng.sample(WORDS, self.rng.randint(0, 2))),
                "postcode": postcode,
                "city": info.places[0][:100],
                "topics": self.rng.sample(TOPICS, self.rng.randint(1, 2)),
                "target_groups": self.rng.sample(GROUPS, self.rng.randint(0, 2)),
                "languages": self.rng.sample(LANGUAGES, self.rng.randint(1, 2)),
                "channels": self.rng.sample(CHANNELS, self.rng.randint(1, 2)),
                "nationwide": number % 13 == 0,
            }
            self.add_centre(values)
        transaction.commit()

    def expected(self, origin, radius, words, filters, skip=None) -> set[str]:
        found = set()
        for centre in self.centres:
            text = f"{centre['title']} {centre['description']}".lower().split()
            if not all(any(t.startswith(w) for t in text) for w in words):
                continue
            if not matches_filters(centre, filters, FACETS, skip):
                continue
            if origin is not None and not centre["nationwide"]:
                distance = cosine_distance(*origin, centre["lat"], centre["lon"])
                if distance > radius:
                    continue
            found.add(centre["title"])
        return found

    def origin(self, params, lat, lon):
        if lat is not None:
            return lat, lon
        if "postcode" in params:
            info = lookup(params["postcode"])
            return info.latitude, info.longitude
        data = self.finder(params)  # the place's centroid as the service reports it
        return data["location"]["lat"], data["location"]["lon"]

    def test_random_queries_with_all_facets(self):
        checked = 0
        for run in range(15):
            label, location, lat, lon = self.rng.choice(LOCATIONS)
            radius = self.rng.choice([10, 25, 50])
            filters = {}
            for name, values in (
                ("topic", TOPICS),
                ("target_group", GROUPS),
                ("language", LANGUAGES),
                ("channel", CHANNELS),
                ("state", ["DE-BE", "DE-BB"]),
            ):
                if self.rng.random() < 0.4:
                    filters[name] = self.rng.sample(values, 1)
            words = [self.rng.choice(["zebra", "quokka", "yak"])] if run % 3 else []
            params = {**location, "radius": radius, **filters}
            if words:
                params["q"] = " ".join(words)
            origin = self.origin(location, lat, lon)
            with self.subTest(run=run, location=label, params=params):
                data = self.finder(params)
                got = {item["title"] for item in data["items"]}
                self.assertEqual(got, self.expected(origin, radius, words, filters))
                checked += self.assert_facet_counts(
                    data, partial(self.expected, origin, radius, words, filters)
                )
        self.assertGreater(checked, 0)
