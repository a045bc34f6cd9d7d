"""The German front page in a real Chromium."""

from pathlib import Path
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
import unittest


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


class TestFrontPage(unittest.TestCase):
    layer = BROWSER_TESTING

    def setUp(self):
        self.context = self.layer["browser"].new_context(
            locale="de-DE", viewport={"width": 390, "height": 844}
        )
        self.page = self.context.new_page()
        self.external_requests = []
        base = server_url(self.layer)
        self.page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith((base, "data:"))
                else self.external_requests.append(request.url)
            ),
        )

    def tearDown(self):
        self.context.close()

    def test_front_page_german_with_screenshot(self):
        response = self.page.goto(server_url(self.layer, DISTRIBUTION_SITE_ID))
        self.assertEqual(response.status, 200)
        self.assertEqual(self.page.locator("html").get_attribute("lang"), "de")
        offer = self.page.get_by_role("region", name="Was die Plattform bietet")
        self.assertTrue(offer.is_visible())
        finder = offer.get_by_role("heading", name="Finder & Self-Service")
        self.assertTrue(finder.is_visible())
        self.assertIn("Sozialplattform", self.page.title())
        self.assertTrue(self.page.get_by_role("link", name="Datenschutz").is_visible())
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / "front-page-mobile.png"
        self.page.screenshot(path=str(target), full_page=True)
        self.assertGreater(target.stat().st_size, 10_000)
        self.assertEqual(self.external_requests, [], "no third-party requests")
