"""Upgrade steps bring a site of an older profile version to the current one."""

from plone import api
from sozialplattform.site.testing import INTEGRATION_TESTING
import unittest


PROFILE = "sozialplattform.site:default"


class TestUpgrade20261203001(unittest.TestCase):
    """1000 -> 20261203001: rolemap, versioning modifiers, logo types."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.setup = api.portal.get_tool("portal_setup")

    def run_upgrades_from(self, version: str) -> None:
        self.setup.setLastVersionForProfile(PROFILE, version)
        steps = self.setup.listUpgrades(PROFILE)
        self.assertTrue(steps, "no upgrade step from " + version)
        self.setup.upgradeProfile(PROFILE)
        self.assertEqual(
            self.setup.getLastVersionForProfile(PROFILE),
            tuple(self.setup.getVersionForProfile(PROFILE).split(".")),
        )

    def test_rolemap_reimported(self):
        permission = "List portal members"
        self.portal.manage_permission(permission, ["Member", "Manager"], acquire=True)
        self.run_upgrades_from("1000")
        roles = {
            role["name"]
            for role in self.portal.rolesOfPermission(permission)
            if role["selected"]
        }
        self.assertNotIn("Member", roles)
        self.assertIn("Manager", roles)

    def test_sharing_modifier_enabled(self):
        modifiers = api.portal.get_tool("portal_modifier")
        for modifier_id in modifiers.objectIds():
            if "Sharing" in modifier_id:
                modifiers[modifier_id].edit(enabled=False)
                break
        else:
            self.fail("no sharing modifier installed")
        self.assertFalse(modifiers[modifier_id].isEnabled())
        self.run_upgrades_from("1000")
        self.assertTrue(modifiers[modifier_id].isEnabled())

    def test_request_folders_lose_their_ordering_list(self):
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID
        from plone.dexterity.utils import createContentInContainer
        from plone.folder.default import DefaultOrdering
        from sozialplattform.site.content.structure import FOLDER_ID
        from sozialplattform.site.onboarding.content import onboarding_folder
        from zope.annotation.interfaces import IAnnotations

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        folder = onboarding_folder(self.portal[FOLDER_ID]["berlin"])
        folder.setOrdering("")  # as folders were before: the default, ordered
        request = createContentInContainer(
            folder, "OnboardingRequest", checkConstraints=False, id="anfrage-alt"
        )
        self.assertIn(DefaultOrdering.ORDER_KEY, IAnnotations(folder))
        self.run_upgrades_from("1000")
        self.assertNotIn(DefaultOrdering.ORDER_KEY, IAnnotations(folder))
        self.assertEqual(folder.getOrdering().__class__.__name__, "UnorderedOrdering")
        self.assertIn(request.getId(), folder.objectIds())
