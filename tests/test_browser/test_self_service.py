"""Self-service in Chromium: a centre editor edits opening hours and submits; the state
editor publishes; the public sees the new opening hours."""

from plone import api
from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
from zope.component.hooks import setSite
import transaction
import unittest


PASSWORD = "geheim-1234-Sicher"


class TestSelfService(unittest.TestCase):
    layer = BROWSER_TESTING

    def setUp(self):
        self.site = self.layer["app"][DISTRIBUTION_SITE_ID]
        setSite(self.site)
        berlin = self.site["beratungsstellen"]["berlin"]
        with api.env.adopt_roles(["Manager"]):
            self.centre = api.content.create(
                container=berlin,
                type="CounsellingCentre",
                id="beratung-am-kanal",
                title="Beratung am Kanal",
                postcode="10997",
                city="Berlin",
                topics=["familie"],
            )
            api.user.create(
                email="kanal@beispiel.example", username="kanal", password=PASSWORD
            )
            api.user.create(
                email="redaktion@land.example", username="redaktion", password=PASSWORD
            )
            api.user.grant_roles(
                username="kanal", roles=["CentreEditor"], obj=self.centre
            )
            api.group.add_user(groupname="landesredaktion-berlin", username="redaktion")
        transaction.commit()
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)
        self.url = f"{self.base}/beratungsstellen/berlin/beratung-am-kanal"
        self.browser_context = self.layer["browser"].new_context(
            locale="de-DE", viewport={"width": 1280, "height": 900}
        )
        self.page = self.browser_context.new_page()

    def tearDown(self):
        self.browser_context.close()
        setSite(None)

    def login(self, username):
        self.page.goto(f"{self.base}/login")
        self.page.fill("#__ac_name", username)
        self.page.fill("#__ac_password", PASSWORD)
        self.page.click("#buttons-login")
        self.page.wait_for_load_state()

    def logout(self):
        self.page.goto(f"{self.base}/logout")
        self.browser_context.clear_cookies()

    def open_hours_tab(self):
        """The field sits on the "Öffnungszeiten" tab of the edit form."""
        self.page.locator(".autotoc-nav a", has_text="Öffnungszeiten").click()

    def transition(self, transition_id):
        self.page.goto(self.url)
        self.page.click("#plone-contentmenu-workflow > a")
        self.page.click(f"#workflow-transition-{transition_id}")
        self.page.wait_for_load_state()

    def test_edit_opening_hours_submit_and_publish(self):
        self.login("kanal")
        self.page.goto(f"{self.url}/edit")
        textarea = self.page.locator("textarea[name='form.widgets.opening_hours']")
        self.open_hours_tab()
        textarea.fill("Mo 09:00-12:00\nDi 14:00-18:00")
        self.page.click("#form-buttons-save")
        self.page.wait_for_load_state()
        self.assertIn(
            "14:00–18:00 Uhr", self.page.locator(".centre-opening-hours").inner_text()
        )
        self.transition("submit")
        self.assertEqual(api.content.get_state(self._fresh()), "pending")
        # a centre editor cannot publish
        self.page.goto(self.url)
        self.page.click("#plone-contentmenu-workflow > a")
        self.assertEqual(self.page.locator("#workflow-transition-publish").count(), 0)
        self.logout()

        self.login("redaktion")
        self.transition("publish")
        self.assertEqual(api.content.get_state(self._fresh()), "published")
        self.logout()

        response = self.page.goto(self.url)
        self.assertEqual(response.status, 200)
        self.assertIn(
            "09:00–12:00 Uhr", self.page.locator(".centre-opening-hours").inner_text()
        )

    def test_bad_opening_hours_line_is_a_field_error(self):
        self.login("kanal")
        self.page.goto(f"{self.url}/edit")
        self.open_hours_tab()
        self.page.locator("textarea[name='form.widgets.opening_hours']").fill(
            "Montags früh"
        )
        self.page.click("#form-buttons-save")
        self.page.wait_for_load_state()
        error = self.page.locator(
            "#formfield-form-widgets-opening_hours .invalid-feedback"
        )
        self.assertIn("Montags früh", error.inner_text())
        self.assertEqual(self._fresh().opening_hours, [])

    def _fresh(self):
        transaction.begin()
        return self.layer["app"][DISTRIBUTION_SITE_ID]["beratungsstellen"]["berlin"][
            "beratung-am-kanal"
        ]
