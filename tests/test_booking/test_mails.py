"""The booking's mails through the real SMTP fixture, the ICS parsed with icalendar:
confirmation or request receipt, the staff's confirmation, a move (updated REQUEST),
a cancellation (CANCEL with a higher SEQUENCE), the centre's notifications."""

from datetime import datetime
from datetime import timedelta
from icalendar import Calendar
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from sozialplattform.site.anonymous import throttle
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.booking.booker import by_token
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import MAIL_FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_booking.test_book import ALL_DAY
from test_booking.test_book import JSON
from test_booking.test_book import next_monday
from zope.component.hooks import setSite
import requests
import transaction
import unittest


MESSAGE = "Es geht um meine Mietschulden"
PSEUDONYM = "Sonnenblume"
CENTRE_MAIL = "termine@lindenhof.example"
BOOKER_MAIL = "sonnenblume@example.org"


def attachment(message) -> Calendar | None:
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_content())
    return None


def event(calendar: Calendar):
    (vevent,) = calendar.walk("VEVENT")
    return vevent


class BookingMailTestCase(unittest.TestCase):
    layer = MAIL_FUNCTIONAL_TESTING

    def setUp(self):
        self.smtp = self.layer["smtp"]
        self.app = self.layer["app"]
        self.site = self.app[DISTRIBUTION_SITE_ID]
        setSite(self.site)
        login(self.app.acl_users, SITE_OWNER_NAME)
        throttle.reset()
        berlin = self.site["beratungsstellen"]["berlin"]
        berlin.booking_participation = True
        self.centre = api.content.create(
            container=berlin,
            type="CounsellingCentre",
            id="lindenhof-termine",
            title="Schuldnerberatung Lindenhof",
            postcode="10115",
            city="Berlin",
            street="Invalidenstraße 1",
            email=CENTRE_MAIL,
            booking_enabled=True,
        )
        api.content.transition(self.centre, transition="publish")
        self.type = api.content.create(
            container=self.centre,
            type=TYPE_TYPE,
            id="schulden",
            title="Schuldenberatung",
            duration=50,
            slot_interval=60,
            min_notice_hours=0,
            availability=ALL_DAY,
            closed_on_holidays=False,
        )
        transaction.commit()
        self.smtp.clear()
        self.day = next_monday().isoformat()

    def api(self, suffix: str) -> str:
        return server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/++api++/{suffix}")

    def starts(self) -> list[str]:
        response = requests.get(
            self.api("beratungsstellen/berlin/lindenhof-termine/@slots"),
            params={"type": "schulden", "start": self.day, "end": self.day},
            headers=JSON,
            timeout=30,
        )
        return [item["start"] for item in response.json()["items"]]

    def book(self, start, **values) -> str:
        body = {
            "type": "schulden",
            "start": start,
            "name": PSEUDONYM,
            "email": BOOKER_MAIL,
            "message": MESSAGE,
            "consent": True,
            **values,
        }
        response = requests.post(
            self.api("beratungsstellen/berlin/lindenhof-termine/@book"),
            json=body,
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 201, response.text)
        return response.json()["manage_url"].split("token=")[1]

    def mails(self, count: int) -> dict:
        """The last ``count`` mails by recipient (each side gets one)."""
        messages = self.smtp.wait_for(count)
        self.assertEqual(len(messages), count, [m["Subject"] for m in messages])
        return {m["To"]: m for m in messages[-2:]} if count >= 2 else messages

    def assertDiscreet(self, message):
        """No subject names the topic, the centre, the pseudonym or the postcode; the
        booker's message is in no mail."""
        subject = message["Subject"]
        for word in ("Schulden", "Lindenhof", PSEUDONYM, "10115"):
            self.assertNotIn(word, subject)
        self.assertNotIn(MESSAGE, message.as_string())


class TestBookingMails(BookingMailTestCase):
    def test_confirmed_booking(self):
        start = self.starts()[0]
        token = self.book(start)
        mails = self.mails(2)
        booker, centre = mails[BOOKER_MAIL], mails[CENTRE_MAIL]
        self.assertEqual(booker["Subject"], "Termin bestätigt")
        self.assertTrue(centre["Subject"].startswith("Neue Terminbuchung: "))
        for message in (booker, centre):
            self.assertDiscreet(message)
        text = booker.get_body(("plain",)).get_content()
        manage_url = server_url(
            self.layer, f"{DISTRIBUTION_SITE_ID}/@@termin?token={token}"
        )
        self.assertIn(manage_url, text)
        self.assertIn("Datenschutz", text)
        self.assertIn("/datenschutz", text)
        self.assertIn("Invalidenstraße 1, 10115 Berlin", text)
        self.assertEqual(booker["Reply-To"], CENTRE_MAIL)
        page = requests.get(manage_url, timeout=30)
        self.assertEqual(page.status_code, 200)
        # the ICS
        calendar = attachment(booker)
        self.assertIsNotNone(calendar)
        self.assertEqual(calendar["METHOD"], "REQUEST")
        self.assertEqual(calendar["VERSION"], "2.0")
        (timezone,) = calendar.walk("VTIMEZONE")
        self.assertEqual(timezone["TZID"], "Europe/Berlin")
        vevent = event(calendar)
        transaction.begin()
        booking = by_token(token)
        self.assertEqual(vevent["UID"], f"{booking.UID()}@localhost")
        self.assertEqual(vevent["SEQUENCE"], 0)
        self.assertEqual(vevent["DTSTART"].params["TZID"], "Europe/Berlin")
        self.assertEqual(vevent["DTEND"].params["TZID"], "Europe/Berlin")
        self.assertEqual(vevent.decoded("DTSTART"), datetime.fromisoformat(start))
        self.assertEqual(
            vevent.decoded("DTEND") - vevent.decoded("DTSTART"), timedelta(minutes=50)
        )
        self.assertEqual(vevent["LOCATION"], "Invalidenstraße 1, 10115 Berlin")
        self.assertEqual(vevent["ORGANIZER"], f"mailto:{CENTRE_MAIL}")
        self.assertNotIn(MESSAGE, calendar.to_ical().decode())
        # the centre's notification: no message, a link to the booking
        centre_text = centre.get_body(("plain",)).get_content()
        self.assertIn("/termine/", centre_text)
        self.assertIsNone(attachment(centre))

    def test_request_then_the_staff_confirms(self):
        self.type.requires_confirmation = True
        transaction.commit()
        token = self.book(self.starts()[0])
        mails = self.mails(2)
        booker = mails[BOOKER_MAIL]
        self.assertEqual(booker["Subject"], "Anfrage eingegangen")
        self.assertIsNone(attachment(booker))
        self.assertTrue(mails[CENTRE_MAIL]["Subject"].startswith("Neue Terminanfrage"))
        transaction.begin()
        booking = by_token(token)
        api.content.transition(booking, transition="confirm")
        transaction.commit()
        confirmed = self.smtp.wait_for(3)[2]
        self.assertEqual(confirmed["To"], BOOKER_MAIL)
        self.assertEqual(confirmed["Subject"], "Termin bestätigt")
        vevent = event(attachment(confirmed))
        self.assertEqual(vevent["SEQUENCE"], 1)
        self.assertEqual(vevent["STATUS"], "CONFIRMED")
        self.assertDiscreet(confirmed)

    def test_move_then_cancel(self):
        first, second, *_ = self.starts()
        token = self.book(first)
        self.mails(2)
        response = requests.post(
            self.api("@booking-reschedule"),
            json={"token": token, "start": second},
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        mails = self.mails(4)
        booker, centre = mails[BOOKER_MAIL], mails[CENTRE_MAIL]
        self.assertEqual(booker["Subject"], "Termin verschoben")
        self.assertTrue(centre["Subject"].startswith("Termin verschoben: "))
        moved = event(attachment(booker))
        self.assertEqual(attachment(booker)["METHOD"], "REQUEST")
        self.assertEqual(moved["SEQUENCE"], 1)
        self.assertEqual(moved.decoded("DTSTART"), datetime.fromisoformat(second))
        self.assertIn(f"token={token}", booker.get_body(("plain",)).get_content())
        response = requests.post(
            self.api("@booking-cancel"),
            json={"token": token, "reason": "Ich bin krank"},
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        mails = self.mails(6)
        booker, centre = mails[BOOKER_MAIL], mails[CENTRE_MAIL]
        self.assertEqual(booker["Subject"], "Termin abgesagt")
        self.assertTrue(centre["Subject"].startswith("Termin abgesagt: "))
        self.assertNotIn("Ich bin krank", centre.as_string())
        calendar = attachment(booker)
        self.assertEqual(calendar["METHOD"], "CANCEL")
        cancelled = event(calendar)
        self.assertEqual(cancelled["UID"], moved["UID"])
        self.assertGreater(cancelled["SEQUENCE"], moved["SEQUENCE"])
        self.assertEqual(cancelled["STATUS"], "CANCELLED")
        for message in self.smtp.messages:
            self.assertDiscreet(message)

    def test_mails_in_the_bookers_language(self):
        self.book(self.starts()[0], language="en")
        mails = self.mails(2)
        self.assertEqual(mails[BOOKER_MAIL]["Subject"], "Appointment confirmed")
        text = mails[BOOKER_MAIL].get_body(("plain",)).get_content()
        self.assertIn("Cancel or move the appointment: ", text)
        self.assertEqual(
            event(attachment(mails[BOOKER_MAIL]))["SUMMARY"],
            "Appointment: Schuldenberatung",
        )
        # the centre reads the site's language
        self.assertTrue(mails[CENTRE_MAIL]["Subject"].startswith("Neue Terminbuchung"))
