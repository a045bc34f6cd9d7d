"""Contrast maths after WCAG 2.2 and the colour fields' validation (no Plone)."""

from sozialplattform.site.branding import contrast
from sozialplattform.site.branding.interfaces import accessible_colour
from sozialplattform.site.branding.interfaces import DEFAULT_ACCENT
from sozialplattform.site.branding.interfaces import DEFAULT_PRIMARY
from sozialplattform.site.branding.interfaces import InvalidColour
from sozialplattform.site.branding.interfaces import TooLittleContrast
from sozialplattform.site.branding.viewlets import brand_style
from unittest import mock
from zope.i18n import translate
import unittest


class TestContrast(unittest.TestCase):
    def test_extremes(self):
        self.assertAlmostEqual(contrast.contrast_ratio("#000000", "#ffffff"), 21.0)
        self.assertAlmostEqual(contrast.contrast_ratio("#fff", "#FFFFFF"), 1.0)

    def test_order_does_not_matter(self):
        self.assertEqual(
            contrast.contrast_ratio("#005e7a", "#fff"),
            contrast.contrast_ratio("#fff", "#005e7a"),
        )

    def test_known_values(self):
        # the usual grey pair around the AA limit, and pure primaries (WebAIM checker)
        self.assertAlmostEqual(contrast.contrast_ratio("#767676", "#fff"), 4.54, 2)
        self.assertAlmostEqual(contrast.contrast_ratio("#777777", "#fff"), 4.48, 2)
        self.assertAlmostEqual(contrast.contrast_ratio("#ff0000", "#fff"), 4.0, 2)
        self.assertAlmostEqual(contrast.contrast_ratio("#0000ff", "#fff"), 8.59, 2)
        self.assertAlmostEqual(contrast.relative_luminance("#808080"), 0.2159, 4)

    def test_normalize(self):
        self.assertEqual(contrast.normalize(" #0AF "), "#00aaff")
        self.assertEqual(contrast.normalize("#005E7A"), "#005e7a")
        for bad in ("", "005e7a", "#05e7a", "#00g000", "red", "#005e7a;}", None):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                contrast.normalize(bad)

    def test_shade_is_darker(self):
        self.assertEqual(contrast.shade("#ffffff", 0.5), "#808080")
        self.assertEqual(contrast.shade("#005e7a", 0), "#005e7a")
        self.assertGreater(
            contrast.contrast_ratio(contrast.shade("#007bb1", 0.15), "#fff"),
            contrast.contrast_ratio("#007bb1", "#fff"),
        )

    def test_rgb_triplet(self):
        self.assertEqual(contrast.rgb_triplet("#005e7a"), "0, 94, 122")


class TestValidation(unittest.TestCase):
    def test_brand_colours_pass(self):
        for colour in (DEFAULT_PRIMARY, DEFAULT_ACCENT, "#767676", "#000"):
            with self.subTest(colour=colour):
                self.assertTrue(accessible_colour(colour))
                self.assertGreaterEqual(
                    contrast.contrast_ratio(colour, contrast.WHITE), 4.5
                )

    def test_light_colours_refused(self):
        for colour in ("#777777", "#ffff00", "#ff0000", "#ffcc00"):
            with self.subTest(colour=colour), self.assertRaises(TooLittleContrast):
                accessible_colour(colour)

    def test_not_a_colour(self):
        for value in ("blue", "#12345", "#005e7a}", "url(x)"):
            with self.subTest(value=value), self.assertRaises(InvalidColour):
                accessible_colour(value)

    def test_message_names_the_ratio_rounded_down(self):
        with self.assertRaises(TooLittleContrast) as raised:
            accessible_colour("#777777")  # 4.4784...
        message = raised.exception.doc()
        self.assertEqual(message.mapping, {"ratio": "4.47"})
        self.assertIn("4.47:1", translate(message))
        self.assertIn("4.5:1", translate(message))

    def test_decimal_comma_in_german(self):
        request = {"LANGUAGE": "de"}
        with (
            mock.patch(
                "sozialplattform.site.branding.interfaces.getRequest",
                return_value=request,
            ),
            self.assertRaises(TooLittleContrast) as raised,
        ):
            accessible_colour("#ff0000")
        self.assertEqual(raised.exception.doc().mapping, {"ratio": "3,99"})


class TestStyle(unittest.TestCase):
    def test_variables(self):
        css = brand_style("#123456", "#A3195B")
        self.assertTrue(css.startswith("html:root{"))
        for declaration in (
            "--sp-primary:#123456;",
            "--bs-primary:#123456;",
            "--bs-primary-rgb:18, 52, 86;",
            "--sp-accent:#a3195b;",
            "--bs-link-color:#a3195b;",
            "--bs-link-color-rgb:163, 25, 91;",
        ):
            self.assertIn(declaration, css)

    def test_only_colours(self):
        with self.assertRaises(ValueError):
            brand_style("#123456;}body{display:none", "#a3195b")
