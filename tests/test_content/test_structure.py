"""The profile creates /beratungsstellen with 16 States and their editor groups."""

from plone import api
from sozialplattform.site.content.structure import FOLDER_ID
from sozialplattform.site.geo import STATES
from sozialplattform.site.testing import INTEGRATION_TESTING
import unittest


class TestStructure(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.folder = self.portal[FOLDER_ID]

    def test_all_states_with_iso_codes(self):
        self.assertEqual(len(self.folder.objectIds()), 16)
        for german_state in STATES:
            state = self.folder[german_state.id]
            self.assertEqual(state.portal_type, "State")
            self.assertEqual(state.code, german_state.code)
            self.assertEqual(state.title, german_state.name)
        self.assertEqual(self.folder["berlin"].code, "DE-BE")
        self.assertEqual(self.folder["thueringen"].title, "Thüringen")

    def test_state_editor_groups_with_local_role(self):
        group = api.group.get(groupname="landesredaktion-hessen")
        self.assertEqual(group.getProperty("title"), "Landesredaktion Hessen")
        roles = api.group.get_roles(
            groupname="landesredaktion-hessen", obj=self.folder["hessen"]
        )
        self.assertIn("StateEditor", roles)
        roles_elsewhere = api.group.get_roles(
            groupname="landesredaktion-hessen", obj=self.folder["bayern"]
        )
        self.assertNotIn("StateEditor", roles_elsewhere)

    def test_folder_only_allows_states(self):
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        allowed = [fti.getId() for fti in self.folder.allowedContentTypes()]
        self.assertEqual(allowed, ["State"])
        self.assertIn(
            "Document", [f.getId() for f in self.portal.allowedContentTypes()]
        )

    def test_structure_is_idempotent(self):
        from sozialplattform.site.content.structure import create_structure

        create_structure(self.portal)
        self.assertEqual(len(self.folder.objectIds()), 16)
