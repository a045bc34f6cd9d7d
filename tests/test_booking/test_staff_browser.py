"""The staff's bookings page in Chromium: a counsellor opens ``@@termine`` from the
centre page, confirms a requested booking and the booker receives the confirmation mail
(the real SMTP fixture, the ICS parsed with icalendar); the list and the week are axe
clean without sideways scrolling at 320 px, 390 px and 1280 px. The handbook's
screenshots of the list and the week come from here (``HANDBOOK_SCREENSHOTS=1`` writes them
to ``docs/handbuch/bilder/``, as in ``test_browser.test_handbook_screenshots``)."""

from axe_playwright_python.sync_playwright import Axe
from plone import api
from sozialplattform.site.booking import COUNSELLOR_ROLE
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import MAIL_BROWSER_TESTING
from sozialplattform.site.testing import server_url
from test_booking.fixtures import booking_centre
from test_booking.test_book import JSON
from test_booking.test_book import next_monday
from test_booking.test_mails import attachment
from test_booking.test_mails import event
from test_browser import test_accessibility as a11y
from test_browser.test_handbook_screenshots import screenshot
import requests
import transaction
import unittest


PASSWORD = "geheim-1234-Sicher"
BOOKER = "sonnenblume@example.org"
CENTRE_PATH = "beratungsstellen/berlin/lindenhof-team"


class TestStaffConfirmsInTheBrowser(unittest.TestCase):
    layer = MAIL_BROWSER_TESTING
    page = None
    goto = a11y.AccessibilityTestCase.goto
    assertAccessible = a11y.AccessibilityTestCase.assertAccessible

    def setUp(self):
        self.smtp = self.layer["smtp"]
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)
        _site, centre = booking_centre(
            self.layer,
            "lindenhof-team",
            email="team@lindenhof.example",
            requires_confirmation=True,
        )
        api.user.create(
            email="beraterin@lindenhof.example", username="beraterin", password=PASSWORD
        )
        api.user.grant_roles(username="beraterin", roles=[COUNSELLOR_ROLE], obj=centre)
        transaction.commit()
        api_url = server_url(
            self.layer, f"{DISTRIBUTION_SITE_ID}/++api++/{CENTRE_PATH}"
        )
        day = next_monday().isoformat()
        slots = requests.get(
            f"{api_url}/@slots",
            params={"type": "erstgespraech", "start": day, "end": day},
            headers=JSON,
            timeout=30,
        ).json()["items"]
        for slot, name, email in (
            (slots[0], "Sonnenblume", BOOKER),
            (slots[2], "Kim", "kim@example.org"),
        ):
            response = requests.post(
                f"{api_url}/@book",
                json={
                    "type": "erstgespraech",
                    "start": slot["start"],
                    "name": name,
                    "email": email,
                    "consent": True,
                },
                headers=JSON,
                timeout=30,
            )
            self.assertEqual(response.json()["status"], "requested")
        # the request receipts and the centre's notifications
        self.smtp.wait_for(4)
        self.smtp.clear()
        context = self.layer["browser"].new_context(
            locale="de-DE", viewport={"width": 390, "height": a11y.HEIGHT}
        )
        self.addCleanup(context.close)
        self.page = context.new_page()

    def serious_findings(self) -> list[str]:
        """axe on the whole page except Plone's editing toolbar (``#edit-bar``, only
        for logged-in users; its findings are Plone's own: the personal-tools link
        without a name when collapsed, aria-label on its collapse handle)."""
        violations = Axe().run(self.page, context={"exclude": [["#edit-bar"]]})
        return [
            f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}"
            for v in violations.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    def log_in(self):
        self.page.goto(f"{self.base}/login")
        self.page.fill("#__ac_name", "beraterin")
        self.page.fill("#__ac_password", PASSWORD)
        self.page.click("#buttons-login")
        self.page.wait_for_load_state()

    def test_confirm_a_request(self):
        self.log_in()
        self.page.goto(f"{self.base}/{CENTRE_PATH}")
        self.page.get_by_role("link", name="Termine verwalten (Team)").click()
        self.page.wait_for_load_state()
        self.assertTrue(self.page.url.endswith(f"/{CENTRE_PATH}/@@termine"))
        self.assertAccessible(f"/{CENTRE_PATH}/@@termine", "^Termine – ")
        self.assertAccessible(f"/{CENTRE_PATH}/@@termine?view=week&week=" + self.week())
        self.page.set_viewport_size({"width": 390, "height": a11y.HEIGHT})
        self.goto(f"/{CENTRE_PATH}/@@termine")
        item = self.page.locator(".booking-staff-item").first
        self.assertIn("Angefragt, noch nicht bestätigt", item.inner_text())
        self.assertIn(BOOKER, item.inner_text())
        # keyboard: focus the button and press Enter
        button = item.get_by_role("button", name="Bestätigen")
        button.focus()
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        status = self.page.locator("#global_statusmessage").inner_text()
        self.assertIn("Die Buchung ist bestätigt.", status)
        self.assertIn(
            "Bestätigt", self.page.locator(".booking-status").first.inner_text()
        )
        (message,) = self.smtp.wait_for(1)
        self.assertEqual(message["To"], BOOKER)
        self.assertEqual(message["Subject"], "Termin bestätigt")
        calendar = attachment(message)
        self.assertEqual(calendar["METHOD"], "REQUEST")
        self.assertEqual(event(calendar)["SEQUENCE"], 1)
        self.assertAccessible(f"/{CENTRE_PATH}/@@termine")
        self.page.set_viewport_size({"width": 1280, "height": a11y.HEIGHT})
        self.goto(f"/{CENTRE_PATH}/@@termine")
        self.shoot("termine-liste")
        self.goto(f"/{CENTRE_PATH}/@@termine?view=week&week={self.week()}")
        self.shoot("termine-woche", self.page.locator(".booking-week-table"))

    def shoot(self, name: str, locator=None):
        screenshot(self.page, name, locator, block="center")

    def week(self) -> str:
        year, number, _ = next_monday().isocalendar()
        return f"{year}-W{number:02d}"
