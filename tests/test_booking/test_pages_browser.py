"""The booker's manage page in Chromium: axe without serious findings and no sideways
scrolling at 320 px, 390 px and on a desktop, German texts; then cancelling on a phone
without JavaScript."""

from sozialplattform.site.testing import BROWSER_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
from test_booking.fixtures import booking_centre
from test_booking.test_book import JSON
from test_booking.test_book import next_monday
from test_browser import test_accessibility as a11y
import requests
import transaction
import unittest


class TestManagePageInTheBrowser(unittest.TestCase):
    layer = BROWSER_TESTING
    page = None
    # the accessibility suite's checks (axe, reflow at each width), not its tests
    goto = a11y.AccessibilityTestCase.goto
    serious_findings = a11y.AccessibilityTestCase.serious_findings
    assertAccessible = a11y.AccessibilityTestCase.assertAccessible

    def setUp(self):
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)
        context = self.layer["browser"].new_context(
            locale="de-DE", viewport={"width": a11y.WIDTHS[0], "height": a11y.HEIGHT}
        )
        self.page = context.new_page()
        self.addCleanup(context.close)
        booking_centre(self.layer, "lindenhof-browser")
        transaction.commit()
        day = next_monday().isoformat()
        api_url = server_url(
            self.layer,
            f"{DISTRIBUTION_SITE_ID}/++api++/beratungsstellen/berlin/lindenhof-browser",
        )
        slots = requests.get(
            f"{api_url}/@slots",
            params={"type": "erstgespraech", "start": day, "end": day},
            headers=JSON,
            timeout=30,
        ).json()["items"]
        response = requests.post(
            f"{api_url}/@book",
            json={
                "type": "erstgespraech",
                "start": slots[0]["start"],
                "name": "Sonnenblume",
                "email": "sonnenblume@example.org",
                "consent": True,
            },
            headers=JSON,
            timeout=30,
        )
        self.token = response.json()["manage_url"].split("token=")[1]

    def test_manage_page_is_accessible(self):
        path = f"/@@termin?token={self.token}"
        self.assertAccessible(path, "^Ihr Termin – ")
        self.assertEqual(self.page.locator("input[name=start]").count(), 12)
        first = self.page.locator("label[for=slot-0]").inner_text()
        self.assertRegex(first, r"^(Mo|Di|Mi|Do|Fr|Sa|So) \d\d\.\d\d\., \d\d:\d\d–")

    def test_cancel_on_a_phone_without_javascript(self):
        context = self.layer["browser"].new_context(
            locale="de-DE",
            viewport={"width": 320, "height": 800},
            java_script_enabled=False,
        )
        page = context.new_page()
        try:
            page.goto(f"{self.base}/@@termin?token={self.token}")
            page.get_by_label("Grund (freiwillig)").fill("Ich bin krank")
            page.get_by_role("button", name="Termin absagen").click()
            page.wait_for_load_state()
            self.assertIn("done=cancelled", page.url)
            self.assertEqual(
                page.get_by_role("status").inner_text().strip(),
                "Ihr Termin ist abgesagt.",
            )
            self.assertTrue(
                page.get_by_role("link", name="Einen neuen Termin buchen").is_visible()
            )
        finally:
            context.close()
        self.assertAccessible(f"/@@termin?token={self.token}&done=cancelled")
