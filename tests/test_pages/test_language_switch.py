"""The language switch keeps the page and its query (``browser/languageselector.py``)."""

from lxml import html
from plone.testing.zope import Browser
from sozialplattform.site.testing import DISTRIBUTION_FUNCTIONAL_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from urllib.parse import parse_qs
from urllib.parse import urlsplit
import unittest


class TestLanguageSwitch(unittest.TestCase):
    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def links(self, path: str) -> dict:
        browser = Browser(self.layer["app"])
        browser.open(f"{self.layer['app'][DISTRIBUTION_SITE_ID].absolute_url()}/{path}")
        tree = html.fromstring(browser.contents)
        links = tree.xpath("//ul[@id='portal-languageselector']//a")
        return {link.get("lang"): urlsplit(link.get("href")) for link in links}

    def test_keeps_the_search(self):
        links = self.links("@@finder?postcode=10115&q=Sucht%20%26%20Co&set_language=de")
        self.assertEqual(set(links), {"de", "en"})
        url = links["en"]
        self.assertTrue(url.path.endswith("/@@finder"))
        self.assertEqual(
            parse_qs(url.query),
            {"postcode": ["10115"], "q": ["Sucht & Co"], "set_language": ["en"]},
        )

    def test_markup_in_the_query_stays_text(self):
        links = self.links('@@search?SearchableText="><script>x</script>')
        self.assertEqual(
            parse_qs(links["de"].query)["SearchableText"], ['"><script>x</script>']
        )
