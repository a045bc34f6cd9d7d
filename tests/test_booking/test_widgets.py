"""The availability editor: rows of weekday/date and times instead of JSON text.

The edit form of an appointment type round-trips through the rows widgets (submitted
rows -> the JSON of docs/api/booking.md, stored JSON -> rows), "Zeile hinzufügen"
works without JavaScript, problems are German messages on their rows and on the field,
and REST keeps reading and writing plain JSON."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.testing.zope import Browser
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from zope.component.hooks import setSite
import lxml.html
import requests
import transaction
import unittest


WEEKLY = [
    {"day": "mon", "start": "09:00", "end": "12:30"},
    {"day": "mon", "start": "14:00", "end": "16:00"},
    {"day": "fri", "start": "20:00", "end": "24:00"},
]


def save(browser) -> None:
    """Click "Sichern" (the visible one: the first rows widget repeats it, hidden, as
    the form's default button for the Enter key)."""
    browser.getControl(name="form.buttons.save", index=1).click()


class WidgetTestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setSite(self.portal)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("plone.available_languages", ["de"])
        api.portal.set_registry_record("plone.default_language", "de")
        berlin = self.portal["beratungsstellen"]["berlin"]
        self.centre = api.content.create(
            container=berlin,
            type="CounsellingCentre",
            id="lindenhof",
            title="Beratung Lindenhof",
            postcode="10115",
        )
        self.type = api.content.create(
            container=self.centre,
            type=TYPE_TYPE,
            id="erstgespraech",
            title="Erstgespräch",
            availability=WEEKLY,
            date_overrides=[
                {"date": "2027-01-12", "windows": [{"start": "10:00", "end": "11:00"}]},
                {"date": "2027-01-13", "windows": []},
            ],
            closures=[{"start": "2027-12-24", "end": "2027-12-31"}],
        )
        transaction.commit()

    def browser(self) -> Browser:
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        browser.addHeader(
            "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
        )
        browser.addHeader("Accept-Language", "de")
        browser.open(f"{self.type.absolute_url()}/@@edit")
        return browser

    def stored(self, name):
        transaction.begin()
        return getattr(self.type, name)

    def control(self, browser, field, row, column):
        return browser.getControl(name=f"form.widgets.{field}.{row}.{column}")

    def test_stored_json_shown_as_rows(self):
        browser = self.browser()
        self.assertEqual(self.control(browser, "availability", 0, "day").value, ["mon"])
        self.assertEqual(
            self.control(browser, "availability", 1, "start").value, "14:00"
        )
        # 24:00 as a time input can show it
        self.assertEqual(self.control(browser, "availability", 2, "end").value, "00:00")
        self.assertEqual(
            self.control(browser, "date_overrides", 1, "date").value, "2027-01-13"
        )
        self.assertEqual(self.control(browser, "date_overrides", 1, "start").value, "")
        self.assertEqual(
            self.control(browser, "closures", 0, "last").value, "2027-12-31"
        )
        page = lxml.html.fromstring(browser.contents)
        (start,) = page.xpath('//*[@id="form-widgets-availability-0-start"]')
        self.assertEqual(start.get("type"), "time")
        (label,) = page.xpath('//label[@for="form-widgets-availability-0-start"]')
        self.assertEqual(label.text_content(), "von")
        (first,) = page.xpath('//*[@id="form-widgets-closures-0-first"]')
        self.assertEqual(first.get("type"), "date")
        # two empty rows after the stored ones
        self.assertEqual(self.control(browser, "availability", 4, "day").value, [""])
        self.assertNotIn("form.widgets.availability.5.day", browser.contents)

    def test_view_shows_the_hours_as_text(self):
        browser = self.browser()
        browser.open(self.type.absolute_url())
        page = lxml.html.fromstring(browser.contents)
        (weekly,) = page.xpath('//ul[@id="form-widgets-availability"]')
        self.assertEqual(
            [li.text_content() for li in weekly],
            ["Montag 09:00–12:30", "Montag 14:00–16:00", "Freitag 20:00–24:00"],
        )
        self.assertIn("2027-01-13 geschlossen", browser.contents)
        self.assertIn("2027-12-24 – 2027-12-31", browser.contents)

    def test_rows_saved_as_the_documented_json(self):
        browser = self.browser()
        # change a row, clear one, fill an empty one
        self.control(browser, "availability", 0, "end").value = "13:00"
        self.control(browser, "availability", 1, "day").value = [""]
        self.control(browser, "availability", 1, "start").value = ""
        self.control(browser, "availability", 1, "end").value = ""
        self.control(browser, "availability", 3, "day").value = ["wed"]
        self.control(browser, "availability", 3, "start").value = "08:30"
        self.control(browser, "availability", 3, "end").value = "10:00"
        # two rows for one date, a day closed
        self.control(browser, "date_overrides", 2, "date").value = "2027-01-12"
        self.control(browser, "date_overrides", 2, "start").value = "08:00"
        self.control(browser, "date_overrides", 2, "end").value = "09:00"
        self.control(browser, "closures", 1, "first").value = "2027-05-01"
        save(browser)
        self.assertEqual(
            self.stored("availability"),
            [
                {"day": "mon", "start": "09:00", "end": "13:00"},
                {"day": "fri", "start": "20:00", "end": "24:00"},
                {"day": "wed", "start": "08:30", "end": "10:00"},
            ],
        )
        self.assertEqual(
            self.stored("date_overrides"),
            [
                {
                    "date": "2027-01-12",
                    "windows": [
                        {"start": "08:00", "end": "09:00"},
                        {"start": "10:00", "end": "11:00"},
                    ],
                },
                {"date": "2027-01-13", "windows": []},
            ],
        )
        self.assertEqual(
            self.stored("closures"),
            [
                {"start": "2027-12-24", "end": "2027-12-31"},
                {"start": "2027-05-01", "end": "2027-05-01"},
            ],
        )
        # REST reads the same JSON
        response = requests.get(
            server_url(
                self.layer,
                "plone/beratungsstellen/berlin/lindenhof/erstgespraech/++api++",
            ),
            headers={"Accept": "application/json"},
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            timeout=30,
        )
        self.assertEqual(response.json()["availability"], self.stored("availability"))

    def test_add_a_row_without_javascript(self):
        browser = self.browser()
        self.control(browser, "availability", 3, "day").value = ["tue"]
        self.control(browser, "availability", 3, "start").value = "09:00"
        self.control(browser, "availability", 3, "end").value = "10:00"
        add = browser.getControl(name="form.widgets.availability.add")
        # back at the rows after the reload
        self.assertTrue(
            lxml.html.fromstring(browser.contents)
            .xpath('//button[@name="form.widgets.availability.add"]')[0]
            .get("formaction")
            .endswith("/@@edit#form-widgets-availability")
        )
        add.click()
        # nothing saved, the entered row kept, one more empty row
        self.assertEqual(self.stored("availability"), WEEKLY)
        self.assertEqual(self.control(browser, "availability", 3, "day").value, ["tue"])
        self.assertEqual(self.control(browser, "availability", 6, "day").value, [""])
        self.assertNotIn("form.widgets.availability.7.day", browser.contents)
        save(browser)
        self.assertEqual(self.stored("availability")[-1]["day"], "tue")

    def test_problems_as_messages_on_their_rows(self):
        browser = self.browser()
        self.control(browser, "availability", 0, "end").value = "08:00"
        self.control(browser, "availability", 1, "day").value = ["fri"]
        self.control(browser, "availability", 1, "start").value = "21:00"
        self.control(browser, "availability", 1, "end").value = "22:00"
        self.control(browser, "availability", 3, "start").value = "09:00"
        self.control(browser, "availability", 3, "end").value = "10:00"
        self.control(browser, "date_overrides", 2, "date").value = "2027-01-20"
        self.control(browser, "date_overrides", 2, "start").value = "09:00"
        self.control(browser, "closures", 1, "first").value = "2027-06-10"
        self.control(browser, "closures", 1, "last").value = "2027-06-01"
        save(browser)
        self.assertEqual(self.stored("availability"), WEEKLY)
        page = lxml.html.fromstring(browser.contents)

        def row_error(field, row):
            (error,) = page.xpath(f'//*[@id="form-widgets-{field}-{row}-error"]')
            return error.text_content()

        self.assertEqual(
            row_error("availability", 0),
            "Zeile 1: Der Beginn muss vor dem Ende liegen.",
        )
        self.assertEqual(
            row_error("availability", 2),
            "Zeile 3: Die Zeit überschneidet sich mit einer anderen Zeile desselben "
            "Tages.",
        )
        self.assertEqual(
            row_error("availability", 3), "Zeile 4: Bitte einen Wochentag wählen."
        )
        self.assertEqual(
            row_error("date_overrides", 2),
            "Zeile 3: Bitte beide Zeiten angeben, oder keine, um den Tag zu schließen.",
        )
        self.assertEqual(
            row_error("closures", 1),
            "Zeile 2: Der erste Tag darf nicht nach dem letzten liegen.",
        )
        # the field message too, and the inputs point to their row's message
        self.assertIn("Zeile 1: Der Beginn muss vor dem Ende liegen.", browser.contents)
        (end,) = page.xpath('//*[@id="form-widgets-availability-0-end"]')
        self.assertEqual(end.get("aria-invalid"), "true")
        self.assertEqual(
            end.get("aria-describedby"), "form-widgets-availability-0-error"
        )
        self.assertEqual(
            len(page.xpath('//*[contains(@class, "invalid-feedback")]')), 8
        )

    def test_the_first_submit_button_saves(self):
        browser = self.browser()
        page = lxml.html.fromstring(browser.contents)
        (form,) = page.xpath('//form[.//*[@id="form-widgets-availability"]]')
        first = form.xpath('.//button[@type="submit"] | .//input[@type="submit"]')[0]
        self.assertEqual(first.get("name"), "form.buttons.save")
        self.assertEqual(first.get("tabindex"), "-1")
        self.assertEqual(
            len(page.xpath('//button[@name="form.buttons.save"][@aria-hidden]')), 1
        )

    def test_add_form(self):
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        browser.addHeader(
            "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
        )
        browser.open(f"{self.centre.absolute_url()}/++add++{TYPE_TYPE}")
        browser.getControl(name="form.widgets.IBasic.title").value = "Telefonberatung"
        self.control(browser, "availability", 0, "day").value = ["thu"]
        self.control(browser, "availability", 0, "start").value = "16:00"
        self.control(browser, "availability", 0, "end").value = "00:00"
        save(browser)
        transaction.begin()
        added = self.centre["telefonberatung"]
        self.assertEqual(
            added.availability, [{"day": "thu", "start": "16:00", "end": "24:00"}]
        )
        self.assertEqual(added.date_overrides, [])
        self.assertEqual(added.closures, [])

    def test_rest_keeps_json_and_its_messages(self):
        url = server_url(
            self.layer, "plone/beratungsstellen/berlin/lindenhof/erstgespraech/++api++"
        )
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        windows = [{"day": "sat", "start": "10:00", "end": "24:00"}]
        response = requests.patch(
            url, json={"availability": windows}, headers=headers, auth=auth, timeout=30
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.stored("availability"), windows)
        response = requests.patch(
            url,
            json={"availability": [{"day": "sat", "start": "10:00"}]},
            headers=headers,
            auth=auth,
            timeout=30,
        )
        self.assertEqual(response.status_code, 400, response.text)
