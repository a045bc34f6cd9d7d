"""The finder on a phone (390 x 844 and 320 px): the first result on the first screen,
the filter button with its count, the messages at the place field; axe-core."""

from axe_playwright_python.sync_playwright import Axe
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
import re
import unittest


HEIGHT = 844
SEARCH = "/@@finder?postcode=10115&radius=25"
TOPIC_SEARCH = "/@@finder?postcode=10115&radius=25&topic=schulden"
MISSPELT = "/@@finder?place=Muenchn&radius=25"
AMBIGUOUS = "/@@finder?place=Frankfurt&radius=25"
EMPTY_PLACE = "/@@finder?radius=25&topic=schulden"
# a word only in the title of a nationwide online offer (examplecentres.json)
ONLY_NATIONWIDE = "/@@finder?postcode=10115&radius=5&q=Kompassrose"
LAYOUT = """() => Object.fromEntries(['#finder h1', '#finder-form', '#finder-filters',
  '#finder-results-heading', '#finder-map', '.finder-item'].map(s => {
    const e = document.querySelector(s);
    return [s, e && Math.round(e.getBoundingClientRect().top)];
  }))"""


class PhoneTestCase(unittest.TestCase):
    layer = BROWSER_TESTING
    width = 390

    def setUp(self):
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)
        self.context = self.layer["browser"].new_context(
            locale="de-DE",
            viewport={"width": self.width, "height": HEIGHT},
            device_scale_factor=2,
            has_touch=True,
            is_mobile=True,
        )
        self.page = self.context.new_page()

    def tearDown(self):
        self.context.close()

    def goto(self, path, status=200):
        response = self.page.goto(f"{self.base}{path}")
        self.assertEqual(response.status, status, path)

    def assertFirstResultOnTheFirstScreen(self, path):
        self.goto(path)
        top = self.page.locator(".finder-item").first.bounding_box()["y"]
        # its title line at least
        self.assertLessEqual(
            top + 44, HEIGHT, f"{path} at {self.width} px: {self.page.evaluate(LAYOUT)}"
        )

    def assertAccessible(self, path, status=200):
        self.goto(path, status)
        violations = Axe().run(self.page).response["violations"]
        serious = [
            f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        self.assertEqual(serious, [], f"{path} at {self.width} px")

    def expanded(self, selector) -> bool:
        """The ``expanded`` state of an element as Chromium exposes it."""
        session = self.context.new_cdp_session(self.page)
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})
        tree = session.send(
            "Accessibility.getPartialAXTree", {**node, "fetchRelatives": False}
        )
        properties = {
            p["name"]: p["value"]["value"] for p in tree["nodes"][0]["properties"]
        }
        return properties["expanded"]


class TestFirstScreen(PhoneTestCase):
    def test_first_result_without_and_with_a_topic(self):
        for path in (SEARCH, TOPIC_SEARCH):
            self.assertFirstResultOnTheFirstScreen(path)

    def test_after_a_search_from_the_front_page(self):
        self.goto("")
        self.page.get_by_label("Ort oder Postleitzahl").fill("10115")
        self.page.locator("#finder-topic").select_option("schulden")
        self.page.get_by_role("button", name="Suchen").click()
        self.page.wait_for_url(re.compile(r"@@finder\?postcode=10115"))
        top = self.page.locator(".finder-item").first.bounding_box()["y"]
        self.assertLessEqual(top + 44, HEIGHT, self.page.evaluate(LAYOUT))


class TestFilterButton(PhoneTestCase):
    def test_closed_with_the_active_count_and_live_update(self):
        self.goto(TOPIC_SEARCH)
        details = self.page.locator("#finder-filters")
        summary = details.locator("summary")
        self.assertFalse(details.evaluate("e => e.open"))
        self.assertFalse(self.expanded("#finder-filters > summary"))
        self.assertEqual(
            " ".join(summary.inner_text().split()), "Weitere Filter 1 aktiv"
        )
        summary.focus()
        self.page.keyboard.press("Enter")
        self.assertTrue(details.evaluate("e => e.open"))
        self.assertTrue(self.expanded("#finder-filters > summary"))
        with self.page.expect_response(re.compile(r"@@finder\?")):
            self.page.locator("#finder-filters input[name=accessible]").check()
        self.page.wait_for_function(
            "document.querySelector('#finder-filters > summary').textContent"
            ".includes('2')"
        )
        self.assertIn("accessible=true", self.page.url)
        self.assertEqual(
            " ".join(summary.inner_text().split()), "Weitere Filter 2 aktiv"
        )
        # the panel stays open while filtering
        self.assertTrue(details.evaluate("e => e.open"))

    def test_without_filters_no_count(self):
        self.goto(SEARCH)
        summary = self.page.locator("#finder-filters summary")
        self.assertEqual(" ".join(summary.inner_text().split()), "Weitere Filter")
        box = summary.bounding_box()
        self.assertGreaterEqual(box["height"], 44)


class TestMessages(PhoneTestCase):
    def test_misspelt_place_gets_suggestions(self):
        self.goto(MISSPELT, status=400)
        choices = self.page.locator("#finder-where-choices")
        self.assertIn("Meinten Sie …?", choices.inner_text())
        choices.get_by_role("link", name="München").click()
        self.page.wait_for_url(re.compile(r"place=M%C3%BCnchen"))
        self.assertEqual(self.page.locator("#finder-where").input_value(), "München")
        self.assertGreater(self.page.locator(".finder-item").count(), 0)

    def test_candidates_right_below_the_place_field(self):
        self.goto(AMBIGUOUS, status=400)
        field = self.page.locator("#finder-where").bounding_box()
        error = self.page.locator("#finder-where-error").bounding_box()
        choices = self.page.locator("#finder-where-choices")
        self.assertIn("Welchen Ort meinen Sie?", choices.inner_text())
        box = choices.bounding_box()
        self.assertGreaterEqual(error["y"], field["y"] + field["height"] - 1)
        self.assertLess(box["y"] - (error["y"] + error["height"]), 24)
        # in the place field's column, above the next row of the form
        self.assertLess(
            box["y"] + box["height"], self.page.locator("#finder-q").bounding_box()["y"]
        )

    def test_empty_place_asks_for_one(self):
        self.goto(EMPTY_PLACE, status=400)
        self.assertIn(
            "Bitte geben Sie einen Ort oder eine Postleitzahl ein",
            self.page.locator("#finder-where-error").inner_text(),
        )
        self.assertEqual(self.page.locator(".finder-item").count(), 0)
        self.assertEqual(
            self.page.locator("#finder-where").get_attribute("aria-describedby"),
            "finder-where-error",
        )

    def test_only_nationwide_offers_a_larger_radius(self):
        self.goto(ONLY_NATIONWIDE)
        notice = self.page.locator(".finder-nothing-nearby")
        self.assertIn("In der Nähe nichts gefunden", notice.inner_text())
        self.assertGreater(self.page.locator(".finder-nationwide").count(), 0)
        link = notice.get_by_role("link", name="Im Umkreis von 10 km suchen")
        self.assertIn("radius=10", link.get_attribute("href"))


class TestAccessibility(PhoneTestCase):
    def test_axe_on_the_finder_pages(self):
        for path, status in (
            (SEARCH, 200),
            (TOPIC_SEARCH, 200),
            (MISSPELT, 400),
            (AMBIGUOUS, 400),
            (EMPTY_PLACE, 400),
            (ONLY_NATIONWIDE, 200),
        ):
            with self.subTest(path=path):
                self.assertAccessible(path, status)


class TestFirstScreenAt320(TestFirstScreen):
    width = 320


class TestAccessibilityAt320(TestAccessibility):
    width = 320
