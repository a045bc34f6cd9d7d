"""The finder control panel: the tile URL is validated and reaches the page's map data."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from sozialplattform.site.finder.settings import DEFAULT_TILE_URL
from sozialplattform.site.testing import server_url
from test_finder.test_page import PageTestCase
import html as html_module
import json
import re
import requests


PANEL = "plone/@@sozialplattform-finder-settings"
RECORD = "sozialplattform.finder.tile_url"


class TestFinderSettings(PageTestCase):
    def save(self, tile_url, attribution="© Beispiel-Karten"):
        session = requests.Session()
        session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        form = session.get(server_url(self.layer, PANEL), timeout=30)
        self.assertEqual(form.status_code, 200)
        token = re.search(r'name="_authenticator"[^>]*value="([^"]+)"', form.text)
        response = session.post(
            server_url(self.layer, PANEL),
            data={
                "form.widgets.tile_url": tile_url,
                "form.widgets.tile_attribution": attribution,
                "form.buttons.save": "Save",
                "_authenticator": token.group(1),
            },
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        return response.text

    def map_data(self):
        html = self.page(params={"postcode": "10115"}).text
        raw = re.search(r'id="finder-map"\s+data-map="([^"]+)"', html).group(1)
        return json.loads(html_module.unescape(raw)), html

    def record(self):
        self.layer["portal"]._p_jar.sync()
        return api.portal.get_registry_record(RECORD)

    def test_invalid_tile_urls_are_refused(self):
        cases = {
            "http://tiles.example.org/{z}/{x}/{y}.png": "must start with https://",
            "https://tiles.example.org/{z}/{x}.png": "needs {z}, {x} and {y}",
        }
        for url, message in cases.items():
            with self.subTest(url=url):
                html = self.save(url)
                self.assertIn(message, html)
                self.assertEqual(self.record(), DEFAULT_TILE_URL)

    def test_tile_url_reaches_the_page(self):
        url = "https://tiles.example.org/{z}/{x}/{y}.png"
        self.save(url, attribution="© Beispiel-Karten")
        self.assertEqual(self.record(), url)
        data, html = self.map_data()
        self.assertEqual(data["tile_url"], url)
        self.assertEqual(data["tile_attribution"], "© Beispiel-Karten")
        self.assertEqual(data["tile_host"], "tiles.example.org")
        # the consent text names the host before anything is loaded from it
        consent = html.split('class="finder-map-consent"', 1)[1].split("</p>", 1)[0]
        self.assertIn("<strong>tiles.example.org</strong>", consent)
