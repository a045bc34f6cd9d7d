"""The example site shows online booking: two Berlin centres with appointment types,
bookings in their private folders, and the finder finds them with a free slot."""

from plone import api
from sozialplattform.site.booking import BOOKING_TYPE
from sozialplattform.site.booking import FOLDER_ID
from sozialplattform.site.booking import TYPE_TYPE
from sozialplattform.site.booking.calendar import review_state
from sozialplattform.site.distributions.examplebookings import load
from sozialplattform.site.finder.api import run
from sozialplattform.site.functions.gating import available
from sozialplattform.site.testing import DISTRIBUTION_INTEGRATION_TESTING
from sozialplattform.site.testing import DISTRIBUTION_SITE_ID
from zope.component.hooks import setSite
import unittest


class TestExampleBookings(unittest.TestCase):
    layer = DISTRIBUTION_INTEGRATION_TESTING

    def setUp(self):
        self.site = self.layer["app"][DISTRIBUTION_SITE_ID]
        setSite(self.site)
        catalog = api.portal.get_tool("portal_catalog")
        self.types = [
            brain._unrestrictedGetObject()
            for brain in catalog.unrestrictedSearchResults(portal_type=TYPE_TYPE)
        ]
        centres = {t.__parent__.getPhysicalPath(): t.__parent__ for t in self.types}
        self.centres = list(centres.values())

    def tearDown(self):
        setSite(self.layer["portal"])

    def test_two_centres_take_bookings(self):
        self.assertEqual(len(self.centres), len(load()["centres"]))
        for centre in self.centres:
            self.assertTrue(available(centre)["booking"], centre.getId())
            self.assertEqual(
                sorted(
                    t.getId()
                    for t in self.types
                    if t.__parent__.getPhysicalPath() == centre.getPhysicalPath()
                ),
                sorted(t["id"] for t in load()["types"]),
            )

    def test_bookings_are_private_and_in_the_stated_status(self):
        wanted = sorted(b["status"] for b in load()["bookings"]) * len(self.centres)
        found = []
        for centre in self.centres:
            folder = centre[FOLDER_ID]
            for booking in folder.objectValues():
                self.assertEqual(booking.portal_type, BOOKING_TYPE)
                found.append(review_state(booking))
                roles = {
                    r["name"]
                    for r in booking.rolesOfPermission("View")
                    if r["selected"]
                }
                self.assertNotIn("Anonymous", roles)
        self.assertEqual(sorted(found), sorted(wanted))

    def test_the_finder_finds_them_with_a_free_slot(self):
        request = self.layer["request"]
        _query, answer = run(self.site, request, {"bookable": "true", "state": "DE-BE"})
        uids = {item["UID"] for item in answer["items"]}
        self.assertEqual(uids, {centre.UID() for centre in self.centres})
        for item in answer["items"]:
            self.assertTrue(item["next_free_slot"])
            self.assertTrue(item["booking_url"])

    def test_video_bookings_have_their_room(self):
        from sozialplattform.site.booking import video
        from sozialplattform.site.jitsi.rooms import is_room_name

        rooms = []
        for centre in self.centres:
            for booking in centre[FOLDER_ID].objectValues():
                if video.is_video(booking):
                    self.assertTrue(is_room_name(booking.video_room))
                    self.assertTrue(video.offers_room(booking))
                    rooms.append(booking.video_room)
        self.assertGreaterEqual(len(rooms), len(self.centres))
