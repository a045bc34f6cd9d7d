"""The finder in a real Chromium: search, filter, open a centre; map consent; axe-core."""

from axe_playwright_python.sync_playwright import Axe
from pathlib import Path
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
import re
import unittest


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
TILE_HOST = "tile.openstreetmap.org"
# 1x1 transparent PNG, answered instead of real tiles (this machine has no internet)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class BrowserTestCase(unittest.TestCase):
    layer = BROWSER_TESTING

    def setUp(self):
        self.context = self.layer["browser"].new_context(
            locale="de-DE", viewport={"width": 390, "height": 844}
        )
        self.page = self.context.new_page()
        self.tile_requests = []
        self.context.route(f"https://{TILE_HOST}/**", self._fake_tile)
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)

    def tearDown(self):
        self.context.close()

    def _fake_tile(self, route):
        self.tile_requests.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PNG)

    def screenshot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def assertAccessible(self, name):
        results = Axe().run(self.page)
        serious = [
            f"{v['id']} ({v['impact']}): "
            + repr(
                [(n["target"], n.get("failureSummary", "")[-120:]) for n in v["nodes"]][
                    :6
                ]
            )
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        self.assertEqual(serious, [], f"axe-core findings on {name}")


class TestFinderJourney(BrowserTestCase):
    def test_search_by_postcode_filter_by_topic_open_centre(self):
        self.page.goto(self.base)
        self.page.get_by_label("Ort oder Postleitzahl").fill("10115")
        self.page.get_by_role("button", name="Suchen").click()
        self.page.wait_for_url(re.compile(r"@@finder\?postcode=10115"))
        heading = self.page.locator("#finder-results-heading")
        total_before = int(re.search(r"\d+", heading.inner_text()).group())
        self.assertGreater(total_before, 0)
        self.assertTrue(self.page.locator(".finder-distance").first.is_visible())
        self.screenshot("finder-results")

        # topics are checkboxes in the filters; with JavaScript the list updates in place
        self.page.locator("#finder-filters summary").click()
        self.page.locator("#filter-topic-schulden").check()
        self.page.wait_for_function("location.search.includes('topic=schulden')")
        self.page.wait_for_function(
            "/\\d/.test(document.getElementById('finder-status').textContent)"
        )
        heading = self.page.locator("#finder-results-heading")
        total_after = int(re.search(r"\d+", heading.inner_text()).group())
        self.assertLessEqual(total_after, total_before)
        self.assertGreater(total_after, 0)

        first = self.page.locator(".finder-item h3 a").first
        title = first.inner_text()
        first.click()
        self.page.wait_for_load_state()
        self.assertEqual(self.page.get_by_role("heading", level=1).inner_text(), title)
        self.assertTrue(
            self.page.get_by_role("heading", name="Adresse und Kontakt").is_visible()
        )
        self.screenshot("centre-page")
        self.assertEqual(self.tile_requests, [], "map tiles loaded without consent")

    def test_live_filter_update_with_javascript(self):
        self.page.goto(
            f"{self.base}/@@finder?lat=52.52&lon=13.405&radius=50&b_size=5"
            "&sort_on=title&topic=familie&topic=schulden"
        )
        # the live region and the result section stay; only their content changes
        self.page.evaluate(
            "window.__kept = [document.getElementById('finder-status'),"
            " document.getElementById('finder-results')]"
        )
        # closed although the URL sets filters: the first results stay on the screen
        self.assertFalse(
            self.page.evaluate("document.getElementById('finder-filters').open")
        )
        self.page.locator("#finder-filters summary").click()
        checkbox = self.page.locator("#finder-filters input[name=language]").first
        with self.page.expect_response(re.compile(r"@@finder\?")):
            checkbox.check()
        self.page.wait_for_function(
            "/\\d/.test(document.getElementById('finder-status').textContent)"
        )
        url = self.page.url
        for part in ("language=", "lat=52.52", "lon=13.405", "b_size=5"):
            self.assertIn(part, url)
        self.assertIn("sort_on=title", url)
        self.assertIn("topic=familie", url)
        self.assertIn("topic=schulden", url)
        self.assertTrue(
            self.page.evaluate(
                "window.__kept[0] === document.getElementById('finder-status')"
                " && window.__kept[1] === document.getElementById('finder-results')"
            )
        )
        self.assertEqual(self.page.get_attribute("#finder-status", "role"), "status")
        self.assertIsNone(self.page.get_attribute("#finder-results", "aria-live"))


class TestMapConsent(BrowserTestCase):
    def test_no_tiles_before_click_then_remembered_for_the_session(self):
        self.page.goto(f"{self.base}/@@finder?postcode=10115")
        self.page.wait_for_load_state("networkidle")
        self.assertEqual(self.tile_requests, [])
        self.page.get_by_role("button", name="Karte anzeigen").click()
        self.page.wait_for_selector(".leaflet-tile-loaded", timeout=10_000)
        # the button is gone: focus moved to the map region, not to the body
        self.page.wait_for_function(
            "document.activeElement.classList.contains('finder-map-canvas')"
        )
        self.assertEqual(
            self.page.evaluate("document.activeElement.getAttribute('role')"), "region"
        )
        self.assertGreater(len(self.tile_requests), 0)
        self.assertTrue(all(TILE_HOST in url for url in self.tile_requests))
        self.screenshot("finder-map")
        # next page in the same session shows the map without asking again
        self.page.goto(f"{self.base}/@@finder?postcode=20095")
        self.page.wait_for_selector(".leaflet-container", timeout=10_000)
        self.assertEqual(
            self.page.get_by_role("button", name="Karte anzeigen").count(), 0
        )

    def test_leaflet_served_from_own_resources(self):
        scripts = []
        self.page.on(
            "request", lambda r: scripts.append(r.url) if "leaflet" in r.url else None
        )
        self.page.goto(f"{self.base}/@@finder?postcode=10115")
        self.page.get_by_role("button", name="Karte anzeigen").click()
        self.page.wait_for_selector(".leaflet-container", timeout=10_000)
        self.assertTrue(scripts)
        self.assertTrue(all(url.startswith(self.base) for url in scripts), scripts)
        self.page.wait_for_selector(".leaflet-marker-icon", timeout=10_000)
        self.assertEqual(
            self.page.evaluate("L.Icon.Default.imagePath"),
            f"{self.base}/++plone++sozialplattform.site/leaflet/images/",
        )
        icon = self.page.locator(".leaflet-marker-icon").first.get_attribute("src")
        self.assertTrue(
            icon.startswith(f"{self.base}/++plone++sozialplattform.site/leaflet/"), icon
        )


class TestAccessibility(BrowserTestCase):
    def test_front_page(self):
        self.page.goto(self.base)
        self.assertAccessible("front page")

    def test_result_page(self):
        self.page.goto(f"{self.base}/@@finder?postcode=10115&radius=25")
        self.page.locator("#finder-filters summary").click()
        self.assertAccessible("result page")

    def test_centre_page(self):
        self.page.goto(f"{self.base}/@@finder?postcode=10115&radius=25")
        self.page.locator(".finder-item h3 a").first.click()
        self.page.wait_for_load_state()
        self.assertAccessible("centre page")

    def test_desktop_layout(self):
        self.page.set_viewport_size({"width": 1280, "height": 900})
        for path in ("", "/@@finder?postcode=10115&radius=25"):
            self.page.goto(f"{self.base}{path}")
            self.assertAccessible(f"desktop {path or 'front page'}")

    def test_no_nested_contentinfo_landmark(self):
        self.page.goto(self.base)
        results = Axe().run(self.page)
        rules = {v["id"] for v in results.response["violations"]}
        self.assertNotIn("landmark-no-duplicate-contentinfo", rules)
        self.assertEqual(
            self.page.evaluate(
                "document.querySelector('.sozialplattform-footer').tagName"
            ),
            "DIV",
        )

    def tab_to(self, selector, limit=80):
        """Press Tab until the element matching ``selector`` has the focus."""
        for _press in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        self.fail(f"Tab never reached {selector}")

    def test_keyboard_reaches_search(self):
        self.page.goto(self.base)
        self.tab_to("#finder-where")
        self.page.keyboard.type("80331")
        self.tab_to(".finder-search button[type=submit]", limit=5)
        self.page.keyboard.press("Enter")
        self.page.wait_for_url(re.compile(r"postcode=80331"))
        # on the result page: the field, radius, the search text, the sort, the button
        self.tab_to("#finder-where")
        order = []
        for _press in range(4):
            self.page.keyboard.press("Tab")
            order.append(
                self.page.evaluate(
                    "document.activeElement.id || document.activeElement.type"
                )
            )
        self.assertEqual(order, ["finder-radius", "finder-q", "finder-sort", "submit"])
