"""The visitor's booking page ``<centre>/@@booking`` over real HTTP: the type choice, the
slot list, the form with its field errors, one booking per success, a slot taken
meanwhile, the rate limit shared with ``@book``, anonymous types, a centre that takes
no bookings, and the link of ``booking_url``."""

from plone import api
from sozialplattform.site.booking import FOLDER_ID
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.functions.gating import links
from sozialplattform.site.testing import server_url
from test_booking.test_book import ALL_DAY
from test_booking.test_manage import ManageHTTPTestCase
from urllib.parse import parse_qs
from urllib.parse import urlsplit
import html as htmllib
import os
import re
import requests
import transaction


GERMAN = {"Accept-Language": "de"}


def hrefs(text: str, pattern: str) -> list[str]:
    return [
        htmllib.unescape(href)
        for href in re.findall(r'href="([^"]*' + pattern + r'[^"]*)"', text)
    ]


class VisitorPageTestCase(ManageHTTPTestCase):
    def setUp(self):
        super().setUp()
        api.portal.set_registry_record("plone.default_language", "de")
        api.portal.set_registry_record("plone.portal_timezone", "Europe/Berlin")
        self.centre.external_booking_url = "https://termine.example/lindenhof"
        transaction.commit()

    def page_url(self) -> str:
        return server_url(
            self.layer, "plone/beratungsstellen/berlin/lindenhof/@@booking"
        )

    def open(self, url=None, **params):
        return requests.get(
            url or self.page_url(), params=params, headers=GERMAN, timeout=30
        )

    def add_type(self, id, title, **values):
        setup = {
            "duration": 30,
            "min_notice_hours": 0,
            "availability": ALL_DAY,
            "closed_on_holidays": False,
            **values,
        }
        api.content.create(
            container=self.centre, type=TYPE_TYPE, id=id, title=title, **setup
        )
        transaction.commit()

    def form_page(self, start=None, type="erstgespraech"):
        start = start or self.first_slot()
        response = self.open(type=type, start=start)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn('name="form.buttons.book"', response.text)
        return response.text, start

    def submit(self, html, **fields):
        authenticator = re.search(r'name="_authenticator"[^>]*value="([^"]+)"', html)
        hidden = dict(
            re.findall(
                r'<input name="(type|start|form_key)"\s+type="hidden"\s+value="([^"]+)"',
                html,
            )
        )
        data = {
            "_authenticator": authenticator.group(1),
            **{key: htmllib.unescape(value) for key, value in hidden.items()},
            "form.buttons.book": "book",
            **fields,
        }
        data = {key: value for key, value in data.items() if value is not None}
        return requests.post(
            self.page_url(),
            data=data,
            headers=GERMAN,
            timeout=30,
            allow_redirects=False,
        )

    def bookings(self) -> list:
        transaction.begin()
        folder = self.centre.get(FOLDER_ID)
        return list(folder.objectValues()) if folder is not None else []


class TestLinks(VisitorPageTestCase):
    def test_booking_url_is_the_page_while_booking_is_available(self):
        request = self.layer["request"]
        from sozialplattform.site.interfaces import ISozialplattformLayer
        from zope.interface import alsoProvides

        alsoProvides(request, ISozialplattformLayer)
        self.assertEqual(
            links(self.centre, request)["booking"],
            f"{self.centre.absolute_url()}/@@booking",
        )
        self.centre.booking_enabled = False
        self.assertEqual(
            links(self.centre, request)["booking"], "https://termine.example/lindenhof"
        )

    def test_the_centre_page_links_to_it(self):
        response = self.open(
            server_url(self.layer, "plone/beratungsstellen/berlin/lindenhof")
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("lindenhof/@@booking", response.text)
        self.assertIn("Termin buchen", response.text)

    def test_a_centre_without_bookings_answers_404_with_a_clear_page(self):
        self.centre.booking_enabled = False
        transaction.commit()
        response = self.open()
        self.assertEqual(response.status_code, 404)
        self.assertIn("keine Online-Terminbuchung", response.text)
        self.assertIn('href="https://termine.example/lindenhof"', response.text)
        self.assertNotIn('name="form.buttons.book"', response.text)
        # nor the form's post
        response = requests.post(
            self.page_url(),
            data={"type": "erstgespraech", "form.buttons.book": "book"},
            timeout=30,
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.bookings(), [])


class TestTypesAndSlots(VisitorPageTestCase):
    def test_one_type_goes_straight_to_its_slots(self):
        response = self.open()
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("Termin buchen", html)
        self.assertIn("Freie Termine", html)
        self.assertNotIn("Andere Terminart wählen", html)
        # a heading per day with free slots (today's may be over), 08:00 to 17:00
        days = len(re.findall(r'<h3 class="h5 mt-3"', html))
        self.assertIn(days, (13, 14))
        self.assertEqual(len(hrefs(html, "start=")), days * 10)
        names = [
            htmllib.unescape(name)
            for name in re.findall(
                r'id="booking-slot-\d+"\s+aria-label="([^"]+)"', html
            )
        ]
        self.assertEqual(len(names), days * 10)
        # every slot's accessible name is complete
        for name in names:
            self.assertRegex(
                name,
                r"^(Mo|Di|Mi|Do|Fr|Sa|So) \d\d\.\d\d\., \d\d:\d\d–\d\d:\d\d, "
                r"Erstgespräch, Vor Ort$",
            )
        self.assertIn("Weitere Termine", html)

    def test_more_appointments_and_the_horizon(self):
        html = self.open().text
        (later,) = hrefs(html, "from=")
        first = parse_qs(urlsplit(later).query)["from"][0]
        html = self.open(later).text
        self.assertIn("Frühere Termine", html)
        day = f"{first[8:10]}.{first[5:7]}.{first[:4]}"
        self.assertIn(f"{day}–", html)
        # the type books at most 60 days ahead: no link past it
        far = self.open(type="erstgespraech", **{"from": "2099-01-01"}).text
        self.assertIn("In diesem Zeitraum gibt es keinen freien Termin.", far)
        self.assertNotIn("Weitere Termine", far)

    def test_several_types_are_a_choice_first(self):
        self.add_type(
            "video", "Beratung per Video", channel="video", allow_anonymous=True
        )
        html = self.open().text
        self.assertIn("Welchen Termin brauchen Sie?", html)
        self.assertIn("Erstgespräch", html)
        self.assertIn("Beratung per Video", html)
        self.assertIn("30 Minuten, Per Video", html)
        self.assertIn("50 Minuten, Vor Ort", html)
        self.assertIn("Nächster freier Termin:", html)
        self.assertNotIn("start=", html)
        (video,) = hrefs(html, "type=video")
        html = self.open(video).text
        self.assertIn("Andere Terminart wählen", html)
        self.assertIn(', Beratung per Video, Per Video"', html)

    def test_a_time_that_is_no_slot_goes_back_to_the_list(self):
        response = self.open(
            type="erstgespraech", start=f"{self.monday.isoformat()}T08:30:00+01:00"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("kann nicht (mehr) gebucht werden", response.text)
        self.assertNotIn('name="form.buttons.book"', response.text)


class TestForm(VisitorPageTestCase):
    def test_success_makes_exactly_one_booking(self):
        html, start = self.form_page()
        self.assertIn("Name oder Pseudonym", html)
        self.assertIn('type="email"', html)
        self.assertIn("Höchstens 2000 Zeichen", html)
        self.assertIn(f'href="{self.portal.absolute_url()}', html)
        response = self.submit(
            html,
            name="Sonnenblume",
            email="sonnenblume@example.org",
            message="Bitte rufen Sie vorher an.",
            language="en",
            consent="1",
        )
        self.assertEqual(response.status_code, 303, response.text)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        location = response.headers["Location"]
        self.assertIn("/lindenhof/@@booking?token=", location)
        (booking,) = self.bookings()
        self.assertEqual(booking.title, "Sonnenblume")
        self.assertEqual(booking.email, "sonnenblume@example.org")
        self.assertEqual(booking.language, "en")
        self.assertEqual(booking.message, "Bitte rufen Sie vorher an.")
        self.assertEqual(booking.start.isoformat()[:16], start[:16])
        page = self.open(location)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.headers["Referrer-Policy"], "no-referrer")
        self.assertIn("no-store", page.headers["Cache-Control"])
        self.assertIn("Ihre Buchung", page.text)
        self.assertIn("Bestätigt", page.text)
        self.assertIn("Invalidenstraße 1, 10115 Berlin", page.text)
        token = parse_qs(urlsplit(location).query)["token"][0]
        self.assertIn(f"@@termin?token={token}", page.text)
        self.assertIn(f"@@termin.ics?token={token}", page.text)
        self.assertIn("In Kalender eintragen", page.text)
        self.assertEqual(self.get(token).json()["status"], "confirmed")
        # the slot is gone from the list
        self.assertNotIn(f"start={start}".replace("+", "%2B"), self.open().text)

    def test_a_second_click_gets_the_first_booking(self):
        html, _ = self.form_page()
        fields = {"name": "Sonne", "email": "sonne@example.org", "consent": "1"}
        first = self.submit(html, **fields)
        second = self.submit(html, **fields)
        self.assertEqual(first.status_code, 303, first.text)
        self.assertEqual(second.status_code, 303, second.text)
        self.assertEqual(first.headers["Location"], second.headers["Location"])
        self.assertEqual(len(self.bookings()), 1)
        # another form (no key, or a new one) for the same time: taken
        third = self.submit(html.replace('name="form_key"', 'name="other"'), **fields)
        self.assertIn("notice=taken", third.headers["Location"])

    def test_a_request_says_so(self):
        self.type.requires_confirmation = True
        transaction.commit()
        html, _ = self.form_page()
        self.assertIn("Buchungsanfrage senden", html)
        response = self.submit(html, name="Mond", phone="030 123", consent="1")
        self.assertEqual(response.status_code, 303, response.text)
        page = self.open(response.headers["Location"]).text
        self.assertIn("Angefragt, noch nicht bestätigt", page)
        self.assertIn("Ihre Buchungsanfrage wurde gesendet.", page)

    def test_errors_at_the_fields_and_in_a_summary_nothing_saved(self):
        html, _ = self.form_page()
        response = self.submit(
            html, name="", email="kein-mail", message="x" * 2001, consent=None
        )
        self.assertEqual(response.status_code, 400)
        page = response.text
        self.assertIn("Bitte prüfen Sie Ihre Angaben", page)
        summary = page.split('id="booking-errors"')[1].split("</div>")[0]
        self.assertEqual(
            re.findall(r'href="#(booking-\w+)"', summary),
            ["booking-name", "booking-email", "booking-message", "booking-consent"],
        )
        self.assertIn("Name oder Pseudonym:", summary)
        self.assertIn("Einverständnis:", summary)
        for field in ("name", "email", "message", "consent"):
            self.assertIn(f'id="booking-{field}-error"', page)
        self.assertEqual(page.count('aria-invalid="true"'), 4)
        # the values stay filled in
        self.assertIn('value="kein-mail"', page)
        self.assertEqual(self.bookings(), [])

    def test_a_message_of_2000_characters_with_line_breaks(self):
        html, _ = self.form_page()
        message = ("x" * 99 + "\r\n") * 20  # 2,000 characters as the browser counts
        response = self.submit(
            html, name="Sonne", email="s@example.org", message=message, consent="1"
        )
        self.assertEqual(response.status_code, 303, response.text)
        (booking,) = self.bookings()
        self.assertEqual(len(booking.message), 2000 - 1)  # the last line break stripped

    def test_name_and_contact_required(self):
        html, _ = self.form_page()
        response = self.submit(html, name="Sonne", consent="1")
        self.assertEqual(response.status_code, 400)
        self.assertIn("E-Mail-Adresse oder eine Telefonnummer", response.text)
        self.assertEqual(self.bookings(), [])

    def test_without_the_authenticator_nothing_happens(self):
        html, _ = self.form_page()
        response = self.submit(
            html,
            _authenticator=None,
            name="Sonne",
            email="sonne@example.org",
            consent="1",
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.bookings(), [])

    def test_a_slot_taken_meanwhile_leads_back_to_the_list(self):
        html, start = self.form_page()
        self.booked(start=start, email="other@example.org")
        response = self.submit(
            html, name="Sonne", email="sonne@example.org", consent="1"
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("notice=taken", response.headers["Location"])
        page = self.open(response.headers["Location"]).text
        self.assertIn("inzwischen vergeben", page)
        self.assertIn("Freie Termine", page)
        self.assertEqual(len(self.bookings()), 1)

    def test_the_rate_limit_of_book(self):
        os.environ["SOZIALPLATTFORM_RATE_LIMIT_BOOKING"] = "2/600"
        self.addCleanup(os.environ.pop, "SOZIALPLATTFORM_RATE_LIMIT_BOOKING")
        html, _ = self.form_page()
        for _ in range(2):
            response = self.submit(html, name="", consent="1")
            self.assertEqual(response.status_code, 400)
        response = self.submit(html, name="Sonne", email="s@example.org", consent="1")
        self.assertEqual(response.status_code, 429)
        self.assertIn("Retry-After", response.headers)
        self.assertIn("Zu viele Anfragen", response.text)
        # @book counts against the same limit
        self.assertEqual(self.book(start=self.first_slot()).status_code, 429)
        self.assertEqual(self.bookings(), [])

    def test_anonymous_types_ask_for_a_pseudonym_only(self):
        self.type.allow_anonymous = True
        transaction.commit()
        html, _ = self.form_page()
        self.assertIn("Pseudonym", html)
        self.assertNotIn('name="email"', html)
        self.assertNotIn('name="phone"', html)
        response = self.submit(
            html, name="Stern", email="sneaked@example.org", consent="1"
        )
        self.assertEqual(response.status_code, 303, response.text)
        (booking,) = self.bookings()
        self.assertEqual(booking.title, "Stern")
        self.assertIsNone(booking.email)

    def test_a_token_opens_its_own_centres_page_only(self):
        _, token = self.booked(start=self.first_slot())
        self.assertEqual(self.open(token="nope").status_code, 404)
        transaction.begin()  # see the server's booking before writing next to it
        other = api.content.create(
            container=self.portal["beratungsstellen"]["berlin"],
            type="CounsellingCentre",
            id="andere",
            title="Andere",
            postcode="10115",
            booking_enabled=True,
        )
        api.content.transition(other, transition="publish")
        transaction.commit()
        response = self.open(
            server_url(self.layer, "plone/beratungsstellen/berlin/andere/@@booking"),
            token=token,
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        self.assertEqual(self.open(token=token).status_code, 200)
