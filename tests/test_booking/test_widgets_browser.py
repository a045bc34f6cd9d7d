"""The availability editor in Chromium, as a centre editor on a 390 px phone: axe
without serious findings and no sideways scrolling, before and after a submit with
row messages; a row entered and saved.

axe checks the page's content (``#content``: the edit form): Plone's own editing
toolbar, collapsed to icons on a phone, has links without a name (link-name), which
is not this form's and is left to a fix of the toolbar.
"""

from axe_playwright_python.sync_playwright import Axe
from plone import api
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
from test_browser import test_accessibility as a11y
from zope.component.hooks import setSite
import transaction
import unittest


PASSWORD = "secret-Passw0rd"
WIDTH = 390


class TestAvailabilityEditor(unittest.TestCase):
    layer = BROWSER_TESTING

    def setUp(self):
        self.site = self.layer["app"][DISTRIBUTION_SITE_ID]
        setSite(self.site)
        berlin = self.site["beratungsstellen"]["berlin"]
        with api.env.adopt_roles(["Manager"]):
            centre = api.content.create(
                container=berlin,
                type="CounsellingCentre",
                id="beratung-am-see",
                title="Beratung am See",
                postcode="10997",
                city="Berlin",
            )
            self.type = api.content.create(
                container=centre,
                type=TYPE_TYPE,
                id="erstgespraech",
                title="Erstgespräch",
                availability=[{"day": "mon", "start": "09:00", "end": "12:30"}],
            )
            api.user.create(
                email="see@beispiel.example", username="see", password=PASSWORD
            )
            api.user.grant_roles(username="see", roles=["CentreEditor"], obj=centre)
        transaction.commit()
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)
        self.context = self.layer["browser"].new_context(
            locale="de-DE", viewport={"width": WIDTH, "height": a11y.HEIGHT}
        )
        self.addCleanup(self.context.close)
        self.page = self.context.new_page()
        self.page.goto(f"{self.base}/login")
        self.page.fill("#__ac_name", "see")
        self.page.fill("#__ac_password", PASSWORD)
        self.page.click("#buttons-login")
        self.page.wait_for_load_state()
        self.edit = (
            f"{self.base}/beratungsstellen/berlin/beratung-am-see/erstgespraech/@@edit"
        )

    def serious_findings(self) -> list[str]:
        violations = Axe().run(self.page, context="#content").response["violations"]
        return [
            f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]

    def assertClean(self):
        overflow, wide = self.page.evaluate(a11y.OVERFLOW)
        self.assertEqual((self.serious_findings(), max(overflow, 0)), ([], 0), wide)

    def test_enter_in_a_field_saves(self):
        """The form's first submit button is a hidden twin of "Sichern", not
        "Zeile hinzufügen"."""
        self.page.goto(self.edit)
        self.page.fill("#form-widgets-IBasic-title", "Erstgespräch am See")
        self.page.press("#form-widgets-IBasic-title", "Enter")
        self.page.wait_for_load_state()
        transaction.begin()
        self.assertEqual(self.type.title, "Erstgespräch am See")

    def test_edit_form_is_accessible_on_a_phone(self):
        response = self.page.goto(self.edit)
        self.assertEqual(response.status, 200)
        self.assertEqual(
            self.page.locator("#form-widgets-availability-0-day").input_value(), "mon"
        )
        self.assertClean()
        # a wrong row: its message, still clean
        self.page.locator("#form-widgets-availability-1-day").select_option("tue")
        self.page.fill("#form-widgets-availability-1-start", "12:00")
        self.page.fill("#form-widgets-availability-1-end", "10:00")
        self.page.click("#form-buttons-save")
        self.page.wait_for_load_state()
        error = self.page.locator("#form-widgets-availability-1-error")
        self.assertEqual(
            error.inner_text(), "Zeile 2: Der Beginn muss vor dem Ende liegen."
        )
        self.assertClean()
        # corrected and saved
        self.page.fill("#form-widgets-availability-1-end", "16:00")
        self.page.click("#form-buttons-save")
        self.page.wait_for_load_state()
        transaction.begin()
        self.assertEqual(
            self.type.availability,
            [
                {"day": "mon", "start": "09:00", "end": "12:30"},
                {"day": "tue", "start": "12:00", "end": "16:00"},
            ],
        )
        # the view shows the hours as text
        self.assertIn("Dienstag 12:00–16:00", self.page.content())
        self.assertClean()
