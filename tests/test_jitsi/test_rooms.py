"""Video bookings and their rooms: 128-bit names, one room per group slot, kept on a
move, dropped on a cancellation; a type that becomes video; the booker's mail and manage
page link the room page; the control panel's warning without a secret."""

from datetime import datetime
from datetime import time
from datetime import timedelta
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import TEST_USER_ID
from plone.testing.zope import login
from sozialplattform.site.booking import manage
from sozialplattform.site.booking import video
from sozialplattform.site.jitsi.rooms import is_room_name
from sozialplattform.site.jitsi.rooms import new_room_name
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from sozialplattform.site.testing import FUNCTIONAL_TESTING
from sozialplattform.site.testing import MAIL_FUNCTIONAL_TESTING
from sozialplattform.site.testing import server_url
from test_booking.test_book import JSON
from test_booking.test_book import next_monday
from test_jitsi import fixtures
from zope.component.hooks import setSite
import pytz
import requests
import transaction
import unittest


class TestRoomNames(unittest.TestCase):
    def test_32_lowercase_hex_characters_never_twice(self):
        names = {new_room_name() for _ in range(1000)}
        self.assertEqual(len(names), 1000)
        for name in names:
            self.assertTrue(is_room_name(name), name)
        self.assertFalse(is_room_name("ABCDEF" + "0" * 26))
        self.assertFalse(is_room_name("abc"))


class TestRooms(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.centre = fixtures.centre(self.portal, capacity=3)

    def test_a_video_booking_gets_a_room_of_its_own(self):
        first, _ = fixtures.booking(self.centre, timedelta(hours=1))
        other, _ = fixtures.booking(self.centre, timedelta(hours=3))
        self.assertTrue(is_room_name(first.video_room))
        self.assertNotEqual(first.video_room, other.video_room)
        self.assertNotIn(first.video_room, first.UID())

    def test_a_group_slot_shares_its_room(self):
        berlin = pytz.timezone("Europe/Berlin")
        tomorrow = datetime.now(berlin).date() + timedelta(days=1)
        # a slot of the type (every hour from 08:00, Berlin)
        start = berlin.localize(datetime.combine(tomorrow, time(10))).astimezone(
            pytz.utc
        )
        seats = [fixtures.booking(self.centre, None, at=start)[0] for _ in range(3)]
        self.assertEqual(len({seat.video_room for seat in seats}), 1)
        # one seat moves to a free time: a room of its own; back: the group's again
        now = datetime.now(pytz.utc)
        request = self.layer["request"]
        target = next(
            slot.start
            for slot in manage.next_free_slots(seats[0], now)
            if slot.start != start
        )
        manage.reschedule(seats[0], target, now, request)
        self.assertNotEqual(seats[0].video_room, seats[1].video_room)
        self.assertTrue(is_room_name(seats[0].video_room))
        manage.reschedule(seats[0], start, now, request)
        self.assertEqual(seats[0].video_room, seats[1].video_room)

    def test_a_declined_booking_loses_its_room(self):
        booking, _ = fixtures.booking(self.centre, timedelta(hours=5), state="declined")
        self.assertIsNone(booking.video_room)

    def test_a_moved_booking_keeps_its_room_a_cancelled_one_loses_it(self):
        booking, _ = fixtures.booking(self.centre, timedelta(days=1))
        room = booking.video_room
        now = datetime.now(pytz.utc)
        target = manage.next_free_slots(booking, now)[3].start
        manage.reschedule(booking, target, now, self.layer["request"])
        self.assertEqual(booking.start, target)
        self.assertEqual(booking.video_room, room)
        manage.cancel(booking, None, now)
        self.assertIsNone(booking.video_room)
        self.assertIsNone(video.BookingVideoRoom(booking).room)

    def test_other_channels_have_no_room(self):
        centre = fixtures.centre(self.portal, "vor-ort", channel="on_site")
        booking, _ = fixtures.booking(centre, timedelta(hours=1))
        self.assertIsNone(getattr(booking, "video_room", None))
        self.assertFalse(video.offers_room(booking))
        from zope.lifecycleevent import modified

        centre["video"].channel = "video"
        modified(centre["video"])
        self.assertTrue(is_room_name(booking.video_room))
        self.assertTrue(video.offers_room(booking))

    def test_the_retention_removes_the_room(self):
        from sozialplattform.site.booking import retention

        booking, _ = fixtures.booking(self.centre, -timedelta(days=40))
        self.assertTrue(is_room_name(booking.video_room))
        retention.anonymise(booking)
        self.assertIsNone(booking.video_room)

    def test_offered_only_where_online_counselling_is_available(self):
        booking, _ = fixtures.booking(self.centre, timedelta(hours=1))
        self.assertTrue(video.offers_room(booking))
        self.centre.online_counselling_enabled = False
        self.assertFalse(video.offers_room(booking))


class TestStaffLinks(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        self.centre = fixtures.centre(portal)
        fixtures.staff(portal, self.centre)
        self.booking, _ = fixtures.booking(self.centre, timedelta(days=1))
        self.requested, _ = fixtures.booking(
            self.centre, timedelta(days=2), state="requested"
        )
        transaction.commit()

    def get(self, url, user=fixtures.STAFF):
        from test_permissions.fixtures import PASSWORD

        return requests.get(url, auth=(user, PASSWORD), timeout=30)

    def test_the_booking_page_and_the_list_offer_the_room(self):
        room_page = f"{self.booking.absolute_url()}/@@video"
        page = self.get(self.booking.absolute_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(room_page, page.text)
        self.assertIn("Start video counselling", page.text)
        listing = self.get(f"{self.centre.absolute_url()}/@@termine")
        self.assertIn(room_page, listing.text)
        # a request waits for the confirmation
        self.assertNotIn(f"{self.requested.absolute_url()}/@@video", listing.text)
        self.assertNotIn(
            "@@video", self.get(self.requested.absolute_url()).text.split("<footer")[0]
        )


class TestBookerLinks(unittest.TestCase):
    layer = MAIL_FUNCTIONAL_TESTING

    def setUp(self):
        self.smtp = self.layer["smtp"]
        app = self.layer["app"]
        self.site = app[DISTRIBUTION_SITE_ID]
        setSite(self.site)
        login(app.acl_users, SITE_OWNER_NAME)
        fixtures.configure()
        self.addCleanup(fixtures.unconfigure)
        self.centre = fixtures.centre(self.site, "lindenhof-video")
        transaction.commit()
        self.smtp.clear()

    def api(self, suffix):
        return server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/++api++/{suffix}")

    def test_the_mail_and_the_manage_page_link_the_room(self):
        day = next_monday().isoformat()
        slots = requests.get(
            self.api("beratungsstellen/berlin/lindenhof-video/@slots"),
            params={"type": "video", "start": day, "end": day},
            headers=JSON,
            timeout=30,
        ).json()["items"]
        response = requests.post(
            self.api("beratungsstellen/berlin/lindenhof-video/@book"),
            json={
                "type": "video",
                "start": slots[0]["start"],
                "name": "Mond",
                "email": "mond@example.org",
                "consent": True,
            },
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 201, response.text)
        manage_url = response.json()["manage_url"]
        video_url = manage_url.replace("/@@termin?", "/@@video?")
        mails = self.smtp.wait_for(1)
        (to_booker,) = [m for m in mails if m["To"] == "mond@example.org"]
        body = to_booker.get_body(("plain",)).get_content()
        self.assertIn(
            "Zur Video-Beratung (der Raum öffnet 15 Minuten vor Beginn)", body
        )
        self.assertIn(video_url, body)
        page = requests.get(manage_url, timeout=30)
        self.assertIn("Zur Video-Beratung", page.text)
        self.assertIn("@@video?token=", page.text)
        room = requests.get(video_url, headers={"Accept-Language": "de"}, timeout=30)
        self.assertEqual(room.status_code, 200)
        self.assertIn("Der Video-Raum öffnet am", room.text)
        self.assertEqual(room.headers["Referrer-Policy"], "no-referrer")
        self.assertNotIn(fixtures.SECRET, room.text)

    def test_the_control_panel_warns_without_a_secret(self):
        auth = (SITE_OWNER_NAME, "secret")
        url = server_url(self.layer, f"{DISTRIBUTION_SITE_ID}/@@sozialplattform-jitsi")
        headers = {"Accept-Language": "de"}
        page = requests.get(url, auth=auth, headers=headers, timeout=30)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Der Betrieb hat ein App-Secret gesetzt", page.text)
        self.assertNotIn(fixtures.SECRET, page.text)
        fixtures.unconfigure()
        page = requests.get(url, auth=auth, headers=headers, timeout=30)
        self.assertIn("Die Video-Räume sind ungeschützt", page.text)
