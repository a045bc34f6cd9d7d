"""Anonymous pages without Plone's editing bundle still work (issue 11, page weight):
the finder's own JavaScript (live filters, map after consent), no script errors."""

from test_browser.test_finder import BrowserTestCase
import re


class TestWithoutEditingBundles(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.errors = []
        self.requests = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def test_finder_javascript_works_without_plone_bundle(self):
        self.page.goto(f"{self.base}/@@finder?postcode=10115&radius=25")
        self.page.locator("#finder-filters summary").click()
        with self.page.expect_response(re.compile(r"@@finder\?")):
            self.page.locator("#filter-topic-schulden").check()
        self.page.wait_for_function("location.search.includes('topic=schulden')")
        self.page.wait_for_function(
            "/\\d/.test(document.getElementById('finder-status').textContent)"
        )
        self.page.get_by_role("button", name="Karte anzeigen").click()
        self.page.wait_for_selector(".leaflet-marker-icon", timeout=10_000)
        self.assertEqual(self.errors, [])
        loaded = [url for url in self.requests if "bundle-plone" in url]
        self.assertEqual(loaded, [], "anonymous visitors load Plone's editing bundle")

    def test_front_page_search_without_script_errors(self):
        self.page.goto(self.base)
        self.page.get_by_label("Ort oder Postleitzahl").fill("10115")
        self.page.get_by_role("button", name="Suchen").click()
        self.page.wait_for_url(re.compile(r"@@finder\?postcode=10115"))
        self.page.wait_for_load_state("load")
        self.assertEqual(self.errors, [])
        self.assertFalse(
            [
                url
                for url in self.requests
                if "bundle-plone" in url or "plonejsi18n" in url
            ]
        )

    def test_phone_menu_opens_and_closes_without_bootstrap(self):
        self.page.goto(self.base)
        toggler = self.page.locator(".navbar-toggler")
        link = self.page.locator("#portal-globalnav a", has_text="Beratungsstellen")
        self.assertFalse(link.is_visible())
        self.assertEqual(toggler.get_attribute("aria-expanded"), "false")
        toggler.click()
        link.wait_for(state="visible")
        self.assertEqual(toggler.get_attribute("aria-expanded"), "true")
        self.assertTrue(
            self.page.evaluate(
                "document.getElementById('offcanvasNavbar').contains(document.activeElement)"
            )
        )
        self.page.keyboard.press("Escape")
        link.wait_for(state="hidden")
        self.assertEqual(toggler.get_attribute("aria-expanded"), "false")
        self.assertTrue(
            self.page.evaluate("document.activeElement.matches('.navbar-toggler')")
        )
        toggler.click()
        link.wait_for(state="visible")
        self.page.locator("#offcanvasNavbar [data-bs-dismiss='offcanvas']").click()
        link.wait_for(state="hidden")
        self.assertEqual(self.errors, [])
