"""The booker's pages over HTTP: ``@@termin?token=`` (details, cancel, move; the forms
with the manage token and Plone's authenticator) and ``@@termin.ics``."""

from icalendar import Calendar
from plone import api
from sozialplattform.site.booking import FOLDER_ID
from sozialplattform.site.testing import server_url
from test_booking.test_manage import ManageHTTPTestCase
import re
import requests
import transaction


GERMAN = {"Accept-Language": "de"}


class PageTestCase(ManageHTTPTestCase):
    def setUp(self):
        super().setUp()
        # as on the distribution's site: German, Europe/Berlin
        api.portal.set_registry_record("plone.default_language", "de")
        api.portal.set_registry_record("plone.portal_timezone", "Europe/Berlin")
        transaction.commit()

    def page_url(self, name="@@termin") -> str:
        return server_url(self.layer, f"plone/{name}")

    def page(self, token, **params):
        return requests.get(
            self.page_url(),
            params={"token": token, **params},
            headers=GERMAN,
            timeout=30,
        )

    def submit(self, token, html, **fields):
        authenticator = re.search(r'name="_authenticator"[^>]*value="([^"]+)"', html)
        data = {"token": token, "_authenticator": authenticator.group(1), **fields}
        return requests.post(
            self.page_url(),
            data=data,
            headers=GERMAN,
            timeout=30,
            allow_redirects=False,
        )

    def ics(self, token):
        return requests.get(
            self.page_url("@@termin.ics"), params={"token": token}, timeout=30
        )


class TestManagePage(PageTestCase):
    def test_details_and_the_two_forms(self):
        start = self.first_slot()
        _, token = self.booked(start=start)
        response = self.page(token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        self.assertIn("no-store", response.headers["Cache-Control"])
        html = response.text
        self.assertIn("Ihr Termin", html)
        self.assertIn("Erstgespräch", html)
        self.assertIn("Invalidenstraße 1, 10115 Berlin", html)
        self.assertIn("Beratung Lindenhof", html)
        self.assertIn("Vor Ort", html)
        self.assertIn(f"{start[8:10]}.{start[5:7]}., {start[11:16]}", html)
        self.assertIn("Termin absagen", html)
        self.assertIn("Termin verschieben", html)
        self.assertEqual(html.count('type="radio"'), 12)
        self.assertNotIn(f'value="{start}"', html)
        self.assertIn("<script", html)  # Plone's own; the forms need none
        self.assertIn("@@termin.ics?token=", html)

    def test_a_bad_token(self):
        response = self.page("nope")
        self.assertEqual(response.status_code, 404)
        self.assertIn("nicht (mehr) gültig", response.text)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        self.assertEqual(self.ics("nope").status_code, 404)

    def test_cancel(self):
        _, token = self.booked(start=self.first_slot())
        html = self.page(token).text
        response = self.submit(
            token,
            html,
            reason="Termin passt nicht",
            **{"form.buttons.cancel": "cancel"},
        )
        self.assertEqual(response.status_code, 303, response.text)
        self.assertIn("done=cancelled", response.headers["Location"])
        page = requests.get(response.headers["Location"], headers=GERMAN, timeout=30)
        self.assertIn("Ihr Termin ist abgesagt.", page.text)
        self.assertIn("Dieser Termin ist abgesagt.", page.text)
        self.assertIn("Einen neuen Termin buchen", page.text)
        self.assertNotIn('name="form.buttons.cancel"', page.text)
        self.assertEqual(self.get(token).json()["status"], "cancelled")
        transaction.begin()
        (booking,) = self.centre[FOLDER_ID].objectValues()
        self.assertEqual(booking.cancel_reason, "Termin passt nicht")

    def test_a_post_without_the_authenticator_changes_nothing(self):
        _, token = self.booked(start=self.first_slot())
        response = requests.post(
            self.page_url(),
            data={"token": token, "form.buttons.cancel": "cancel"},
            timeout=30,
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.get(token).json()["status"], "confirmed")

    def test_move(self):
        _, token = self.booked(start=self.first_slot())
        html = self.page(token).text
        target, other, *_ = re.findall(r'name="start"[^>]*value="([^"]+)"', html)
        response = self.submit(
            token, html, start=target, **{"form.buttons.move": "move"}
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("done=moved", response.headers["Location"])
        self.assertEqual(self.get(token).json()["start"], target)
        # the old page's form again, now on a time somebody else took meanwhile
        self.booked(start=other, email="other@example.org")
        response = self.submit(
            token, html, start=other, **{"form.buttons.move": "move"}
        )
        self.assertIn("done=taken", response.headers["Location"])
        page = requests.get(response.headers["Location"], headers=GERMAN, timeout=30)
        self.assertIn("inzwischen vergeben", page.text)
        self.assertEqual(self.get(token).json()["start"], target)
        # no choice: the page asks for one
        response = self.submit(token, html, **{"form.buttons.move": "move"})
        self.assertIn("done=choose", response.headers["Location"])


class TestICSDownload(PageTestCase):
    def test_request_then_cancel(self):
        start = self.first_slot()
        body, token = self.booked(start=start)
        response = self.ics(token)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/calendar"))
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        calendar = Calendar.from_ical(response.content)
        self.assertEqual(calendar["METHOD"], "REQUEST")
        (event,) = calendar.walk("VEVENT")
        self.assertTrue(event["UID"].startswith(body["booking"] + "@"))
        self.assertEqual(event["SEQUENCE"], 0)
        self.assertEqual(event["DTSTART"].params["TZID"], "Europe/Berlin")
        self.assertEqual(len(calendar.walk("VTIMEZONE")), 1)
        self.post("@booking-cancel", token=token)
        cancelled = Calendar.from_ical(self.ics(token).content)
        self.assertEqual(cancelled["METHOD"], "CANCEL")
        (again,) = cancelled.walk("VEVENT")
        self.assertEqual(again["UID"], event["UID"])
        self.assertGreater(again["SEQUENCE"], event["SEQUENCE"])

    def test_instructions_instead_of_the_address(self):
        self.type.channel = "video"
        self.type.instructions = "Sie erhalten den Link per E-Mail."
        transaction.commit()
        _, token = self.booked(start=self.first_slot())
        (event,) = Calendar.from_ical(self.ics(token).content).walk("VEVENT")
        self.assertEqual(event["LOCATION"], "Sie erhalten den Link per E-Mail.")
        self.assertIn("Sie erhalten den Link per E-Mail.", self.page(token).text)
