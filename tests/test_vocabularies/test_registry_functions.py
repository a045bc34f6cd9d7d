"""Parsing, formatting, validation and sorting: plain functions, no Plone site."""

from sozialplattform.site.vocabularies.defaults import DEFAULT_TERMS
from sozialplattform.site.vocabularies.factories import collation_key
from sozialplattform.site.vocabularies.factories import sort_terms
from sozialplattform.site.vocabularies.registry import count_usage
from sozialplattform.site.vocabularies.registry import default_lines
from sozialplattform.site.vocabularies.registry import factory_name
from sozialplattform.site.vocabularies.registry import field_constraint
from sozialplattform.site.vocabularies.registry import format_line
from sozialplattform.site.vocabularies.registry import format_lines
from sozialplattform.site.vocabularies.registry import in_use_errors
from sozialplattform.site.vocabularies.registry import is_valid_token
from sozialplattform.site.vocabularies.registry import normalize_lines
from sozialplattform.site.vocabularies.registry import parse_line
from sozialplattform.site.vocabularies.registry import record_name
from sozialplattform.site.vocabularies.registry import removed_tokens
from sozialplattform.site.vocabularies.registry import terms_from_lines
from sozialplattform.site.vocabularies.registry import TermSyntaxError
from sozialplattform.site.vocabularies.registry import validate
from sozialplattform.site.vocabularies.registry import validate_lines
from sozialplattform.site.vocabularies.registry import validate_removal
from sozialplattform.site.vocabularies.registry import VOCABULARY_NAMES
from sozialplattform.site.vocabularies.registry import VocabularyValidationError
from zope.i18n import translate
from zope.schema import ValidationError
import unittest


def texts(errors):
    """The English texts of i18n messages."""
    return [translate(error) for error in errors]


class FakeCatalog:
    """Enough of portal_catalog for ``count_usage``: one keyword index per name."""

    def __init__(self, **indexes):
        # index name -> {token: number of items}
        self._indexes = indexes
        self.searches = []

    def indexes(self):
        return list(self._indexes)

    def unrestrictedSearchResults(self, **query):
        self.searches.append(query)
        ((name, token),) = query.items()
        return [object()] * self._indexes[name].get(token, 0)


class TestNames(unittest.TestCase):
    def test_names(self):
        self.assertEqual(
            VOCABULARY_NAMES, ("topics", "target_groups", "languages", "channels")
        )
        self.assertEqual(record_name("topics"), "sozialplattform.vocabularies.topics")
        self.assertEqual(factory_name("target_groups"), "sozialplattform.target_groups")

    def test_unknown_name(self):
        with self.assertRaises(KeyError):
            record_name("colours")
        with self.assertRaises(KeyError):
            validate_lines("colours", ["a|A"])


class TestParseFormat(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(
            parse_line("schulden|Schulden & Finanzen"),
            ("schulden", "Schulden & Finanzen"),
        )

    def test_parse_strips_whitespace(self):
        self.assertEqual(parse_line("  sucht |  Sucht "), ("sucht", "Sucht"))

    def test_parse_splits_at_first_separator(self):
        self.assertEqual(parse_line("a|B|C"), ("a", "B|C"))

    def test_parse_without_separator(self):
        for line in ("schulden", "", "schulden: Schulden"):
            with self.assertRaises(TermSyntaxError):
                parse_line(line)

    def test_format(self):
        self.assertEqual(format_line("on_site", "Vor Ort"), "on_site|Vor Ort")
        self.assertEqual(
            format_lines([("de", "Deutsch"), ("gsg", "Deutsche Gebärdensprache")]),
            ["de|Deutsch", "gsg|Deutsche Gebärdensprache"],
        )

    def test_round_trip_of_defaults(self):
        for name, terms in DEFAULT_TERMS.items():
            lines = default_lines(name)
            self.assertEqual([parse_line(line) for line in lines], list(terms))
            self.assertEqual(terms_from_lines(name, lines), list(terms))

    def test_default_lines_are_new_lists(self):
        self.assertIsNot(default_lines("topics"), default_lines("topics"))

    def test_normalize(self):
        self.assertEqual(
            normalize_lines(["", " sucht | Sucht ", "   ", "kaputt", "a|B"]),
            ["sucht|Sucht", "kaputt", "a|B"],
        )
        self.assertEqual(normalize_lines(None), [])

    def test_terms_from_lines_is_lenient(self):
        lines = [
            "sucht|Sucht",
            "",
            "ohne trenner",
            "Gross|Groß",
            "leer|",
            "sucht|Nochmal",
            "pflege|Pflege",
        ]
        self.assertEqual(
            terms_from_lines("topics", lines),
            [("sucht", "Sucht"), ("pflege", "Pflege")],
        )
        self.assertEqual(terms_from_lines("topics", None), [])


class TestTokens(unittest.TestCase):
    def test_tokens(self):
        for token in ("schulden", "menschen_mit_behinderung", "a", "on_site", "x2"):
            self.assertTrue(is_valid_token("topics", token), token)
        for token in ("", "Schulden", "2x", "_a", "on-site", "über", "a b", "a\n"):
            self.assertFalse(is_valid_token("topics", token), token)

    def test_language_tags(self):
        for tag in ("de", "gsg", "zh-Hans", "pt-BR", "es-419", "sgn-DE", "zh-Hant-TW"):
            self.assertTrue(is_valid_token("languages", tag), tag)
        for tag in (
            "",
            "DE",
            "de_DE",
            "d",
            "deutsch",
            "zh-hans",
            "pt-br",
            "de-",
            "de\n",
        ):
            self.assertFalse(is_valid_token("languages", tag), tag)

    def test_language_tags_only_for_languages(self):
        self.assertFalse(is_valid_token("topics", "pt-BR"))
        self.assertTrue(is_valid_token("channels", "on_site"))


class TestValidateLines(unittest.TestCase):
    def test_defaults_are_valid(self):
        for name in VOCABULARY_NAMES:
            self.assertEqual(validate_lines(name, default_lines(name)), [], name)

    def test_blank_lines_ignored(self):
        self.assertEqual(validate_lines("topics", ["", "sucht|Sucht", "  "]), [])

    def test_empty(self):
        for lines in ([], ["", " "], None):
            self.assertEqual(
                texts(validate_lines("topics", lines)), ["Enter at least one term."]
            )

    def test_syntax(self):
        self.assertEqual(
            texts(validate_lines("topics", ["sucht|Sucht", "", "Schulden"])),
            ['Line 3: "Schulden" is not of the form token|Label.'],
        )

    def test_bad_token(self):
        (error,) = texts(validate_lines("target_groups", ["Männer|Männer"]))
        self.assertIn(
            'Line 1: the token "Männer" must start with a lower-case letter', error
        )

    def test_bad_language_tag(self):
        (error,) = texts(
            validate_lines("languages", ["de|Deutsch", "de_DE|Deutsch (DE)"])
        )
        self.assertEqual(
            error,
            'Line 2: "de_DE" is not a language tag (BCP 47, e.g. de, gsg, zh-Hans, pt-BR).',
        )
        self.assertEqual(validate_lines("languages", ["pt-BR|Portugiesisch (BR)"]), [])

    def test_duplicate_token(self):
        self.assertEqual(
            texts(
                validate_lines("channels", ["phone|Telefon", "chat|Chat", "phone|Fon"])
            ),
            ['Line 3: the token "phone" is already used in line 1.'],
        )

    def test_label_empty(self):
        self.assertEqual(
            texts(validate_lines("topics", ["sucht|  "])),
            ["Line 1: the label is missing."],
        )

    def test_label_length(self):
        self.assertEqual(validate_lines("topics", ["sucht|" + "x" * 100]), [])
        self.assertEqual(
            texts(validate_lines("topics", ["sucht|" + "x" * 101])),
            ["Line 1: the label is longer than 100 characters."],
        )

    def test_label_html(self):
        for label in ("<b>Sucht</b>", "Sucht >", "a < b"):
            self.assertEqual(
                texts(validate_lines("topics", [f"sucht|{label}"])),
                ["Line 1: the label must not contain < or >."],
                label,
            )

    def test_several_errors(self):
        errors = validate_lines("topics", ["Bad|", "ok|Ok", "ok|<i>"])
        self.assertEqual(len(errors), 4)

    def test_long_text_quoted_short(self):
        (error,) = texts(validate_lines("topics", ["x" * 500]))
        self.assertLess(len(error), 120)


class TestRemoval(unittest.TestCase):
    old = ["sucht|Sucht", "pflege|Pflege", "recht|Recht"]

    def test_removed_tokens(self):
        self.assertEqual(
            removed_tokens("topics", self.old, ["pflege|Pflege"]), ["sucht", "recht"]
        )
        self.assertEqual(
            removed_tokens(
                "topics", self.old, ["recht|Recht & Behörden", "neu|Neu", *self.old]
            ),
            [],
        )
        self.assertEqual(removed_tokens("topics", None, ["a|A"]), [])

    def test_relabel_is_no_removal(self):
        self.assertEqual(
            removed_tokens(
                "topics", self.old, ["sucht|Abhängigkeit", "pflege|P", "recht|R"]
            ),
            [],
        )

    def test_count_usage(self):
        catalog = FakeCatalog(topics={"sucht": 3, "pflege": 0})
        self.assertEqual(
            count_usage(catalog, "topics", ["sucht", "pflege", "recht"]), {"sucht": 3}
        )
        self.assertEqual(
            catalog.searches,
            [{"topics": "sucht"}, {"topics": "pflege"}, {"topics": "recht"}],
        )

    def test_count_usage_without_index(self):
        self.assertIsNone(count_usage(FakeCatalog(channels={}), "topics", ["sucht"]))
        self.assertIsNone(count_usage(None, "topics", ["sucht"]))

    def test_in_use_errors(self):
        self.assertEqual(
            texts(in_use_errors({"sucht": 3})),
            ['"sucht" cannot be removed: 3 items still use it.'],
        )

    def test_validate_removal(self):
        catalog = FakeCatalog(topics={"sucht": 2, "recht": 1})
        self.assertEqual(
            texts(validate_removal("topics", self.old, ["pflege|Pflege"], catalog)),
            [
                '"sucht" cannot be removed: 2 items still use it.',
                '"recht" cannot be removed: an item still uses it.',
            ],
        )
        self.assertEqual(
            validate_removal("topics", self.old, ["sucht|S", "recht|R"], catalog), []
        )

    def test_validate_removal_without_index(self):
        catalog = FakeCatalog(languages={"sucht": 2})
        self.assertEqual(validate_removal("topics", self.old, [], catalog), [])

    def test_validate_checks_format_first(self):
        catalog = FakeCatalog(topics={"sucht": 2})
        self.assertEqual(
            texts(validate("topics", ["Kaputt|K"], self.old, catalog))[0][:7], "Line 1:"
        )
        self.assertEqual(
            len(validate("topics", ["pflege|Pflege"], self.old, catalog)), 1
        )
        self.assertEqual(validate("topics", ["pflege|Pflege"]), [])


class TestErrorAndConstraint(unittest.TestCase):
    def test_error_doc(self):
        error = VocabularyValidationError(
            validate_lines("topics", ["x", "y|"]), title="Themen"
        )
        self.assertIsInstance(error, ValidationError)
        self.assertEqual(
            error.doc(),
            'Themen: Line 1: "x" is not of the form token|Label.; '
            "Line 2: the label is missing.",
        )
        self.assertEqual(str(error), error.doc())

    def test_constraint_outside_a_site(self):
        # No registry: only the format is checked.
        constraint = field_constraint("channels", "Channels")
        self.assertTrue(constraint(["phone|Telefon"]))
        with self.assertRaises(VocabularyValidationError) as raised:
            constraint(["Phone|Telefon"])
        self.assertTrue(raised.exception.doc().startswith("Channels: Line 1:"))


class TestSorting(unittest.TestCase):
    def test_collation_key(self):
        self.assertEqual(collation_key("Ärztinnen"), "arztinnen")
        self.assertEqual(collation_key("Straße"), "strasse")
        self.assertEqual(collation_key("Émigré"), "emigre")

    def test_umlauts_sort_with_base_letter(self):
        labels = [
            label
            for _token, label in sort_terms(
                [
                    ("t", "Türkisch"),
                    ("u", "Ukrainisch"),
                    ("a", "Ärzte"),
                    ("b", "Beratung"),
                    ("ar", "Arbeit"),
                    ("z", "Zoll"),
                    ("o", "öffentlich"),
                    ("p", "Pflege"),
                ]
            )
        ]
        self.assertEqual(
            labels,
            [
                "Arbeit",
                "Ärzte",
                "Beratung",
                "öffentlich",
                "Pflege",
                "Türkisch",
                "Ukrainisch",
                "Zoll",
            ],
        )

    def test_ties(self):
        self.assertEqual(
            sort_terms([("b", "Chat"), ("a", "Chat"), ("c", "chat")]),
            [("a", "Chat"), ("b", "Chat"), ("c", "chat")],
        )
