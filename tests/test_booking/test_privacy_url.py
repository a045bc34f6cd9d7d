"""A centre's own privacy notice (``privacy_url``, the centre is the data controller of
its bookings): the booking form and the mails link it; without it the platform's page."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from sozialplattform.site.booking import mails
from sozialplattform.site.content.interfaces import ICounsellingCentre
from sozialplattform.site.site_url import public_url
from sozialplattform.site.testing import INTEGRATION_TESTING
from zope.interface import Invalid
from zope.schema import ValidationError
import unittest


class TestPrivacyURL(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        self.centre = api.content.create(
            container=portal["beratungsstellen"]["berlin"],
            type="CounsellingCentre",
            id="eigene",
            title="Eigene Hinweise",
        )

    def test_the_centre_s_notice_or_the_platform_s(self):
        self.assertEqual(mails.privacy_url(self.centre), f"{public_url()}/datenschutz")
        self.centre.privacy_url = "https://beratung.example.org/datenschutz"
        self.assertEqual(
            mails.privacy_url(self.centre), "https://beratung.example.org/datenschutz"
        )

    def test_only_web_addresses(self):
        field = ICounsellingCentre["privacy_url"]
        field.validate("https://beratung.example.org/datenschutz")
        for bad in ("javascript:alert(1)", "ftp://example.org/x"):
            with self.subTest(bad), self.assertRaises((ValidationError, Invalid)):
                field.validate(bad)
