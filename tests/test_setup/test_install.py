"""The add-on profile installs and uninstalls cleanly."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.browserlayer import utils as browserlayer_utils
from sozialplattform.site.interfaces import ISozialplattformLayer
from sozialplattform.site.testing import INTEGRATION_TESTING
import unittest


PROFILE = "sozialplattform.site"


class TestInstall(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]

    def _installer(self):
        from Products.CMFPlone.utils import get_installer

        return get_installer(self.portal, self.layer["request"])

    def test_product_installed(self):
        self.assertTrue(self._installer().is_product_installed(PROFILE))

    def test_dependencies_installed(self):
        installer = self._installer()
        for product in ("plone.restapi", "plone.app.event", "collective.easyform"):
            self.assertTrue(installer.is_product_installed(product), product)

    def test_browserlayer_registered(self):
        self.assertIn(ISozialplattformLayer, browserlayer_utils.registered_layers())

    def test_profile_version(self):
        setup = api.portal.get_tool("portal_setup")
        self.assertEqual(
            setup.getLastVersionForProfile(f"{PROFILE}:default"), ("20261207001",)
        )

    def test_easyform_without_discussion_behaviour(self):
        # plone.app.discussion is not installed: the behaviour would log an error per form.
        behaviors = api.portal.get_tool("portal_types")["EasyForm"].behaviors
        self.assertNotIn("plone.allowdiscussion", behaviors)
        self.assertIn("plone.dublincore", behaviors)

    def test_uninstall_profile_hidden(self):
        from plone.base.interfaces import INonInstallable
        from zope.component import getUtility

        hidden = getUtility(INonInstallable, name="sozialplattform.site-hiddenprofiles")
        self.assertIn(f"{PROFILE}:uninstall", hidden.getNonInstallableProfiles())


class TestUninstall(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        from Products.CMFPlone.utils import get_installer

        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.installer = get_installer(self.portal, self.layer["request"])
        self.installer.uninstall_product(PROFILE)

    def test_product_uninstalled(self):
        self.assertFalse(self.installer.is_product_installed(PROFILE))

    def test_browserlayer_removed(self):
        self.assertNotIn(ISozialplattformLayer, browserlayer_utils.registered_layers())
