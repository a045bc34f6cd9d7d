"""The visitor's booking page in Chromium, with the real SMTP server.

At 390 px a visitor goes from the centre page through the type choice, the slot list and
the form (first with errors: the summary takes the focus) to the confirmation, reads the
confirmation mail, opens its manage link and cancels. axe without serious findings and
no sideways scrolling at 320 px, 390 px and 1280 px for every step, also without
JavaScript. With ``HANDBOOK_SCREENSHOTS=1`` the screenshot test writes the handbook's
images of the page (``docs/handbuch/bilder/terminbuchung-*.png``)."""

from plone import api
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import MAIL_BROWSER_TESTING
from sozialplattform.site.testing import server_url
from test_booking.fixtures import booking_centre
from test_booking.test_book import ALL_DAY
from test_browser import test_accessibility as a11y
from test_browser.test_handbook_screenshots import screenshot
import re
import transaction
import unittest


CENTRE = "/beratungsstellen/berlin/lindenhof-buchen"
SLOT_NAME = re.compile(
    r"^(Mo|Di|Mi|Do|Fr|Sa|So) \d\d\.\d\d\., \d\d:\d\d–\d\d:\d\d, Erstgespräch, Vor Ort$"
)


class TestBookingPageInTheBrowser(unittest.TestCase):
    layer = MAIL_BROWSER_TESTING
    page = None
    goto = a11y.AccessibilityTestCase.goto
    serious_findings = a11y.AccessibilityTestCase.serious_findings
    assertAccessible = a11y.AccessibilityTestCase.assertAccessible

    def setUp(self):
        self.base = server_url(self.layer, DISTRIBUTION_SITE_ID)
        self.smtp = self.layer["smtp"]
        self.context = self.layer["browser"].new_context(
            locale="de-DE", viewport={"width": 390, "height": a11y.HEIGHT}
        )
        self.page = self.context.new_page()
        self.addCleanup(self.context.close)
        _site, centre = booking_centre(
            self.layer, "lindenhof-buchen", email="stelle@lindenhof.example"
        )
        api.content.create(
            container=centre,
            type=TYPE_TYPE,
            id="video",
            title="Beratung per Video",
            duration=50,
            slot_interval=60,
            min_notice_hours=0,
            availability=ALL_DAY,
            closed_on_holidays=False,
            channel="video",
            instructions="Den Link schicken wir Ihnen.",
            allow_anonymous=True,
        )
        transaction.commit()
        self.smtp.clear()

    def slot_link(self, page=None):
        page = page or self.page
        return page.get_by_role("link", name=SLOT_NAME).first

    def test_book_read_the_mail_and_cancel_on_a_phone(self):
        page = self.page
        self.goto(CENTRE)
        page.get_by_role("link", name="Termin buchen").click()
        page.wait_for_load_state()
        self.assertEqual(
            page.get_by_role("heading", level=2).first.inner_text(),
            "Welchen Termin brauchen Sie?",
        )
        page.get_by_role("link", name="Erstgespräch").click()
        page.wait_for_load_state()
        slot = self.slot_link()
        name = slot.inner_text()  # the visible time
        self.assertRegex(name, r"^\d\d:\d\d–\d\d:\d\d$")
        slot.click()
        page.wait_for_load_state()
        # the empty form: field messages, the summary has the focus
        page.get_by_role("button", name="Termin verbindlich buchen").click()
        page.wait_for_load_state()
        self.assertEqual(page.evaluate("document.activeElement.id"), "booking-errors")
        summary = page.get_by_role("alert")
        self.assertIn("Bitte prüfen Sie Ihre Angaben", summary.inner_text())
        summary.get_by_role("link").first.click()
        self.assertEqual(page.evaluate("document.activeElement.id"), "booking-name")
        page.get_by_label("Name oder Pseudonym").fill("Sonnenblume")
        page.get_by_label("E-Mail", exact=True).fill("sonnenblume@example.org")
        page.get_by_label("Nachricht an die Beratungsstelle").fill(
            "Ich komme zu zweit."
        )
        page.get_by_label("Ich bin einverstanden").check()
        page.get_by_role("button", name="Termin verbindlich buchen").click()
        page.wait_for_load_state()
        self.assertIn("@@booking?token=", page.url)
        self.assertEqual(page.title().split(" – ")[0], "Ihre Buchung")
        self.assertIn(
            "Ihr Termin ist gebucht.", page.get_by_role("status").inner_text()
        )
        self.assertTrue(
            page.get_by_role("link", name="In Kalender eintragen").is_visible()
        )
        confirmation = page.url.removeprefix(self.base)
        # the mail of the real SMTP server, its manage link
        (mail,) = [
            m for m in self.smtp.wait_for(2) if m["To"] == "sonnenblume@example.org"
        ]
        self.assertEqual(mail["Subject"], "Termin bestätigt")
        text = mail.get_body(("plain",)).get_content()
        manage = re.search(r"(http\S+/@@termin\?token=\S+)", text).group(1)
        self.assertNotIn("Ich komme zu zweit.", text)
        page.goto(manage)
        page.get_by_label("Grund (freiwillig)").fill("Es geht doch nicht")
        page.get_by_role("button", name="Termin absagen").click()
        page.wait_for_load_state()
        self.assertEqual(
            page.get_by_role("status").inner_text().strip(), "Ihr Termin ist abgesagt."
        )
        # the confirmation page says so, too
        self.goto(confirmation)
        self.assertIn("Abgesagt", page.locator(".booking-details").inner_text())

    def test_every_step_is_accessible(self):
        self.assertAccessible(f"{CENTRE}/@@booking", "^Termin buchen – ")
        self.assertAccessible(f"{CENTRE}/@@booking?type=erstgespraech")
        self.goto(f"{CENTRE}/@@booking?type=erstgespraech")
        form = self.slot_link().get_attribute("href").removeprefix(self.base)
        self.assertAccessible(form)
        self.assertAccessible(f"{CENTRE}/@@booking?type=video")
        video = (
            self.page.get_by_role(
                "link", name=re.compile("Beratung per Video, Per Video$")
            )
            .first.get_attribute("href")
            .removeprefix(self.base)
        )
        self.assertAccessible(video)
        # the form with errors, at every width
        for width in a11y.WIDTHS:
            with self.subTest(step="errors", width=width):
                self.page.set_viewport_size({"width": width, "height": a11y.HEIGHT})
                self.goto(form)
                self.page.get_by_label("E-Mail", exact=True).fill("kein-mail")
                self.page.get_by_role(
                    "button", name="Termin verbindlich buchen"
                ).click()
                self.page.wait_for_load_state()
                overflow, wide = self.page.evaluate(a11y.OVERFLOW)
                self.assertEqual(
                    (self.serious_findings(), max(overflow, 0)), ([], 0), wide
                )
        # the confirmation of a request
        self.page.set_viewport_size({"width": 390, "height": a11y.HEIGHT})
        self.goto(video)
        self.page.get_by_label("Pseudonym").fill("Stern")
        self.page.get_by_label("Ich bin einverstanden").check()
        self.page.get_by_role("button", name="Termin verbindlich buchen").click()
        self.page.wait_for_load_state()
        self.assertIn("token=", self.page.url)
        self.assertAccessible(self.page.url.removeprefix(self.base), "^Ihre Buchung – ")
        self.assertIn(
            "Den Link schicken wir Ihnen.",
            self.page.locator(".booking-details").inner_text(),
        )

    def test_without_javascript(self):
        context = self.layer["browser"].new_context(
            locale="de-DE",
            viewport={"width": 320, "height": 800},
            java_script_enabled=False,
        )
        self.addCleanup(context.close)
        page = context.new_page()
        page.goto(f"{self.base}{CENTRE}/@@booking?type=erstgespraech")
        self.slot_link(page).click()
        page.wait_for_load_state()
        page.get_by_label("Name oder Pseudonym").fill("Sonnenblume")
        page.get_by_label("Telefon", exact=True).fill("030 1234567")
        page.get_by_label("Ich bin einverstanden").check()
        page.get_by_role("button", name="Termin verbindlich buchen").click()
        page.wait_for_load_state()
        self.assertIn(
            "Ihr Termin ist gebucht.", page.get_by_role("status").inner_text()
        )

    def test_a_centre_without_bookings(self):
        site = self.layer["app"][DISTRIBUTION_SITE_ID]
        site["beratungsstellen"]["berlin"]["lindenhof-buchen"].booking_enabled = False
        transaction.commit()
        self.assertAccessible(f"{CENTRE}/@@booking", status=404)
        self.assertIn(
            "keine Online-Terminbuchung", self.page.locator("#content").inner_text()
        )

    def shoot(self, name: str, locator=None):
        screenshot(self.page, name, locator, block="start")

    def test_handbook_screenshots(self):
        page = self.page
        self.goto(f"{CENTRE}/@@booking")
        self.shoot("terminbuchung-terminart", page.locator("h1"))
        self.goto(f"{CENTRE}/@@booking?type=erstgespraech")
        self.shoot("terminbuchung-termine", page.locator("#booking-slots-heading"))
        self.slot_link().click()
        page.wait_for_load_state()
        page.get_by_label("E-Mail", exact=True).fill("sonnenblume@example")
        page.get_by_role("button", name="Termin verbindlich buchen").click()
        page.wait_for_load_state()
        self.shoot("terminbuchung-formular-fehler", page.locator("#booking-errors"))
        page.get_by_label("Name oder Pseudonym").fill("Sonnenblume")
        page.get_by_label("E-Mail", exact=True).fill("sonnenblume@example.org")
        page.get_by_label("Ich bin einverstanden").check()
        page.get_by_role("button", name="Termin verbindlich buchen").click()
        page.wait_for_load_state()
        self.shoot("terminbuchung-bestaetigung", page.locator("h1"))
