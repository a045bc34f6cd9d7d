"""The "Letzte Änderungen" page shows German dates in the site's time zone."""

from DateTime import DateTime
from datetime import date
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.testing import INTEGRATION_TESTING
from zope.component import getMultiAdapter
import unittest


class TestRecentChangesPage(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_dates_in_berlin_time_and_german_format(self):
        portal, request = self.layer["portal"], self.layer["request"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("plone.portal_timezone", "Europe/Berlin")
        berlin = portal["beratungsstellen"]["berlin"]
        centre = api.content.create(
            container=berlin,
            type="CounsellingCentre",
            title="Zeitprobe",
            postcode="10115",
            city="Berlin",
        )
        centre.last_reviewed = date(2026, 1, 14)
        centre.setModificationDate(DateTime("2026/01/15 12:00:00 UTC"))
        centre.reindexObject(idxs=["modified"])  # keeps the set modification date
        view = getMultiAdapter((berlin, request), name="recent-changes")
        (item,) = [i for i in view.items() if i["title"] == "Zeitprobe"]
        self.assertEqual(item["modified_text"], "15.01.2026 13:00")
        self.assertEqual(item["last_reviewed_text"], "14.01.2026")
        html = view()
        self.assertIn("15.01.2026 13:00", html)
        self.assertNotIn("2026-01-15 12:00", html)
