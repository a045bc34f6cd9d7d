"""Suggestions for a misspelt place ("Meinten Sie ...?"): ``finder.places.suggest``."""

from sozialplattform.site.finder.places import resolve
from sozialplattform.site.finder.places import suggest
from sozialplattform.site.finder.query import FinderParameterError
from sozialplattform.site.finder.query import parse
from sozialplattform.site.finder.query import TOKEN_FILTERS
from sozialplattform.site.geo.postcodes import find_similar_places
import unittest


VOCABULARIES = {name: set() for _i, name in TOKEN_FILTERS.values()}


def names(places):
    return [place.name for place in places]


class TestSuggestions(unittest.TestCase):
    def test_misspelt_names_suggest_the_city(self):
        for typed, expected in (
            ("Muenchn", "München"),
            ("Munchn", "München"),
            ("Hamburk", "Hamburg"),
            ("Lepzig", "Leipzig"),
            ("dresdn", "Dresden"),
        ):
            with self.subTest(typed=typed):
                self.assertEqual(resolve(typed, []), (None, []))
                self.assertEqual(names(suggest(typed, []))[0], expected)

    def test_the_biggest_place_of_a_suggested_name(self):
        # "Hamburg" is also a one-postcode entry in Kreis Stormarn
        (hamburg,) = suggest("Hamburk", [])
        self.assertEqual(hamburg.district, "Hamburg, Freie und Hansestadt")

    def test_closest_first_and_at_most_five(self):
        found = find_similar_places("Neuenkirchn")
        self.assertEqual(found[0].name, "Neuenkirchen")
        self.assertLessEqual(len(found), 5)
        self.assertEqual(len(find_similar_places("Neuenkirchn", limit=2)), 2)

    def test_nothing_alike(self):
        self.assertEqual(suggest("Xyzzy", []), [])
        self.assertEqual(suggest("", []), [])
        self.assertEqual(suggest("!!!", []), [])

    def test_state_narrows_the_suggestions(self):
        self.assertIn("Berglen", names(suggest("Berln", [])))
        self.assertEqual(names(suggest("Berln", ["DE-BE"])), ["Berlin"])


class TestErrors(unittest.TestCase):
    def error(self, **form):
        with self.assertRaises(FinderParameterError) as raised:
            parse(form, VOCABULARIES)
        return raised.exception

    def test_unknown_place_carries_suggestions(self):
        error = self.error(place="Muenchn")
        self.assertEqual(error.parameter, "place")
        self.assertEqual(error.candidates, [])
        self.assertEqual(error.suggestions[0]["place"], "München")
        self.assertEqual(error.suggestions[0]["state"], "DE-BY")
        self.assertTrue(error.suggestions[0]["postcode"].startswith("8"))

    def test_ambiguous_place_stays_as_it_is(self):
        error = self.error(place="Frankfurt")
        self.assertEqual(error.suggestions, [])
        self.assertEqual(
            {c["place"] for c in error.candidates},
            {"Frankfurt am Main", "Frankfurt (Oder)"},
        )

    def test_known_places_need_no_suggestion(self):
        self.assertEqual(
            parse({"place": "München"}, VOCABULARIES).location.place, "München"
        )
