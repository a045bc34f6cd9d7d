"""Every public page type at 320 px, 390 px and on a desktop (WCAG 2.2 AA, BITV 2.0).

axe-core without serious or critical findings, no horizontal scrolling at 320 px
(1.4.10), a page title that says where a person is (2.4.2), the skip link (2.4.1),
focus after a search (2.4.3, 3.3.1), form hints (1.3.5) and English mode (3.1.2).
One browser context for the module; a page type is one test, its sizes subtests.
"""

from axe_playwright_python.sync_playwright import Axe
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
from zope.component.hooks import setSite
import re
import transaction
import unittest


SITE = "Sozialplattform"
WIDTHS = (320, 390, 1280)
HEIGHT = 800
SEARCH = "/@@finder?postcode=10115&radius=25"
AMBIGUOUS = "/@@finder?place=Frankfurt&radius=25"
STATE = "/beratungsstellen/berlin"
# the page scrolls sideways by; the elements that stick out, for the message
OVERFLOW = """() => [document.scrollingElement.scrollWidth - innerWidth,
  [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
    .slice(-4).map(e => e.tagName + '#' + e.id + '.' + e.className)]"""


class AccessibilityTestCase(unittest.TestCase):
    layer = BROWSER_TESTING
    page = None

    def setUp(self):
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)
        cls = AccessibilityTestCase
        # one context for the module (zope.testrunner calls no setUpClass); it closes
        # with the layer's browser
        if cls.page is None or cls.page.is_closed():
            context = self.layer["browser"].new_context(
                locale="de-DE", viewport={"width": WIDTHS[0], "height": HEIGHT}
            )
            cls.page = context.new_page()
        self.page.context.clear_cookies()

    def goto(self, path, status=200):
        response = self.page.goto(f"{self.base}{path}")
        self.assertEqual(response.status, status, path)

    def serious_findings(self) -> list[str]:
        violations = Axe().run(self.page).response["violations"]
        return [
            f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]

    def assertAccessible(self, path, title=None, status=200):
        """axe and reflow at every width; the title (a regex) once."""
        for width in WIDTHS:
            with self.subTest(path=path, width=width):
                self.page.set_viewport_size({"width": width, "height": HEIGHT})
                self.goto(path, status)
                overflow, wide = self.page.evaluate(OVERFLOW)
                self.assertEqual(
                    (self.serious_findings(), max(overflow, 0)), ([], 0), wide
                )
        if title is not None:
            self.assertRegex(self.page.title(), title)

    def centre_path(self) -> str:
        self.goto(SEARCH)
        link = self.page.locator(".finder-item h3 a").first
        return link.get_attribute("href").removeprefix(self.base)


class TestPages(AccessibilityTestCase):
    def test_front_page(self):
        self.assertAccessible("", f"^{SITE}$")

    def test_finder_with_results(self):
        self.assertAccessible(
            SEARCH, rf"^Beratungsstellen bei 10115 Berlin \(\d+\) – {SITE}$"
        )

    def test_finder_with_an_error(self):
        self.assertAccessible(AMBIGUOUS, f"^Fehler: .+ – {SITE}$", status=400)

    def test_centre_page(self):
        path = self.centre_path()
        heading = self.page.locator(".finder-item h3 a").first.inner_text()
        self.assertAccessible(path, f"^{re.escape(heading)} – {SITE}$")

    def test_state_page(self):
        self.assertAccessible(STATE, f"^Berlin – {SITE}$")

    def test_centres_folder(self):
        self.assertAccessible("/beratungsstellen", f"^Beratungsstellen – {SITE}$")

    def test_search(self):
        self.assertAccessible("/@@search?SearchableText=Beratung", f"^Suche – {SITE}$")

    def test_legal_pages(self):
        for path, title in (
            ("/impressum", "Impressum"),
            ("/datenschutz", "Datenschutzerklärung"),
            ("/barrierefreiheit", "Erklärung zur Barrierefreiheit"),
            ("/kontakt", "Kontakt"),
        ):
            self.assertAccessible(path, f"^{title} – {SITE}$")

    def test_interest_form(self):
        self.assertAccessible("/anbindung-beantragen", f" – {SITE}$")

    def test_onboarding_page(self):
        self.assertAccessible("/@@anbindung", f" – {SITE}$")

    def test_login_form(self):
        self.assertAccessible("/login", f"^Anmelden – {SITE}$")

    def test_set_password_page(self):
        app = self.layer["app"]
        site = app[DISTRIBUTION_SITE_ID]
        setSite(site)
        login(app.acl_users, SITE_OWNER_NAME)
        user = api.user.create(
            email="kim.a11y@beratungsstelle.example", username="kim.a11y"
        )
        reset = api.portal.get_tool("portal_password_reset").requestReset(user.getId())
        transaction.commit()
        path = f"/passwordreset/{reset['randomstring']}"
        self.assertAccessible(path, f"^Passwort festlegen – {SITE}$")
        # the field errors, at 320 px
        self.page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        self.goto(path)
        self.page.get_by_label("Neues Passwort").fill("kurz")
        self.page.get_by_label("Passwort wiederholen").fill("anders")
        self.page.get_by_role("button", name="Passwort festlegen").click()
        self.page.wait_for_selector("#password-error")
        self.assertRegex(self.page.title(), f"^Fehler: Passwort festlegen – {SITE}$")
        overflow, wide = self.page.evaluate(OVERFLOW)
        self.assertEqual((self.serious_findings(), max(overflow, 0)), ([], 0), wide)

    def test_set_password_link_gone(self):
        self.assertAccessible(
            "/passwordreset/kein-solcher-link",
            f"^Dieser Link funktioniert nicht mehr – {SITE}$",
        )


ACTIVE = "(e => e && (e.id || e.tagName))(document.activeElement)"


class TestFocus(AccessibilityTestCase):
    def test_skip_link_first_and_to_the_content(self):
        self.page.set_viewport_size({"width": 390, "height": HEIGHT})
        for path in ("", STATE, "/@@anbindung"):
            with self.subTest(path=path):
                self.goto(path)
                self.page.keyboard.press("Tab")
                link = self.page.locator(":focus")
                self.assertEqual(link.inner_text(), "Zum Inhalt springen")
                self.assertTrue(link.is_visible())
                self.page.keyboard.press("Enter")
                self.page.wait_for_function("location.hash === '#content'")
                # the next Tab goes on inside the content, not back to the header
                self.page.keyboard.press("Tab")
                self.assertTrue(
                    self.page.evaluate(
                        "document.getElementById('content')"
                        ".contains(document.activeElement)"
                    )
                )

    def test_after_a_search_on_the_result_heading(self):
        self.goto("")
        self.page.get_by_label("Ort oder Postleitzahl").fill("10115")
        self.page.get_by_role("button", name="Suchen").click()
        self.page.wait_for_url(re.compile(r"@@finder\?"))
        self.page.wait_for_load_state()
        self.assertEqual(self.page.evaluate(ACTIVE), "finder-results-heading")

    def test_after_an_error_on_the_field_with_the_error(self):
        self.goto(AMBIGUOUS, status=400)
        self.assertEqual(self.page.evaluate(ACTIVE), "finder-where")
        field = self.page.locator("#finder-where")
        self.assertEqual(field.get_attribute("aria-describedby"), "finder-where-error")

    def test_place_field_hints(self):
        self.goto(SEARCH)
        field = self.page.locator("#finder-where")
        self.assertEqual(field.get_attribute("autocomplete"), "off")
        self.assertIsNone(field.get_attribute("inputmode"))


class TestLayout(AccessibilityTestCase):
    def test_onboarding_states_stacked_on_a_phone(self):
        self.page.set_viewport_size({"width": 320, "height": HEIGHT})
        self.goto("/@@anbindung")
        table = self.page.locator("table.onboarding-states")
        cells = table.locator("tbody td")
        self.assertGreater(cells.count(), 16)
        right = self.page.evaluate(
            "Math.max(...[...document.querySelectorAll('.onboarding-states tbody td')]"
            ".map(e => e.getBoundingClientRect().right))"
        )
        self.assertLessEqual(right, 320)
        # each value says which column it belongs to
        label = table.locator("tbody tr td.booking").first.evaluate(
            "e => getComputedStyle(e, '::before').content"
        )
        self.assertIn("Online-Terminbuchung", label)


class TestEnglish(AccessibilityTestCase):
    def test_german_centre_texts_marked(self):
        path = self.centre_path()
        self.page.context.add_cookies(
            [{"name": "I18N_LANGUAGE", "value": "en", "url": self.base}]
        )
        self.goto(path)
        self.assertEqual(self.page.locator("html").get_attribute("lang"), "en")
        marked = self.page.locator(".centre-offers [lang=de], .centre-text[lang=de]")
        self.assertGreater(marked.count(), 0)


class TestHeader(AccessibilityTestCase):
    """The logo and the operator's name (branding/): readable and reachable at 320 px."""

    def set_name(self, name):
        app = self.layer["app"]
        setSite(app[DISTRIBUTION_SITE_ID])
        api.portal.set_registry_record("sozialplattform.branding.site_name", name)
        transaction.commit()

    def test_long_name_wraps_at_320(self):
        self.set_name("Sozialplattform Mecklenburg-Vorpommern")
        self.assertAccessible("")
        self.page.set_viewport_size({"width": 320, "height": HEIGHT})
        self.goto("")
        link = self.page.locator("#portal-logo")
        self.assertEqual(link.inner_text(), "Sozialplattform Mecklenburg-Vorpommern")
        box = link.bounding_box()
        toggler = self.page.locator(".navbar-toggler").bounding_box()
        # the name and the menu button side by side, both on the screen
        self.assertGreaterEqual(box["x"], 0)
        self.assertLessEqual(box["x"] + box["width"], toggler["x"])
        self.assertLessEqual(toggler["x"] + toggler["width"], 320)
        self.page.screenshot(path="var/screenshots/header-320.png")
        self.page.set_viewport_size({"width": 1280, "height": HEIGHT})
        self.goto("")
        self.page.screenshot(path="var/screenshots/header-1280.png")

    def test_logo_link_named_and_focus_visible(self):
        self.page.set_viewport_size({"width": 320, "height": HEIGHT})
        self.goto("")
        link = self.page.get_by_role("link", name=re.compile(r"^Sozialplattform – "))
        self.assertEqual(link.get_attribute("id"), "portal-logo")
        link.focus()
        outline = link.evaluate(
            "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"
        )
        self.assertEqual(outline, ["solid", "3px"])
