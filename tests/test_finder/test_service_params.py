"""@finder: the parameters and errors the first round of tests left out."""

from pathlib import Path
from test_finder.fixtures import create_centre
from test_finder.test_service import FinderTestCase
import transaction
import yaml


SPEC = Path(__file__).resolve().parents[2] / "docs" / "api" / "finder-openapi.yaml"


class TestFinderParameters(FinderTestCase):
    def assertBadParameter(self, params, parameter):
        data = self.finder(params, status=400)
        self.assertEqual(data["error"]["parameter"], parameter, data)
        self.assertTrue(data["error"]["message"].startswith(f"{parameter}: "))
        return data["error"]

    def test_target_group_filter(self):
        self.neukoelln.target_groups = ["eltern", "frauen"]
        self.neukoelln.reindexObject()
        self.potsdam.target_groups = ["senioren"]
        self.potsdam.reindexObject()
        transaction.commit()
        self.assertEqual(
            self.titles({"target_group": "eltern"}), ["Müttergenesung Neukölln"]
        )
        self.assertEqual(
            self.titles({"target_group": ["eltern", "senioren"]}),
            ["Müttergenesung Neukölln", "Suchtberatung Potsdam"],
        )
        self.assertEqual(
            self.titles({"target_group": "senioren", "topic": "familie"}), []
        )
        data = self.finder({"target_group": "eltern"})
        counts = {f["token"]: f["count"] for f in data["facets"]["target_group"]}
        # disjunctive: the target group facet ignores its own filter
        self.assertEqual((counts["eltern"], counts["senioren"]), (1, 1))

    def test_state_codes_in_any_case(self):
        expected = {"Schuldnerberatung Mitte", "Müttergenesung Neukölln"}
        self.assertEqual(set(self.titles({"state": "de-be"})), expected)
        self.assertEqual(set(self.titles({"state": "De-Be"})), expected)
        data = self.finder({"state": "de-be"})
        states = {f["token"]: f["count"] for f in data["facets"]["state"]}
        self.assertEqual(states["DE-BE"], 2)

    def test_sort_on_title_with_a_location(self):
        self.assertEqual(
            self.titles({"postcode": "10115", "radius": "50", "sort_on": "title"}),
            [
                "Müttergenesung Neukölln",
                "Online-Beratung Sucht",
                "Schuldnerberatung Mitte",
                "Suchtberatung Potsdam",
            ],
        )
        # the default with a location: by distance, nationwide last
        self.assertEqual(
            self.titles({"postcode": "10115", "radius": "50"})[-1],
            "Online-Beratung Sucht",
        )

    def test_explicit_relevance_is_the_default_with_q(self):
        implicit = self.titles({"q": "sucht"})
        self.assertEqual(self.titles({"q": "sucht", "sort_on": "relevance"}), implicit)
        self.assertEqual(
            self.titles({"q": "sucht", "sort_on": "title"}),
            ["Online-Beratung Sucht", "Suchtberatung Potsdam"],
        )

    def test_relevance_treats_hyphens_as_word_boundaries(self):
        create_centre(self.berlin, "Zentrum Online-Hilfe", "10117", "Berlin")
        create_centre(
            self.berlin,
            "Aaa Beratungsnetz",
            "10117",
            "Berlin",
            description="Hilfe bei Schulden",
        )
        transaction.commit()
        titles = self.titles({"q": "hilfe", "sort_on": "relevance"})
        self.assertEqual(titles[0], "Zentrum Online-Hilfe")
        self.assertIn("Aaa Beratungsnetz", titles)

    def test_q_without_searchable_words_is_an_error(self):
        for text in ("!!!", "😀", "- -"):
            with self.subTest(q=text):
                self.assertBadParameter({"q": text}, "q")
        self.assertBadParameter({"q": "%%%", "postcode": "10115"}, "q")

    def test_q_longer_than_200_characters(self):
        self.assertEqual(self.titles({"q": "a" * 200}), [])
        self.assertBadParameter({"q": "a" * 201}, "q")

    def test_coordinates(self):
        error = self.assertBadParameter({"lat": "999", "lon": "13"}, "lat")
        self.assertEqual(error["message"], "lat: Give a number from -90 to 90.")
        self.assertBadParameter({"lat": "52.5", "lon": "999"}, "lon")
        error = self.assertBadParameter({"lon": "13.4"}, "lat")
        self.assertIn("lat and lon together", error["message"])

    def test_batching_numbers(self):
        for value in ("abc", "1.5", "-1"):
            with self.subTest(b_start=value):
                self.assertBadParameter({"b_start": value}, "b_start")
        error = self.assertBadParameter({"b_size": "0"}, "b_size")
        self.assertEqual(error["message"], "b_size: Give a number from 1 to 100.")

    def test_radius_message_without_float_noise(self):
        error = self.assertBadParameter(
            {"postcode": "10115", "radius": "500"}, "radius"
        )
        self.assertEqual(error["message"], "radius: Give a number from 1 to 200.")
        data = self.finder({"postcode": "10115", "radius": "12.5"})
        self.assertEqual(data["location"]["radius"], 12.5)

    def test_common_place_names(self):
        data = self.finder({"place": "Hamburg"})
        self.assertEqual(data["location"]["place"], "Hamburg")
        self.assertAlmostEqual(data["location"]["lat"], 53.57, delta=0.1)
        data = self.finder({"place": "Halle (Saale)"})
        self.assertAlmostEqual(data["location"]["lat"], 51.48, delta=0.1)
        data = self.finder({"place": "St. Ingbert"})
        self.assertEqual(data["location"]["place"], "Sankt Ingbert")
        error = self.assertBadParameter({"place": "Frankfurt"}, "place")
        self.assertEqual(
            {c["place"] for c in error["candidates"]},
            {"Frankfurt am Main", "Frankfurt (Oder)"},
        )
        error = self.assertBadParameter({"place": "Freiburg"}, "place")
        self.assertEqual(
            {c["place"] for c in error["candidates"]},
            {"Freiburg im Breisgau", "Freiburg (Elbe)"},
        )


class TestOpenAPIAgainstAResponse(FinderTestCase):
    """The documented keys are those a real response has - not those of the source."""

    def setUp(self):
        super().setUp()
        self.spec = yaml.safe_load(SPEC.read_text())["components"]["schemas"]

    def test_keys(self):
        data = self.finder({"postcode": "10115", "radius": "50", "b_size": "1"})
        self.assertEqual(
            set(self.spec["FinderResult"]["properties"]),
            set(data),
        )
        self.assertEqual(
            set(self.spec["FinderResult"]["properties"]["location"]["properties"]),
            set(data["location"]),
        )
        self.assertEqual(
            set(self.spec["FinderResult"]["properties"]["batching"]["properties"]),
            {"@id", "first", "last", "next", "prev"},
        )
        self.assertLessEqual(
            set(data["batching"]),
            set(self.spec["FinderResult"]["properties"]["batching"]["properties"]),
        )
        self.assertEqual(
            set(self.spec["FinderResult"]["properties"]["facets"]["properties"]),
            set(data["facets"]),
        )
        self.assertEqual(
            set(self.spec["Facet"]["items"]["properties"]),
            set(data["facets"]["topic"][0]),
        )
        for item in self.finder({"b_size": "100"})["items"]:
            self.assertEqual(set(self.spec["Centre"]["properties"]), set(item))

    def test_nullable_fields_are_documented_as_such(self):
        self.muenchen.latitude = self.muenchen.longitude = None
        self.muenchen.description = None
        self.muenchen.reindexObject()
        transaction.commit()
        items = {i["title"]: i for i in self.finder({"b_size": "100"})["items"]}
        centre = self.spec["Centre"]["properties"]
        for key, value in items["Familienberatung München"].items():
            if value is None:
                self.assertTrue(centre[key].get("nullable"), key)
        error = self.finder({"place": "Neuenkirchen"}, status=400)["error"]
        candidate = self.spec["Error"]["properties"]["error"]["properties"]
        properties = candidate["candidates"]["items"]["properties"]
        self.assertEqual(set(properties), set(error["candidates"][0]))
