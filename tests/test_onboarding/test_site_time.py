"""Times on the request page are shown in the site's time zone, not the server's."""

from DateTime import DateTime
from datetime import datetime
from datetime import UTC
from plone import api
from sozialplattform.site.testing import INTEGRATION_TESTING
from sozialplattform.site.timeformat import site_time
import unittest


class TestSiteTime(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        api.portal.set_registry_record("plone.portal_timezone", "Europe/Berlin")

    def test_history_datetime_in_berlin_time(self):
        # workflow history stores Zope DateTimes; 12:00 UTC is 13:00 in Berlin in winter
        self.assertEqual(
            site_time(DateTime("2026/01/15 12:00:00 UTC")), "15.01.2026 13:00"
        )
        self.assertEqual(
            site_time(DateTime("2026/07/15 12:00:00 GMT+0")), "15.07.2026 14:00"
        )

    def test_consent_datetime_in_berlin_time(self):
        self.assertEqual(
            site_time(datetime(2026, 1, 15, 23, 30, tzinfo=UTC)), "16.01.2026 00:30"
        )
        # naive values are UTC
        self.assertEqual(site_time(datetime(2026, 1, 15, 23, 30)), "16.01.2026 00:30")

    def test_follows_the_site_setting(self):
        api.portal.set_registry_record("plone.portal_timezone", "UTC")
        self.assertEqual(
            site_time(DateTime("2026/01/15 12:00:00 UTC")), "15.01.2026 12:00"
        )
