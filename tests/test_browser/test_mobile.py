"""The public pages on a cheap phone: 360x640, device scale 2, touch; reflow at 320 px.

WCAG 2.1 AA / BITV 2.0: no horizontal scrolling (1.4.10), 44 px main tap targets and
24 px checkboxes (2.5.5/2.5.8 as a guide), 16 px form fields (no iOS zoom), visible focus,
3:1 field borders (1.4.11), reduced motion, axe-core without serious or critical findings.
"""

from axe_playwright_python.sync_playwright import Axe
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
import re
import unittest


PHONE = {"width": 360, "height": 640}
RESULTS = "/@@finder?postcode=10115&radius=25"
ZERO_RESULTS = "/@@finder?postcode=10115&radius=5&q=zzzzqqq"
# a filter set: the disclosure shows its count and stays closed
FILTERED = "/@@finder?postcode=10115&radius=25&topic=schulden&b_size=5"
BOOKING_SEARCH = "/@@finder?postcode=80331&radius=100&b_size=50"
STATIC_PAGES = {
    "front page": "",
    "result page": RESULTS,
    "filtered result page": FILTERED,
    "zero-result page": ZERO_RESULTS,
    "onboarding page": "/@@anbindung",
    "onboarding form": "/anbindung-beantragen",
    "download area": "/downloads",
}
# main controls in the content area; checkboxes and radios are measured separately
MAIN_CONTROLS = (
    "#content .btn, #content .page-link, #content summary, #content select, "
    "#content textarea, #content input:not([type=hidden]):not([type=checkbox])"
    ":not([type=radio]), #content a[href^='tel:']"
)
VISIBLE_BOXES = """selector => [...document.querySelectorAll(selector)]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .map(e => {
    const r = e.getBoundingClientRect();
    const label = (e.innerText || e.name || e.id || e.getAttribute('href') || '').trim();
    return {label: e.tagName + ' ' + label.slice(0, 40), width: r.width, height: r.height,
            font: parseFloat(getComputedStyle(e).fontSize)};
  })"""


def luminance(rgb: str) -> float:
    """Relative luminance of a CSS ``rgb(...)``/``rgba(...)`` colour."""
    channels = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS colours."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class MobileTestCase(unittest.TestCase):
    layer = BROWSER_TESTING

    def setUp(self):
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)
        self.open_context(PHONE["width"])

    def tearDown(self):
        self.context.close()

    def open_context(self, width, **options):
        if getattr(self, "context", None) is not None:
            self.context.close()
        self.context = self.layer["browser"].new_context(
            locale="de-DE",
            viewport={"width": width, "height": PHONE["height"]},
            device_scale_factor=2,
            has_touch=True,
            is_mobile=True,
            **options,
        )
        self.page = self.context.new_page()

    def goto(self, path):
        response = self.page.goto(f"{self.base}{path}")
        self.assertEqual(response.status, 200, path)

    def centre_path(self):
        """A published centre with the button "Termin buchen", found by the finder."""
        self.goto(BOOKING_SEARCH)
        link = self.page.locator(".finder-item:has(a.btn-primary) h3 a").first
        return link.get_attribute("href").removeprefix(self.base)

    def pages(self):
        return {**STATIC_PAGES, "centre page": self.centre_path()}

    def boxes(self, selector):
        return self.page.evaluate(VISIBLE_BOXES, selector)

    def open_filters(self):
        if self.page.locator("#finder-filters:not([open])").count():
            self.page.locator("#finder-filters summary").click()


class TestReflow(MobileTestCase):
    """No horizontal scrolling of the page (WCAG 1.4.10); wide tables scroll by themselves."""

    def assertNoOverflow(self, width):
        for name, path in self.pages().items():
            self.goto(path)
            self.open_filters()
            # a mobile browser widens the layout viewport when content is too wide
            inner, scroll = self.page.evaluate(
                "[innerWidth, document.documentElement.scrollWidth]"
            )
            self.assertEqual((inner, scroll), (width, width), f"{name} at {width} px")

    def test_no_horizontal_overflow_at_360(self):
        self.assertNoOverflow(360)

    def test_no_horizontal_overflow_at_320(self):
        self.open_context(320)
        self.assertNoOverflow(320)

    def test_long_compound_titles_wrap_at_320(self):
        # "Schwangerschafts- und Schwangerschaftskonfliktberatung" is one of the titles
        self.open_context(320)
        self.goto("/@@finder?postcode=10115&radius=100&b_size=100")
        widest = self.page.evaluate(
            "Math.max(...[...document.querySelectorAll('.finder-item h3 a')]"
            ".map(a => a.getBoundingClientRect().right))"
        )
        self.assertLessEqual(widest, 320)


class TestTouchTargets(MobileTestCase):
    def test_main_controls_44_px_high(self):
        for name, path in self.pages().items():
            self.goto(path)
            self.open_filters()
            boxes = self.boxes(MAIN_CONTROLS)
            self.assertTrue(boxes, name)
            small = [b for b in boxes if b["height"] < 43.5]
            self.assertEqual(small, [], f"controls under 44 px on the {name}")

    def test_checkboxes_24_px(self):
        for path in (RESULTS, "/anbindung-beantragen"):
            self.goto(path)
            self.open_filters()
            boxes = self.boxes(
                "#content input[type=checkbox], #content input[type=radio]"
            )
            self.assertGreater(len(boxes), 3, path)
            small = [b for b in boxes if b["width"] < 24 or b["height"] < 24]
            self.assertEqual(small, [], path)

    def test_map_consent_and_booking_buttons(self):
        self.goto(self.centre_path())
        for locator in (
            self.page.get_by_role("link", name="Termin buchen"),
            self.page.get_by_role("button", name="Karte anzeigen"),
        ):
            box = locator.bounding_box()
            self.assertGreaterEqual(box["height"], 44)
            self.assertGreaterEqual(box["width"], 44)

    def test_footer_and_header_links_24_px(self):
        self.goto("")
        selector = (
            ".sozialplattform-footer-links a, .actions-site_actions a, "
            "#portal-languageselector a, #portal-anontools a, .finder-search .small a"
        )
        boxes = self.boxes(selector)
        self.assertGreater(len(boxes), 5)
        self.assertEqual([b for b in boxes if b["height"] < 24], [])


class TestFormFields(MobileTestCase):
    def test_fields_at_least_16_px(self):
        # smaller text makes iOS Safari zoom into the field
        for name, path in self.pages().items():
            self.goto(path)
            fields = self.boxes("input:not([type=hidden]), select, textarea")
            self.assertEqual([f for f in fields if f["font"] < 16], [], name)

    def test_field_borders_3_to_1(self):
        # the fields stand on white: their border must have 3:1 (WCAG 1.4.11)
        self.goto(RESULTS)
        self.open_filters()
        for selector in ("#finder-where", "#finder-radius", "#filter-topic-arbeit"):
            border = self.page.eval_on_selector(
                selector, "e => getComputedStyle(e).borderTopColor"
            )
            self.assertGreaterEqual(contrast(border, "rgb(255, 255, 255)"), 3, selector)


class TestFinderOnThePhone(MobileTestCase):
    def test_jump_to_results_past_open_filters(self):
        # the filters stay closed (test_finder_phone); opened, they push the results down
        self.goto(FILTERED)
        self.open_filters()
        heading = self.page.locator("#finder-results-heading")
        self.assertGreater(heading.bounding_box()["y"], 2 * PHONE["height"])
        # a skip link: visible once it has the keyboard focus
        jump = self.page.locator("a.finder-jump")
        jump.focus()
        self.assertLess(jump.bounding_box()["y"], PHONE["height"])
        self.assertGreaterEqual(jump.bounding_box()["height"], 24)
        self.page.keyboard.press("Enter")
        self.page.wait_for_function("location.hash === '#finder-results'")
        # Bootstrap scrolls smoothly: wait until the heading has arrived on the screen
        self.page.wait_for_function(
            "(top => top >= 0 && top < innerHeight)(document.getElementById("
            "'finder-results-heading').getBoundingClientRect().top)"
        )

    def test_no_jump_link_without_results(self):
        # an invalid radius: an error message and no result section to jump to
        response = self.page.goto(f"{self.base}/@@finder?postcode=10115&radius=abc")
        self.assertEqual(response.status, 400)
        self.assertEqual(self.page.locator("#finder-results").count(), 0)
        self.assertEqual(self.page.locator("a.finder-jump").count(), 0)

    def test_opening_hours_fit_the_screen(self):
        self.goto(self.centre_path())
        table = self.page.locator("table.centre-opening-hours")
        self.assertTrue(table.is_visible())
        box = table.bounding_box()
        self.assertLessEqual(box["x"] + box["width"], PHONE["width"])

    def test_focus_visible_outline(self):
        self.goto(RESULTS)
        # focus starts on the result heading (autofocus): tab from the page's start
        self.page.evaluate(
            "b => { b.tabIndex = -1; b.focus(); b.removeAttribute('tabindex'); }",
            self.page.locator("body").element_handle(),
        )
        seen = {}
        for _press in range(20):
            self.page.keyboard.press("Tab")
            key, style, width = self.page.evaluate(
                "(e => [e.id || e.className || e.tagName, getComputedStyle(e).outlineStyle,"
                " parseFloat(getComputedStyle(e).outlineWidth)])(document.activeElement)"
            )
            seen[key] = (style, width)
        for key in ("finder-jump", "finder-where", "finder-radius", "finder-sort"):
            self.assertIn(key, seen)
        weak = {k: v for k, v in seen.items() if v[0] != "solid" or v[1] < 2}
        self.assertEqual(weak, {})

    def test_reduced_motion(self):
        self.open_context(PHONE["width"], reduced_motion="reduce")
        self.goto(RESULTS)
        moving = self.page.evaluate(
            "[...document.querySelectorAll('*')].filter(e => {"
            " const s = getComputedStyle(e);"
            " return [...s.transitionDuration.split(','), ...s.animationDuration.split(',')]"
            "  .some(d => parseFloat(d) > 0.001); }).map(e => e.tagName + '.' + e.className)"
        )
        self.assertEqual(moving, [])


class TestAccessibilityOnThePhone(MobileTestCase):
    def test_axe_no_serious_or_critical(self):
        findings = {}
        for name, path in self.pages().items():
            self.goto(path)
            self.open_filters()
            violations = Axe().run(self.page).response["violations"]
            serious = [
                f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}"
                for v in violations
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                findings[name] = serious
        self.assertEqual(findings, {})

    def test_footer_credit_inside_a_landmark(self):
        self.goto("")
        violations = Axe().run(self.page).response["violations"]
        self.assertNotIn("region", {v["id"] for v in violations})


class TestPageWeight(MobileTestCase):
    def responses_of(self, path):
        responses = []

        def collect(response):
            responses.append(response)

        self.page.on("response", collect)
        try:
            self.goto(path)
            self.page.wait_for_load_state("networkidle")
        finally:
            self.page.remove_listener("response", collect)
        return responses

    def test_leaflet_only_after_consent(self):
        for path in ("", RESULTS, self.centre_path()):
            urls = [response.url for response in self.responses_of(path)]
            self.assertTrue(any("sozialplattform.css" in url for url in urls), path)
            self.assertEqual([u for u in urls if "leaflet" in u], [], path)

    def test_own_assets_small(self):
        own = {
            response.url.rsplit("/", 1)[-1]: len(response.body())
            for response in self.responses_of(RESULTS)
            if "++plone++sozialplattform.site/" in response.url
        }
        # the logo and the favicon (branding/) are small SVGs
        self.assertEqual(
            sorted(own),
            ["favicon.svg", "finder.js", "logo.svg", "menu.js", "sozialplattform.css"],
        )
        for name, size in own.items():
            self.assertLess(size, 20_000, name)
