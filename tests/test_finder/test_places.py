"""Place names and query parsing without a site: ``finder.places`` and ``finder.query``."""

from sozialplattform.site.finder.places import resolve
from sozialplattform.site.finder.places import split_qualifier
from sozialplattform.site.finder.query import FinderParameterError
from sozialplattform.site.finder.query import parse
from sozialplattform.site.finder.query import TOKEN_FILTERS
from sozialplattform.site.geo import find_places
import unittest


VOCABULARIES = {name: {"schulden", "eltern"} for _i, name in TOKEN_FILTERS.values()}


def parse_form(**form):
    return parse(form, VOCABULARIES)


class TestPlaceNames(unittest.TestCase):
    def assertPlace(self, name, expected_name, district_part, states=()):
        place, candidates = resolve(name, list(states))
        self.assertIsNotNone(place, (name, [(c.name, c.district) for c in candidates]))
        self.assertEqual(place.name, expected_name)
        self.assertIn(district_part, place.district)

    def assertCandidates(self, name, expected_names):
        place, candidates = resolve(name, [])
        self.assertIsNone(place, name)
        self.assertEqual({c.name for c in candidates}, set(expected_names))

    def test_a_dominant_city_wins_over_a_tiny_namesake(self):
        # the data has a one-postcode "Hamburg" in Kreis Stormarn next to the city
        self.assertEqual(len(find_places("Hamburg")), 2)
        self.assertPlace("Hamburg", "Hamburg", "Hamburg, Freie und Hansestadt")
        self.assertPlace("Kiel", "Kiel", "Kiel")

    def test_no_dominance_among_villages(self):
        place, candidates = resolve("Neuenkirchen", [])
        self.assertIsNone(place)
        self.assertGreater(len(candidates), 5)

    def test_state_still_chooses_the_small_one(self):
        self.assertPlace("Hamburg", "Hamburg", "Stormarn", states=["DE-SH"])

    def test_qualifier_in_brackets(self):
        self.assertPlace("Halle (Saale)", "Halle", "Kreisfreie Stadt Halle")
        self.assertPlace("Halle (Westf.)", "Halle", "Gütersloh")
        self.assertPlace("Frankfurt (Oder)", "Frankfurt (Oder)", "Frankfurt")
        self.assertEqual(split_qualifier("Halle (Saale)"), ("Halle", "Saale"))
        self.assertEqual(split_qualifier("Frankfurt am Main"), ("Frankfurt", "Main"))

    def test_qualifier_with_connector_words(self):
        self.assertPlace("Frankfurt am Main", "Frankfurt am Main", "Frankfurt")
        self.assertPlace("Frankfurt an der Oder", "Frankfurt (Oder)", "Frankfurt")
        self.assertPlace("frankfurt main", "Frankfurt am Main", "Frankfurt")

    def test_sankt_and_st_are_the_same(self):
        self.assertEqual(find_places("St. Ingbert"), [])
        self.assertPlace("St. Ingbert", "Sankt Ingbert", "Saarpfalz")
        self.assertPlace("st ingbert", "Sankt Ingbert", "Saarpfalz")

    def test_start_of_longer_names_gives_candidates(self):
        self.assertCandidates("Frankfurt", ["Frankfurt am Main", "Frankfurt (Oder)"])
        self.assertCandidates("Freiburg", ["Freiburg im Breisgau", "Freiburg (Elbe)"])
        self.assertPlace("Bad Homburg", "Bad Homburg vor der Höhe", "Hochtaunus")

    def test_unknown(self):
        self.assertEqual(resolve("Atlantis", []), (None, []))


class TestQueryParsing(unittest.TestCase):
    def assertError(self, parameter, **form):
        with self.assertRaises(FinderParameterError) as raised:
            parse_form(**form)
        self.assertEqual(raised.exception.parameter, parameter)
        return raised.exception

    def test_state_codes_are_canonical(self):
        self.assertEqual(
            parse_form(state=["de-be", "DE-BY", "De-Be"]).states,
            [
                "DE-BE",
                "DE-BY",
            ],
        )

    def test_q_without_searchable_words(self):
        for text in ("!!!", "😀", "% % %", "-"):
            with self.subTest(text=text):
                self.assertError("q", q=text)
        self.assertEqual(parse_form(q="schuld!").text, "schuld!")

    def test_range_messages_without_float_noise(self):
        error = self.assertError("radius", radius="500")
        self.assertEqual(error.message.mapping, {"minimum": "1", "maximum": "200"})
        error = self.assertError("lat", lat="999", lon="13")
        self.assertEqual(error.message.mapping, {"minimum": "-90", "maximum": "90"})
        error = self.assertError("b_start", b_start="abc")
        self.assertEqual(error.message.mapping["maximum"], "1000000")

    def test_place_candidates_in_the_error(self):
        error = self.assertError("place", place="Frankfurt")
        self.assertEqual(
            {c["place"] for c in error.candidates},
            {"Frankfurt am Main", "Frankfurt (Oder)"},
        )
        self.assertTrue(all(c["postcode"] for c in error.candidates))
        query = parse_form(place="Hamburg")
        self.assertEqual(query.location.place, "Hamburg")
        self.assertAlmostEqual(query.location.latitude, 53.57, delta=0.1)
