"""The 16 German states and their codes."""

from sozialplattform.site.geo import GermanState
from sozialplattform.site.geo import state_by_code
from sozialplattform.site.geo import state_by_geonames_code
from sozialplattform.site.geo import state_by_id
from sozialplattform.site.geo import STATE_IDS
from sozialplattform.site.geo import STATES
import dataclasses
import unittest


EXPECTED = {
    # id: (ISO 3166-2, name, GeoNames admin1 code)
    "baden-wuerttemberg": ("DE-BW", "Baden-Württemberg", "01"),
    "bayern": ("DE-BY", "Bayern", "02"),
    "berlin": ("DE-BE", "Berlin", "16"),
    "brandenburg": ("DE-BB", "Brandenburg", "11"),
    "bremen": ("DE-HB", "Bremen", "03"),
    "hamburg": ("DE-HH", "Hamburg", "04"),
    "hessen": ("DE-HE", "Hessen", "05"),
    "mecklenburg-vorpommern": ("DE-MV", "Mecklenburg-Vorpommern", "12"),
    "niedersachsen": ("DE-NI", "Niedersachsen", "06"),
    "nordrhein-westfalen": ("DE-NW", "Nordrhein-Westfalen", "07"),
    "rheinland-pfalz": ("DE-RP", "Rheinland-Pfalz", "08"),
    "saarland": ("DE-SL", "Saarland", "09"),
    "sachsen": ("DE-SN", "Sachsen", "13"),
    "sachsen-anhalt": ("DE-ST", "Sachsen-Anhalt", "14"),
    "schleswig-holstein": ("DE-SH", "Schleswig-Holstein", "10"),
    "thueringen": ("DE-TH", "Thüringen", "15"),
}


class TestStates(unittest.TestCase):
    def test_ids_in_order(self):
        self.assertEqual(STATE_IDS, tuple(EXPECTED))
        self.assertEqual(len(STATES), 16)

    def test_codes_and_names(self):
        for state in STATES:
            with self.subTest(state=state.id):
                self.assertEqual(
                    (state.code, state.name, state.geonames_code), EXPECTED[state.id]
                )

    def test_codes_are_unique(self):
        for field in ("id", "code", "name", "geonames_code"):
            values = [getattr(state, field) for state in STATES]
            self.assertEqual(len(set(values)), 16, field)

    def test_immutable(self):
        self.assertIsInstance(STATES, tuple)
        with self.assertRaises(dataclasses.FrozenInstanceError):
            STATES[0].name = "Schwaben"

    def test_state_by_id(self):
        state = state_by_id("thueringen")
        self.assertIsInstance(state, GermanState)
        self.assertEqual(state.name, "Thüringen")
        self.assertIsNone(state_by_id("thüringen"))
        self.assertIsNone(state_by_id("DE-TH"))
        self.assertIsNone(state_by_id(""))

    def test_state_by_code(self):
        self.assertEqual(state_by_code("DE-BY").id, "bayern")
        self.assertEqual(state_by_code("de-nw").id, "nordrhein-westfalen")
        self.assertIsNone(state_by_code("BY"))
        self.assertIsNone(state_by_code("AT-7"))
        self.assertIsNone(state_by_code(""))

    def test_state_by_geonames_code(self):
        self.assertEqual(state_by_geonames_code("16").id, "berlin")
        self.assertEqual(state_by_geonames_code("03").id, "bremen")
        self.assertIsNone(state_by_geonames_code("17"))
        self.assertIsNone(state_by_geonames_code("3"))
