"""The interest form filled in a real Chromium (screenshots for the handbooks)."""

from pathlib import Path
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.onboarding.setup import create_interest_form
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
from test_onboarding.fixtures import configure_state
from zope.component.hooks import setSite
import transaction
import unittest


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


class TestInterestFormInChromium(unittest.TestCase):
    layer = BROWSER_TESTING

    def setUp(self):
        app = self.layer["app"]
        self.site = app[DISTRIBUTION_SITE_ID]
        setSite(self.site)
        login(app.acl_users, SITE_OWNER_NAME)
        create_interest_form(self.site)
        configure_state(
            self.site, "sachsen", email="land@sachsen.example", booking=True
        )
        transaction.commit()
        self.context = self.layer["browser"].new_context(
            locale="de-DE", viewport={"width": 1280, "height": 900}
        )
        self.page = self.context.new_page()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def tearDown(self):
        self.context.close()

    def url(self, path: str) -> str:
        return server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/{path}")

    def test_fill_and_send_the_form(self):
        page = self.page
        response = page.goto(self.url("anbindung-beantragen"))
        self.assertEqual(response.status, 200)
        page.get_by_label("Name der Beratungsstelle").fill("Familienberatung Elbufer")
        page.get_by_label("Träger", exact=False).first.fill("Elbufer gGmbH")
        page.get_by_label("Straße und Hausnummer").fill("Am Elbufer 3")
        page.get_by_label("Postleitzahl").fill("01067")
        page.get_by_label("Ort", exact=True).fill("Dresden")
        page.get_by_label("Ansprechperson").fill("Sam Beispiel")
        page.get_by_label("E-Mail", exact=True).fill("sam@elbufer.example")
        page.get_by_label("Telefon").fill("0351 123456")
        page.get_by_label("Beratungsstellenfinder & Self-Service").check()
        page.get_by_label("Online-Terminbuchung").check()
        page.get_by_label("Nachricht").fill("Wir beraten Familien in Dresden.")
        page.get_by_label("Ich bin einverstanden", exact=False).check()
        self.assertFalse(page.locator("#formfield-form-widgets-homepage").is_visible())
        page.screenshot(
            path=str(SCREENSHOTS / "anbindung-formular.png"), full_page=True
        )

        page.get_by_role("button", name="Anfrage senden").click()
        page.wait_for_load_state()
        page.screenshot(path=str(SCREENSHOTS / "anbindung-danke.png"), full_page=True)
        self.assertTrue(
            page.get_by_role(
                "heading", name="Vielen Dank für Ihre Anfrage"
            ).is_visible()
        )

        transaction.begin()
        catalog = api.portal.get_tool("portal_catalog")
        (brain,) = catalog.unrestrictedSearchResults(portal_type="OnboardingRequest")
        request = brain._unrestrictedGetObject()
        self.assertEqual(request.title, "Familienberatung Elbufer")
        self.assertEqual(request.aq_parent.aq_parent.getId(), "sachsen")
        self.assertEqual(request.wanted_functions, ["finder", "booking"])
        self.assertEqual(request.email, "sam@elbufer.example")

    def test_missing_consent_is_shown_at_the_field(self):
        page = self.page
        page.goto(self.url("anbindung-beantragen"))
        page.get_by_label("Name der Beratungsstelle").fill("Familienberatung Elbufer")
        page.get_by_label("Straße und Hausnummer").fill("Am Elbufer 3")
        page.get_by_label("Postleitzahl").fill("01067")
        page.get_by_label("Ort", exact=True).fill("Dresden")
        page.get_by_label("Ansprechperson").fill("Sam Beispiel")
        page.get_by_label("E-Mail", exact=True).fill("sam@elbufer.example")
        page.get_by_label("Beratungsstellenfinder & Self-Service").check()
        page.get_by_role("button", name="Anfrage senden").click()
        page.wait_for_load_state()
        field = page.locator("#formfield-form-widgets-privacy")
        self.assertIn("error", field.get_attribute("class"))
        transaction.begin()
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(
            len(catalog.unrestrictedSearchResults(portal_type="OnboardingRequest")), 0
        )

    def test_information_page(self):
        response = self.page.goto(self.url("@@anbindung"))
        self.assertEqual(response.status, 200)
        row = self.page.locator("tr[data-state='sachsen']")
        self.assertIn("land@sachsen.example", row.inner_text())
        self.page.screenshot(
            path=str(SCREENSHOTS / "anbindung-seite.png"), full_page=True
        )
