"""The control panel "Erscheinungsbild": good values saved, unreadable colours refused."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
from sozialplattform.site.branding.settings import RECORD_PREFIX
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from zope.component.hooks import setSite
import requests
import transaction
import unittest


ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
PASSWORD = "secret-Passw0rd"


class PanelTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setSite(self.portal)

    def record(self, name):
        transaction.begin()
        return api.portal.get_registry_record(f"{RECORD_PREFIX}.{name}")


class TestClassicPanel(PanelTestCase):
    def setUp(self):
        super().setUp()
        # a German site, as the distribution's
        api.portal.set_registry_record("plone.available_languages", ["de"])
        api.portal.set_registry_record("plone.default_language", "de")
        transaction.commit()

    def form(self, language="de"):
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        browser.addHeader(
            "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
        )
        browser.addHeader("Accept-Language", language)
        browser.open(f"{self.portal.absolute_url()}/@@sozialplattform-branding")
        return browser

    def test_saves_good_values(self):
        browser = self.form()
        self.assertEqual(
            browser.getControl(name="form.widgets.primary_colour").value, "#005e7a"
        )
        browser.getControl(name="form.widgets.site_name").value = "Sozialplattform NRW"
        browser.getControl(name="form.widgets.primary_colour").value = "#1a4d2e"
        browser.getControl(name="form.buttons.save").click()
        self.assertEqual(self.record("site_name"), "Sozialplattform NRW")
        self.assertEqual(self.record("primary_colour"), "#1a4d2e")
        self.assertIn("Sozialplattform NRW", browser.contents)  # the header at once

    def test_refuses_low_contrast_in_german(self):
        browser = self.form()
        browser.getControl(name="form.widgets.site_name").value = "Anders"
        browser.getControl(name="form.widgets.accent_colour").value = "#ff9900"
        browser.getControl(name="form.buttons.save").click()
        page = browser.contents
        # a form-level error, the message at the field, nothing saved
        self.assertIn("statusmessage-error", page)
        self.assertIn("nur ein Kontrastverhältnis von 2,14:1", page)
        self.assertIn("mindestens 4,5:1", page)
        self.assertEqual(self.record("site_name"), "Sozialplattform")
        self.assertEqual(self.record("accent_colour"), "#a3195b")

    def test_refuses_what_is_not_a_colour(self):
        browser = self.form()
        browser.getControl(name="form.widgets.primary_colour").value = "blau"
        browser.getControl(name="form.buttons.save").click()
        self.assertIn("Hexadezimalwert", browser.contents)
        self.assertEqual(self.record("primary_colour"), "#005e7a")

    def test_listed_in_site_setup(self):
        configlets = api.portal.get_tool("portal_controlpanel").listActions()
        (configlet,) = [c for c in configlets if c.id == "sozialplattform-branding"]
        self.assertEqual(
            configlet.permissions, ("sozialplattform.site: Manage settings",)
        )


class TestRestPanel(PanelTestCase):
    def request(self, method, auth=ADMIN, **kwargs):
        return requests.request(
            method,
            server_url(
                self.layer, "plone/++api++/@controlpanels/sozialplattform-branding"
            ),
            headers={"Accept": "application/json"},
            auth=auth,
            timeout=30,
            **kwargs,
        )

    def test_get_and_patch(self):
        response = self.request("GET")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["data"]["primary_colour"], "#005e7a")
        response = self.request("PATCH", json={"accent_colour": "#7a1f5c"})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.record("accent_colour"), "#7a1f5c")

    def test_low_contrast_is_a_400(self):
        response = self.request("PATCH", json={"primary_colour": "#00aaff"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("primary_colour", response.text)
        self.assertEqual(self.record("primary_colour"), "#005e7a")

    def test_others_may_not_patch(self):
        self.portal.acl_users.userFolderAddUser(
            "editor", PASSWORD, ["CentreEditor"], []
        )
        transaction.commit()
        response = self.request(
            "PATCH", auth=("editor", PASSWORD), json={"site_name": "X"}
        )
        self.assertIn(response.status_code, (401, 403), response.text)
        self.assertEqual(self.record("site_name"), "Sozialplattform")
