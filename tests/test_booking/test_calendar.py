"""``calendar.review_state`` reads DCWorkflow's status from ``workflow_history``: it
must answer what the workflow tool answers, in every state a booking can reach."""

from datetime import datetime
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.booking import booker
from sozialplattform.site.booking import calendar
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.booking.slots import next_free_slot
from sozialplattform.site.testing import INTEGRATION_TESTING
import pytz
import unittest


ALL_DAY = [
    {"day": day, "start": "08:00", "end": "18:00"}
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


class TestReviewState(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        berlin = portal["beratungsstellen"]["berlin"]
        berlin.booking_participation = True
        self.centre = api.content.create(
            container=berlin,
            type="CounsellingCentre",
            id="kalender",
            title="Kalender",
            booking_enabled=True,
        )
        self.type = api.content.create(
            container=self.centre,
            type=TYPE_TYPE,
            id="gespraech",
            title="Gespräch",
            duration=30,
            min_notice_hours=0,
            availability=ALL_DAY,
            closed_on_holidays=False,
            requires_confirmation=True,
        )

    def book(self):
        now = datetime.now(pytz.utc) + timedelta(hours=1)
        busy = calendar.active_bookings(self.centre, now)
        slot = next_free_slot(calendar.rules_for(self.type), now, busy)
        request = booker.Request(
            self.type, slot.start, {"title": "A.", "language": "de"}
        )
        return booker.book(self.centre, request, slot, now)[0]

    def assert_same(self, booking, expected):
        self.assertEqual(api.content.get_state(booking), expected)
        self.assertEqual(calendar.review_state(booking), expected)

    def test_every_state_as_the_workflow_tool_says(self):
        paths = {
            "confirmed": ["confirm"],
            "declined": ["decline"],
            "cancelled": ["confirm", "cancel"],
            "completed": ["confirm", "complete"],
            "no_show": ["confirm", "mark_no_show"],
        }
        for final, transitions in paths.items():
            with self.subTest(final):
                booking = self.book()
                self.assert_same(booking, "requested")
                for transition in transitions:
                    api.content.transition(booking, transition=transition)
                self.assert_same(booking, final)
