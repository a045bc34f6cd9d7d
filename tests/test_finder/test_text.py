"""German folding of the finder's full text."""

from sozialplattform.site.finder.text import fold
from sozialplattform.site.finder.text import query_words
from sozialplattform.site.finder.text import words
import unittest


class TestFold(unittest.TestCase):
    def test_umlaut_spellings_match(self):
        self.assertEqual(fold("Müttergenesung"), fold("Muettergenesung"))
        self.assertEqual(fold("Müttergenesung"), fold("muttergenesung"))
        self.assertEqual(fold("MÜTTERGENESUNG"), fold("muttergenesung"))

    def test_sharp_s(self):
        self.assertEqual(fold("Straße"), fold("Strasse"))
        self.assertEqual(fold("Straße"), fold("strase"))

    def test_other_letters_unchanged(self):
        self.assertEqual(fold("Schuldnerberatung"), "schuldnerberatung")
        self.assertNotEqual(fold("Sucht"), fold("Suche"))

    def test_words(self):
        self.assertEqual(
            words("Schuldner- und Insolvenzberatung", "Köln"),
            ["insolvenzberatung", "koln", "schuldner", "und"],
        )

    def test_query_words_keep_order(self):
        self.assertEqual(query_words("Sucht Köln sucht"), ["sucht", "koln"])
