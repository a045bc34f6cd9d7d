"""``@finder?bookable=true`` and each item's ``next_free_slot``: read from the centres'
booking summaries, always the slot ``@slots`` lists at that moment (a booking, a changed
type, a State leaving and the passing time all show at once)."""

from datetime import datetime
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.booking import booker
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking import summary
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.booking.slots import next_free_slot
from sozialplattform.site.booking.slots import ZONE
from sozialplattform.site.finder import bookable
from sozialplattform.site.finder.api import run
from sozialplattform.site.finder.search import CatalogSets
from sozialplattform.site.functions.gating import state_participation
from sozialplattform.site.testing import INTEGRATION_TESTING
import pytz
import unittest


#: one slot a day, 10:00-11:00: every booking moves the next free slot by a day
ONE_A_DAY = [
    {"day": day, "start": "10:00", "end": "11:00"}
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


class TestBookableFinder(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.berlin = self.portal["beratungsstellen"]["berlin"]
        self.berlin.booking_participation = True
        self.berlin.reindexObject()
        self.video = self.centre("video-centre", "Video-Beratung Mitte", ["video"])
        self.video_type = self.add_type(self.video, "video")
        self.phone = self.centre(
            "phone-centre", "Telefonberatung Mitte", ["phone", "video"]
        )
        self.add_type(self.phone, "phone")
        self.plain = self.centre("plain-centre", "Beratung ohne Termine")

    def centre(self, id, title, channels=()):
        centre = api.content.create(
            container=self.berlin,
            type="CounsellingCentre",
            id=id,
            title=title,
            postcode="10115",
            city="Berlin",
            booking_enabled=True,
            channels=list(channels),
        )
        api.content.transition(centre, transition="publish")
        return centre

    def add_type(self, centre, channel, **values):
        return api.content.create(
            container=centre,
            type=TYPE_TYPE,
            id=f"{channel}-type",
            title=f"Gespräch ({channel})",
            duration=60,
            channel=channel,
            min_notice_hours=0,
            max_advance_days=60,
            availability=ONE_A_DAY,
            closed_on_holidays=False,
            **values,
        )

    def find(self, **form):
        form = {"postcode": "10115", **form}
        _query, answer = run(self.portal, self.request, form)
        return {item["UID"]: item for item in answer["items"]}

    def expected(self, centre, now=None, channel=None):
        """What @slots lists first for the centre's types (of ``channel``)."""
        now = now or datetime.now(pytz.utc)
        busy = calendar.active_bookings(centre, now)
        slots = [
            next_free_slot(calendar.rules_for(t), now, busy)
            for t in calendar.appointment_types(centre)
            if channel is None or t.channel == channel
        ]
        slots = [slot for slot in slots if slot is not None]
        return (
            min(slots, key=lambda slot: slot.start).start.isoformat() if slots else None
        )

    def book_first(self, centre, appointment_type):
        now = datetime.now(pytz.utc)
        start = datetime.fromisoformat(self.expected(centre))
        request = booker.Request(
            appointment_type, start, {"title": "A. B.", "language": "de"}
        )
        slot = booker.free_slot(centre, request, now, self.request)
        booker.book(centre, request, slot, now)

    def test_bookable_lists_only_centres_with_a_free_slot(self):
        found = self.find(bookable="true")
        self.assertEqual(set(found), {self.video.UID(), self.phone.UID()})
        everything = self.find()
        self.assertIn(self.plain.UID(), everything)

    def test_facets_count_with_the_filter(self):
        def state_count(**form):
            _query, answer = run(
                self.portal, self.request, {"postcode": "10115", **form}
            )
            counts = {f["token"]: f["count"] for f in answer["facets"]["state"]}
            return answer["items_total"], counts.get("DE-BE")

        self.assertEqual(state_count(bookable="true"), (2, 2))
        total, berlin = state_count()
        self.assertEqual(total, berlin)
        self.assertGreater(berlin, 2)

    def test_channel_narrows_to_types_of_that_channel(self):
        """The phone centre names video among its channels, but books only by phone."""
        found = self.find(bookable="true", channel="video")
        self.assertEqual(set(found), {self.video.UID()})
        self.assertEqual(
            found[self.video.UID()]["next_free_slot"], self.expected(self.video)
        )

    def test_next_free_slot_is_what_slots_lists(self):
        found = self.find()
        self.assertEqual(
            found[self.video.UID()]["next_free_slot"], self.expected(self.video)
        )
        self.assertIsNone(found[self.plain.UID()]["next_free_slot"])
        self.assertEqual(
            found[self.phone.UID()]["next_free_slot"], self.expected(self.phone)
        )

    def test_a_booking_moves_the_next_free_slot(self):
        before = self.find()[self.video.UID()]["next_free_slot"]
        self.book_first(self.video, self.video_type)
        after = self.find()[self.video.UID()]["next_free_slot"]
        self.assertNotEqual(before, after)
        self.assertEqual(after, self.expected(self.video))
        self.assertGreater(
            datetime.fromisoformat(after), datetime.fromisoformat(before)
        )

    def test_a_changed_type_changes_the_summary(self):
        self.video_type.availability = []
        self.video_type.date_overrides = []
        from zope.event import notify
        from zope.lifecycleevent import ObjectModifiedEvent

        notify(ObjectModifiedEvent(self.video_type))
        found = self.find(bookable="true")
        self.assertNotIn(self.video.UID(), found)
        self.assertIsNone(self.find()[self.video.UID()]["next_free_slot"])

    def test_a_removed_type_takes_the_centre_out(self):
        api.content.delete(self.video_type)
        self.assertNotIn(self.video.UID(), self.find(bookable="true"))
        catalog = api.portal.get_tool("portal_catalog")
        uids = {b.UID for b in catalog(**{summary.INDEX: True})}
        self.assertNotIn(self.video.UID(), uids)
        self.assertIn(self.phone.UID(), uids)

    def test_a_state_leaving_booking_hides_it_at_once(self):
        self.berlin.booking_participation = False
        self.berlin.reindexObject()
        self.assertEqual(self.find(bookable="true"), {})
        self.assertIsNone(self.find()[self.video.UID()]["next_free_slot"])

    def test_the_centre_switching_off_hides_it(self):
        self.video.booking_enabled = False
        self.video.reindexObject()
        self.assertEqual(set(self.find(bookable="true")), {self.phone.UID()})

    def test_within_days_bounds_the_window(self):
        self.video_type.min_notice_hours = 24 * 20
        summary.refresh(self.video)
        self.assertNotIn(self.video.UID(), self.find(bookable="true"))
        self.assertIn(self.video.UID(), self.find(bookable="true", within_days="30"))

    def test_time_passing_a_listed_slot_is_computed_live(self):
        """Three days later the stored first slots have passed: the finder answers
        what @slots would answer then, not the old summary."""
        later = datetime.now(pytz.utc) + timedelta(days=3)
        catalog = api.portal.get_tool("portal_catalog")
        sets = CatalogSets(catalog)
        rid = catalog(UID=self.video.UID())[0].getRID()
        stored = sets.data[rid][sets.positions[summary.COLUMN]]
        last_day = later.astimezone(ZONE).date() + timedelta(days=14)
        # KEEP slots a day: the list still knows; with fewer kept it must not guess
        known, start = summary.first_free(stored, None, later, last_day)
        self.assertTrue(known)
        self.assertEqual(
            summary.as_datetime(start).isoformat(), self.expected(self.video, later)
        )
        far = datetime.now(pytz.utc) + timedelta(days=summary.KEEP + 2)
        far_last = far.astimezone(ZONE).date() + timedelta(days=14)
        self.assertFalse(summary.first_free(stored, None, far, far_last)[0])
        slots = bookable.SlotWindow(far, far_last, None, state_participation())
        live = bookable.next_free_slot(sets, rid, slots)
        self.assertEqual(live, self.expected(self.video, far))

    def test_booking_available_is_the_gating_rule(self):
        from sozialplattform.site.functions.gating import available

        catalog = api.portal.get_tool("portal_catalog")
        self.video.booking_enabled = False
        self.video.reindexObject()
        for participates in (True, False):
            self.berlin.booking_participation = participates
            self.berlin.reindexObject()
            states = state_participation()
            for brain in catalog(portal_type="CounsellingCentre"):
                record = {
                    name: getattr(brain, name) for name in bookable.GATING_COLUMNS
                }
                with self.subTest(centre=brain.getId, participates=participates):
                    self.assertEqual(
                        bookable.booking_available(record, states),
                        available(record, states)["booking"],
                    )

    def test_refresh_stale_rewrites_what_time_made_stale(self):
        now = datetime.now(pytz.utc)
        self.assertEqual(summary.refresh_stale(self.portal, now), 0)
        far = now + timedelta(days=summary.KEEP + 2)
        self.assertEqual(summary.refresh_stale(self.portal, far), 2)

    def test_the_page_offers_the_filter_and_shows_the_slot(self):
        self.request.form.update({"postcode": "10115", "bookable": "true"})
        html = self.portal.restrictedTraverse("@@finder")()
        self.assertIn('name="bookable"', html)
        self.assertIn("Video-Beratung Mitte", html)
        self.assertNotIn("Beratung ohne Termine", html)
        self.assertIn("finder-next-slot", html)


class TestSummaryMaths(unittest.TestCase):
    """``first_free`` on plain summaries (UTC seconds)."""

    now = datetime(2027, 1, 11, 8, tzinfo=pytz.utc)

    def stamp(self, hours: float) -> int:
        return int((self.now + timedelta(hours=hours)).timestamp())

    def test_first_valid_slot_counts(self):
        slots = ((self.stamp(-1), self.stamp(-1)), (self.stamp(2), self.stamp(1)))
        value = (("video", self.stamp(100), slots),)
        known, start = summary.first_free(value, None, self.now, self.now.date())
        self.assertEqual((known, start), (True, self.stamp(2)))

    def test_passed_notice_skips_the_slot(self):
        slots = ((self.stamp(2), self.stamp(-0.5)), (self.stamp(3), self.stamp(3)))
        value = (("video", self.stamp(100), slots),)
        self.assertEqual(
            summary.first_free(value, None, self.now, self.now.date()),
            (True, self.stamp(3)),
        )

    def test_all_passed_and_window_beyond_complete_is_unknown(self):
        value = (("video", self.stamp(1), ((self.stamp(1), self.stamp(0.5)),)),)
        later = self.now + timedelta(hours=2)
        self.assertEqual(
            summary.first_free(value, None, later, later.date()), (False, None)
        )

    def test_no_slot_within_complete_scan_is_known(self):
        value = (("phone", self.stamp(24 * 70), ()),)
        last_day = self.now.date() + timedelta(days=14)
        self.assertEqual(
            summary.first_free(value, None, self.now, last_day), (True, None)
        )

    def test_channels_filter(self):
        value = (
            ("phone", self.stamp(100), ((self.stamp(1), self.stamp(1)),)),
            ("video", self.stamp(100), ((self.stamp(5), self.stamp(5)),)),
        )
        self.assertEqual(
            summary.first_free(value, {"video"}, self.now, self.now.date())[1],
            self.stamp(5),
        )
        self.assertEqual(
            summary.first_free(value, None, self.now, self.now.date())[1], self.stamp(1)
        )

    def test_a_slot_after_the_window_is_not_bookable(self):
        value = (
            (
                "video",
                self.stamp(24 * 30),
                ((self.stamp(24 * 20), self.stamp(24 * 20)),),
            ),
        )
        last_day = self.now.date() + timedelta(days=14)
        self.assertEqual(
            summary.first_free(value, None, self.now, last_day), (True, None)
        )
