"""The distribution's example site: German legal pages filled with the example operator."""

from lxml import html as lxml_html
from sozialplattform.site.testing import DISTRIBUTION_FUNCTIONAL_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
import requests
import unittest


class TestExampleLegalPages(unittest.TestCase):
    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def get(self, page_id):
        response = requests.get(
            server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/{page_id}"), timeout=30
        )
        self.assertEqual(response.status_code, 200, page_id)
        return lxml_html.fromstring(response.content)

    def test_german_pages_without_gaps(self):
        for page_id, title, expected in (
            ("impressum", "Impressum", "Angaben gemäß § 5 DDG."),
            ("datenschutz", "Datenschutzerklärung", "Rechtsgrundlage"),
            ("barrierefreiheit", "Erklärung zur Barrierefreiheit", "01.12.2026"),
            ("kontakt", "Kontakt", "116 016"),
        ):
            with self.subTest(page=page_id):
                tree = self.get(page_id)
                self.assertEqual(tree.xpath("//h1")[0].text_content().strip(), title)
                text = " ".join(tree.xpath("//article")[0].text_content().split())
                self.assertIn(expected, text)
                self.assertIn("Musterministerium", text)
                self.assertFalse(
                    tree.xpath("//*[contains(@class, 'sozialplattform-missing')]")
                )

    def test_footer_names_the_operator(self):
        footer = self.get("")
        (block,) = footer.xpath("//*[@class='sozialplattform-footer-site']")
        self.assertIn(
            "betrieben von Musterministerium", " ".join(block.text_content().split())
        )
