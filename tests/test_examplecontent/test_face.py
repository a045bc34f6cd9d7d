"""The example site's own face: start page, menu, texts that follow the functions."""

from lxml import html as lxml_html
from sozialplattform.site.distributions.centres import centre_data
from sozialplattform.site.testing import DISTRIBUTION_FUNCTIONAL_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
import requests
import unittest


class TestStartPage(unittest.TestCase):
    layer = DISTRIBUTION_FUNCTIONAL_TESTING

    def get(self, path=""):
        url = server_url(self.layer, f"{DISTRIBUTION_SITE_ID}{path}")
        response = requests.get(url, headers={"Accept-Language": "de"}, timeout=30)
        self.assertEqual(response.status_code, 200)
        return response.text, lxml_html.fromstring(response.content)

    def test_no_breadcrumbs_on_the_start_page(self):
        text, tree = self.get()
        self.assertFalse(tree.xpath("//*[@id='portal-breadcrumbs']"))
        _text, tree = self.get("/beratungsstellen")
        self.assertTrue(tree.xpath("//*[@id='portal-breadcrumbs']"))

    def test_finder_in_the_main_navigation(self):
        _text, tree = self.get("/beratungsstellen")
        (link,) = tree.xpath(
            "//*[@id='portal-globalnav']//li[contains(@class, 'finder')]/a"
        )
        self.assertEqual(link.text_content().strip(), "Beratungsstelle finden")
        self.assertTrue(link.get("href").endswith(f"/{DISTRIBUTION_SITE_ID}/@@finder"))

    def test_start_page_promises_only_what_is_offered(self):
        text, tree = self.get()
        self.assertNotIn("rund um die Uhr", text)
        functions = tree.xpath("//*[@class='sozialplattform-offer']//li/@data-function")
        # the example States take part in booking and counselling (examplecentres.json)
        self.assertEqual(functions, ["finder", "booking", "counselling"])
        self.assertIn("Online-Terminbuchung", text)

    def test_state_and_folder_pages(self):
        text, tree = self.get("/beratungsstellen/berlin")
        self.assertNotIn("ISO-3166-2-Code", text)
        self.assertTrue(tree.xpath("//ul[@class='state-centre-list']/li/a"))
        self.assertIn("Zuständige Person", text)
        text, tree = self.get("/beratungsstellen")
        self.assertEqual(len(tree.xpath("//ul[@class='centre-folder-states']/li")), 16)


class TestExampleCentreText(unittest.TestCase):
    def test_carrier_only_in_its_field(self):
        for item in centre_data():
            self.assertNotIn("Träger:", item["text"])
            self.assertTrue(item["values"]["carrier"])
