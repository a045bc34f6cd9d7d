"""Postcode lookup and place-name search on the bundled GeoNames data."""

from collections import Counter
from sozialplattform.site.geo import all_postcodes
from sozialplattform.site.geo import find_places
from sozialplattform.site.geo import is_company_name
from sozialplattform.site.geo import is_postcode_format
from sozialplattform.site.geo import lookup
from sozialplattform.site.geo import normalise_name
from sozialplattform.site.geo import Place
from sozialplattform.site.geo import Postcode
from sozialplattform.site.geo import postcodes as postcodes_module
from sozialplattform.site.geo import STATE_IDS
from unittest import mock
import dataclasses
import threading
import time
import unittest


class TestFormat(unittest.TestCase):
    def test_valid(self):
        for value in ("10115", "01067", "99998", "00000"):
            with self.subTest(value=value):
                self.assertTrue(is_postcode_format(value))

    def test_invalid(self):
        for value in (
            "1011",
            "101155",
            "10 115",
            " 10115",
            "abcde",
            "1011a",
            "",
            "１０１１５",  # full-width digits
            "10115\n",
            10115,
            None,
        ):
            with self.subTest(value=value):
                self.assertFalse(is_postcode_format(value))


class TestLookup(unittest.TestCase):
    def test_berlin(self):
        postcode = lookup("10115")
        self.assertIsInstance(postcode, Postcode)
        self.assertEqual(postcode.postcode, "10115")
        self.assertEqual(postcode.places, ("Berlin",))
        self.assertEqual(postcode.state_id, "berlin")
        self.assertEqual(postcode.state_ids, ("berlin",))
        self.assertAlmostEqual(postcode.latitude, 52.53, delta=0.01)
        self.assertAlmostEqual(postcode.longitude, 13.38, delta=0.01)

    def test_muenchen(self):
        postcode = lookup("80331")
        self.assertEqual(postcode.places, ("München",))
        self.assertEqual(postcode.state_id, "bayern")
        self.assertAlmostEqual(postcode.latitude, 48.13, delta=0.02)
        self.assertAlmostEqual(postcode.longitude, 11.57, delta=0.02)

    def test_leading_zero(self):
        postcode = lookup("01067")
        self.assertEqual(
            postcode.places,
            ("Dresden Innere Altstadt", "Dresden", "Dresden Friedrichstadt"),
        )
        self.assertEqual(postcode.state_id, "sachsen")

    def test_several_places(self):
        postcode = lookup("15848")
        self.assertGreater(len(postcode.places), 10)
        self.assertIn("Beeskow", postcode.places)
        self.assertIn("Speichrow", postcode.places)
        self.assertEqual(len(set(postcode.places)), len(postcode.places))
        self.assertEqual(postcode.state_ids, ("brandenburg",))
        # The centroid lies among the places (around Beeskow).
        self.assertAlmostEqual(postcode.latitude, 52.1, delta=0.2)
        self.assertAlmostEqual(postcode.longitude, 14.2, delta=0.2)

    def test_companies_dropped_when_real_places_exist(self):
        # 67653 has 30 company rows and one row for the town itself.
        postcode = lookup("67653")
        self.assertEqual(postcode.places, ("Kaiserslautern",))
        self.assertEqual((postcode.latitude, postcode.longitude), (49.45, 7.75))
        self.assertEqual(postcode.state_ids, ("rheinland-pfalz",))

    def test_company_postcode(self):
        # 10875 (Daimler/debis) has only company rows, in four states.
        postcode = lookup("10875")
        self.assertIn("debis Leasing GmbH", postcode.places)
        self.assertIn("Li-Tec Battery GmbH", postcode.places)
        self.assertGreater(len(postcode.places), 30)
        self.assertEqual(
            postcode.state_ids,
            ("berlin", "baden-wuerttemberg", "brandenburg", "sachsen"),
        )
        self.assertEqual(postcode.state_id, "berlin")
        # Mean of all rows: somewhere between Stuttgart, Berlin and Bautzen.
        self.assertTrue(48.8 < postcode.latitude < 52.5)

    def test_mojibake_repaired(self):
        postcode = lookup("50590")
        self.assertIn("Kölner Stadt-Anzeiger", postcode.places)
        self.assertFalse(any("Ã" in place for place in postcode.places))

    def test_state_ids_sorted_by_row_count(self):
        # 12529 Schönefeld: mostly Brandenburg, one Berlin row.
        self.assertEqual(lookup("12529").state_ids, ("brandenburg", "berlin"))

    def test_postcode_outside_germany(self):
        # Jungholz (Tyrol) has a German postcode but no German state.
        postcode = lookup("87491")
        self.assertEqual(postcode.places, ("Jungholz",))
        self.assertEqual(postcode.state_ids, ())
        self.assertIsNone(postcode.state_id)

    def test_unknown(self):
        self.assertIsNone(lookup("00000"))
        self.assertIsNone(lookup("99999"))

    def test_bad_format(self):
        for value in ("1011", "101155", "10 115", "abcde", "", None):
            with self.subTest(value=value):
                self.assertIsNone(lookup(value))

    def test_whitespace_around_is_ignored(self):
        self.assertEqual(lookup(" 10115\n"), lookup("10115"))

    def test_frozen(self):
        with self.assertRaises(dataclasses.FrozenInstanceError):
            lookup("10115").places = ()

    def test_coordinates_rounded(self):
        for code in ("15848", "10875", "81925"):
            postcode = lookup(code)
            self.assertEqual(postcode.latitude, round(postcode.latitude, 4))
            self.assertEqual(postcode.longitude, round(postcode.longitude, 4))


class TestAllPostcodes(unittest.TestCase):
    def test_count_and_order(self):
        codes = all_postcodes()
        self.assertEqual(len(codes), 10814)
        self.assertEqual(list(codes), sorted(codes))
        self.assertTrue(all(is_postcode_format(code) for code in codes))

    def test_every_state_has_postcodes(self):
        counts = Counter(
            state_id for code in all_postcodes() for state_id in lookup(code).state_ids
        )
        self.assertEqual(set(counts), set(STATE_IDS))
        # The small ones in this data: Bremen 73, Saarland 91.
        small = {"bremen", "saarland"}
        for state_id in STATE_IDS:
            with self.subTest(state_id=state_id):
                self.assertGreaterEqual(
                    counts[state_id], 60 if state_id in small else 100
                )
        self.assertGreater(counts["bayern"], 2000)

    def test_every_postcode_in_germany(self):
        # All lie in the bounding box of Germany and, but for 87491, in a state.
        outside = []
        for code in all_postcodes():
            postcode = lookup(code)
            self.assertTrue(47.2 < postcode.latitude < 55.1, code)
            self.assertTrue(5.8 < postcode.longitude < 15.1, code)
            if not postcode.state_ids:
                outside.append(code)
        self.assertEqual(outside, ["87491"])


class TestCompanyNames(unittest.TestCase):
    def test_companies(self):
        for name in (
            "Daimler Insurance Services GmbH",
            "Mercedes-Benz Versicherung AG",
            "Schuster & Sohn KG",
            "1. FC Kaiserslautern e.V.",
            "Volksbank Kaiserslautern eG",
            "Fünfte Vermögensverwaltungsgesellschaft Zeus mbH",
            "GVG Daimler AG & Co. Gamma OHG",
            "Allianz SE",
        ):
            with self.subTest(name=name):
                self.assertTrue(is_company_name(name))

    def test_places(self):
        for name in (
            "Berlin",
            "Freiamt",
            "Freigericht",
            "Linsengericht",
            "Bad Kösen",
            "Frankfurt (Oder)",
            "Hagen",
            "Seeg",
            "Agathenburg",
        ):
            with self.subTest(name=name):
                self.assertFalse(is_company_name(name))


class TestNormaliseName(unittest.TestCase):
    def test_folding(self):
        self.assertEqual(normalise_name("München"), "muenchen")
        self.assertEqual(normalise_name("MÜNCHEN"), "muenchen")
        self.assertEqual(normalise_name("Muenchen"), "muenchen")
        self.assertEqual(normalise_name("Groß-Umstadt"), "gross umstadt")
        self.assertEqual(normalise_name("GROSS UMSTADT"), "gross umstadt")
        self.assertEqual(normalise_name("  Frankfurt (Oder) "), "frankfurt oder")
        self.assertEqual(normalise_name("Öhringen"), "oehringen")
        self.assertEqual(normalise_name("Château"), "chateau")
        self.assertEqual(normalise_name(""), "")

    def test_decomposed_umlauts(self):
        self.assertEqual(normalise_name("Mu\u0308nchen"), "muenchen")


class TestFindPlaces(unittest.TestCase):
    def test_muenchen_spellings(self):
        for query in ("München", "muenchen", "MÜNCHEN", "Munchen", "  münchen "):
            with self.subTest(query=query):
                places = find_places(query)
                self.assertEqual(len(places), 1)
                place = places[0]
                self.assertIsInstance(place, Place)
                self.assertEqual(place.name, "München")
                self.assertEqual(place.state_id, "bayern")
                self.assertIn("80331", place.postcodes)
                self.assertGreater(len(place.postcodes), 70)
                self.assertAlmostEqual(place.latitude, 48.14, delta=0.05)
                self.assertAlmostEqual(place.longitude, 11.56, delta=0.05)

    def test_exact_name_only(self):
        self.assertEqual(find_places("Frankfurt"), [])
        self.assertEqual(find_places("Münch"), [])
        (oder,) = find_places("Frankfurt (Oder)")
        self.assertEqual(oder.state_id, "brandenburg")
        (main,) = find_places("frankfurt am main")
        self.assertEqual(main.state_id, "hessen")

    def test_ambiguous_name(self):
        places = find_places("Neuenkirchen")
        self.assertGreaterEqual(len(places), 5)
        self.assertTrue(all(place.name == "Neuenkirchen" for place in places))
        districts = {(place.state_id, place.district) for place in places}
        self.assertEqual(len(districts), len(places))
        self.assertGreater(len({place.state_id for place in places}), 1)

    def test_neustadt(self):
        # Only one locality is called exactly "Neustadt" in this data; the
        # others have suffixes ("Neustadt an der Weinstraße", ...).
        (place,) = find_places("Neustadt")
        self.assertEqual(place.state_id, "thueringen")
        (weinstrasse,) = find_places("Neustadt an der Weinstrasse")
        self.assertEqual(weinstrasse.state_id, "rheinland-pfalz")

    def test_exact_matches_come_first(self):
        places = find_places("Munster")
        self.assertEqual(places[0].name, "Munster")
        self.assertEqual(places[0].state_id, "niedersachsen")
        self.assertIn("nordrhein-westfalen", {place.state_id for place in places[1:]})
        # With the umlaut typed, only Münster.
        self.assertTrue(
            all(place.name == "Münster" for place in find_places("Münster"))
        )
        self.assertTrue(
            all(place.name == "Münster" for place in find_places("Muenster"))
        )

    def test_most_postcodes_first(self):
        places = find_places("Münster")
        self.assertEqual(places[0].state_id, "nordrhein-westfalen")
        sizes = [len(place.postcodes) for place in places]
        self.assertEqual(sizes, sorted(sizes, reverse=True))

    def test_companies_excluded(self):
        self.assertEqual(find_places("debis Leasing GmbH"), [])
        self.assertEqual(find_places("Staatsanwaltschaft"), [])
        # "Wertheim" in 12154 Berlin is the department store, not the town.
        self.assertNotIn(
            "berlin", {place.state_id for place in find_places("Wertheim")}
        )
        # The city's place is the mean of its own five rows only, without the
        # 30 company rows of 67653; 67661 is filed under the rural district.
        city, district = find_places("Kaiserslautern")
        self.assertEqual(city.postcodes, ("67653", "67655", "67657", "67659", "67663"))
        self.assertEqual((city.latitude, city.longitude), (49.4449, 7.7644))
        self.assertEqual(district.postcodes, ("67661",))
        self.assertEqual(district.district, "Landkreis Kaiserslautern")

    def test_unknown(self):
        self.assertEqual(find_places("Atlantis"), [])
        self.assertEqual(find_places(""), [])
        self.assertEqual(find_places("  -- "), [])


class TestLoading(unittest.TestCase):
    def test_loaded_once_thread_safe(self):
        calls = Counter()

        def counting(name, function):
            def wrapper(*args):
                calls[name] += 1
                time.sleep(0.05)  # widen the race window
                return function(*args)

            return mock.patch.object(postcodes_module, name, wrapper)

        results = []
        with (
            mock.patch.dict(postcodes_module._cache, clear=True),
            counting("_read_rows", postcodes_module._read_rows),
            counting("_index_postcodes", postcodes_module._index_postcodes),
            counting("_index_places", postcodes_module._index_places),
        ):
            threads = [
                threading.Thread(target=lambda: results.append(lookup("10115")))
                for _ in range(8)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            self.assertEqual(calls["_index_places"], 0)  # built on first search
            find_places("Berlin")
            find_places("Hamburg")
        self.assertEqual(
            calls, {"_read_rows": 1, "_index_postcodes": 1, "_index_places": 1}
        )
        self.assertEqual(len(results), 8)
        self.assertTrue(all(result is results[0] for result in results))
        self.assertEqual(results[0].state_id, "berlin")

    def test_first_load_is_fast(self):
        with mock.patch.dict(postcodes_module._cache, clear=True):
            start = time.perf_counter()
            lookup("10115")
            find_places("Berlin")
            elapsed = time.perf_counter() - start
        # About 0.3 s for both indexes on a developer machine.
        self.assertLess(elapsed, 2.0)
