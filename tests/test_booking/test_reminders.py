"""Reminders and retention of bookings (``make reminders``), through the real SMTP
fixture: one reminder per booking with a working fresh manage link, run twice mails
once; the personal data anonymised after the retention period, the counts kept."""

from datetime import timedelta
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from sozialplattform.site.booking import BOOKING_TYPE
from sozialplattform.site.booking import maintenance
from sozialplattform.site.booking import reminders
from sozialplattform.site.booking import retention
from sozialplattform.site.booking.booker import by_token
from sozialplattform.site.booking.settings import reminder_hours
from sozialplattform.site.booking.settings import retention_days
from sozialplattform.site.retention import policies
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import server_url
from test_booking.test_mails import BOOKER_MAIL
from test_booking.test_mails import BookingMailTestCase
from test_booking.test_mails import MESSAGE
from test_booking.test_mails import PSEUDONYM
import requests
import transaction


class ReminderTestCase(BookingMailTestCase):
    def setUp(self):
        super().setUp()
        # the example content's bookings are not this test's
        catalog = api.portal.get_tool("portal_catalog")
        for brain in catalog.unrestrictedSearchResults(portal_type=BOOKING_TYPE):
            booking = brain._unrestrictedGetObject()
            booking.__parent__._delObject(booking.getId())
        transaction.commit()


class TestReminders(ReminderTestCase):
    def booking(self, token):
        transaction.begin()
        return by_token(token)

    def booked_days_before(self, token, days=3):
        booking = self.booking(token)
        booking.consent_date = booking.start - timedelta(days=days)
        transaction.commit()
        return booking

    def test_defaults(self):
        self.assertEqual(reminder_hours(), 24)
        self.assertEqual(retention_days(), 30)
        self.assertIn("bookings", dict(policies()))

    def test_reminder_once_with_a_fresh_link(self):
        token = self.book(self.starts()[0])
        self.mails(2)
        booking = self.booked_days_before(token)
        start = booking.start
        # a day and a half ahead: not yet
        self.assertEqual(reminders.due(self.site, start - timedelta(hours=36)), [])
        now = start - timedelta(hours=20)
        result = maintenance.run(self.site, now)
        self.assertEqual(len(result["reminded"]), 1)
        messages = self.smtp.wait_for(3)
        reminder = messages[2]
        self.assertEqual(reminder["To"], BOOKER_MAIL)
        self.assertEqual(reminder["Subject"], "Erinnerung an Ihren Termin")
        self.assertDiscreet(reminder)
        self.assertIsNone(next(reminder.iter_attachments(), None))
        text = reminder.get_body(("plain",)).get_content()
        self.assertIn("Schuldenberatung", text)
        self.assertIn("/datenschutz", text)
        prefix = server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/@@termin?token=")
        self.assertIn(prefix, text)
        fresh = text.split(prefix)[1].split()[0]
        self.assertNotEqual(fresh, token)
        # both links open the booking
        for link in (fresh, token):
            response = requests.get(prefix + link, timeout=30)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(self.booking(link).UID(), booking.UID())
        # run twice, mail once
        transaction.begin()
        self.assertEqual(maintenance.run(self.site, now)["reminded"], [])
        self.assertEqual(
            maintenance.run(self.site, now + timedelta(hours=1))["reminded"], []
        )
        transaction.commit()
        self.assertRaises(AssertionError, self.smtp.wait_for, 4, 1.0)

    def test_moved_booking_is_reminded_of_its_new_time(self):
        first, second, *_ = self.starts()
        token = self.book(first)
        self.mails(2)
        booking = self.booked_days_before(token)
        now = booking.start - timedelta(hours=20)
        self.assertEqual(len(reminders.send_reminders(self.site, now)), 1)
        transaction.commit()
        booking = self.booking(token)
        booking.start = booking.start + timedelta(hours=1)
        booking.end = booking.end + timedelta(hours=1)
        booking.reindexObject()
        transaction.commit()
        self.assertEqual(len(reminders.send_reminders(self.site, now)), 1)
        transaction.commit()
        self.smtp.wait_for(4)

    def test_no_reminder_for_requests_late_bookings_and_no_address(self):
        token = self.book(self.starts()[0])
        self.mails(2)
        booking = self.booking(token)
        now = booking.start - timedelta(hours=20)
        # booked inside the window: the confirmation has just arrived
        booking.consent_date = booking.start - timedelta(hours=5)
        transaction.commit()
        self.assertEqual(reminders.due(self.site, now), [])
        booking = self.booked_days_before(token)
        booking.email = None
        transaction.commit()
        self.assertEqual(reminders.due(self.site, now), [])
        booking = self.booking(token)
        booking.email = BOOKER_MAIL
        api.content.transition(booking, transition="cancel")
        transaction.commit()
        self.assertEqual(reminders.due(self.site, now), [])

    def test_reminder_hours_from_the_registry(self):
        token = self.book(self.starts()[0])
        self.mails(2)
        booking = self.booked_days_before(token)
        now = booking.start - timedelta(hours=30)
        self.assertEqual(reminders.due(self.site, now), [])
        api.portal.set_registry_record("sozialplattform.booking.reminder_hours", 48)
        self.assertEqual(len(reminders.due(self.site, now)), 1)

    def test_the_command_reminds_in_every_site(self):
        from contextlib import redirect_stdout
        from sozialplattform.site.booking.commands import reminders as command
        from unittest import mock
        import io

        token = self.book(self.starts()[0])
        self.mails(2)
        booking = self.booked_days_before(token)
        soon = booking.start - timedelta(hours=20)
        output = io.StringIO()
        with (
            mock.patch.object(reminders, "datetime") as clock,
            redirect_stdout(output),
        ):
            clock.now.return_value = soon
            self.assertEqual(command(self.app, []), 0)
        self.assertIn(f"{DISTRIBUTION_SITE_ID}: reminders sent: 1", output.getvalue())
        self.assertIn("expired bookings anonymised: 0", output.getvalue())
        self.assertEqual(self.smtp.wait_for(3)[2]["To"], BOOKER_MAIL)

    def test_rest_service_for_cron(self):
        token = self.book(self.starts()[0])
        self.mails(2)
        booking = self.booked_days_before(token)
        anonymous = requests.post(
            self.api("@booking-maintenance"),
            headers={"Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(anonymous.status_code, 401)
        response = requests.post(
            self.api("@booking-maintenance"),
            headers={"Accept": "application/json"},
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(set(response.json()), {"reminded", "anonymised", "refreshed"})
        del booking


class TestRetention(ReminderTestCase):
    def test_personal_data_anonymised_after_the_period_counts_kept(self):
        token = self.book(self.starts()[0])
        self.mails(2)
        transaction.begin()
        booking = by_token(token)
        booking.staff_note = "Ruft oft an"
        booking.phone = "030 123456"
        booking.reindexObject()
        transaction.commit()
        uid, end = booking.UID(), booking.end
        type_uid = booking.appointment_type
        # not before the period is over
        self.assertEqual(
            retention.anonymise_expired(self.site, end + timedelta(days=29)), []
        )
        removed = maintenance.run(self.site, end + timedelta(days=31))["anonymised"]
        self.assertEqual(removed, ["/".join(booking.getPhysicalPath())])
        transaction.begin()
        catalog = api.portal.get_tool("portal_catalog")
        (brain,) = catalog.unrestrictedSearchResults(UID=uid)
        booking = brain._unrestrictedGetObject()
        for name in retention.PERSONAL_FIELDS:
            self.assertIsNone(getattr(booking, name, None), name)
        self.assertEqual(booking.Title(), "Anonymisierte Buchung")
        self.assertEqual(booking.appointment_type, type_uid)
        self.assertEqual(booking.end, end)
        self.assertEqual(api.content.get_state(booking), "confirmed")
        for entry in booking.workflow_history["booking_workflow"]:
            self.assertEqual(entry["comments"], "")
        self.assertIsNone(by_token(token))
        for word in (PSEUDONYM, "Mietschulden", "Ruft"):
            self.assertFalse(
                catalog.unrestrictedSearchResults(
                    portal_type=BOOKING_TYPE, SearchableText=word
                ),
                word,
            )
        self.assertNotIn(MESSAGE, repr(booking.__dict__))
        # the statistics: still counted per type and state
        self.assertEqual(
            len(
                catalog.unrestrictedSearchResults(
                    portal_type=BOOKING_TYPE, review_state="confirmed"
                )
            ),
            1,
        )
        # done once: the next run finds nothing
        self.assertEqual(
            retention.anonymise_expired(self.site, end + timedelta(days=60)), []
        )
        response = requests.get(
            self.api("@booking"), params={"token": token}, timeout=30
        )
        self.assertEqual(response.status_code, 404)

    def test_period_from_the_control_panel(self):
        token = self.book(self.starts()[0])
        self.mails(2)
        transaction.begin()
        end = by_token(token).end
        api.portal.set_registry_record("sozialplattform.booking.retention_days", 7)
        self.assertEqual(
            len(retention.anonymise_expired(self.site, end + timedelta(days=8))), 1
        )
        transaction.abort()

    def test_control_panel_page(self):
        browser = requests.get(
            server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/@@sozialplattform-booking"),
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            timeout=30,
        )
        self.assertEqual(browser.status_code, 200)
        self.assertIn("form.widgets.retention_days", browser.text)
        self.assertIn("form.widgets.reminder_hours", browser.text)
        response = requests.get(
            self.api("@controlpanels/sozialplattform-booking"),
            headers={"Accept": "application/json"},
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["data"]["retention_days"], 30)
