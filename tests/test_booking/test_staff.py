"""The staff's pages on a centre (integration): ``@@termine`` (list, filters, week, the
workflow actions with the authenticator, the staff note), ``@@termine.csv`` (content,
BOM, ``;``, formula escaping) and the personal feed ``@@termine-feed.ics`` (valid,
renewed, revoked, role lost, user gone).

The people and centres are the permission matrix's (``test_booking_matrix``): centre A
(published) with bookings in every state on 2027-01-12 09:00, its centre editor, its
counsellor, the other centre's editor, the state editors and the site administrator.
"""

from datetime import datetime
from datetime import timedelta
from icalendar import Calendar
from plone import api
from plone.protect.authenticator import createToken
from Products.statusmessages.interfaces import IStatusMessage
from sozialplattform.site.booking import COUNSELLOR_ROLE
from sozialplattform.site.booking import feed
from sozialplattform.site.booking import FOLDER_ID
from sozialplattform.site.booking import staff
from sozialplattform.site.content.structure import CENTRE_EDITOR_ROLE
from sozialplattform.site.testing import server_url
from test_booking.test_book import BookingHTTPTestCase
from test_permissions.fixtures import CENTRE_EDITOR
from test_permissions.fixtures import PASSWORD
from test_permissions.fixtures import SITE_ADMIN
from test_permissions.test_booking_matrix import BookingTestCase
from test_permissions.test_booking_matrix import COUNSELLOR
from zExceptions import Forbidden
from zope.annotation.interfaces import IAnnotations
import pytz
import re
import requests
import transaction


BERLIN = pytz.timezone("Europe/Berlin")


class StaffTestCase(BookingTestCase):
    def setUp(self):
        super().setUp()
        api.portal.set_registry_record("plone.default_language", "de")
        api.portal.set_registry_record("plone.portal_timezone", "Europe/Berlin")
        # German as a browser asks for it: without the site's English binding of set-up
        self.request.other.pop("LANGUAGE_TOOL", None)
        self.request["HTTP_ACCEPT_LANGUAGE"] = "de"

    def view(self, name="termine", method="GET", **form):
        request = self.request
        request.form.clear()
        request.form.update(form)
        request.other.update(form)
        request["REQUEST_METHOD"] = method
        request.environ["REQUEST_METHOD"] = method
        request.response.setStatus(200)
        request.response.headers.pop("location", None)
        IStatusMessage(request).show()  # empties the queue
        return self.centre.restrictedTraverse(f"@@{name}")

    def render(self, **form) -> str:
        return self.view(**form)()

    def post(self, **form):
        result = self.view(method="POST", _authenticator=createToken(), **form)()
        messages = [m.message for m in IStatusMessage(self.request).show()]
        return result, messages

    def past_booking(self, **values):
        start = BERLIN.localize(datetime.now() - timedelta(days=2)).replace(
            minute=0, second=0, microsecond=0
        )
        return api.content.create(
            container=self.centre[FOLDER_ID],
            type="Booking",
            title=values.pop("title", "Früher"),
            appointment_type=self.types["published"].UID(),
            start=start,
            end=start + timedelta(minutes=50),
            **values,
        )


class TestStaffList(StaffTestCase):
    def test_the_list_from_today(self):
        past = self.past_booking(title="Gestern")
        self.bookings["requested"].email = "sonne@example.org"
        self.bookings["requested"].phone = "030 1234"
        self.bookings["requested"].message = "Es geht um Schulden"
        with self.as_user(CENTRE_EDITOR):
            html = self.render()
        self.assertIn("Termine: <span>Centre A published</span>", html)
        self.assertIn("Di 12.01.2027, 09:00–09:50", html)
        self.assertIn("Erstgespräch", html)
        self.assertIn("Pseudonym", html)
        self.assertIn('href="mailto:sonne@example.org"', html)
        self.assertIn('href="tel:030 1234"', html)
        self.assertIn("Es geht um Schulden", html)
        for title in ("Angefragt, noch nicht bestätigt", "Bestätigt", "Abgesagt"):
            self.assertIn(title, html)
        self.assertNotIn("Gestern", html)
        self.assertEqual(html.count('class="booking-staff-item"'), 5)
        # the actions the workflow offers: confirm/decline/cancel; not yet "took place"
        self.assertIn('value="confirm"', html)
        self.assertIn('value="decline"', html)
        self.assertNotIn('value="complete"', html)
        self.assertIn('name="_authenticator"', html)
        self.assertIn(past.UID(), self.render_as(CENTRE_EDITOR, past="1"))

    def render_as(self, username, **form):
        with self.as_user(username):
            return self.render(**form)

    def test_filters(self):
        html = self.render_as(COUNSELLOR, status="confirmed")
        self.assertEqual(html.count('class="booking-staff-item"'), 1)
        html = self.render_as(COUNSELLOR, **{"from": "2027-01-13"})
        self.assertIn("Keine Termine gefunden.", html)
        html = self.render_as(
            COUNSELLOR, **{"from": "2027-01-12", "to": "2027-01-12", "status": ""}
        )
        self.assertEqual(html.count('class="booking-staff-item"'), 5)

    def test_bad_filters_are_field_messages_and_400(self):
        html = self.render_as(
            COUNSELLOR, status="nope", **{"from": "12.01.2027", "to": "2027-13-01"}
        )
        self.assertEqual(self.request.response.getStatus(), 400)
        self.assertIn("Wählen Sie einen Status aus der Liste.", html)
        self.assertEqual(html.count("Geben Sie ein Datum wie 2027-01-12 ein."), 2)
        self.assertIn('aria-invalid="true"', html)
        html = self.render_as(COUNSELLOR, **{"from": "2027-01-12", "to": "2027-01-11"})
        self.assertIn("Das Ende darf nicht vor dem Beginn liegen.", html)
        html = self.render_as(COUNSELLOR, view="week", week="2027-W99")
        self.assertIn("Geben Sie eine Woche wie 2027-W02 ein.", html)
        html = self.render_as(COUNSELLOR, status=["a", "b"])
        self.assertEqual(self.request.response.getStatus(), 400)

    def test_week(self):
        html = self.render_as(COUNSELLOR, view="week", week="2027-W02")
        self.assertIn("KW 2/2027: 11.01. – 17.01.2027", html)
        self.assertIn("Dienstag, 12.01.2027", html)
        self.assertEqual(html.count("<table"), 1)
        self.assertEqual(html.count("Keine Termine."), 6)
        self.assertIn("week=2027-W01", html)
        self.assertIn("week=2027-W03", html)
        self.assertIn("from=2027-01-12&amp;to=2027-01-12", html)
        self.assertIn('data-label="Uhrzeit"', html)
        # a year's last week: 2026-W53 exists, the next is 2027-W01
        html = self.render_as(COUNSELLOR, view="week", week="2026-W53")
        self.assertIn("week=2027-W01", html)


class TestStaffActions(StaffTestCase):
    def test_confirm(self):
        booking = self.bookings["requested"]
        with self.as_user(COUNSELLOR):
            result, messages = self.post(
                booking=booking.UID(),
                action="transition",
                transition="confirm",
                status="requested",
            )
        self.assertEqual(result, "")
        self.assertEqual(self.request.response.getStatus(), 303)
        location = self.request.response.getHeader("location")
        self.assertTrue(
            location.endswith(f"@@termine?status=requested#booking-{booking.UID()}")
        )
        self.assertEqual(messages, ["Die Buchung ist bestätigt."])
        self.assertEqual(api.content.get_state(booking), "confirmed")
        self.assertEqual(booking.ics_sequence, 1)  # the mail's subscriber ran

    def test_decline_and_cancel_store_the_reason(self):
        for state, transition, expected in (
            ("requested", "decline", "declined"),
            ("confirmed", "cancel", "cancelled"),
        ):
            booking = self.bookings[state]
            with self.as_user(CENTRE_EDITOR):
                _, messages = self.post(
                    booking=booking.UID(),
                    action="transition",
                    transition=transition,
                    reason="  Die Beraterin ist krank.  ",
                )
            self.assertEqual(api.content.get_state(booking), expected)
            self.assertEqual(booking.cancel_reason, "Die Beraterin ist krank.")
            self.assertEqual(len(messages), 1)

    def open_hours(self):
        appointment_type = self.types["published"]
        appointment_type.availability = [
            {"day": day, "start": "08:00", "end": "18:00"}
            for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        ]
        appointment_type.min_notice_hours = 0
        appointment_type.closed_on_holidays = False

    def test_move_offers_free_slots_for_the_chosen_booking_only(self):
        self.open_hours()
        booking = self.bookings["confirmed"]
        with self.as_user(COUNSELLOR):
            html = self.render()
            self.assertIn("Verschieben", html)
            self.assertNotIn('name="start"', html)
            html = self.render(move=booking.UID())
        self.assertIn('class="booking-staff-move', html)
        self.assertIn('name="start"', html)

    def test_move_changes_the_time_and_mails_the_booker(self):
        self.open_hours()
        booking = self.bookings["confirmed"]
        old_start, sequence = booking.start, booking.ics_sequence
        with self.as_user(COUNSELLOR):
            view = self.view(move=booking.UID())
            view.now = datetime.now(pytz.utc)
            target = view.move_slots(booking)[0]["value"]
            _, messages = self.post(booking=booking.UID(), action="move", start=target)
        self.assertEqual(booking.start, datetime.fromisoformat(target))
        self.assertNotEqual(booking.start, old_start)
        self.assertGreater(booking.ics_sequence, sequence)
        self.assertEqual(len(messages), 1)
        self.assertIn("verschoben", messages[0])

    def test_move_to_no_slot_changes_nothing(self):
        booking = self.bookings["confirmed"]
        old_start = booking.start
        with self.as_user(COUNSELLOR):
            _, messages = self.post(
                booking=booking.UID(), action="move", start="2001-01-01T03:17:00+01:00"
            )
        self.assertEqual(booking.start, old_start)
        self.assertEqual(messages, ["Bitte wählen Sie eine neue Zeit."])

    def test_a_too_long_reason_changes_nothing(self):
        booking = self.bookings["requested"]
        with self.as_user(CENTRE_EDITOR):
            _, messages = self.post(
                booking=booking.UID(),
                action="transition",
                transition="decline",
                reason="x" * 2001,
            )
        self.assertEqual(api.content.get_state(booking), "requested")
        self.assertIn("höchstens 2000 Zeichen", messages[0])

    def test_took_place_and_no_show_only_after_the_start(self):
        future = self.bookings["confirmed"]
        with self.as_user(SITE_ADMIN):
            _, messages = self.post(
                booking=future.UID(), action="transition", transition="complete"
            )
        self.assertEqual(api.content.get_state(future), "confirmed")
        self.assertEqual(
            messages, ["Dieser Schritt ist für diese Buchung nicht (mehr) möglich."]
        )
        for transition, expected in (
            ("complete", "completed"),
            ("mark_no_show", "no_show"),
        ):
            past = self.past_booking()
            api.content.transition(past, transition="confirm")
            html = self.render_as_admin(past="1")
            self.assertIn('value="complete"', html)
            with self.as_user(SITE_ADMIN):
                self.post(
                    booking=past.UID(), action="transition", transition=transition
                )
            self.assertEqual(api.content.get_state(past), expected)

    def render_as_admin(self, **form):
        with self.as_user(SITE_ADMIN):
            return self.render(**form)

    def test_a_transition_the_workflow_does_not_offer(self):
        booking = self.bookings["cancelled"]
        with self.as_user(CENTRE_EDITOR):
            _, messages = self.post(
                booking=booking.UID(), action="transition", transition="confirm"
            )
        self.assertEqual(api.content.get_state(booking), "cancelled")
        self.assertEqual(len(messages), 1)
        with self.as_user(CENTRE_EDITOR):
            _, messages = self.post(
                booking="nope", action="transition", transition="confirm"
            )
        self.assertEqual(messages, ["Diese Buchung gibt es nicht mehr."])

    def test_staff_note(self):
        booking = self.bookings["confirmed"]
        with self.as_user(COUNSELLOR):
            _, messages = self.post(
                booking=booking.UID(), action="note", staff_note="Rückruf am Montag"
            )
        self.assertEqual(messages, ["Die Notiz ist gespeichert."])
        self.assertEqual(booking.staff_note, "Rückruf am Montag")
        self.assertIn("Rückruf am Montag", self.render_as_admin())
        with self.as_user(COUNSELLOR):
            _, messages = self.post(
                booking=booking.UID(), action="note", staff_note="x" * 2001
            )
        self.assertEqual(booking.staff_note, "Rückruf am Montag")
        self.assertIn("nicht gespeichert", messages[0])

    def test_a_post_without_the_authenticator_is_refused(self):
        booking = self.bookings["requested"]
        with self.as_user(CENTRE_EDITOR):
            view = self.view(
                method="POST",
                booking=booking.UID(),
                action="transition",
                transition="confirm",
            )
            with self.assertRaises(Forbidden):
                view()
        self.assertEqual(api.content.get_state(booking), "requested")


class TestCSV(StaffTestCase):
    def csv(self, username=CENTRE_EDITOR, **form):
        with self.as_user(username):
            return self.view(name="termine.csv", **form)()

    def test_content(self):
        booking = self.bookings["confirmed"]
        booking.email = "sonne@example.org"
        booking.language = "de"
        booking.message = "Nachricht"
        booking.staff_note = "Notiz"
        body = self.csv(status="confirmed")
        response = self.request.response
        self.assertEqual(response.getHeader("Content-Type"), "text/csv; charset=utf-8")
        self.assertIn("attachment;", response.getHeader("Content-Disposition"))
        self.assertIn("no-store", response.getHeader("Cache-Control"))
        self.assertTrue(body.startswith(b"\xef\xbb\xbf"))
        lines = body.decode("utf-8-sig").split("\r\n")
        self.assertEqual(
            lines[0],
            "Beginn;Ende;Terminart;Kanal;Status;Name oder Pseudonym;E-Mail;Telefon;"
            "Sprache",
        )
        self.assertEqual(
            lines[1],
            "12.01.2027 09:00;12.01.2027 09:50;Erstgespräch;Vor Ort;Bestätigt;"
            "Pseudonym;sonne@example.org;;de",
        )
        self.assertEqual(lines[2:], [""])
        self.assertNotIn("Nachricht", body.decode())
        self.assertNotIn("Notiz", body.decode())

    def test_formula_injection_is_defused(self):
        for index, name in enumerate(("=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx")):
            booking = self.bookings[staff.STATES[index]]
            booking.title = name
            booking.phone = "+49 30 1234"
        text = self.csv().decode("utf-8-sig")
        for name in ("'=HYPERLINK(1)", "'+1", "'-1", "'@SUM(A1)", "'\tx"):
            self.assertIn(f";{name};", text)
        self.assertIn(";'+49 30 1234;", text)
        self.assertNotIn(";=HYPERLINK", text)

    def test_a_semicolon_and_quotes_are_quoted(self):
        self.bookings["requested"].title = 'Müller; "Hans"'
        text = self.csv(status="requested").decode("utf-8-sig")
        self.assertIn(';"Müller; ""Hans""";', text)

    def test_bad_filters_are_400(self):
        body = self.csv(**{"from": "gestern"})
        self.assertEqual(self.request.response.getStatus(), 400)
        self.assertIn("from:", body)


class TestFeed(StaffTestCase):
    def issue(self, username=COUNSELLOR) -> str:
        with self.as_user(username):
            html, _ = self.post(action="feed-new")
        url = html.split('id="booking-feed-url"')[1].split('value="')[1].split('"')[0]
        self.assertTrue(
            url.startswith(
                f"{api.portal.get().absolute_url()}/@@termine-feed.ics?token="
            )
        )
        self.assertIn("no-referrer", self.request.response.getHeader("Referrer-Policy"))
        return url.split("token=")[1]

    def feed(self, token):
        # a new request each time: borg.localrole caches roles on the request
        IAnnotations(self.request).clear()
        self.request.form.clear()
        self.request.form["token"] = token
        self.request.response.setStatus(200)
        return api.portal.get().restrictedTraverse("@@termine-feed.ics")()

    def test_valid_token(self):
        token = self.issue()
        uid, secret = token.split(".")
        self.assertEqual(uid, self.centre.UID())
        self.assertGreaterEqual(len(secret), 32)  # 24 bytes, 192 bits
        stored = getattr(self.centre[FOLDER_ID], feed.ATTRIBUTE)
        self.assertNotIn(secret, repr(list(stored.items())))
        self.bookings["confirmed"].email = "sonne@example.org"
        self.bookings["confirmed"].staff_note = "Notiz"
        body = self.feed(token)
        response = self.request.response
        self.assertEqual(response.getStatus(), 200)
        self.assertTrue(response.getHeader("Content-Type").startswith("text/calendar"))
        self.assertEqual(response.getHeader("Cache-Control"), "private, no-store")
        self.assertEqual(response.getHeader("Referrer-Policy"), "no-referrer")
        calendar = Calendar.from_ical(body)
        self.assertNotIn("METHOD", calendar)
        summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
        # active bookings only: requested, confirmed, completed
        self.assertEqual(
            summaries,
            [
                "Termin: Erstgespräch (angefragt)",
                "Termin: Erstgespräch (bestätigt)",
                "Termin: Erstgespräch (hat stattgefunden)",
            ],
        )
        text = body.decode()
        for private in ("Pseudonym", "sonne@example.org", "Notiz", "ATTENDEE"):
            self.assertNotIn(private, text)
        self.assertIn("TZID=Europe/Berlin", text)
        self.assertIn("BEGIN:VTIMEZONE", text)
        # the page now says the address exists and offers renew and revoke
        with self.as_user(COUNSELLOR):
            html = self.render()
        self.assertIn("Sie haben seit", html)
        self.assertIn('value="feed-revoke"', html)
        self.assertNotIn(token, html)

    def test_renewed_and_revoked(self):
        first = self.issue()
        second = self.issue()
        self.feed(first)
        self.assertEqual(self.request.response.getStatus(), 404)
        self.feed(second)
        self.assertEqual(self.request.response.getStatus(), 200)
        with self.as_user(COUNSELLOR):
            _, messages = self.post(action="feed-revoke")
        self.assertEqual(len(messages), 1)
        self.assertTrue(
            self.request.response.getHeader("location").endswith("#booking-feed")
        )
        self.assertEqual(self.feed(second), "Not found")
        self.assertEqual(self.request.response.getStatus(), 404)

    def test_tokens_are_per_user(self):
        mine = self.issue(COUNSELLOR)
        theirs = self.issue(CENTRE_EDITOR)
        with self.as_user(COUNSELLOR):
            self.post(action="feed-revoke")
        self.feed(mine)
        self.assertEqual(self.request.response.getStatus(), 404)
        self.feed(theirs)
        self.assertEqual(self.request.response.getStatus(), 200)

    def test_role_lost(self):
        token = self.issue(COUNSELLOR)
        editor_token = self.issue(CENTRE_EDITOR)
        api.user.revoke_roles(
            username=COUNSELLOR, roles=[COUNSELLOR_ROLE], obj=self.centre
        )
        self.feed(token)
        self.assertEqual(self.request.response.getStatus(), 404)
        api.user.revoke_roles(
            username=CENTRE_EDITOR, roles=[CENTRE_EDITOR_ROLE], obj=self.centre
        )
        self.feed(editor_token)
        self.assertEqual(self.request.response.getStatus(), 404)
        # given back: the same address works again (it was never revoked)
        api.user.grant_roles(
            username=COUNSELLOR, roles=[COUNSELLOR_ROLE], obj=self.centre
        )
        self.feed(token)
        self.assertEqual(self.request.response.getStatus(), 200)

    def test_user_gone_and_bad_tokens(self):
        token = self.issue(COUNSELLOR)
        api.user.delete(username=COUNSELLOR)
        self.feed(token)
        self.assertEqual(self.request.response.getStatus(), 404)
        uid = self.centre.UID()
        for bad in ("", "nope", f"{uid}.", f".{token}", f"{uid}.abc", f"{uid}.a.b"):
            with self.subTest(token=bad):
                self.assertEqual(self.feed(bad), "Not found")
                self.assertEqual(self.request.response.getStatus(), 404)
        self.request.form["token"] = ["a", "b"]
        self.assertIsNone(feed.resolve(["a", "b"]))


class TestStaffOverHTTP(BookingHTTPTestCase):
    """The same over the real publisher: who gets the page, the authenticator, the feed's
    headers and the role check on a later request."""

    def setUp(self):
        super().setUp()
        api.user.create(
            email="beraterin@example.org", username="beraterin", password=PASSWORD
        )
        api.user.create(email="fremd@example.org", username="fremd", password=PASSWORD)
        api.user.grant_roles(
            username="beraterin", roles=[COUNSELLOR_ROLE], obj=self.centre
        )
        # the feed speaks the site's language (German on the distribution's site)
        api.portal.set_registry_record("plone.default_language", "de")
        transaction.commit()
        self.page_url = f"{self.centre_url()}/@@termine"

    def centre_url(self):
        return server_url(self.layer, "plone/beratungsstellen/berlin/lindenhof")

    def get(self, url, user=None, **params):
        auth = (user, PASSWORD) if user else None
        return requests.get(
            url, params=params, auth=auth, timeout=30, allow_redirects=False
        )

    def test_who_gets_the_page(self):
        self.assertEqual(self.book().status_code, 201)
        response = self.get(self.page_url, "beraterin")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Sonnenblume", response.text)
        csv = self.get(f"{self.centre_url()}/@@termine.csv", "beraterin")
        self.assertEqual(csv.status_code, 200)
        self.assertIn("Sonnenblume", csv.content.decode("utf-8-sig"))
        for user in (None, "fremd"):
            for url in (self.page_url, f"{self.centre_url()}/@@termine.csv"):
                with self.subTest(user=user, url=url):
                    response = self.get(url, user)
                    self.assertIn(response.status_code, (302, 401, 403))
                    self.assertNotIn("Sonnenblume", response.text)

    def test_a_post_without_the_authenticator_is_403(self):
        body = self.book().json()
        response = requests.post(
            self.page_url,
            data={
                "booking": body["booking"],
                "action": "transition",
                "transition": "cancel",
            },
            auth=("beraterin", PASSWORD),
            timeout=30,
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 403)
        transaction.begin()
        (booking,) = self.centre[FOLDER_ID].objectValues()
        self.assertEqual(api.content.get_state(booking), "confirmed")

    def test_the_feed(self):
        self.assertEqual(self.book().status_code, 201)
        html = self.get(self.page_url, "beraterin").text
        authenticator = re.search(r'name="_authenticator"[^>]*value="([^"]+)"', html)
        response = requests.post(
            self.page_url,
            data={"_authenticator": authenticator.group(1), "action": "feed-new"},
            auth=("beraterin", PASSWORD),
            timeout=30,
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        self.assertIn("no-store", response.headers["Cache-Control"])
        url = re.search(r'id="booking-feed-url"[^>]*value="([^"]+)"', response.text)
        url = url.group(1).replace("&amp;", "&")
        feed_response = requests.get(url, timeout=30)
        self.assertEqual(feed_response.status_code, 200)
        self.assertTrue(
            feed_response.headers["Content-Type"].startswith("text/calendar")
        )
        self.assertEqual(feed_response.headers["Cache-Control"], "private, no-store")
        self.assertEqual(feed_response.headers["Referrer-Policy"], "no-referrer")
        (event,) = Calendar.from_ical(feed_response.content).walk("VEVENT")
        self.assertEqual(str(event["SUMMARY"]), "Termin: Erstgespräch (bestätigt)")
        self.assertNotIn("Sonnenblume", feed_response.text)
        api.user.revoke_roles(
            username="beraterin", roles=[COUNSELLOR_ROLE], obj=self.centre
        )
        transaction.commit()
        self.assertEqual(requests.get(url, timeout=30).status_code, 404)
