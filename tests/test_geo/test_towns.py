"""The city of a postcode and the towns of each state."""

from sozialplattform.site.geo import city_and_district
from sozialplattform.site.geo import is_town
from sozialplattform.site.geo import lookup
from sozialplattform.site.geo import Place
from sozialplattform.site.geo import STATE_IDS
from sozialplattform.site.geo import towns_by_state
import unittest


class TestCityAndDistrict(unittest.TestCase):
    def test_plain_city(self):
        self.assertEqual(city_and_district("80331", "bayern"), ("München", ""))

    def test_district_named_after_the_city(self):
        self.assertEqual(
            city_and_district("01067", "sachsen"), ("Dresden", "Innere Altstadt")
        )

    def test_district_with_a_comma_part(self):
        self.assertEqual(city_and_district("01156", "sachsen"), ("Dresden", "Gompitz"))

    def test_city_state_is_the_city(self):
        self.assertEqual(city_and_district("22765", "hamburg"), ("Hamburg", "Ottensen"))
        self.assertEqual(city_and_district("10969", "berlin"), ("Berlin", "Kreuzberg"))

    def test_bremen_is_two_cities(self):
        self.assertEqual(city_and_district("27568", "bremen"), ("Bremerhaven", ""))
        self.assertEqual(city_and_district("28195", "bremen")[0], "Bremen")


class TestTowns(unittest.TestCase):
    def test_is_town(self):
        village = Place("Dorf", "bayern", 48.0, 11.0, ("80000",), "Landkreis Irgendwo")
        seat = Place("Irgendwo", "bayern", 48.0, 11.0, ("80001",), "Landkreis Irgendwo")
        town = Place("Stadt", "bayern", 48.0, 11.0, ("80002", "80003", "80004"), "")
        self.assertFalse(is_town(village))
        self.assertTrue(is_town(seat))
        self.assertTrue(is_town(town))

    def test_every_state_has_towns_in_it_only(self):
        towns = towns_by_state()
        self.assertEqual(tuple(towns), STATE_IDS)
        for state_id, by_city in towns.items():
            self.assertTrue(by_city, state_id)
            for postcodes in by_city:
                self.assertEqual(list(postcodes), sorted(postcodes))
                for postcode in postcodes:
                    self.assertEqual(lookup(postcode).state_ids, (state_id,))

    def test_one_entry_per_city(self):
        bremen = towns_by_state()["bremen"]
        self.assertEqual(
            [city_and_district(p[0], "bremen")[0] for p in bremen],
            ["Bremen", "Bremerhaven"],
        )
        self.assertEqual(len(towns_by_state()["berlin"]), 1)
