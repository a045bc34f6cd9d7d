"""PATCH @controlpanels of the site's panels needs "Manage settings" (overrides/controlpanels)."""

from AccessControl import Unauthorized
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.restapi.controlpanels.interfaces import IControlpanel
from plone.restapi.interfaces import IDeserializeFromJson
from sozialplattform.site.testing import INTEGRATION_TESTING
from zope.component import getMultiAdapter
import unittest


PANELS = (
    "sozialplattform-branding",
    "sozialplattform-onboarding",
    "sozialplattform-operator",
    "sozialplattform-vocabularies",
)


class TestSettingsPanels(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        self.request["BODY"] = b"{}"

    def deserialize(self, name):
        panel = getMultiAdapter((self.portal, self.request), IControlpanel, name=name)
        IDeserializeFromJson(panel)()

    def test_overview_is_not_enough(self):
        self.portal.manage_permission(
            "Plone Site Setup: Overview", ["Manager", "Site Administrator", "Reviewer"]
        )
        setRoles(self.portal, TEST_USER_ID, ["Reviewer"])
        login(self.portal, TEST_USER_NAME)
        for name in PANELS:
            with self.subTest(panel=name), self.assertRaises(Unauthorized):
                self.deserialize(name)

    def test_site_administrators_change_them(self):
        setRoles(self.portal, TEST_USER_ID, ["Site Administrator"])
        login(self.portal, TEST_USER_NAME)
        for name in PANELS:
            with self.subTest(panel=name):
                self.deserialize(name)
